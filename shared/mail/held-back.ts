/**
 * Where alerts stopped for a reader who leaves instant alerts: the articles the hourly cap held
 * back (and those of an alert lost with its invocation) were promised to the next alert, which a
 * reader of digests no longer gets. Their first digest starts at the earliest of them, so none is
 * dropped unsaid (attack run 31).
 */
import type { ClippingStore, DeliveryLog } from './ports.js';
import { leaseEnded } from './records.js';

export interface HeldBackDeps {
  deliveries: Pick<DeliveryLog, 'getAlertState'>;
  clippings: Pick<ClippingStore, 'getMany'>;
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
