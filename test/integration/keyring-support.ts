import type { KeytarLike, TokenStore } from '../../src/main/auth/token-store'

// Helpers of the tests that run main on the real keyring (inside scripts/with-test-keyring.sh).

/** keytar itself, on the test's private keyring. */
export async function realKeytar(): Promise<KeytarLike> {
  return (await import('keytar')).default as unknown as KeytarLike
}

/** Every entry name under `service` in the real keyring, asked of keytar directly. */
export async function entriesOf(service: string): Promise<string[]> {
  return (await (await realKeytar()).findCredentials(service)).map((entry) => entry.account)
}

/**
 * The real keytar, whose `held` calls (every call when none is named) wait until the test answers
 * the prompt: a keyring showing an unlock prompt nobody has answered yet. The calls still reach the
 * real keyring, in the order the store gave them.
 */
export function behindPrompt(
  real: KeytarLike,
  held: ReadonlyArray<keyof KeytarLike> = ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'],
): { keytar: KeytarLike; answer: () => void } {
  let answer = () => {}
  const answered = new Promise<void>((resolve) => (answer = resolve))
  const wait = async (call: keyof KeytarLike): Promise<void> => {
    if (held.includes(call)) await answered
  }
  return {
    answer,
    keytar: {
      getPassword: async (service, account) => (await wait('getPassword'), real.getPassword(service, account)),
      setPassword: async (service, account, password) => (
        await wait('setPassword'),
        real.setPassword(service, account, password)
      ),
      deletePassword: async (service, account) => (await wait('deletePassword'), real.deletePassword(service, account)),
      findCredentials: async (service) => (await wait('findCredentials'), real.findCredentials(service)),
    },
  }
}

/** `store` with some of its calls replaced: everything else goes to the real store as it is. */
export function delegate(
  store: TokenStore,
  overrides: Partial<Pick<TokenStore, 'save' | 'load' | 'remove' | 'logins'>>,
): TokenStore {
  return {
    persistence: store.persistence,
    get unavailableReason() {
      return store.unavailableReason
    },
    save: overrides.save ?? ((login, credential) => store.save(login, credential)),
    load: overrides.load ?? ((login) => store.load(login)),
    remove: overrides.remove ?? ((login) => store.remove(login)),
    logins: overrides.logins ?? (() => store.logins()),
  }
}

/** The real keyring, except that its deletions fail while `locked` is set, as in a locked collection. */
export function lockable(store: TokenStore): { store: TokenStore; lock: (locked: boolean) => void } {
  let locked = false
  return {
    lock: (value) => (locked = value),
    store: delegate(store, {
      remove: async (login) => {
        if (locked) throw new Error('Cannot delete an item in a locked collection')
        return store.remove(login)
      },
    }),
  }
}
