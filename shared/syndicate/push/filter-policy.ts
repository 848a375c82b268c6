/**
 * Webhook filters as SNS filter policies (scope MessageAttributes), matched against the
 * attributes every article event carries (articleEventAttributes in shared/domain/events.ts).
 * Apart from webhooks.ts so adapters need no address checks (nor the fetcher they come with).
 */
import type { WebhookFilter } from '../../domain/webhook.js';

/** The SNS filter policy of a webhook (scope MessageAttributes; see articleEventAttributes). */
export function webhookFilterPolicy(filter: WebhookFilter): Record<string, string[]> {
  return filter.kind === 'source' ? { sourceId: [filter.sourceId] } : { category: [filter.slug] };
}

/**
 * How SNS retries a webhook that does not answer 2xx (its subscription's DeliveryPolicy): once at
 * once, twice after 20 s, then backing off to 5 minutes apart, 15 retries over about 35 minutes
 * (SNS's default is 3 retries 20 s apart: a receiver restarting for a minute missed events).
 * SNS allows at most an hour of retries in all.
 */
export const WEBHOOK_DELIVERY_POLICY = {
  healthyRetryPolicy: {
    numRetries: 15,
    numNoDelayRetries: 1,
    minDelayTarget: 20,
    numMinDelayRetries: 2,
    maxDelayTarget: 300,
    numMaxDelayRetries: 4,
    backoffFunction: 'exponential',
  },
} as const;

/**
 * The waits before each retry a delivery policy makes, in ms (what the local sender waits, as SNS
 * would): the retries without delay, those at the least delay, the backoff from the least delay
 * to the most (exponential), then those at the most.
 */
export function retryDelaysMs(policy: typeof WEBHOOK_DELIVERY_POLICY = WEBHOOK_DELIVERY_POLICY): number[] {
  const p = policy.healthyRetryPolicy;
  const backoff = p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries;
  const seconds = [
    ...Array<number>(p.numNoDelayRetries).fill(0),
    ...Array<number>(p.numMinDelayRetries).fill(p.minDelayTarget),
    ...Array.from(
      { length: backoff },
      (_, i) => p.minDelayTarget * (p.maxDelayTarget / p.minDelayTarget) ** ((i + 1) / (backoff + 1)),
    ),
    ...Array<number>(p.numMaxDelayRetries).fill(p.maxDelayTarget),
  ];
  return seconds.map((s) => Math.round(s * 1000));
}

/** The webhook filter a policy written by webhookFilterPolicy stands for (undefined for any other policy). */
export function filterFromPolicy(policy: unknown): WebhookFilter | undefined {
  if (typeof policy !== 'object' || policy === null) return undefined;
  const entries = Object.entries(policy as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [key, values] = entries[0]!;
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') return undefined;
  if (key === 'sourceId') return { kind: 'source', sourceId: values[0] };
  if (key === 'category') return { kind: 'category', slug: values[0] };
  return undefined;
}

/**
 * SNS exact-string matching of a filter policy against message attributes as SNS delivers
 * them (`{ Type: 'String' | 'String.Array', Value }`): every policy key must match, and a
 * String.Array attribute matches when any of its values does.
 */
export function matchesFilterPolicy(
  policy: Record<string, string[]>,
  attributes: Record<string, { Type: string; Value: string }>,
): boolean {
  return Object.entries(policy).every(([key, allowed]) => {
    const attribute = attributes[key];
    if (!attribute) return false;
    let values: unknown[] = [attribute.Value];
    if (attribute.Type === 'String.Array') {
      try {
        const parsed: unknown = JSON.parse(attribute.Value);
        values = Array.isArray(parsed) ? parsed : [];
      } catch {
        values = [];
      }
    }
    return values.some((value) => typeof value === 'string' && allowed.includes(value));
  });
}
