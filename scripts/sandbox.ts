/**
 * `npm run sandbox`: a local Plannr for demos and manual testing.
 *
 *   npm run sandbox -- --port 8787 --seed 1 --accounts 3000 --groups 24
 *   npm run sandbox -- --latency 200 --error-rate 0.3 --route 'POST /api/v1/group'
 *
 * Fault flags apply to --route (default '*', every route): --latency MS, --error-rate 0..1,
 * --reset-rate 0..1, --commit-then-drop-rate 0..1, --rate-limit-burst N, --retry-after S,
 * --slow-body MS, --status N (answer N, e.g. 409, without acting). Other flags: --rate-limit N (requests/minute/token), --quiet.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { startSandbox, type FaultRule } from '../src/sandbox'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    seed: { type: 'string', default: '1' },
    accounts: { type: 'string', default: '3000' },
    groups: { type: 'string', default: '24' },
    route: { type: 'string', default: '*' },
    latency: { type: 'string' },
    'error-rate': { type: 'string' },
    'reset-rate': { type: 'string' },
    'commit-then-drop-rate': { type: 'string' },
    'rate-limit-burst': { type: 'string' },
    'retry-after': { type: 'string' },
    'slow-body': { type: 'string' },
    status: { type: 'string' },
    'rate-limit': { type: 'string', default: '500' },
    quiet: { type: 'boolean', default: false },
  },
})

const whole = z.coerce.number().int().nonnegative()
const rate = z.coerce.number().min(0).max(1)
const Flags = z.object({
  port: whole,
  seed: whole,
  accounts: whole.min(20),
  groups: whole.min(1),
  route: z.string(),
  latency: whole.optional(),
  'error-rate': rate.optional(),
  'reset-rate': rate.optional(),
  'commit-then-drop-rate': rate.optional(),
  'rate-limit-burst': whole.optional(),
  'retry-after': whole.optional(),
  'slow-body': whole.optional(),
  status: whole.min(400).max(599).optional(),
  'rate-limit': whole.min(1),
  quiet: z.boolean(),
})
const parsed = Flags.safeParse(values)
if (!parsed.success) {
  console.error(
    `sandbox: bad flags: ${parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
  )
  process.exit(2)
}
const flags = parsed.data

const rule: FaultRule = {
  ...(flags.latency !== undefined ? { latencyMs: flags.latency } : {}),
  ...(flags['error-rate'] !== undefined ? { errorRate: flags['error-rate'] } : {}),
  ...(flags['reset-rate'] !== undefined ? { resetRate: flags['reset-rate'] } : {}),
  ...(flags['commit-then-drop-rate'] !== undefined ? { commitThenDropRate: flags['commit-then-drop-rate'] } : {}),
  ...(flags['rate-limit-burst'] !== undefined ? { rateLimitBurst: flags['rate-limit-burst'] } : {}),
  ...(flags['retry-after'] !== undefined ? { retryAfterSeconds: flags['retry-after'] } : {}),
  ...(flags['slow-body'] !== undefined ? { slowBodyMs: flags['slow-body'] } : {}),
  ...(flags.status !== undefined ? { status: flags.status } : {}),
}

const sandbox = await startSandbox({
  port: flags.port,
  seed: flags.seed,
  accounts: flags.accounts,
  groups: flags.groups,
  rateLimitPerMinute: flags['rate-limit'],
  faults: Object.keys(rule).length > 0 ? { [flags.route]: rule } : {},
  log: flags.quiet ? undefined : (line) => console.log(line),
})
const counts = sandbox.store.counts()
console.log(`
Plannr sandbox on ${sandbox.url}  (seed ${flags.seed}: ${counts.accounts} accounts, ${counts.groups} groups, ${counts.circles} circles)
  demo token          ${sandbox.demo.token}
  demo account uuid   ${sandbox.demo.accountUuid}   (X-PLANNR-ACCOUNT-UUID)
  multi-login token   ${sandbox.multiLoginToken}
  OAuth client id     ${sandbox.oauthClient.clientId}   (PKCE, loopback redirect URIs)
${Object.keys(rule).length > 0 ? `  faults on ${flags.route}: ${JSON.stringify(rule)}\n` : ''}
  curl -H "Authorization: Bearer ${sandbox.demo.token}" -H "X-PLANNR-ACCOUNT-UUID: ${sandbox.demo.accountUuid}" ${sandbox.url}/api/v1/group
`)
const shutdown = () => {
  void sandbox.stop().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
