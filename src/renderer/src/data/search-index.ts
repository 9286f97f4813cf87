import { searchTokens } from './search-words'
import { phoneQuery } from './phone'

/** What the index keeps of one participant: its search words (records.ts) and normalised phones. */
export interface IndexedPerson {
  uuid: string
  words: readonly string[]
  phones: readonly string[]
}

/**
 * Keys sorted by (key, owner's uuid), each with the ordinal of the participant it belongs to: the
 * order IndexedDB keeps a multiEntry index in, so walking a prefix range here yields participants
 * in the same order the `words` index does. A prefix is two binary searches.
 */
export class SortedKeys {
  constructor(
    readonly keys: string[],
    readonly owners: Int32Array,
  ) {}

  /** [start, end) of the keys starting with `prefix`. */
  range(prefix: string): [number, number] {
    return [this.lowerBound(prefix), this.lowerBound(`${prefix}\uffff`)]
  }

  private lowerBound(key: string): number {
    let low = 0
    let high = this.keys.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.keys[middle] as string) < key) low = middle + 1
      else high = middle
    }
    return low
  }
}

type Entry = [key: string, owner: number]

function byKeyThenUuid(uuids: readonly string[]): (a: Entry, b: Entry) => number {
  return (a, b) => {
    if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1
    const ua = uuids[a[1]] as string
    const ub = uuids[b[1]] as string
    return ua < ub ? -1 : ua > ub ? 1 : 0
  }
}

function sortedKeys(entries: Entry[], uuids: readonly string[]): SortedKeys {
  entries.sort(byKeyThenUuid(uuids))
  const owners = new Int32Array(entries.length)
  const keys = entries.map((entry, index) => {
    owners[index] = entry[1]
    return entry[0]
  })
  return new SortedKeys(keys, owners)
}

/**
 * The keys of `base` whose owner is not dropped, merged with `added` (already sorted): one
 * linear pass, so applying a page of changes costs O(keys), not a full re-sort.
 */
function mergeKeys(base: SortedKeys, dropped: Uint8Array, added: Entry[], uuids: readonly string[]): SortedKeys {
  const compare = byKeyThenUuid(uuids)
  added.sort(compare)
  const keys: string[] = []
  const owners: number[] = []
  let next = 0
  for (let index = 0; index < base.keys.length; index += 1) {
    const owner = base.owners[index] as number
    if (dropped[owner] === 1) continue
    const key = base.keys[index] as string
    while (next < added.length && compare(added[next] as Entry, [key, owner]) < 0) {
      const [addedKey, addedOwner] = added[next] as Entry
      keys.push(addedKey)
      owners.push(addedOwner)
      next += 1
    }
    keys.push(key)
    owners.push(owner)
  }
  for (; next < added.length; next += 1) {
    const [addedKey, addedOwner] = added[next] as Entry
    keys.push(addedKey)
    owners.push(addedOwner)
  }
  return new SortedKeys(keys, Int32Array.from(owners))
}

/**
 * Every cached participant's search words and phone numbers in memory: search without touching
 * IndexedDB until the (at most `limit`) hits are fetched. Changes are queued and folded in by
 * one merge before the next search, so a sync writing hundreds of pages pays for one merge.
 *
 * Participants have ordinals (positions in `uuids`); a deleted one leaves an empty uuid behind
 * until the index is next rebuilt, which keeps every other ordinal stable.
 */
export class SearchIndex {
  private ordinals: Map<string, number> | null = null
  private readonly pending = new Map<string, IndexedPerson | null>()

  constructor(
    /** The cache revision (search-index-store.ts) this index reflects. */
    public revision: number,
    private uuids: string[],
    private wordsOf: Array<readonly string[]>,
    private words: SortedKeys,
    private phones: SortedKeys,
  ) {}

  static build(people: readonly IndexedPerson[], revision: number): SearchIndex {
    const uuids = people.map((person) => person.uuid)
    const wordEntries: Entry[] = []
    const phoneEntries: Entry[] = []
    people.forEach((person, ordinal) => {
      for (const word of person.words) wordEntries.push([word, ordinal])
      for (const phone of person.phones) phoneEntries.push([phone, ordinal])
    })
    return new SearchIndex(
      revision,
      uuids,
      people.map((person) => person.words),
      sortedKeys(wordEntries, uuids),
      sortedKeys(phoneEntries, uuids),
    )
  }

  /** Queues new or changed participants. */
  upsert(people: readonly IndexedPerson[]): void {
    for (const person of people) this.pending.set(person.uuid, person)
  }

  /** Queues deleted participants. */
  remove(uuids: readonly string[]): void {
    for (const uuid of uuids) this.pending.set(uuid, null)
  }

  /** Uuids of up to `limit` participants matching `text`, in the order the IndexedDB search returns them. */
  search(text: string, limit: number): string[] {
    this.settle()
    if (limit < 1) return []
    const phone = phoneQuery(text)
    const hits: number[] = []
    if (phone !== null) this.walk(this.phones, phone, limit, hits, () => true)
    if (hits.length < limit) this.searchWords(text, limit, hits)
    return hits.map((ordinal) => this.uuids[ordinal] as string)
  }

  /** Every indexed participant with its words and phones (tests compare it with the database). */
  entries(): Map<string, { words: string[]; phones: string[] }> {
    this.settle()
    const phonesOf = new Map<number, string[]>()
    this.phones.owners.forEach((owner, index) => {
      const list = phonesOf.get(owner) ?? []
      list.push(this.phones.keys[index] as string)
      phonesOf.set(owner, list)
    })
    const result = new Map<string, { words: string[]; phones: string[] }>()
    this.uuids.forEach((uuid, ordinal) => {
      if (uuid === '') return
      const words = [...(this.wordsOf[ordinal] ?? [])].sort()
      result.set(uuid, { words, phones: (phonesOf.get(ordinal) ?? []).sort() })
    })
    return result
  }

  /** The parts a blob stores (search-index-blob.ts); pending changes folded in first. */
  parts(): { uuids: string[]; words: SortedKeys; phones: SortedKeys } {
    this.settle()
    return { uuids: this.uuids, words: this.words, phones: this.phones }
  }

  private searchWords(text: string, limit: number, hits: number[]): void {
    const tokens = searchTokens(text)
    if (tokens.length === 0) return
    if (tokens.length === 1) {
      this.walk(this.words, tokens[0] as string, limit, hits, () => true)
      return
    }
    // The same plan as the IndexedDB search (search.ts), so both answer in the same order: a
    // name typed in order first, when its phrase alone fills the page.
    if (!tokens.some((token) => token.includes('@'))) {
      const inOrder: number[] = [...hits]
      this.walk(this.words, tokens.join(' '), limit, inOrder, () => true)
      if (inOrder.length === limit) {
        hits.splice(0, hits.length, ...inOrder)
        return
      }
    }
    const keyed = tokens.filter((token) => token.length >= 2)
    let driver = tokens[0] as string
    let smallest = Infinity
    for (const token of keyed) {
      const [start, end] = this.words.range(token)
      if (end - start < smallest) {
        smallest = end - start
        driver = token
      }
    }
    const others = tokens.filter((token) => token !== driver)
    this.walk(this.words, driver, limit, hits, (ordinal) =>
      others.every((token) => (this.wordsOf[ordinal] ?? []).some((word) => word.startsWith(token))),
    )
  }

  /** Appends to `hits` the distinct owners of keys starting with `prefix` that `accept`, up to `limit`. */
  private walk(keys: SortedKeys, prefix: string, limit: number, hits: number[], accept: (ordinal: number) => boolean) {
    const seen = new Set(hits)
    const [start, end] = keys.range(prefix)
    for (let index = start; index < end && hits.length < limit; index += 1) {
      const ordinal = keys.owners[index] as number
      if (seen.has(ordinal)) continue
      seen.add(ordinal)
      if (accept(ordinal)) hits.push(ordinal)
    }
  }

  /** Folds queued changes in: drop the changed participants' keys, merge their new ones. */
  private settle(): void {
    if (this.pending.size === 0) return
    const ordinals = this.ordinalMap()
    const dropped = new Uint8Array(this.uuids.length + this.pending.size)
    const wordEntries: Entry[] = []
    const phoneEntries: Entry[] = []
    for (const [uuid, person] of this.pending) {
      let ordinal = ordinals.get(uuid)
      if (ordinal !== undefined) dropped[ordinal] = 1
      if (person === null) {
        if (ordinal === undefined) continue
        this.uuids[ordinal] = ''
        this.wordsOf[ordinal] = []
        ordinals.delete(uuid)
        continue
      }
      if (ordinal === undefined) {
        ordinal = this.uuids.length
        this.uuids.push(uuid)
        ordinals.set(uuid, ordinal)
      }
      this.wordsOf[ordinal] = person.words
      for (const word of person.words) wordEntries.push([word, ordinal])
      for (const phone of person.phones) phoneEntries.push([phone, ordinal])
    }
    this.pending.clear()
    this.words = mergeKeys(this.words, dropped, wordEntries, this.uuids)
    this.phones = mergeKeys(this.phones, dropped, phoneEntries, this.uuids)
  }

  private ordinalMap(): Map<string, number> {
    if (this.ordinals === null) {
      this.ordinals = new Map()
      this.uuids.forEach((uuid, ordinal) => {
        if (uuid !== '') this.ordinals?.set(uuid, ordinal)
      })
    }
    return this.ordinals
  }
}
