/**
 * Sends one queued batch of a digest: to each reader still confirmed, once per period. The
 * send is claimed first with a conditional write keyed by subscriber and period, so a message
 * processed twice at once (SQS delivers at least once; plans can overlap) sends once; a failed
 * send gives its claim back and fails the message, whose retry skips the readers already served.
 * What tells a later delivery that a reader's digest went is the reader's `lastDigestAt`, moved
 * to the window's end once it is sent (the next digest starts there): the claim is marked sent
 * only when that write fails, a write less per digest (issue 13: digests' DynamoDB writes).
 */
import { mapWithConcurrency } from '../concurrency.js';
import { personalLinks } from './links.js';
import type { DigestJob } from './messages.js';
import { buildMime } from './mime.js';
import type { RenderedDigestStore, SendingDeps, SubscriberRepository } from './ports.js';
import type { RenderedDigest } from './records.js';
import { personalize } from './render/personal.js';
import { updateSubscriber } from './subscriber-updates.js';

/** Longer than a send takes, shorter than the queue's visibility timeout. */
const CLAIM_LEASE_SECONDS = 120;
const SEND_CONCURRENCY = 10;

export interface SendDigestDeps extends SendingDeps {
  subscribers: SubscriberRepository;
  renders: RenderedDigestStore;
}

export interface SendDigestResult {
  sent: number;
  /** Not confirmed any more, or already sent this period. */
  skipped: number;
  failed: { subscriberId: string; error: string }[];
}

export function digestSendKey(subscriberId: string, period: string): string {
  return `digest#${subscriberId}#${period}`;
}

export async function sendDigestJob(job: DigestJob, deps: SendDigestDeps): Promise<SendDigestResult> {
  const digest = await deps.renders.get(job.renderKey);
  if (!digest) throw new Error(`rendered digest ${job.renderKey} is missing`);
  const records = await deps.subscribers.getMany(job.subscriberIds);
  const result: SendDigestResult = {
    sent: 0,
    skipped: job.subscriberIds.length - records.length,
    failed: [],
  };
  await mapWithConcurrency(records, SEND_CONCURRENCY, async (record) => {
    const { subscriber } = record;
    if (subscriber.status !== 'confirmed' || sentBefore(subscriber, job)) {
      result.skipped++;
      return;
    }
    const key = digestSendKey(subscriber.id, job.period);
    const now = deps.now();
    if (!(await deps.deliveries.claimSend(key, CLAIM_LEASE_SECONDS, now))) {
      result.skipped++;
      return;
    }
    let messageId: string;
    try {
      messageId = await deliver(digest, subscriber, deps, now);
    } catch (error) {
      deps.log?.('error', 'digest not sent', { subscriberId: subscriber.id, error });
      await deps.deliveries.releaseSend(key).catch(() => undefined);
      result.failed.push({
        subscriberId: subscriber.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    result.sent++;
    // The next digest starts where this one ended (never moves back if an older batch is late).
    // From the record read above: a reader changed meanwhile is read again, the save being conditional.
    const moved = await updateSubscriber(
      deps.subscribers,
      subscriber.id,
      (current) =>
        sentBefore(current, job)
          ? undefined
          : {
              ...current,
              lastDigestAt: new Date(job.windowEnd).toISOString(),
              lastDigestSentFor: new Date(job.windowEnd).toISOString(),
            },
      record,
    ).then(
      () => true,
      (error: unknown) => {
        deps.log?.('warn', 'digest sent but lastDigestAt not updated: its claim is marked sent', {
          subscriberId: subscriber.id,
          error,
        });
        return false;
      },
    );
    if (!moved) await deps.deliveries.completeSend(key, { messageId, at: now });
  });
  return result;
}

/** Whether the reader's digests have reached past this job's window (this one was sent, or a later one). */
function sentBefore(subscriber: { lastDigestAt?: string }, job: DigestJob): boolean {
  return (
    subscriber.lastDigestAt !== undefined && Date.parse(subscriber.lastDigestAt) >= Date.parse(job.windowEnd)
  );
}

async function deliver(
  digest: RenderedDigest,
  subscriber: { id: string; email: string },
  deps: SendDigestDeps,
  now: Date,
): Promise<string> {
  const links = personalLinks(deps.settings, deps.signer, subscriber, now);
  const mail = personalize(digest, links);
  const raw = await buildMime({
    ...mail,
    from: deps.settings.from,
    replyTo: deps.settings.replyTo,
    to: subscriber.email,
    kind: 'digest',
    unsubscribeUrl: links.unsubscribeUrl,
    date: now,
  });
  return (await deps.mailer.send({ to: subscriber.email, raw, kind: 'digest' })).messageId;
}

/** Keeps the last few rendered digests of this container: a group spans many messages. */
export function cachedRenders(store: RenderedDigestStore, size = 20): RenderedDigestStore {
  const cache = new Map<string, RenderedDigest>();
  return {
    put: (key, digest) => store.put(key, digest),
    async get(key) {
      const hit = cache.get(key);
      if (hit) return hit;
      const digest = await store.get(key);
      if (digest) {
        cache.set(key, digest);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return digest;
    },
  };
}
