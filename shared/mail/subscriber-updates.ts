/** Read-modify-write of one subscriber, retried when another writer got there first. */
import { pauseAfterLostRace } from '../concurrency.js';
import { type Subscriber, SubscriptionPreferencesSchema } from '../domain/subscriber.js';
import { ConcurrentChangeError } from '../domain/validation.js';
import type { SubscriberRepository } from './ports.js';
import type { SubscriberRecord } from './records.js';

/** Tries before giving up; between two, a random pause that grows (writers racing stop colliding). */
const ATTEMPTS = 8;

/**
 * Applies `change` to the stored subscriber and saves it if nobody wrote in between (else
 * reads again and retries). `change` returns undefined to leave it as it is. Returns the
 * subscriber as saved (or as found when unchanged), or undefined when there is none.
 */
export async function updateSubscriber(
  subscribers: SubscriberRepository,
  id: string,
  change: (current: Subscriber) => Subscriber | undefined,
  first?: SubscriberRecord,
): Promise<{ before: Subscriber; after: Subscriber } | undefined> {
  let record = first ?? (await subscribers.get(id));
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Lost to another writer (a manage form saved beside a one-click unsubscribe: attack run 31):
    // a pause, then the subscriber as it is now.
    if (attempt > 0) {
      await pauseAfterLostRace(attempt);
      record = await subscribers.get(id);
    }
    if (!record) return undefined;
    const next = change(record.subscriber);
    if (!next) return { before: record.subscriber, after: record.subscriber };
    if ((await subscribers.save(next, record.version)) !== undefined)
      return { before: record.subscriber, after: next };
  }
  // Many writers at once (50 manage saves in parallel: attack run 36): the caller may try again.
  throw new ConcurrentChangeError('this subscription');
}

/**
 * Suppresses subscriber `id` (address `email`): no more mail, and a later signup is refused. One
 * with no record yet gets one, suppressed. `before` is absent when it was created.
 */
export async function suppressAddress(
  subscribers: SubscriberRepository,
  id: string,
  email: string,
  reason: string,
  at: string,
): Promise<{ before?: Subscriber; after: Subscriber }> {
  const suppress = (current: Subscriber) =>
    current.status === 'suppressed'
      ? undefined
      : withoutUndefined({
          ...current,
          status: 'suppressed' as const,
          statusReason: reason,
          statusChangedAt: at,
          nextDigestAt: undefined,
        });
  const changed = await updateSubscriber(subscribers, id, suppress);
  if (changed) return changed;
  const created: Subscriber = {
    id,
    email,
    status: 'suppressed',
    preferences: SubscriptionPreferencesSchema.parse({}),
    createdAt: at,
    statusChangedAt: at,
    statusReason: reason,
  };
  if ((await subscribers.save(created, undefined)) !== undefined) return { after: created };
  // Created meanwhile.
  const again = await updateSubscriber(subscribers, id, suppress);
  if (!again) throw new Error(`subscriber ${id} could not be suppressed; try again`);
  return again;
}

/** A subscriber without the optional fields set to undefined (the schema is strict about extras, not gaps). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
