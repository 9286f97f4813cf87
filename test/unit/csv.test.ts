import { describe, expect, it } from 'vitest'
import { BOM, csvField, parseCsv, toCsv } from '../../src/shared/csv'

describe('CSV (RFC 4180, UTF-8 with BOM)', () => {
  it('starts with a BOM and ends every record with CRLF', () => {
    const text = toCsv(['Name', 'Email'], [['Li Wei', 'li@example.com']])
    expect(text.startsWith(BOM)).toBe(true)
    expect(text.slice(1)).toBe('Name,Email\r\nLi Wei,li@example.com\r\n')
    // Excel reads the BOM as the file's encoding: the first three bytes are EF BB BF.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('quotes fields with commas, quotes, CR or LF, doubling the quotes', () => {
    expect(csvField('Smith, John')).toBe('"Smith, John"')
    expect(csvField('The "Boss"')).toBe('"The ""Boss"""')
    expect(csvField('line one\nline two')).toBe('"line one\nline two"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
    expect(csvField('plain')).toBe('plain')
    expect(csvField(null)).toBe('')
    expect(csvField(42)).toBe('42')
  })

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`)
    expect(csvField('+44 7700 900123')).toBe("'+44 7700 900123")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\t=1')).toBe("'\t=1")
    expect(csvField('\r=1')).toBe(`"'\r=1"`)
    expect(csvField('a=1')).toBe('a=1')
  })

  it('reads back exactly what it wrote, names like 李 included', () => {
    const rows = [
      ['李', '小龙', 'li@example.cn'],
      ['O\'Brien, "Pat"', 'multi\r\nline', ''],
      ['=1+1', '', '@x'],
    ]
    const parsed = parseCsv(toCsv(['First', 'Last', 'Email'], rows))
    expect(parsed[0]).toEqual(['First', 'Last', 'Email'])
    expect(parsed.slice(1)).toEqual([
      ['李', '小龙', 'li@example.cn'],
      ['O\'Brien, "Pat"', 'multi\r\nline', ''],
      ["'=1+1", '', "'@x"],
    ])
  })

  it('refuses text that is not well-formed', () => {
    expect(() => parseCsv('"open')).toThrow()
    expect(() => parseCsv('a"b,c\r\n')).toThrow()
    expect(() => parseCsv('"a"b\r\n')).toThrow()
  })
})
