/**
 * Plans the digests due now: finds the confirmed subscribers whose send time has come, groups
 * those who get the same articles (same choice, zone, period and window), renders each group's
 * digest once and queues it with its readers in batches of 50. Empty digests are not sent. Each
 * planned subscriber's next send time moves on, so a retried or overlapping run plans no one
 * twice; a reader whose digest is lost gets its articles in the next one (the window starts at
 * the last digest actually sent).
 */
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from '../concurrency.js';
import type { Subscriber } from '../domain/subscriber.js';
import { toZonedIso } from '../domain/time.js';
import type { SourceRepository } from '../ports.js';
import { type Clipping, paperNames } from './clipping.js';
import type { AlertFlush, DigestJob } from './messages.js';
import type {
  ClippingStore,
  DeliveryLog,
  JobQueue,
  RenderedDigestStore,
  SubscriberRepository,
} from './ports.js';
import {
  creditFor,
  matcherFor,
  type PreparedClipping,
  preferenceKey,
  prepareClipping,
  selectItems,
} from './preferences.js';
import { leaseEnded, type RenderedDigest, type SubscriberRecord } from './records.js';
import { renderDigest } from './render/digest.js';
import { type DigestFrequency, digestPeriod, MAX_DIGEST_WINDOW_MS, nextDigestAt } from './schedule.js';
import { withoutUndefined } from './subscriber-updates.js';

export const DIGEST_LIMITS = {
  /** Readers per queue message (one send-digest invocation works through them in parallel). */
  batchSize: 50,
  /** Stories shown in one digest; the rest are counted and linked. */
  maxItems: 60,
  /** Subscriber updates in flight. */
  concurrency: 32,
};

export interface DigestGroup {
  key: string;
  frequency: DigestFrequency;
  timeZone: string;
  period: string;
  scheduledAt: Date;
  since: Date;
  until: Date;
  preferences: Subscriber['preferences'];
  members: SubscriberRecord[];
}

/**
 * When the digest after the one due now is: the subscriber's next hour in a later period. A
 * digest due at once (the demo subscriber's first, at 06:33) is that day's, so the 07:00 of the
 * same day would only be skipped as sent, while the outbox promised it.
 */
function followingDigestAt(subscriber: Subscriber, now: Date): Date | undefined {
  const { preferences } = subscriber;
  const next = nextDigestAt(preferences, now);
  if (!next || preferences.frequency === 'instant' || !subscriber.nextDigestAt) return next;
  const due = digestPeriod(preferences.frequency, new Date(subscriber.nextDigestAt), preferences.timeZone);
  return digestPeriod(preferences.frequency, next, preferences.timeZone) === due
    ? nextDigestAt(preferences, next)
    : next;
}

/** Groups due subscribers by what their digest will contain. Pure: no I/O. */
export function groupDueSubscribers(due: SubscriberRecord[], now: Date): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const record of due) {
    const { subscriber } = record;
    const { preferences } = subscriber;
    if (preferences.frequency === 'instant' || !subscriber.nextDigestAt) continue;
    const scheduledAt = new Date(subscriber.nextDigestAt);
    const period = digestPeriod(preferences.frequency, scheduledAt, preferences.timeZone);
    const start = subscriber.lastDigestAt ?? subscriber.confirmedAt ?? subscriber.createdAt;
    const since = new Date(Math.max(Date.parse(start), now.getTime() - MAX_DIGEST_WINDOW_MS));
    const key = createHash('sha256')
      .update(
        [
          preferenceKey(preferences),
          preferences.frequency,
          preferences.timeZone,
          period,
          since.toISOString(),
          now.toISOString(),
        ].join('|'),
      )
      .digest('hex')
      .slice(0, 24);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        frequency: preferences.frequency,
        timeZone: preferences.timeZone,
        period,
        scheduledAt,
        since,
        until: now,
        preferences,
        members: [],
      };
      groups.set(key, group);
    }
    group.members.push(record);
  }
  return [...groups.values()];
}

/**
 * Chooses each group's stories and renders its digest: matching once per distinct choice,
 * rendering once per group. Pure: no I/O. Groups with nothing new get `undefined`.
 */
export function renderGroups(
  groups: DigestGroup[],
  clippings: Clipping[],
  context: { sourceNames: ReadonlyMap<string, string>; homeUrl?: string; maxItems?: number },
): Map<string, RenderedDigest | undefined> {
  const prepared = clippings.map(prepareClipping);
  // Clippings of stories clipped more than once (several papers ran them): where else a story ran.
  const perStory = new Map<string, number>();
  for (const { articleId } of clippings) perStory.set(articleId, (perStory.get(articleId) ?? 0) + 1);
  const shared = prepared.filter((a) => perStory.get(a.clipping.articleId)! > 1);
  const byChoice = new Map<string, { matched: PreparedClipping[]; credited: PreparedClipping[] }>();
  const rendered = new Map<string, RenderedDigest | undefined>();
  for (const group of groups) {
    const choice = preferenceKey(group.preferences);
    let chosen = byChoice.get(choice);
    if (!chosen) {
      chosen = {
        matched: prepared.filter(matcherFor(group.preferences)),
        credited: shared.filter(creditFor(group.preferences)),
      };
      byChoice.set(choice, chosen);
    }
    const since = group.since.toISOString();
    const until = group.until.toISOString();
    const inWindow = (list: PreparedClipping[]) =>
      list.filter((a) => a.clipping.recordedAt >= since && a.clipping.recordedAt < until);
    const { items, total } = selectItems(
      inWindow(chosen.matched),
      () => true,
      context.maxItems ?? DIGEST_LIMITS.maxItems,
      inWindow(chosen.credited),
    );
    if (items.length === 0) {
      rendered.set(group.key, undefined);
      continue;
    }
    const mail = renderDigest({
      items,
      more: total - items.length,
      frequency: group.frequency,
      scheduledAt: group.scheduledAt,
      timeZone: group.timeZone,
      sourceNames: context.sourceNames,
      homeUrl: context.homeUrl,
    });
    rendered.set(group.key, { ...mail, frequency: group.frequency, period: group.period, itemCount: total });
  }
  return rendered;
}

/** Tries to move a reader's next digest past the one just planned, when others save the reader too. */
const ADVANCE_ATTEMPTS = 4;

export interface PlanDigestsDeps {
  subscribers: SubscriberRepository;
  clippings: ClippingStore;
  sources: Pick<SourceRepository, 'list'>;
  renders: RenderedDigestStore;
  digests: JobQueue<DigestJob>;
  deliveries: Pick<DeliveryLog, 'pendingAlerts'>;
  alertFlushes: JobQueue<AlertFlush>;
  homeUrl?: string;
  now: () => Date;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface PlanResult {
  due: number;
  groups: number;
  /** Subscribers whose digest was queued, and the queue messages that carry them. */
  queued: number;
  messages: number;
  /** Subscribers with nothing new: no digest, next one scheduled. */
  empty: number;
  /** Subscribers changed by someone else meanwhile: left for the next run. */
  skipped: number;
  alertFlushes: number;
}

export async function planDigests(deps: PlanDigestsDeps): Promise<PlanResult> {
  const now = deps.now();
  const due = await deps.subscribers.dueForDigest(now);
  const groups = groupDueSubscribers(due, now);
  const earliest = groups.reduce((min, g) => Math.min(min, g.since.getTime()), now.getTime());
  const clippings = groups.length > 0 ? await deps.clippings.recordedBetween(new Date(earliest), now) : [];
  const sourceNames = paperNames(
    new Map((await deps.sources.list()).map((r) => [r.source.id, r.source.name])),
    clippings,
  );
  const rendered = renderGroups(groups, clippings, { sourceNames, homeUrl: deps.homeUrl });

  const result: PlanResult = {
    due: due.length,
    groups: groups.length,
    queued: 0,
    messages: 0,
    empty: 0,
    skipped: 0,
    alertFlushes: 0,
  };
  for (const group of groups) {
    const digest = rendered.get(group.key);
    const save = ({ subscriber, version }: SubscriberRecord) => {
      const next = followingDigestAt(subscriber, now);
      return deps.subscribers.save(
        withoutUndefined({
          ...subscriber,
          nextDigestAt: next ? toZonedIso(next, subscriber.preferences.timeZone) : undefined,
          // Nothing new in the window: the next digest can start where this one would have ended.
          lastDigestAt: digest ? subscriber.lastDigestAt : now.toISOString(),
        }),
        version,
      );
    };
    // Saved by another meanwhile (the digest's own sender, which may take the job at once; the
    // reader's manage form): read again and advanced all the same while still due at the planned
    // time, keeping the other's change. Left due, the reader was planned again at the next run, for
    // the same period, and got a second digest (attack run 35).
    const advance = async (record: SubscriberRecord) => {
      let current = record;
      for (let attempt = 0; attempt < ADVANCE_ATTEMPTS; attempt++) {
        const saved = await save(current);
        if (saved !== undefined) return saved;
        const fresh = await deps.subscribers.get(record.subscriber.id);
        if (!fresh || fresh.subscriber.nextDigestAt !== record.subscriber.nextDigestAt) return undefined;
        current = fresh;
      }
      return undefined;
    };
    if (!digest) {
      const saved = await mapWithConcurrency(group.members, DIGEST_LIMITS.concurrency, advance);
      result.empty += saved.filter((v) => v !== undefined).length;
      result.skipped += saved.filter((v) => v === undefined).length;
      continue;
    }
    const renderKey = `mail/digests/${group.period}/${group.key}.json`;
    await deps.renders.put(renderKey, digest);
    for (let i = 0; i < group.members.length; i += DIGEST_LIMITS.batchSize) {
      const batch = group.members.slice(i, i + DIGEST_LIMITS.batchSize);
      // Queued first, then advanced: a crash in between re-plans them, and the send record
      // of the period keeps the digest to one.
      await deps.digests.send([
        {
          renderKey,
          period: group.period,
          windowEnd: now.toISOString(),
          subscriberIds: batch.map((r) => r.subscriber.id),
        },
      ]);
      result.messages++;
      result.queued += batch.length;
      const saved = await mapWithConcurrency(batch, DIGEST_LIMITS.concurrency, advance);
      result.skipped += saved.filter((v) => v === undefined).length;
    }
  }

  // Alerts held back by the hourly cap go out once a new hour starts, even if no article comes;
  // and an alert whose lease ended unconfirmed (lost with its invocation) goes again.
  const hour = now.toISOString().slice(0, 13);
  const waiting = (await deps.deliveries.pendingAlerts()).filter(
    (s) =>
      (s.pending.length > 0 && s.hour < hour) || (s.sending ?? []).some((lease) => leaseEnded(lease, now)),
  );
  for (let i = 0; i < waiting.length; i += 100) {
    await deps.alertFlushes.send([
      { kind: 'alerts.flush', subscriberIds: waiting.slice(i, i + 100).map((s) => s.subscriberId) },
    ]);
    result.alertFlushes++;
  }
  deps.log?.('digests planned', { ...result });
  return result;
}
