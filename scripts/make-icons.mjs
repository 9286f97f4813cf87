#!/usr/bin/env node
// Draws the app icon (a rounded indigo square with a white "P" made of simple shapes) as PNGs
// in every size the installers need, without image tools: electron-builder turns
// build/icon.png (1024 px) into .icns and .ico, and Linux uses build/icons/<size>x<size>.png.
// Run `node scripts/make-icons.mjs` after changing the design; the PNGs are committed.
import { deflateSync } from 'node:zlib'
import { mkdirSync, writeFileSync } from 'node:fs'

const BG = [54, 54, 126]
const FG = [255, 255, 255]
const ACCENT = [83, 219, 184]

/** Coverage of the icon's shapes at a point in unit coordinates (0..1): 0 = outside, 1 = bg, 2 = fg, 3 = accent. */
function shade(x, y) {
  const r = 0.2
  const cx = Math.min(Math.max(x, r), 1 - r)
  const cy = Math.min(Math.max(y, r), 1 - r)
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0
  // The "P": a stem and a bowl (ring).
  if (x >= 0.3 && x <= 0.42 && y >= 0.24 && y <= 0.78) return 2
  const dx = x - 0.5
  const dy = y - 0.4
  const d = Math.sqrt(dx * dx + dy * dy)
  if (x >= 0.36 && d <= 0.2 && d >= 0.09) return 2
  // A small accent dot: "in sync".
  if ((x - 0.7) ** 2 + (y - 0.72) ** 2 <= 0.065 ** 2) return 3
  return 1
}

function render(size) {
  const samples = 4
  const rows = []
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const kind = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
          if (kind === 0) continue
          const colour = kind === 1 ? BG : kind === 2 ? FG : ACCENT
          r += colour[0]
          g += colour[1]
          b += colour[2]
          a += 255
        }
      }
      const n = samples * samples
      const covered = a / 255
      const offset = 1 + px * 4
      row[offset] = covered ? Math.round(r / covered) : 0
      row[offset + 1] = covered ? Math.round(g / covered) : 0
      row[offset + 2] = covered ? Math.round(b / covered) : 0
      row[offset + 3] = Math.round(a / n)
    }
    rows.push(row)
  }
  return png(size, Buffer.concat(rows))
}

function png(size, raw) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const table = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = table[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

mkdirSync('build/icons', { recursive: true })
writeFileSync('build/icon.png', render(1024))
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) writeFileSync(`build/icons/${size}x${size}.png`, render(size))
console.log('wrote build/icon.png and build/icons/*.png')
