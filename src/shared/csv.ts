/**
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a field holding a
 * comma, a double quote, CR or LF enclosed in double quotes with its quotes doubled. The text
 * starts with a UTF-8 byte order mark, which is how Excel knows the file is UTF-8 (without it,
 * a name like 李 opens as mojibake).
 *
 * A spreadsheet runs a cell that starts with =, +, - or @ (or a tab or CR before one) as a
 * formula, so data from Plannr could otherwise run code on the adviser's computer ("CSV
 * injection"). Such a cell is written with a leading apostrophe, which spreadsheets show as text.
 */
export const BOM = '\uFEFF'

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: neutralised against formulas, then quoted when it must be. */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header row and the records under it, as one CSV text with a BOM. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}

/**
 * Reads CSV text back into rows (RFC 4180, a leading BOM skipped). Used to check exports; it
 * refuses text that is not well-formed rather than guessing.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(BOM) ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let index = 0
  while (index < input.length) {
    const char = input[index]
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        field += '"'
        index += 2
        continue
      }
      if (char === '"') {
        quoted = false
        index += 1
        const next = input[index]
        if (next !== undefined && next !== ',' && next !== '\r') throw new Error(`Unexpected ${next} after a quote`)
        continue
      }
      field += char
      index += 1
      continue
    }
    if (char === '"' && field === '') {
      quoted = true
    } else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\r' && input[index + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      index += 1
    } else if (char === '"' || char === '\r' || char === '\n') {
      throw new Error(`A bare ${JSON.stringify(char)} outside quotes at ${index}`)
    } else {
      field += char
    }
    index += 1
  }
  if (quoted) throw new Error('A quoted field is not closed')
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}
