/** Aggregators' HTTPS webhooks on the article-events stream. */
import * as z from './zod.js';

/** What a webhook receives: the article events of one source or one category. */
export const WebhookFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('source'), sourceId: z.string() }),
  z.object({ kind: z.literal('category'), slug: z.string() }),
]);
export type WebhookFilter = z.infer<typeof WebhookFilterSchema>;

export const WebhookSchema = z.object({
  /**
   * The SNS subscription ARN in AWS (`PendingConfirmation` in a listing while SNS waits for the
   * endpoint to confirm); a local id in local mode.
   */
  id: z.string(),
  endpoint: z.string(),
  /** Unknown only for an AWS subscription still pending confirmation (SNS lists no attributes for it). */
  filter: z.optional(WebhookFilterSchema),
  status: z.enum(['pending-confirmation', 'confirmed']),
});
export type Webhook = z.infer<typeof WebhookSchema>;
