/** The range, in semver's words, as `engines.node` says it. */
export const SUPPORTED_NODE_RANGE: string
/** The range in a user's words, for messages. */
export const SUPPORTED_NODE_IN_WORDS: string
/** Whether a Node.js version (`process.versions.node`, with or without a leading `v`) is in the range. */
export function supportsNode(version: string): boolean
