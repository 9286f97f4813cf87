import type { IpcMain } from 'electron'
import { channels, type Channel } from '../../shared/ipc/contract'
import type { Dispatcher } from './dispatch'

/**
 * Registers one ipcMain handler per contract channel, each going through the dispatcher with the
 * sending frame's URL. Channels outside the contract have no handler, so invoking them fails.
 */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatcher): Channel[] {
  const registered: Channel[] = []
  for (const channel of Object.keys(channels) as Channel[]) {
    ipcMain.handle(channel, (event, input: unknown) => dispatch(channel, input, event.senderFrame?.url))
    registered.push(channel)
  }
  return registered
}
