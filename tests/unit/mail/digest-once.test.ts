/**
 * Attack run 35: one reader, one period, two digests. The planner queues a digest job, then
 * advances the reader (a conditional save). When anything saves the reader in between (the
 * send-digest consumer recording lastDigestAt, or the reader saving the manage form), the advance
 * fails ("skipped"), the reader stays due, and the next plan-digests run (15 min later) queues
 * another job for the SAME period, whose send claim has expired (claims are kept only as leases).
 */
import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import type { AlertFlush, DigestJob } from '../../../shared/mail/messages.js';
import { planDigests } from '../../../shared/mail/plan-digests.js';
import { nextDigestAt } from '../../../shared/mail/schedule.js';
import { sendDigestJob } from '../../../shared/mail/send-digest.js';
import { updatePreferences } from '../../../shared/mail/subscriptions.js';
import {
  clipping,
  confirmedSubscriber,
  MemoryClippings,
  MemoryDeliveries,
  MemoryMailer,
  MemoryQueue,
  MemoryRenders,
  MemorySubscribers,
  settings,
  signer,
} from '../../support/mail-memory.js';

const confirmedAt = new Date('2026-11-26T07:00:00Z');
function reader(): Subscriber {
  const at = confirmedAt.toISOString();
  const p = confirmedSubscriber('hanoi@example.vn', {}, { createdAt: at, confirmedAt: at });
  return { ...p, nextDigestAt: nextDigestAt(p.preferences, confirmedAt)?.toISOString() };
}

async function setup(raceWith: 'consumer' | 'manage-form') {
  const subscribers = new MemorySubscribers();
  const person = reader();
  await subscribers.save(person, undefined);
  const clippings = new MemoryClippings();
  await clippings.record(
    clipping(1, { title: 'Hà Nam khởi công cầu', recordedAt: '2026-11-26T08:00:00.000Z' }),
  );
  const renders = new MemoryRenders();
  const deliveries = new MemoryDeliveries();
  const mailer = new MemoryMailer();
  let now = new Date('2026-11-27T00:00:00Z'); // 07:00 in Hanoi
  const sendDeps = { subscribers, deliveries, renders, mailer, signer, settings, now: () => now };
  const digests = new MemoryQueue<DigestJob>();
  const send = digests.send.bind(digests);
  // The job is taken at once (the local runner long-polls; Lambda's poller may too) or the reader
  // saves the manage form while the planner is between queueing and advancing.
  digests.send = async (jobs) => {
    await send(jobs);
    if (raceWith === 'consumer') for (const job of jobs) await sendDigestJob(job, sendDeps);
    else {
      const current = (await subscribers.get(person.id))!;
      await subscribers.save(
        { ...current.subscriber, preferences: { ...current.subscriber.preferences, keywords: [] } },
        current.version,
      );
      for (const job of jobs) await sendDigestJob(job, sendDeps);
    }
  };
  const deps = plannerDeps({ subscribers, clippings, renders, digests, deliveries });
  const plan = async (at: string) => {
    now = new Date(at);
    return planDigests({ ...deps, now: () => now });
  };
  return { plan, clippings, mailer, digests, subscribers, person };
}

describe('one digest per reader and period (attack run 35)', () => {
  for (const race of ['consumer', 'manage-form'] as const) {
    it(`holds when the reader is saved between queueing and advancing (${race})`, async () => {
      const { plan, clippings, mailer, digests, subscribers, person } = await setup(race);
      const first = await plan('2026-11-27T00:00:00Z');
      // Advanced all the same, the other's save kept.
      expect(first).toMatchObject({ queued: 1, skipped: 0 });
      // A story comes in the next quarter of an hour.
      await clippings.record(clipping(2, { title: 'Giá lúa tăng', recordedAt: '2026-11-27T00:05:00.000Z' }));
      const second = await plan('2026-11-27T00:15:00Z');
      expect(second).toMatchObject({ due: 0, queued: 0 });
      expect(digests.sent.map((j) => j.period)).toEqual(['2026-11-27']);
      expect(mailer.sent.map((m) => m.to)).toEqual(['hanoi@example.vn']);
      const { subscriber } = (await subscribers.get(person.id))!;
      if (race === 'manage-form') expect(subscriber.preferences.keywords).toEqual([]);
      else expect(subscriber.lastDigestAt).toBe('2026-11-27T00:00:00.000Z');
    });
  }
});

describe('one digest per reader and period across schedule changes (attack run 37)', () => {
  const changes: [string, Partial<Subscriber['preferences']>, string][] = [
    ['the hour moved later', { sendHour: 8 }, '2026-11-28T08:00:00+07:00'],
    [
      'the zone moved west, the same local date',
      { timeZone: 'Asia/Kolkata', sendHour: 6 },
      '2026-11-28T06:00:00+05:30',
    ],
    ['weekly, then daily again', { frequency: 'daily', sendHour: 9 }, '2026-11-28T09:00:00+07:00'],
  ];
  it.each(changes)(
    "after the day's digest, %s: none more that day, the next one the day after",
    async (_, change, next) => {
      const w = await scheduleWorld('daily');
      await w.clippings.record(
        clipping(1, { title: 'Hà Nam khởi công cầu', recordedAt: '2026-11-26T08:00:00.000Z' }),
      );
      await w.planAndSend('2026-11-27T00:00:00Z'); // 07:00 in Hanoi
      expect(w.mailer.sent).toHaveLength(1);
      // 07:20 in Hanoi: the reader saves the manage form (twice for "weekly, then daily again").
      if (change.frequency === 'daily') await w.save('2026-11-27T00:20:00Z', { frequency: 'weekly' });
      const saved = await w.save('2026-11-27T00:20:00Z', change);
      expect(saved.ok && saved.subscriber.nextDigestAt).toBe(next);
      await w.clippings.record(
        clipping(2, { title: 'Giá lúa tăng', recordedAt: '2026-11-27T00:30:00.000Z' }),
      );
      for (const at of [
        '2026-11-27T00:45:00Z',
        '2026-11-27T01:00:00Z',
        '2026-11-27T02:15:00Z',
        '2026-11-27T16:00:00Z',
      ])
        await w.planAndSend(at);
      expect(w.mailer.sent).toHaveLength(1);
    },
  );

  it('a change to a later period keeps its first send time (the zone moved east past midnight)', async () => {
    const subscribers = new MemorySubscribers();
    const person = { ...reader(), lastDigestAt: '2026-11-27T00:00:00.000Z' };
    await subscribers.save(person, undefined);
    const now = new Date('2026-11-27T00:20:00Z');
    const saved = await updatePreferences(
      signer.sign('manage', person.id, now),
      { ...person.preferences, timeZone: 'Pacific/Kiritimati', sendHour: 7 },
      { subscribers, signer, now: () => now },
      { deliveries: new MemoryDeliveries(), clippings: new MemoryClippings() },
    );
    // 07:20 in Hanoi is 14:20 on the 27th at UTC+14: the next 07:00 there is the 28th's, a later date.
    expect(saved.ok && saved.subscriber.nextDigestAt).toBe('2026-11-28T07:00:00+14:00');
  });
});

async function scheduleWorld(frequency: 'instant' | 'daily') {
  const at = '2026-11-26T07:00:00.000Z';
  const p = confirmedSubscriber('hanoi@example.vn', { frequency }, { createdAt: at, confirmedAt: at });
  const person: Subscriber = { ...p, nextDigestAt: nextDigestAt(p.preferences, new Date(at))?.toISOString() };
  const subscribers = new MemorySubscribers();
  await subscribers.save(person, undefined);
  const clippings = new MemoryClippings();
  const renders = new MemoryRenders();
  const deliveries = new MemoryDeliveries();
  const mailer = new MemoryMailer();
  let now = new Date(at);
  const digests = new MemoryQueue<DigestJob>();
  const sendDeps = { subscribers, deliveries, renders, mailer, signer, settings, now: () => now };
  const deps = plannerDeps({ subscribers, clippings, renders, digests, deliveries });
  const planAndSend = async (iso: string) => {
    now = new Date(iso);
    const before = digests.sent.length;
    await planDigests({ ...deps, now: () => now });
    for (const job of digests.sent.slice(before)) await sendDigestJob(job, sendDeps);
  };
  const save = async (iso: string, change: Partial<Subscriber['preferences']>) => {
    now = new Date(iso);
    const current = (await subscribers.get(person.id))!.subscriber;
    const r = await updatePreferences(
      signer.sign('manage', person.id, now),
      { ...current.preferences, ...change },
      { subscribers, signer, now: () => now },
      { deliveries, clippings },
    );
    return r;
  };
  return { clippings, digests, mailer, planAndSend, save };
}
const every15 = (fromIso: string, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(fromIso) + i * 900_000).toISOString());

describe('digest schedule changes around instant alerts (attack run 38)', () => {
  it('instant, then daily, then a later hour before the first digest: that day still gets its digest', async () => {
    const w = await scheduleWorld('instant');
    await w.save('2026-11-26T22:30:00Z', { frequency: 'daily', sendHour: 7 }); // 05:30 27/11 Hanoi
    await w.clippings.record(
      clipping(1, { title: 'Hà Nam khởi công cầu', recordedAt: '2026-11-26T22:35:00.000Z' }),
    );
    await w.save('2026-11-26T22:45:00Z', { sendHour: 8 }); // 05:45: "rather 08:00"
    for (const at of every15('2026-11-26T23:00:00Z', 4 * 17)) await w.planAndSend(at); // to 27/11 23:45 Hanoi
    expect(w.digests.sent.map((j) => j.period)).toContain('2026-11-27');
  });
  it("the day's digest sent, then instant, then daily at a later hour the same day: no second one", async () => {
    const w = await scheduleWorld('daily');
    await w.clippings.record(
      clipping(1, { title: 'Hà Nam khởi công cầu', recordedAt: '2026-11-26T08:00:00.000Z' }),
    );
    await w.planAndSend('2026-11-27T00:00:00Z'); // 07:00 Hanoi digest
    await w.save('2026-11-27T00:10:00Z', { frequency: 'instant' });
    await w.save('2026-11-27T00:20:00Z', { frequency: 'daily', sendHour: 8 });
    await w.clippings.record(clipping(2, { title: 'Giá lúa tăng', recordedAt: '2026-11-27T00:30:00.000Z' }));
    for (const at of every15('2026-11-27T00:45:00Z', 6)) await w.planAndSend(at);
    expect(w.mailer.sent).toHaveLength(1);
  });
});

/** What plan-digests is given here: the stores, no papers, a queue for alert flushes. */
function plannerDeps<T extends object>(stores: T) {
  return { ...stores, sources: { list: async () => [] }, alertFlushes: new MemoryQueue<AlertFlush>() };
}
