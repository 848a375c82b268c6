/**
 * Where alerts stopped for a reader who leaves instant alerts: the articles the hourly cap held
 * back (and those of an alert lost with its invocation) were promised to the next alert, which a
 * reader of digests no longer gets. Their first digest starts at the earliest of them, so none is
 * dropped unsaid (attack run 31).
 */
import { pauseAfterLostRace } from '../concurrency.js';
import type { Subscriber } from '../domain/subscriber.js';
import { clippingRef } from './clipping.js';
import type { ClippingStore, DeliveryLog } from './ports.js';
import { matcherFor, prepareClipping } from './preferences.js';
import { type AlertState, leaseEnded, MAX_DIGEST_WINDOW_MS, MAX_PENDING_ALERTS } from './records.js';

export interface HeldBackDeps {
  deliveries: Pick<DeliveryLog, 'getAlertState' | 'saveAlertState'>;
  clippings: Pick<ClippingStore, 'getMany' | 'recordedBetween'>;
}

/** When the earliest article still waiting for this reader's next alert was recorded; undefined when none waits. */
export async function heldBackSince(
  subscriberId: string,
  now: Date,
  deps: HeldBackDeps,
): Promise<Date | undefined> {
  const stored = await deps.deliveries.getAlertState(subscriberId);
  if (!stored) return undefined;
  const { pending, sending = [] } = stored.state;
  // An alert still being sent will carry its articles; one whose lease ended was lost with them.
  const lost = sending.filter((lease) => leaseEnded(lease, now));
  const refs = [...new Set([...pending, ...lost.flatMap((lease) => lease.refs)])];
  if (refs.length === 0) return undefined;
  const recorded = (await deps.clippings.getMany(refs)).map((clipping) => Date.parse(clipping.recordedAt));
  return recorded.length > 0 ? new Date(Math.min(...recorded)) : undefined;
}

/** Tries at saving the alert state against other writers (an alert being sent meanwhile). */
const HOLD_ATTEMPTS = 8;

/**
 * A reader who leaves digests for instant alerts: the articles of the digest window still open
 * (recorded since their last digest, matching the choice they had) were promised to the next
 * digest, which they no longer get, and alerts cover only what arrives after the switch. They wait
 * for the reader's first alert instead, as the hourly cap's articles wait: the planner's next run
 * sends it, or the next article's alert carries them (attack run 36: they were dropped unsaid).
 * How many were held.
 */
export async function holdDigestWindow(
  subscriber: Subscriber,
  now: Date,
  deps: HeldBackDeps,
): Promise<number> {
  if (subscriber.status !== 'confirmed') return 0;
  const opened = Date.parse(subscriber.lastDigestAt ?? subscriber.confirmedAt ?? subscriber.createdAt);
  const since = new Date(Math.max(opened, now.getTime() - MAX_DIGEST_WINDOW_MS));
  if (!(since < now)) return 0;
  const matches = matcherFor(subscriber.preferences);
  const refs = (await deps.clippings.recordedBetween(since, now))
    .map(prepareClipping)
    .filter(matches)
    .map((prepared) => clippingRef(prepared.clipping));
  if (refs.length === 0) return 0;
  // An hour already past: the planner's next run flushes what waits (plan-digests.ts).
  const before = new Date(now.getTime() - 3_600_000).toISOString().slice(0, 13);
  for (let attempt = 0; attempt < HOLD_ATTEMPTS; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const stored = await deps.deliveries.getAlertState(subscriber.id);
    const state: AlertState = stored?.state ?? {
      subscriberId: subscriber.id,
      hour: before,
      sentThisHour: 0,
      pending: [],
      recent: [],
    };
    const merged = [...new Set([...refs, ...state.pending])];
    const kept = merged.slice(-MAX_PENDING_ALERTS);
    const overflow = (state.overflow ?? 0) + merged.length - kept.length;
    const next = { ...state, pending: kept, ...(overflow > 0 ? { overflow } : {}) };
    if (await deps.deliveries.saveAlertState(next, stored?.version, now)) return refs.length;
  }
  return 0;
}
