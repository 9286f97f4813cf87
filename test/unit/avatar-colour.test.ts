import { describe, expect, it } from 'vitest'
import { colourFor } from '../../src/renderer/src/lib/format'

// Avatar initials are white on a colour drawn from the name: every colour it can draw must give
// white text at least WCAG AA's 4.5:1.
function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number): number => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number): number => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))
  return [f(0), f(8), f(4)]
}
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}
function parse(colour: string): [number, number, number] {
  const match = /^hsl\((\d+) (\d+)% (\d+)%\)$/.exec(colour)
  if (!match) throw new Error(`unexpected colour ${colour}`)
  return hslToRgb(Number(match[1]), Number(match[2]) / 100, Number(match[3]) / 100)
}

describe('avatar colours', () => {
  it('give white initials at least 4.5:1 contrast for every hue a name can draw', () => {
    let worst = Infinity
    // Seeds hitting every hue 0..359 (the hash is taken modulo 360).
    for (let seed = 0; seed < 5000; seed += 1) {
      const ratio = 1.05 / (luminance(parse(colourFor(`name ${seed}`))) + 0.05)
      worst = Math.min(worst, ratio)
    }
    expect(worst).toBeGreaterThanOrEqual(4.5)
  })
})
