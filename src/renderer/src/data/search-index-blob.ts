import { z } from 'zod'
import { SearchIndex, SortedKeys } from './search-index'

/**
 * The search index as bytes, so start-up loads it instead of rebuilding it from every row:
 *
 *   u32 header length · header JSON · padding to 4 · word owners (i32) · phone owners (i32) · text
 *
 * The text is the uuids, the sorted words and the sorted phones, each list joined by NUL (which
 * no uuid, folded word or normalised phone contains). Keys stay in index order, so loading is a
 * decode and three splits: no sorting.
 */
/**
 * Moved whenever what the index holds for a row changes without the row changing (2: the primary
 * email's words, search-live.ts): a blob of an older format is not loaded, and the index is built
 * again from the rows.
 */
const FORMAT = 2

const Header = z.object({
  format: z.literal(FORMAT),
  revision: z.number(),
  uuids: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
  phones: z.number().int().nonnegative(),
  textBytes: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), z.number().int().nonnegative()]),
})

const SEPARATOR = '\u0000'

export function indexToBytes(index: SearchIndex): Uint8Array<ArrayBuffer> {
  const { uuids, words, phones } = index.parts()
  const encoder = new TextEncoder()
  const texts = [uuids, words.keys, phones.keys].map((list) => encoder.encode(list.join(SEPARATOR)))
  const header = encoder.encode(
    JSON.stringify({
      format: FORMAT,
      revision: index.revision,
      uuids: uuids.length,
      words: words.keys.length,
      phones: phones.keys.length,
      textBytes: texts.map((text) => text.length),
    }),
  )
  const ownersAt = align4(4 + header.length)
  const textAt = ownersAt + (words.owners.length + phones.owners.length) * 4
  const bytes = new Uint8Array(textAt + texts.reduce((sum, text) => sum + text.length, 0))
  new DataView(bytes.buffer).setUint32(0, header.length, true)
  bytes.set(header, 4)
  bytes.set(new Uint8Array(words.owners.buffer, words.owners.byteOffset, words.owners.byteLength), ownersAt)
  bytes.set(
    new Uint8Array(phones.owners.buffer, phones.owners.byteOffset, phones.owners.byteLength),
    ownersAt + words.owners.byteLength,
  )
  let at = textAt
  for (const text of texts) {
    bytes.set(text, at)
    at += text.length
  }
  return bytes
}

/** The index stored in `buffer`, or null when it is not one this version can read. */
export function indexFromBytes(buffer: ArrayBuffer): SearchIndex | null {
  if (buffer.byteLength < 4) return null
  const headerLength = new DataView(buffer).getUint32(0, true)
  if (4 + headerLength > buffer.byteLength) return null
  const decoder = new TextDecoder()
  let header: z.infer<typeof Header>
  try {
    const parsed = Header.safeParse(JSON.parse(decoder.decode(new Uint8Array(buffer, 4, headerLength))))
    if (!parsed.success) return null
    header = parsed.data
  } catch {
    return null
  }
  const ownersAt = align4(4 + headerLength)
  const textAt = ownersAt + (header.words + header.phones) * 4
  const [uuidBytes, wordBytes, phoneBytes] = header.textBytes
  if (textAt + uuidBytes + wordBytes + phoneBytes !== buffer.byteLength) return null
  const wordOwners = new Int32Array(buffer.slice(ownersAt, ownersAt + header.words * 4))
  const phoneOwners = new Int32Array(buffer.slice(ownersAt + header.words * 4, textAt))
  const list = (start: number, length: number, count: number): string[] | null => {
    const items = count === 0 ? [] : decoder.decode(new Uint8Array(buffer, start, length)).split(SEPARATOR)
    return items.length === count ? items : null
  }
  const uuids = list(textAt, uuidBytes, header.uuids)
  const words = list(textAt + uuidBytes, wordBytes, header.words)
  const phones = list(textAt + uuidBytes + wordBytes, phoneBytes, header.phones)
  if (uuids === null || words === null || phones === null) return null
  const wordsOf: string[][] = uuids.map(() => [])
  for (let index = 0; index < words.length; index += 1) {
    const owned = wordsOf[wordOwners[index] as number]
    if (owned === undefined) return null
    owned.push(words[index] as string)
  }
  for (const owner of phoneOwners) if (owner < 0 || owner >= uuids.length) return null
  return new SearchIndex(
    header.revision,
    uuids,
    wordsOf,
    new SortedKeys(words, wordOwners),
    new SortedKeys(phones, phoneOwners),
  )
}

function align4(offset: number): number {
  return (offset + 3) & ~3
}

/**
 * The blob as stored: the bytes above, gzip-compressed. The uuids and words are text that
 * compresses to well under half, and the blob is one of the largest values in the cache (about
 * 140 bytes a participant raw); saving is rare (once changes pause) and loading decompresses in a
 * stream, so the disk saved costs little time.
 */
export function packIndex(index: SearchIndex): Promise<Blob> {
  const raw = new Blob([indexToBytes(index)])
  return new Response(raw.stream().pipeThrough(new CompressionStream('gzip'))).blob()
}

/**
 * The index in a stored blob, compressed or (as saved before compression) raw; null when it is
 * neither a readable gzip stream nor a format this version knows, and the caller rebuilds.
 */
export async function unpackIndex(blob: Blob): Promise<SearchIndex | null> {
  const magic = new Uint8Array(await blob.slice(0, 2).arrayBuffer())
  // A raw blob starts with its header's length as a little-endian u32: 0x1f 0x8b there would
  // mean a header of over 35 KB, which no version writes.
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return indexFromBytes(await blob.arrayBuffer())
  try {
    const bytes = await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
    return indexFromBytes(bytes)
  } catch {
    return null
  }
}
