import { z } from 'zod'
import { AppErrorKind } from '../../../shared/ipc/errors'
import type { FieldConflict, OpProblem } from './types'

const FieldConflictSchema = z.object({
  field: z.string(),
  theirs: z.string().nullable(),
  mine: z.string().nullable(),
  theirsName: z.string().nullable().optional(),
}) satisfies z.ZodType<FieldConflict>

/** An operation's stored problem (`lastError`), as record.ts reads it. */
export const OpProblemSchema = z.object({
  kind: z.union([AppErrorKind, z.enum(['blocked', 'invalid-payload', 'conflict', 'not-saved', 'deleted', 'left-out'])]),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  status: z.number().optional(),
  missing: z.array(z.string()).optional(),
  conflicts: z.array(FieldConflictSchema).optional(),
  serverUpdatedAt: z.string().optional(),
  settling: z.boolean().optional(),
}) satisfies z.ZodType<OpProblem>
