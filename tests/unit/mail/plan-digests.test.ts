import { describe, expect, it } from 'vitest';
import type { Subscriber, SubscriptionPreferences } from '../../../shared/domain/subscriber.js';
import type { AlertFlush, DigestJob } from '../../../shared/mail/messages.js';
import { planDigests } from '../../../shared/mail/plan-digests.js';
import { nextDigestAt } from '../../../shared/mail/schedule.js';
import {
  clipping,
  confirmedSubscriber,
  MemoryClippings,
  MemoryDeliveries,
  MemoryQueue,
  MemoryRenders,
  MemorySubscribers,
} from '../../support/mail-memory.js';

const confirmedAt = new Date('2026-11-26T07:00:00Z'); // 14:00 in Hanoi, 08:00 in Berlin

function subscriber(email: string, preferences: Partial<SubscriptionPreferences>): Subscriber {
  const at = confirmedAt.toISOString();
  const person = confirmedSubscriber(email, preferences, { createdAt: at, confirmedAt: at });
  return { ...person, nextDigestAt: nextDigestAt(person.preferences, confirmedAt)?.toISOString() };
}

const refuse = async () => {
  throw new Error('not to be called in this run');
};

async function setup(people: Subscriber[]) {
  const subscribers = new MemorySubscribers();
  for (const person of people) await subscribers.save(person, undefined);
  const clippings = new MemoryClippings();
  // Recorded during 26/11 UTC; two papers ran story 1 (the second's copy is clipped under it).
  await clippings.record(
    clipping(1, { title: 'Hà Nam khởi công cầu', recordedAt: '2026-11-26T08:00:00.000Z' }),
  );
  await clippings.record(
    clipping(1, {
      title: 'Hà Nam khởi công cầu',
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example/khoi-cong-cau.html',
      recordedAt: '2026-11-26T09:00:00.000Z',
      copyOf: 'bao-ha-nam',
    }),
  );
  await clippings.record(clipping(3, { title: 'Giá lúa tăng', recordedAt: '2026-11-26T20:00:00.000Z' }));
  const deps = {
    subscribers,
    clippings,
    sources: {
      list: async () =>
        [
          { id: 'bao-ha-nam', name: 'Báo Hà Nam' },
          { id: 'bao-nam-dinh', name: 'Báo Nam Định' },
        ].map((source) => ({ source: source as never, health: { consecutiveFailures: 0, validators: {} } })),
    },
    renders: new MemoryRenders(),
    digests: new MemoryQueue<DigestJob>(),
    deliveries: new MemoryDeliveries(),
    alertFlushes: new MemoryQueue<AlertFlush>(),
  };
  const plan = (at: string) => planDigests({ ...deps, now: () => new Date(at) });
  return { ...deps, plan };
}

describe('planning digests', () => {
  it('sends at 07:00 in each subscriber’s zone: Hanoi first, Berlin six hours later', async () => {
    const hanoi = subscriber('hanoi@example.vn', {});
    const berlin = subscriber('berlin@example.de', { timeZone: 'Europe/Berlin' });
    const { plan, digests, renders, subscribers } = await setup([hanoi, berlin]);

    expect((await plan('2026-11-26T23:59:59Z')).due).toBe(0); // 06:59:59 in Hanoi
    const atHanoi = await plan('2026-11-27T00:00:00Z'); // 07:00 in Hanoi, 01:00 in Berlin
    expect(atHanoi).toMatchObject({ due: 1, queued: 1, messages: 1 });
    expect(digests.sent.map((j) => j.subscriberIds)).toEqual([[hanoi.id]]);
    expect(digests.sent[0]!.period).toBe('2026-11-27');
    expect(renders.items.get(digests.sent[0]!.renderKey)?.subject).toBe(
      'Bản tin Bantin: 2 bài mới ngày 27/11/2026',
    );
    expect((await subscribers.get(hanoi.id))?.subscriber.nextDigestAt).toBe('2026-11-28T07:00:00+07:00');

    expect((await plan('2026-11-27T05:59:59Z')).due).toBe(0); // 06:59:59 in Berlin
    expect(await plan('2026-11-27T06:00:00Z')).toMatchObject({ due: 1, queued: 1 }); // 07:00 in Berlin
    expect(digests.sent.map((j) => j.subscriberIds)).toEqual([[hanoi.id], [berlin.id]]);
    expect(digests.sent[1]!.period).toBe('2026-11-27');
    expect((await subscribers.get(berlin.id))?.subscriber.nextDigestAt).toBe('2026-11-28T07:00:00+01:00');
  });

  it('after a digest due at once, before the day’s hour, schedules the next one the day after', async () => {
    // Due at 06:33 in Hanoi (a first digest sent at once), the hour being 07:00.
    const early = { ...subscriber('early@example.vn', {}), nextDigestAt: '2026-11-26T23:33:00Z' };
    const { plan, digests, subscribers } = await setup([early]);
    expect(await plan('2026-11-26T23:33:00Z')).toMatchObject({ due: 1, queued: 1 });
    expect(digests.sent[0]!.period).toBe('2026-11-27');
    // Not 07:00 the same day: that day's digest is sent.
    expect((await subscribers.get(early.id))?.subscriber.nextDigestAt).toBe('2026-11-28T07:00:00+07:00');
  });

  it('calls neither the rendered digests nor a queue in a run with no one due (their clients load on first call)', async () => {
    const { plan, ...deps } = await setup([subscriber('hanoi@example.vn', {})]);
    const untouchable = { put: refuse, get: refuse, send: refuse } as never;
    const result = await planDigests({
      ...deps,
      renders: untouchable,
      digests: untouchable,
      alertFlushes: untouchable,
      now: () => new Date('2026-11-26T23:59:59Z'), // 06:59:59 in Hanoi
    });
    expect(result).toMatchObject({ due: 0, messages: 0, alertFlushes: 0 });
  });

  it('renders once per group of readers with the same choice, zone and window, and batches them', async () => {
    const people = Array.from({ length: 120 }, (_, n) =>
      subscriber(`reader${n}@example.vn`, { keywords: ['Hà Nam'] }),
    );
    const other = subscriber('rice@example.vn', { keywords: ['lua'] });
    const { plan, digests, renders } = await setup([...people, other]);
    const result = await plan('2026-11-27T00:05:00Z');
    expect(result).toMatchObject({ due: 121, groups: 2, queued: 121, messages: 4, skipped: 0 });
    expect(renders.items.size).toBe(2);
    expect(digests.sent.map((j) => j.subscriberIds.length)).toEqual([50, 50, 20, 1]);
    const haNam = renders.items.get(digests.sent[0]!.renderKey)!;
    // The "cau" story from two papers appears once, naming the second paper.
    expect(haNam.itemCount).toBe(1);
    expect(haNam.text).toContain('Cũng đăng trên: Báo Nam Định');
    expect(renders.items.get(digests.sent[3]!.renderKey)!.subject).toBe(
      'Bản tin Bantin: 1 bài mới ngày 27/11/2026',
    );
  });

  it("credits a paper's copy of a story to the readers who get the story under its own paper (attack run 29)", async () => {
    const both = subscriber('ca-hai@example.vn', { sources: ['bao-ha-nam', 'bao-nam-dinh'] });
    const every = subscriber('moi-bao@example.vn', {});
    const { plan, digests, renders, clippings } = await setup([both, every]);
    const story = clipping(4, {
      title: 'Hà Nam mở đường mới',
      recordedAt: '2026-11-26T10:00:00.000Z',
    });
    await clippings.record(story);
    await clippings.record({
      ...story,
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example/duong.html',
      recordedAt: '2026-11-26T11:00:00.000Z',
      copyOf: 'bao-ha-nam',
    });
    await plan('2026-11-27T00:05:00Z');
    for (const job of digests.sent) {
      const text = renders.items.get(job.renderKey)!.text;
      expect(text.match(/Hà Nam mở đường mới/g)).toHaveLength(1);
      // Story "cau" (two papers' own articles) and this one (a story and a copy) both credit the other paper.
      expect(text.match(/Cũng đăng trên: Báo Nam Định/g)).toHaveLength(2);
    }
    expect(digests.sent.flatMap((job) => job.subscriberIds).sort()).toEqual([both.id, every.id].sort());
  });

  it('names a paper deleted since its article was clipped by the name it had, not by its id', async () => {
    const reader = subscriber('doc-gia@example.vn', {});
    const { plan, digests, renders, clippings } = await setup([reader]);
    await clippings.record(
      clipping(5, {
        title: 'Thái Bình gặt lúa mùa',
        sourceId: 'bao-thai-binh',
        paper: 'Báo Thái Bình',
        recordedAt: '2026-11-26T12:00:00.000Z',
      }),
    );
    await plan('2026-11-27T00:05:00Z');
    const digest = renders.items.get(digests.sent[0]!.renderKey)!;
    expect(digest.text).toContain('Báo Thái Bình');
    expect(digest.text).not.toContain('bao-thai-binh');
    expect(digest.html).not.toContain('bao-thai-binh');
  });

  it('sends no empty digest, but moves the schedule and the window on', async () => {
    const picky = subscriber('picky@example.vn', { keywords: ['bong da'] });
    const { plan, digests, subscribers } = await setup([picky]);
    expect(await plan('2026-11-27T00:00:00Z')).toMatchObject({ due: 1, queued: 0, empty: 1 });
    expect(digests.sent).toEqual([]);
    const after = (await subscribers.get(picky.id))!.subscriber;
    expect(after.lastDigestAt).toBe('2026-11-27T00:00:00.000Z');
    expect(after.nextDigestAt).toBe('2026-11-28T07:00:00+07:00');
    expect((await plan('2026-11-27T00:15:00Z')).due).toBe(0);
  });

  it('includes only articles new since the last digest', async () => {
    const reader = { ...subscriber('reader@example.vn', {}), lastDigestAt: '2026-11-26T10:00:00.000Z' };
    const { plan, digests, renders } = await setup([reader]);
    await plan('2026-11-27T00:00:00Z');
    expect(renders.items.get(digests.sent[0]!.renderKey)?.text).toContain('Giá lúa tăng');
    expect(renders.items.get(digests.sent[0]!.renderKey)?.itemCount).toBe(1);
  });

  it('asks for a flush of alerts held back past the hour, and of an alert whose lease ended unconfirmed', async () => {
    const { deliveries, alertFlushes, plan } = await setup([]);
    const state = (id: string, extra: object) => ({
      subscriberId: id,
      hour: '2026-11-27T01',
      sentThisHour: 1,
      pending: [],
      recent: [],
      ...extra,
    });
    await deliveries.saveAlertState(state('held', { pending: ['2026-11-27/a'] }), undefined);
    await deliveries.saveAlertState(
      state('lost', { sending: [{ id: 'x', refs: ['2026-11-27/b'], until: '2026-11-27T01:02:30.000Z' }] }),
      undefined,
    );
    await deliveries.saveAlertState(
      state('sending', { sending: [{ id: 'y', refs: ['2026-11-27/c'], until: '2026-11-27T01:10:00.000Z' }] }),
      undefined,
    );
    // In the hour held back, only the lost alert; the next hour, the held-back ones too.
    await plan('2026-11-27T01:05:00Z');
    await plan('2026-11-27T02:00:00Z');
    expect(alertFlushes.sent.map((m) => m.subscriberIds)).toEqual([['lost'], ['held', 'lost', 'sending']]);
  });

  it('plans no one who is not confirmed, and no one twice', async () => {
    const pending = { ...subscriber('pending@example.vn', {}), status: 'pending' as const };
    const gone = { ...subscriber('gone@example.vn', {}), status: 'unsubscribed' as const };
    const reader = subscriber('reader@example.vn', {});
    const { plan, digests } = await setup([pending, gone, reader]);
    await plan('2026-11-27T00:00:00Z');
    await plan('2026-11-27T00:00:01Z');
    expect(digests.sent.flatMap((j) => j.subscriberIds)).toEqual([reader.id]);
  });
});
