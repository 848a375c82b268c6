/** The messages of the mail queues, validated by their consumers: each queue is a boundary. */

import { ArticleEventSchema } from '../domain/events.js';
import { SubscriptionPreferencesSchema } from '../domain/subscriber.js';
import * as z from '../domain/zod.js';

const SubscriberIdSchema = z.string().check(z.regex(/^[a-f0-9]{24}$/));

/** Digests queue: a rendered digest and up to 100 of its readers. */
export const DigestJobSchema = z.strictObject({
  renderKey: z.string().check(z.regex(/^mail\/digests\/[\w-]+\/[a-f0-9]+\.json$/)),
  period: z.string().check(z.regex(/^\d{4}-(\d{2}-\d{2}|W\d{2})$/)),
  /** End of the window the digest covers; becomes each reader's `lastDigestAt` once sent. */
  windowEnd: z.iso.datetime(),
  subscriberIds: z.array(SubscriberIdSchema).check(z.minLength(1), z.maxLength(100)),
});
export type DigestJob = z.infer<typeof DigestJobSchema>;

/** Signups queue: a subscription request as the form or API made it. */
export const SignupRequestSchema = z.strictObject({
  email: z.string(),
  preferences: SubscriptionPreferencesSchema,
  requestedAt: z.iso.datetime(),
});
export type SignupRequest = z.infer<typeof SignupRequestSchema>;

/** On the alerts queue beside article events: send what waits over the cap for these subscribers. */
export const AlertFlushSchema = z.strictObject({
  kind: z.literal('alerts.flush'),
  subscriberIds: z.array(SubscriberIdSchema).check(z.maxLength(100)),
});
export type AlertFlush = z.infer<typeof AlertFlushSchema>;

/** Alerts queue: article events from the topic, and flushes from plan-digests. */
export const AlertsMessageSchema = z.union([ArticleEventSchema, AlertFlushSchema]);
