import * as z from './zod.js';

/** One administrator change: who, when, what (before and after, and the changed paths). */
export const AuditEntrySchema = z.object({
  /** Sortable by time: `{UTC instant}#{random}`. */
  id: z.string(),
  /** UTC instant, ISO 8601. */
  at: z.string(),
  actor: z.string(),
  /** e.g. `source.create`, `source.update`, `source.ingest`, `subscriber.suppress`. */
  action: z.string(),
  /** What was changed, as `kind:id`, e.g. `source:bao-ha-nam`. */
  target: z.string(),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  changes: z.array(
    z.object({ path: z.string(), before: z.optional(z.unknown()), after: z.optional(z.unknown()) }),
  ),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
