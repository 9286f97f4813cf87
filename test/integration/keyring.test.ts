import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { KeychainTokenStore, openTokenStore, type KeytarLike } from '../../src/main/auth/token-store'

// npm test runs this inside a private D-Bus session with an unlocked gnome-keyring
// (scripts/with-test-keyring.sh), so keytar talks to a real Secret Service.
const service = `Plannr Desktop test ${randomUUID()}`

describe('token store on the real OS keyring', () => {
  it('sets, reads and deletes a credential through keytar', async () => {
    const store = await openTokenStore(undefined, service)
    expect(store.unavailableReason).toBeNull()
    expect(store.persistence).toBe('keychain')
    const login = `login-${randomUUID()}`
    await store.save(login, { kind: 'pat', accessToken: 'pat-secret-value-123' })
    expect(await store.load(login)).toEqual({ kind: 'pat', accessToken: 'pat-secret-value-123' })
    expect(await store.logins()).toContain(login)
    // A second store (as after an app restart) sees the same entry: it lives in the keyring.
    const again = await openTokenStore(undefined, service)
    expect(await again.load(login)).toMatchObject({ accessToken: 'pat-secret-value-123' })
    await store.remove(login)
    expect(await store.load(login)).toBeNull()
    expect(await store.logins()).not.toContain(login)
  })

  it('ignores a damaged keychain entry instead of crashing', async () => {
    const keytar = (await import('keytar')).default as unknown as KeytarLike
    const login = `damaged-${randomUUID()}`
    await keytar.setPassword(service, login, '{not json')
    const store = new KeychainTokenStore(keytar, service)
    expect(await store.load(login)).toBeNull()
    await store.remove(login)
  })

  it('says plainly when no keyring answers, and keeps asking it: a later answer counts', async () => {
    let answering = false
    const real = (await import('keytar')).default as unknown as KeytarLike
    const notRunning = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
    const flaky: KeytarLike = {
      getPassword: (s, a) => (answering ? real.getPassword(s, a) : notRunning()),
      setPassword: (s, a, p) => (answering ? real.setPassword(s, a, p) : notRunning()),
      deletePassword: (s, a) => (answering ? real.deletePassword(s, a) : notRunning()),
      findCredentials: (s) => (answering ? real.findCredentials(s) : notRunning()),
    }
    const store = await openTokenStore(async () => flaky, service)
    expect(store.persistence).toBe('keychain')
    expect(store.unavailableReason).toMatch(/no system keyring/i)
    await expect(store.save('x', { kind: 'pat', accessToken: 'not-kept' })).rejects.toThrow()
    // The keyring starts (or is unlocked): the next call reaches it, and the reason is gone.
    answering = true
    const login = `login-${randomUUID()}`
    await store.save(login, { kind: 'pat', accessToken: 'kept-after-all' })
    expect(store.unavailableReason).toBeNull()
    expect(await store.load(login)).toMatchObject({ accessToken: 'kept-after-all' })
    await store.remove(login)
  })

  it('falls back to memory, with a plain-words reason, when keytar cannot be loaded at all', async () => {
    const store = await openTokenStore(async () => {
      throw new Error('Cannot find module keytar.node')
    }, service)
    expect(store.persistence).toBe('memory')
    expect(store.unavailableReason).toMatch(/no system keyring/i)
    await store.save('x', { kind: 'pat', accessToken: 'only-in-memory' })
    expect(await store.load('x')).toMatchObject({ accessToken: 'only-in-memory' })
  })
})
