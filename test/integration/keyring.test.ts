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

  it('falls back to memory, with a plain-words reason, when no keyring answers', async () => {
    const broken: KeytarLike = {
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.reject(new Error('no keyring')),
      deletePassword: () => Promise.reject(new Error('no keyring')),
      findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    }
    const store = await openTokenStore(async () => broken, service)
    expect(store.persistence).toBe('memory')
    expect(store.unavailableReason).toMatch(/no system keyring/i)
    await store.save('x', { kind: 'pat', accessToken: 'only-in-memory' })
    expect(await store.load('x')).toMatchObject({ accessToken: 'only-in-memory' })
  })
})
