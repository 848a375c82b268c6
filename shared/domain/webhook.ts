/** Aggregators' HTTPS webhooks on the article-events stream. */

/** What a webhook receives: the article events of one source or one category. */
export type WebhookFilter = { kind: 'source'; sourceId: string } | { kind: 'category'; slug: string };

export interface Webhook {
  /**
   * The SNS subscription ARN in AWS (`PendingConfirmation` in a listing while SNS waits for the
   * endpoint to confirm); a local id in local mode.
   */
  id: string;
  endpoint: string;
  /** Unknown only for an AWS subscription still pending confirmation (SNS lists no attributes for it). */
  filter?: WebhookFilter;
  status: 'pending-confirmation' | 'confirmed';
}
