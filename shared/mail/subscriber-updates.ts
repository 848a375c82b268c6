/** Read-modify-write of one subscriber, retried when another writer got there first. */
import type { Subscriber } from '../domain/subscriber.js';
import type { SubscriberRepository } from './ports.js';
import type { SubscriberRecord } from './records.js';

const ATTEMPTS = 4;

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
    if (!record) return undefined;
    const next = change(record.subscriber);
    if (!next) return { before: record.subscriber, after: record.subscriber };
    if ((await subscribers.save(next, record.version)) !== undefined)
      return { before: record.subscriber, after: next };
    record = await subscribers.get(id);
  }
  throw new Error(`subscriber ${id} kept changing under a concurrent writer; try again`);
}

/** A subscriber without the optional fields set to undefined (the schema is strict about extras, not gaps). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
