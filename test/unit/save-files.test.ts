import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, readFileSync, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The desktop save path with `electron` mocked (importing the real package in Node would try to
// download its binary): the save dialog, printToPDF, and the write to the chosen path, reached
// through the real dispatcher and handlers as the renderer reaches them.
const showSaveDialog = vi.fn<(window: unknown, options: Record<string, unknown>) => Promise<unknown>>()
vi.mock('electron', () => ({ dialog: { showSaveDialog } }))

const { electronFiles } = await import('../../src/main/window/save-files')
const { createDispatcher } = await import('../../src/main/ipc/dispatch')
const { createMainServices } = await import('../../src/main/services')
const { MemoryTokenStore } = await import('../../src/main/auth/token-store')
const { createSenderCheck } = await import('../../src/main/ipc/trusted-sender')
const { BOM, parseCsv, toCsv } = await import('../../src/shared/csv')

const PDF = new TextEncoder().encode('%PDF-1.7 fake sheet')
const printToPDF = vi.fn(async (_options: Record<string, unknown>) => PDF)
const window = { webContents: { printToPDF } }
const appUrl = 'app://plannr/index.html'

async function dispatcher(withFiles: boolean) {
  const documents = mkdtempSync(join(tmpdir(), 'plannr-docs-'))
  const services = await createMainServices({
    dataDir: mkdtempSync(join(tmpdir(), 'plannr-save-')),
    appInfo: { name: 'Plannr Desktop', version: '1.0.0', platform: 'linux', dataDir: '/data', shell: 'electron' },
    emit: () => {},
    openExternal: async () => {},
    tokenStore: new MemoryTokenStore(null),
    env: {},
    ...(withFiles ? { files: electronFiles({ window: () => window as never, defaultDir: documents }) } : {}),
  })
  return { dispatch: createDispatcher(services.handlers, createSenderCheck(undefined)), documents }
}

describe('saving a client sheet (PDF) and a CSV in the desktop app', () => {
  beforeEach(() => {
    showSaveDialog.mockReset()
    printToPDF.mockClear()
  })

  it('prints the window to one A4 PDF and writes it where the user chose', async () => {
    const { dispatch, documents } = await dispatcher(true)
    const chosen = join(mkdtempSync(join(tmpdir(), 'plannr-chosen-')), 'Jane Doe.pdf')
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: chosen })
    const result = await dispatch('files.savePdf', { suggestedName: 'Jane Doe - client sheet.pdf' }, appUrl)
    expect(result).toEqual({ ok: true, value: { saved: true, fileName: 'Jane Doe.pdf' } })
    expect(printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
    const [parent, options] = showSaveDialog.mock.calls[0] ?? []
    expect(parent).toBe(window)
    expect(options).toMatchObject({
      defaultPath: join(documents, 'Jane Doe - client sheet.pdf'),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    })
    expect(readFileSync(chosen)).toEqual(Buffer.from(PDF))
  })

  it('writes nothing when the dialog is cancelled', async () => {
    const { dispatch } = await dispatcher(true)
    const target = join(mkdtempSync(join(tmpdir(), 'plannr-chosen-')), 'never.pdf')
    showSaveDialog.mockResolvedValue({ canceled: true, filePath: target })
    expect(await dispatch('files.savePdf', { suggestedName: 'x.pdf' }, appUrl)).toEqual({
      ok: true,
      value: { saved: false, fileName: null },
    })
    expect(existsSync(target)).toBe(false)
  })

  it('says plainly when the chosen place cannot be written', async () => {
    const { dispatch } = await dispatcher(true)
    const folder = mkdtempSync(join(tmpdir(), 'plannr-chosen-'))
    const aFolder = join(folder, 'taken.csv')
    mkdirSync(aFolder)
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: aFolder })
    const result = await dispatch('files.saveCsv', { suggestedName: 'x.csv', content: 'a\r\n' }, appUrl)
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('Could not save taken.csv') } })
  })

  it('writes a CSV as UTF-8 with its BOM, byte for byte', async () => {
    const { dispatch } = await dispatcher(true)
    const chosen = join(mkdtempSync(join(tmpdir(), 'plannr-chosen-')), 'group.csv')
    showSaveDialog.mockResolvedValue({ canceled: false, filePath: chosen })
    const content = toCsv(['First name', 'Last name'], [['李', 'Wei, Jr.']])
    expect(await dispatch('files.saveCsv', { suggestedName: 'Group.csv', content }, appUrl)).toMatchObject({
      ok: true,
      value: { saved: true },
    })
    const bytes = readFileSync(chosen)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.startsWith(BOM)).toBe(true)
    expect(parseCsv(text)).toEqual([
      ['First name', 'Last name'],
      ['李', 'Wei, Jr.'],
    ])
    expect(showSaveDialog.mock.calls[0]?.[1]).toMatchObject({ filters: [{ extensions: ['csv'] }] })
  })

  it('takes only a bare file name from the page, and only from the app itself', async () => {
    const { dispatch } = await dispatcher(true)
    for (const suggestedName of ['../../.bashrc', 'a/b.pdf', 'C:\\x.pdf', '.hidden', '', 'x'.repeat(121), 'a\nb.pdf']) {
      expect(await dispatch('files.savePdf', { suggestedName }, appUrl), suggestedName).toMatchObject({
        ok: false,
        error: { kind: 'invalid-input' },
      })
    }
    // An extra field naming a path is dropped by the contract: the dialog decides where.
    showSaveDialog.mockResolvedValue({ canceled: true })
    expect(await dispatch('files.savePdf', { suggestedName: 'x.pdf', path: '/etc/x' }, appUrl)).toMatchObject({
      ok: true,
    })
    expect(showSaveDialog.mock.calls[0]?.[1]).not.toHaveProperty('path')
    showSaveDialog.mockClear()
    expect(await dispatch('files.savePdf', { suggestedName: 'x.pdf' }, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-sender' },
    })
    expect(showSaveDialog).not.toHaveBeenCalled()
    expect(printToPDF).toHaveBeenCalledTimes(1)
  })

  it('refuses a CSV larger than the contract allows before it reaches main', async () => {
    const { dispatch } = await dispatcher(true)
    const huge = 'x'.repeat(64 * 1024 * 1024 + 1)
    expect(await dispatch('files.saveCsv', { suggestedName: 'x.csv', content: huge }, appUrl)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    })
    expect(showSaveDialog).not.toHaveBeenCalled()
  })

  it('in the web shell (no save dialog) says the browser saves instead', async () => {
    const { dispatch } = await dispatcher(false)
    expect(await dispatch('files.savePdf', { suggestedName: 'x.pdf' }, appUrl)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('desktop app') },
    })
  })
})
