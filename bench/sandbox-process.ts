/**
 * The sandbox in a process of its own, so the bench's Node process runs only main's handlers and
 * its CPU time is the client's. Spawned by bench/sandbox-child.ts with an IPC channel: it reads its
 * options from BENCH_SANDBOX_OPTIONS (JSON), starts the sandbox on 127.0.0.1, sends one `ready`
 * message (see SandboxReady in sandbox-child.ts) and serves until SIGTERM or until its parent goes.
 * A `set-rate-limit` message changes its limit and is answered with `rate-limit-set`.
 */
import { z } from 'zod'
import { startSandbox } from '../src/sandbox'

const Options = z.object({
  accounts: z.number().int().min(20),
  groups: z.number().int().min(1),
  rateLimitPerMinute: z.number().int().min(1),
  /** How many accounts' names to send back for the API's own filter[name] figures. */
  sampleNames: z.number().int().nonnegative(),
})

const send = process.send?.bind(process)
if (!send) throw new Error('bench/sandbox-process.ts runs as a child with an IPC channel (see sandbox-child.ts)')
const options = Options.parse(JSON.parse(process.env.BENCH_SANDBOX_OPTIONS ?? '{}'))
const started = performance.now()
const sandbox = await startSandbox({
  accounts: options.accounts,
  groups: options.groups,
  rateLimitPerMinute: options.rateLimitPerMinute,
})
const accounts = sandbox.store.accounts()
const names = Array.from({ length: Math.min(options.sampleNames, accounts.length) }, (_, index) => {
  const account = accounts[(index * 7919) % accounts.length]
  return { firstName: account?.firstName ?? '', lastName: account?.lastName ?? '' }
})
send({
  type: 'ready',
  url: sandbox.url,
  demo: sandbox.demo,
  multiLoginToken: sandbox.multiLoginToken,
  names,
  readyMs: Math.round(performance.now() - started),
})

/** The parent turns Plannr's documented limit on (or lifts it) between phases; acknowledged once applied. */
const SetRateLimit = z.object({ type: z.literal('set-rate-limit'), perMinute: z.number().int().min(1) })
process.on('message', (message) => {
  const parsed = SetRateLimit.safeParse(message)
  if (!parsed.success) return
  sandbox.setRateLimit(parsed.data.perMinute)
  send({ type: 'rate-limit-set', perMinute: parsed.data.perMinute })
})

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  void sandbox.stop().finally(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.on('disconnect', stop)
