import { z } from 'zod'
import { AppErrorKind } from '../../../shared/ipc/errors'
import type { FieldConflict, OpProblem } from './types'

const FieldConflictSchema = z.object({
  field: z.string(),
  theirs: z.string().nullable(),
  mine: z.string().nullable(),
}) satisfies z.ZodType<FieldConflict>

const OpProblemSchema = z.object({
  kind: z.union([AppErrorKind, z.enum(['blocked', 'invalid-payload', 'conflict', 'not-saved'])]),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  status: z.number().optional(),
  missing: z.array(z.string()).optional(),
  conflicts: z.array(FieldConflictSchema).optional(),
  serverUpdatedAt: z.string().optional(),
}) satisfies z.ZodType<OpProblem>

/**
 * An operation's stored problem (`lastError`), parsed where it is read: IndexedDB gives back
 * whatever was written, by this version of the app or an older one. Anything unreadable counts
 * as no problem rather than a crash; the next failure writes a fresh one.
 */
export function readProblem(stored: unknown): OpProblem | null {
  if (stored === null || stored === undefined) return null
  const parsed = OpProblemSchema.safeParse(stored)
  return parsed.success ? parsed.data : null
}
