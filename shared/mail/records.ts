/** What the mail stores keep: subscribers with their version, alert states, rendered digests. */

import type { Subscriber } from '../domain/subscriber.js';
import * as z from '../domain/zod.js';

export interface SubscriberRecord {
  subscriber: Subscriber;
  /** Optimistic concurrency: a save names the version it read. */
  version: number;
}

/** Per subscriber: how many alerts went out this hour and what waits for the next one. */
export const AlertStateSchema = z.object({
  subscriberId: z.string(),
  /** UTC hour the count applies to, `2026-11-27T10`. */
  hour: z.string(),
  sentThisHour: z.int().check(z.gte(0)),
  /** Clippings over the hourly cap, waiting for the next alert: `{day}/{articleId}`. */
  pending: z.array(z.string()),
  /** Articles that waited beyond the `pending` kept: the next alert counts them, with a link. */
  overflow: z.optional(z.int().check(z.gte(0))),
  /** Articles already alerted (most recent last), so a redelivered event alerts once. */
  recent: z.array(z.string()),
  /**
   * Alerts reserved and not yet confirmed sent, each until its lease ends (`ALERT_LEASE_MS`): one
   * whose lease ends unconfirmed was lost with its invocation (between the reservation and the
   * mail), and its articles are alerted again.
   */
  sending: z.optional(
    z.array(
      z.object({
        id: z.string(),
        refs: z.array(z.string()),
        until: z.string(),
        /** The hour it counted against, and the articles beyond its list it counted (`overflow`). */
        hour: z.optional(z.string()),
        overflow: z.optional(z.int().check(z.gte(0))),
      }),
    ),
  ),
});
export type AlertState = z.infer<typeof AlertStateSchema>;

/** The longest window a digest covers, whatever the time since the last one: news goes stale. */
export const MAX_DIGEST_WINDOW_MS = 8 * 86_400_000;

/**
 * Articles kept waiting per subscriber for their next alert (each costs the state's write); beyond,
 * the oldest are only counted (`overflow`). ALERT_LIMITS.maxPending.
 */
export const MAX_PENDING_ALERTS = 100;
export type AlertLease = NonNullable<AlertState['sending']>[number];

/** Whether a reserved alert's lease has ended unconfirmed by `now`: its invocation was lost. */
export function leaseEnded(lease: AlertLease, now: Date): boolean {
  return Date.parse(lease.until) <= now.getTime();
}

/** A digest as rendered for a whole group of readers, with placeholders for their links. */
export const RenderedDigestSchema = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  frequency: z.enum(['daily', 'weekly']),
  period: z.string(),
  itemCount: z.int().check(z.gte(0)),
});
export type RenderedDigest = z.infer<typeof RenderedDigestSchema>;
