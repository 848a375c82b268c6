/** What every mail store does: the in-memory fakes and the DynamoDB and S3 adapters alike. */
import { expect, it } from 'vitest';
import { type Subscriber, SubscriberSchema } from '../../shared/domain/subscriber.js';
import { clippingRef } from '../../shared/mail/clipping.js';
import type {
  ClippingStore,
  DeliveryLog,
  RenderedDigestStore,
  SubscriberRepository,
} from '../../shared/mail/ports.js';
import type { AlertState, RenderedDigest } from '../../shared/mail/records.js';
import { clipping } from '../support/mail-memory.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');

const subscriber = (n: number, overrides: Partial<Subscriber> = {}): Subscriber =>
  SubscriberSchema.parse({
    id: hex(n),
    email: `ban-doc-${n}@example.vn`,
    status: 'confirmed',
    preferences: { frequency: 'daily' },
    createdAt: '2026-11-01T00:00:00Z',
    nextDigestAt: '2026-11-30T00:00:00Z',
    ...overrides,
  });

const ids = (records: { subscriber: Subscriber }[]) => records.map((r) => r.subscriber.id).sort();

export function subscriberRepositoryContract(make: () => Promise<SubscriberRepository>): void {
  it('saves a subscriber only at the version it read, and reads it back', async () => {
    const subscribers = await make();
    const s = subscriber(1);
    expect(await subscribers.save(s, undefined)).toBe(1);
    expect(await subscribers.save(s, undefined)).toBeUndefined();
    const renamed = { ...s, email: 'moi@example.vn' };
    expect(await subscribers.save(renamed, 1)).toBe(2);
    expect(await subscribers.save(s, 1)).toBeUndefined();
    expect(await subscribers.get(s.id)).toEqual({ subscriber: renamed, version: 2 });
    expect(await subscribers.get(hex(2))).toBeUndefined();
  });

  it('reads many by id, each once, leaving out the unknown ones', async () => {
    const subscribers = await make();
    for (const n of [1, 2, 3]) await subscribers.save(subscriber(n), undefined);
    expect(ids(await subscribers.getMany([hex(3), hex(1), hex(3), hex(9)]))).toEqual([hex(1), hex(3)]);
    expect(await subscribers.getMany([])).toEqual([]);
  });

  it('finds the confirmed digest readers who are due, and the confirmed instant ones', async () => {
    const subscribers = await make();
    const people = [
      subscriber(1),
      subscriber(2, { nextDigestAt: '2026-11-30T05:00:00Z' }),
      subscriber(3, { status: 'pending' }),
      subscriber(4, { preferences: { ...subscriber(4).preferences, frequency: 'weekly' } }),
      subscriber(5, {
        preferences: { ...subscriber(5).preferences, frequency: 'instant' },
        nextDigestAt: undefined,
      }),
      subscriber(6, {
        status: 'unsubscribed',
        preferences: { ...subscriber(6).preferences, frequency: 'instant' },
      }),
    ];
    for (const s of people) await subscribers.save(s, undefined);
    const due = await subscribers.dueForDigest(new Date('2026-11-30T00:00:00Z'));
    expect(ids(due)).toEqual([hex(1), hex(4)]);
    // Whole readers with their versions, as a read by id gives them (the index may hold keys only).
    for (const record of due) expect(record).toEqual(await subscribers.get(record.subscriber.id));
    expect(ids(await subscribers.instantSubscribers())).toEqual([hex(5)]);
  });
}

export function deliveryLogContract(make: () => Promise<DeliveryLog>): void {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 1, 0, seconds));

  it('counts hits in a window that starts at the first one, and starts again once it is over', async () => {
    const log = await make();
    expect(await log.hit('rate#a', 10, at(0))).toBe(1);
    expect(await log.hit('rate#a', 10, at(5))).toBe(2);
    expect(await log.hit('rate#b', 10, at(5))).toBe(1);
    expect(await log.hit('rate#a', 10, at(11))).toBe(1);
    expect(await log.hit('rate#a', 10, at(12))).toBe(2);
  });

  it('lets one attempt claim a send; a released claim can be taken again, a completed one never', async () => {
    const log = await make();
    expect(await log.claimSend('digest#1', 60, at(0))).toBe(true);
    expect(await log.claimSend('digest#1', 60, at(1))).toBe(false);
    await log.releaseSend('digest#1');
    expect(await log.claimSend('digest#1', 60, at(2))).toBe(true);
    await log.completeSend('digest#1', { messageId: 'm-1', at: at(3) });
    await log.releaseSend('digest#1');
    expect(await log.claimSend('digest#1', 60, at(120))).toBe(false);
  });

  it('lets a claim whose lease ran out be taken by another attempt', async () => {
    const log = await make();
    expect(await log.claimSend('digest#2', 60, at(0))).toBe(true);
    expect(await log.claimSend('digest#2', 60, at(61))).toBe(true);
  });

  it('saves an alert state only at the version read, and lists the states with alerts waiting', async () => {
    const log = await make();
    // Alert states live a week from their last save: saved now, they are live now.
    const now = new Date();
    const state = (subscriberId: string, pending: string[]): AlertState => ({
      subscriberId,
      hour: '2026-11-30T01',
      sentThisHour: 5,
      pending,
      recent: ['2026-11-30/aaa'],
    });
    expect(await log.getAlertState(hex(1))).toBeUndefined();
    expect(await log.saveAlertState(state(hex(1), []), undefined, now)).toBe(true);
    expect(await log.saveAlertState(state(hex(1), []), undefined, now)).toBe(false);
    expect(await log.getAlertState(hex(1))).toEqual({ state: state(hex(1), []), version: 1 });
    expect(await log.saveAlertState(state(hex(1), ['2026-11-30/bbb']), 1, now)).toBe(true);
    expect(await log.saveAlertState(state(hex(1), []), 1, now)).toBe(false);
    await log.saveAlertState(state(hex(2), []), undefined, now);
    expect(await log.pendingAlerts()).toEqual([state(hex(1), ['2026-11-30/bbb'])]);
    // An alert under way (its lease) is kept, and listed until its lease is ended.
    const sending = [{ id: 'lease-1', refs: ['2026-11-30/ccc'], until: '2026-11-30T01:02:30.000Z' }];
    expect(await log.saveAlertState({ ...state(hex(2), []), sending }, 1, now)).toBe(true);
    expect(await log.getAlertState(hex(2))).toEqual({ state: { ...state(hex(2), []), sending }, version: 2 });
    const listed = (await log.pendingAlerts()).map((s) => s.subscriberId).sort();
    expect(listed).toEqual([hex(1), hex(2)].sort());
    expect(await log.saveAlertState(state(hex(2), []), 2, now)).toBe(true);
    expect((await log.pendingAlerts()).map((s) => s.subscriberId)).toEqual([hex(1)]);
  });
}

export function clippingStoreContract(make: () => Promise<ClippingStore>): void {
  // Clippings live 35 days from their recording: these are recorded a few hours ago.
  const hour = 3_600_000;
  const base = Date.now() - 48 * hour;
  const recorded = (n: number) => {
    const at = new Date(base + n * hour);
    return clipping(n, { recordedAt: at.toISOString(), day: at.toISOString().slice(0, 10) });
  };

  it('records a clipping once per article and day', async () => {
    const clippings = await make();
    expect(await clippings.record(recorded(1))).toBe(true);
    expect(await clippings.record({ ...recorded(1), title: 'Khác' })).toBe(false);
    expect(await clippings.getMany([`${recorded(1).day}/${recorded(1).articleId}`])).toEqual([recorded(1)]);
  });

  it('records many clippings at once as record() does one by one, past one batch write of 25', async () => {
    const clippings = await make();
    await clippings.record(recorded(1));
    const many = Array.from({ length: 30 }, (_, n) => recorded(n + 1));
    const stored = await clippings.recordMany([...many, { ...recorded(2), title: 'Khác' }]);
    expect(stored).toEqual([false, ...many.slice(1).map(() => true), false]);
    const ref = (c: { day: string; articleId: string }) => `${c.day}/${c.articleId}`;
    const found = await clippings.getMany(many.map(ref));
    expect(found.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))).toEqual(many);
    expect(await clippings.recordMany([])).toEqual([]);
  });

  it('replaces stored clippings with revised ones, of the same day and key', async () => {
    const clippings = await make();
    await clippings.recordMany([recorded(1), recorded(2)]);
    const revised = { ...recorded(1), title: 'Tiêu đề đã sửa', summary: 'Tóm tắt mới' };
    await clippings.replaceMany([revised]);
    const ref = (c: { day: string; articleId: string }) => `${c.day}/${c.articleId}`;
    expect(await clippings.getMany([ref(recorded(1)), ref(recorded(2))])).toEqual(
      expect.arrayContaining([revised, recorded(2)]),
    );
    expect(await clippings.recordedBetween(new Date(base), new Date(base + 3 * 3_600_000))).toEqual([
      revised,
      recorded(2),
    ]);
    await clippings.replaceMany([]);
  });

  it("keeps a paper's copy of a stored story beside the story's clipping, once per paper and day", async () => {
    const clippings = await make();
    const story = recorded(1);
    const copy = {
      ...story,
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example/ban-sao.html',
      copyOf: 'bao-ha-nam',
    };
    expect(await clippings.record(story)).toBe(true);
    expect(await clippings.recordMany([copy, { ...copy, title: 'Khác' }])).toEqual([true, false]);
    expect(await clippings.record({ ...copy, sourceId: 'bao-thai-binh' })).toBe(true);
    expect(await clippings.record(copy)).toBe(false);
    const found = await clippings.recordedBetween(new Date(base), new Date(base + 2 * hour));
    expect(found.map((c) => [c.articleId, c.sourceId, c.copyOf]).sort()).toEqual([
      [story.articleId, 'bao-ha-nam', undefined],
      [story.articleId, 'bao-nam-dinh', 'bao-ha-nam'],
      [story.articleId, 'bao-thai-binh', 'bao-ha-nam'],
    ]);
    expect(await clippings.getMany([clippingRef(copy)])).toEqual([copy]);
    expect(await clippings.getMany([clippingRef(story)])).toEqual([story]);
  });

  it('gives the clippings recorded in [since, until), oldest first, across days', async () => {
    const clippings = await make();
    for (const n of [30, 1, 20, 10, 40]) await clippings.record(recorded(n));
    const found = await clippings.recordedBetween(new Date(base + 10 * hour), new Date(base + 40 * hour));
    expect(found).toEqual([recorded(10), recorded(20), recorded(30)]);
  });

  it('reads many by reference, each once, leaving out the unknown ones', async () => {
    const clippings = await make();
    for (const n of [1, 2]) await clippings.record(recorded(n));
    const ref = (c: { day: string; articleId: string }) => `${c.day}/${c.articleId}`;
    const found = await clippings.getMany([
      ref(recorded(2)),
      ref(recorded(1)),
      ref(recorded(2)),
      ref(recorded(3)),
    ]);
    expect(found.map((c) => c.articleId).sort()).toEqual([recorded(1).articleId, recorded(2).articleId]);
  });
}

export function renderedDigestStoreContract(make: () => Promise<RenderedDigestStore>): void {
  it('reads back a rendered digest, and nothing it was not given', async () => {
    const renders = await make();
    const digest: RenderedDigest = {
      subject: 'Bản tin sáng 30/11',
      html: '<p>Chào \u0000email\u0000</p>',
      text: 'Chào \u0000email\u0000',
      frequency: 'daily',
      period: '2026-11-30',
      itemCount: 6,
    };
    await renders.put('mail/digests/2026-11-30/abc.json', digest);
    expect(await renders.get('mail/digests/2026-11-30/abc.json')).toEqual(digest);
    expect(await renders.get('mail/digests/2026-11-30/def.json')).toBeUndefined();
  });
}
