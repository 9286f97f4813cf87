/**
 * What the browser commands load at run time (through tsx, see browser-commands.ts): the
 * sandbox and the way tests reach it. Kept out of vitest.config.ts's own import graph.
 */
export { startSandbox } from '../../src/sandbox'
export { createInvoker } from './browser-invoker'
