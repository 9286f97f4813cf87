import { pathToFileURL } from 'node:url'

// The Node.js versions Plannr Desktop runs on, stated once for the scripts that check it before
// anything is installed (`.ci/run` before `npm ci`, `npm start` before it downloads Electron), so
// it is plain JavaScript with no dependencies. `package.json`'s `engines` states the same range;
// a unit test holds the two together and checks the range against every package in the lockfile.
//
// Node 22 from 22.13: Electron 45's toolchain needs 22.12, and ESLint 10 and faker need 22.13.
// Node 23 is left out (vitest 4 and ESLint 10 do not support it); Node 24 and later are in.

/** The range, in semver's words, as `engines.node` says it. */
export const SUPPORTED_NODE_RANGE = '^22.13.0 || >=24'

/** The range in a user's words, for messages. */
export const SUPPORTED_NODE_IN_WORDS = 'Node.js 22.13 or a later 22, or Node.js 24 or newer'

/** Whether a Node.js version (`process.versions.node`, with or without a leading `v`) is in the range. */
export function supportsNode(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  return (major === 22 && minor >= 13) || major >= 24
}

// Run as a script (`node scripts/node-support.mjs`): exits 1 with a plain message on another Node.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!supportsNode(process.versions.node)) {
    console.error(`Node.js ${process.versions.node} is on PATH; Plannr Desktop needs ${SUPPORTED_NODE_IN_WORDS}.`)
    process.exit(1)
  }
}
