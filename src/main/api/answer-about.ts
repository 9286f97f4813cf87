import type { z } from 'zod'

/**
 * An answer for a record named in the path (`GET` or `PUT /group/{uuid}`, `/group/{uuid}/participants`,
 * `/circles/{uuid}`) must be that record. One about another record (a server bug, a proxy handing
 * over another request's answer) is malformed: the outbox would take it for the record it
 * changed. Uuids are the same record whatever their letter case.
 */
export function isAbout(record: { uuid: string }, uuid: string): boolean {
  return record.uuid.toLowerCase() === uuid.toLowerCase()
}

/** The `uuid` field's problem when the answer is about `answered` instead of `asked`. */
export function anotherRecord(answered: string, asked: string): string {
  return `the answer is about ${answered}, not ${asked}`
}

/** `schema`, with an answer about another record than `uuid` refused as malformed (field `uuid`). */
export function answerAbout<T extends { uuid: string }>(schema: z.ZodType<T>, uuid: string): z.ZodType<T> {
  return schema.check((ctx) => {
    if (!isAbout(ctx.value, uuid))
      ctx.issues.push({
        code: 'custom',
        path: ['uuid'],
        message: anotherRecord(ctx.value.uuid, uuid),
        input: ctx.value,
      })
  })
}
