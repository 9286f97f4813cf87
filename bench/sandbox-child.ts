/**
 * Starts bench/sandbox-process.ts as a child Node process and waits for its `ready` message: the
 * sandbox then renders and stringifies its answers on its own CPU, not in the process that runs
 * main's handlers, and its CPU time can be read apart (its pid is returned).
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

const SandboxReady = z.object({
  type: z.literal('ready'),
  url: z.url(),
  demo: z.object({ token: z.string().min(1), accountUuid: z.string().min(1) }),
  multiLoginToken: z.string().min(1),
  names: z.array(z.object({ firstName: z.string(), lastName: z.string() })),
  readyMs: z.number(),
})

export interface SandboxChildOptions {
  accounts: number
  groups: number
  rateLimitPerMinute: number
  sampleNames: number
}

const RateLimitSet = z.object({ type: z.literal('rate-limit-set'), perMinute: z.number() })

export type SandboxChild = Omit<z.infer<typeof SandboxReady>, 'type'> & {
  pid: number
  /** Requests per minute per token from now on (every count starts again); resolves once applied. */
  setRateLimit(perMinute: number): Promise<void>
  stop(): Promise<void>
}

export async function startSandboxChild(options: SandboxChildOptions): Promise<SandboxChild> {
  const script = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url))
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SANDBOX_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await new Promise<z.infer<typeof SandboxReady>>((resolve, reject) => {
    child.once('message', (message) => {
      const parsed = SandboxReady.safeParse(message)
      if (parsed.success) resolve(parsed.data)
      else reject(new Error(`the sandbox process sent an unexpected first message: ${parsed.error.message}`))
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`the sandbox process exited before it was ready (${code ?? signal})`)),
    )
  })
  const pid = child.pid
  if (pid === undefined) throw new Error('the sandbox process has no pid')
  const { type: _type, ...rest } = ready
  return {
    ...rest,
    pid,
    setRateLimit: (perMinute) =>
      new Promise<void>((resolve, reject) => {
        const onMessage = (message: unknown): void => {
          const parsed = RateLimitSet.safeParse(message)
          if (!parsed.success || parsed.data.perMinute !== perMinute) return
          child.off('message', onMessage)
          resolve()
        }
        child.on('message', onMessage)
        child.send({ type: 'set-rate-limit', perMinute }, (error) => {
          if (!error) return
          child.off('message', onMessage)
          reject(error)
        })
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
