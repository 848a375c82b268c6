/** Sending digests and alerts with in-memory ports: once per period, the hourly cap, roll-over. */
import { describe, expect, it, vi } from 'vitest';
import { ARTICLE_LIMITS, type Article } from '../../../shared/domain/article.js';
import { entryOf } from '../../../shared/domain/article-entry.js';
import { type ArticleEvent, articleEventAttributes, articleEventOf } from '../../../shared/domain/events.js';
import { EXCERPT_CHARS, excerptOf } from '../../../shared/domain/excerpt.js';
import type { Subscriber } from '../../../shared/domain/subscriber.js';
import type { AlertFlush, DigestJob } from '../../../shared/mail/messages.js';
import { planDigests } from '../../../shared/mail/plan-digests.js';
import {
  ALERT_LEASE_MS,
  ALERT_LIMITS,
  clipArticle,
  processAlerts,
} from '../../../shared/mail/send-alerts.js';
import { digestSendKey, sendDigestJob } from '../../../shared/mail/send-digest.js';
import { updatePreferences } from '../../../shared/mail/subscriptions.js';
import {
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

const person = (email: string, frequency: Subscriber['preferences']['frequency'], keywords: string[] = []) =>
  confirmedSubscriber(email, { frequency, keywords });

describe('sending a digest batch', () => {
  async function setup() {
    const subscribers = new MemorySubscribers();
    const a = person('a@example.vn', 'daily');
    const b = person('b@example.vn', 'daily');
    await subscribers.save(a, undefined);
    await subscribers.save(b, undefined);
    const renders = new MemoryRenders();
    await renders.put('mail/digests/2026-11-27/abc.json', {
      subject: 'Bản tin Bantin: 1 bài mới ngày 27/11/2026',
      html: '<p>\u0000unsubscribe\u0000</p>',
      text: 'Hủy: \u0000unsubscribe\u0000',
      frequency: 'daily',
      period: '2026-11-27',
      itemCount: 1,
    });
    const mailer = new MemoryMailer();
    const deps = {
      subscribers,
      deliveries: new MemoryDeliveries(),
      renders,
      mailer,
      signer,
      settings,
      now: () => new Date('2026-11-27T00:01:00Z'),
    };
    const job = {
      renderKey: 'mail/digests/2026-11-27/abc.json',
      period: '2026-11-27',
      windowEnd: '2026-11-27T00:00:00.000Z',
      subscriberIds: [a.id, b.id],
    };
    return { a, b, deps, job, mailer, subscribers };
  }

  it('sends once per reader and period, however often the message comes', async () => {
    const { deps, job, mailer, subscribers, a } = await setup();
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 2, skipped: 0, failed: [] });
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 0, skipped: 2, failed: [] });
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['a@example.vn', 'b@example.vn']);
    expect((await subscribers.get(a.id))?.subscriber.lastDigestAt).toBe('2026-11-27T00:00:00.000Z');
    const [parsed] = await mailer.parsed();
    expect(parsed!.text).toMatch(
      /^Hủy: https:\/\/api\.bantin\.example\/subscriptions\/unsubscribe\?token=v1\.u\./,
    );
  });

  it('reads each reader once: lastDigestAt is saved from the batch read, read again only if the reader changed', async () => {
    const { deps, job, subscribers, a, b } = await setup();
    const gets: string[] = [];
    const get = subscribers.get.bind(subscribers);
    subscribers.get = async (id) => {
      gets.push(id);
      return get(id);
    };
    // b changes their keywords after the batch was read, before their digest is recorded.
    const getMany = subscribers.getMany.bind(subscribers);
    subscribers.getMany = async (ids) => {
      const records = await getMany(ids);
      const current = (await get(b.id))!;
      const keywords = ['lúa'];
      await subscribers.save(
        { ...current.subscriber, preferences: { ...current.subscriber.preferences, keywords } },
        current.version,
      );
      return records;
    };
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 2, skipped: 0, failed: [] });
    expect(gets).toEqual([b.id]);
    const after = (await get(b.id))!.subscriber;
    expect(after.lastDigestAt).toBe('2026-11-27T00:00:00.000Z');
    expect(after.preferences.keywords).toEqual(['lúa']);
    expect((await get(a.id))!.subscriber.lastDigestAt).toBe('2026-11-27T00:00:00.000Z');
  });

  it('gives a failed send back for the retry, which skips the readers already served', async () => {
    const { deps, job, mailer } = await setup();
    mailer.failFor.add('b@example.vn');
    const first = await sendDigestJob(job, deps);
    expect(first.sent).toBe(1);
    expect(first.failed.map((f) => f.error)).toEqual(['mailbox of b@example.vn unavailable']);
    mailer.failFor.clear();
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 1, skipped: 1, failed: [] });
    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.vn', 'b@example.vn']);
  });

  it("marks a claim sent only when the reader's lastDigestAt cannot be moved; a later delivery sends again neither way", async () => {
    const { deps, job, mailer, subscribers, b } = await setup();
    const completed: string[] = [];
    const complete = deps.deliveries.completeSend.bind(deps.deliveries);
    deps.deliveries.completeSend = async (key, details) => {
      completed.push(key);
      return complete(key, details);
    };
    // b's record cannot be saved (another writer keeps winning): their claim is marked sent instead.
    const save = subscribers.save.bind(subscribers);
    subscribers.save = async (subscriber, version) =>
      subscriber.id === b.id ? undefined : save(subscriber, version);
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 2, skipped: 0, failed: [] });
    expect(completed).toEqual([digestSendKey(b.id, job.period)]);
    // Delivered again after the claims' lease: a by lastDigestAt, b by the claim marked sent.
    deps.now = () => new Date('2026-11-27T01:00:00Z');
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 0, skipped: 2, failed: [] });
    expect(mailer.sent).toHaveLength(2);
  });

  it('skips readers who unsubscribed after planning', async () => {
    const { deps, job, mailer, subscribers, b } = await setup();
    const record = (await subscribers.get(b.id))!;
    await subscribers.save({ ...record.subscriber, status: 'unsubscribed' }, record.version);
    expect(await sendDigestJob(job, deps)).toEqual({ sent: 1, skipped: 1, failed: [] });
    expect(mailer.sent.map((m) => m.to)).toEqual(['a@example.vn']);
  });
});

describe('instant alerts', () => {
  const articles = new Map<string, Article>();
  function article(n: number, title: string): ArticleEvent {
    const id = n.toString(16).padStart(24, 'a');
    articles.set(id, {
      id,
      sourceId: 'bao-ha-nam',
      url: `https://baohanam.example/${n}.html`,
      canonicalUrl: `https://baohanam.example/${n}.html`,
      title,
      summary: `Tóm tắt ${n}`,
      contentHtml: '<p>x</p>',
      contentText: 'x',
      publishedAt: '2026-11-27T08:00:00+07:00',
      updatedAt: '2026-11-27T08:00:00+07:00',
      author: '',
      images: [],
      categories: ['Xã hội'],
      attribution: '',
      language: 'vi',
      fingerprint: `${n}`.padStart(32, '0'),
      ingestedAt: '2026-11-27T08:00:00+07:00',
    });
    return {
      type: 'article.published',
      articleId: id,
      sourceId: 'bao-ha-nam',
      canonicalUrl: `https://baohanam.example/${n}.html`,
      title,
      categories: ['Xã hội'],
      language: 'vi',
      publishedAt: '2026-11-27T08:00:00+07:00',
      occurredAt: '2026-11-27T08:00:00+07:00',
    };
  }

  async function setup() {
    const subscribers = new MemorySubscribers();
    const fan = person('fan@example.vn', 'instant', ['Hà Nam']);
    const daily = person('daily@example.vn', 'daily', ['Hà Nam']);
    await subscribers.save(fan, undefined);
    await subscribers.save(daily, undefined);
    const mailer = new MemoryMailer();
    const clippings = new MemoryClippings();
    let now = new Date('2026-11-27T01:00:00Z');
    const deps = {
      articles: { resolveMany: async () => new Map() },
      content: { getArticle: async (id: string) => articles.get(id) },
      clippings,
      subscribers,
      deliveries: new MemoryDeliveries(),
      sources: { list: async () => [] },
      mailer,
      signer,
      settings,
      now: () => now,
    };
    return { fan, daily, deps, mailer, clippings, setNow: (at: string | number) => (now = new Date(at)) };
  }

  it('mail matching instant subscribers only, and clip every new article for the digests', async () => {
    const { deps, mailer, clippings } = await setup();
    const result = await processAlerts(
      { events: [article(1, 'Hà Nam khánh thành cầu'), article(2, 'Bóng đá')], flushFor: [] },
      deps,
    );
    expect(result).toMatchObject({ clipped: 2, alertsSent: 1, deferred: 0, failed: [] });
    expect(clippings.items.size).toBe(2);
    const [alert] = await mailer.parsed();
    expect(alert!.subject).toBe('Tin mới: Hà Nam khánh thành cầu');
    expect([alert!.to].flat()[0]!.text).toBe('fan@example.vn');
    expect(alert!.headers.get('list')).toMatchObject({
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
  });

  it('drops the clipping of a withdrawn article, so no digest still to come carries it (attack run 37)', async () => {
    const { deps, clippings } = await setup();
    const kept = article(1, 'Hà Nam khánh thành cầu');
    const gone = article(2, 'Bóng đá');
    await processAlerts({ events: [kept, gone], flushFor: [] }, deps);
    expect(clippings.items.size).toBe(2);
    const result = await processAlerts(
      { events: [{ ...gone, type: 'article.withdrawn' }], flushFor: [] },
      deps,
    );
    expect(result).toMatchObject({ unclipped: 1, alertsSent: 0 });
    expect([...clippings.items.values()].map((c) => c.articleId)).toEqual([kept.articleId]);
  });

  it('clips an article stored with a picture address or caption past their limits within them (attack run 32)', async () => {
    const body: Article = {
      ...articles.get(article(6, 'Hà Nam có ảnh khổng lồ').articleId)!,
      images: [
        {
          url: `https://baohanam.example/${'A'.repeat(3_000_000)}.jpg`,
          caption: 'chú thích '.repeat(100_000),
        },
      ],
    };
    const content = { getArticle: async () => body };
    const clipping = await clipArticle(
      articleEventOf(entryOf(body, 'f'.repeat(24)), 'article.published', '2026-11-27T08:00:00+07:00'),
      { content },
      new Date('2026-11-27T01:00:00Z'),
    );
    expect(clipping).toBeDefined();
    expect(clipping!.image).toBeUndefined();
    expect(JSON.stringify(clipping).length).toBeLessThan(10_000);
    const captioned = { ...body, images: [{ ...body.images[0]!, url: 'https://baohanam.example/anh.jpg' }] };
    const withAlt = await clipArticle(
      articleEventOf(entryOf(captioned, 'f'.repeat(24)), 'article.published', '2026-11-27T08:00:00+07:00'),
      { content: { getArticle: async () => captioned } },
      new Date('2026-11-27T01:00:00Z'),
    );
    expect(withAlt!.image!.alt.length).toBeLessThanOrEqual(ARTICLE_LIMITS.captionChars);
  });

  it("clips an event that carries its excerpt and image without reading the body: the body's clipping", async () => {
    const rendition = (width: number) => ({
      url: `https://media.bantin.example/media/${'c'.repeat(64)}-${width}.jpg`,
      type: 'image/jpeg' as const,
      width,
      height: (width * 2) / 3,
      bytes: 40_000,
    });
    const body: Article = {
      ...articles.get(article(7, 'Hà Nam mở đường mới').articleId)!,
      summary: '',
      contentText: `${'Đường nối Phủ Lý với cao tốc dài 12 km. '.repeat(30)}`,
      images: [
        {
          url: rendition(800).url,
          caption: 'Lễ khởi công',
          originalUrl: 'https://baohanam.example/uploads/7.jpg',
          hosted: {
            hash: 'c'.repeat(64),
            original: rendition(1600),
            feed: rendition(800),
            mail: rendition(552),
          },
        },
      ],
    };
    const entry = entryOf(body, 'd'.repeat(24));
    const at = new Date('2026-11-27T01:00:00Z');
    const reads: string[] = [];
    const content = {
      getArticle: async (id: string) => {
        reads.push(id);
        return body;
      },
    };
    const fromBody = await clipArticle(
      articleEventOf(entry, 'article.published', '2026-11-27T08:00:00+07:00'),
      { content },
      at,
      entry,
    );
    expect(reads).toEqual([body.id]);
    const event = articleEventOf(entry, 'article.published', '2026-11-27T08:00:00+07:00', body);
    const fromEvent = await clipArticle(event, { content }, at, entry);
    expect(reads).toEqual([body.id]);
    expect(fromEvent).toEqual(fromBody);
    expect(fromEvent).toMatchObject({
      summary: excerptOf(body),
      // The story is its stored article, not its headline (attack run 32).
      storyKey: entry.id,
      image: { url: rendition(552).url, alt: 'Lễ khởi công', width: 552, height: 368 },
    });
    expect(fromEvent!.summary.length).toBeLessThanOrEqual(EXCERPT_CHARS);
    expect(fromEvent!.summary.endsWith('…')).toBe(true);
  });

  it("clips a paper's copy of a stored story as that paper's, and alerts its readers once, not those already alerted", async () => {
    const { deps, mailer, clippings } = await setup();
    const both = confirmedSubscriber('both@example.vn', {
      frequency: 'instant',
      sources: ['bao-ha-nam', 'bao-nam-dinh'],
    });
    const namDinh = confirmedSubscriber('namdinh@example.vn', {
      frequency: 'instant',
      sources: ['bao-nam-dinh'],
    });
    await deps.subscribers.save(both, undefined);
    await deps.subscribers.save(namDinh, undefined);
    const story = article(9, 'Tin TTXVN: mưa lớn ở Bắc Bộ');
    const copyUrl = 'https://baonamdinh.example/tin-ttxvn-mua-lon.html';
    const entry = {
      ...entryOf(articles.get(story.articleId)!, 'e'.repeat(24)),
      alsoPublishedBy: [{ sourceId: 'bao-nam-dinh', url: copyUrl, publishedAt: '2026-11-27T09:30:00+07:00' }],
    };
    const consistent: (boolean | undefined)[] = [];
    const withEntry = {
      ...deps,
      articles: {
        resolveMany: async (_ids: string[], options?: { consistent?: boolean }) => {
          consistent.push(options?.consistent);
          return new Map([[entry.id, entry]]);
        },
      },
    };
    await processAlerts({ events: [story], flushFor: [] }, withEntry);
    expect((await mailer.parsed()).map((m) => [m.to].flat()[0]!.text)).toEqual(['both@example.vn']);

    // Found later on the other paper: its event names the copying paper.
    const copied: ArticleEvent = {
      ...articleEventOf(entry, 'article.updated', '2026-11-27T09:31:00+07:00'),
      copiedBy: 'bao-nam-dinh',
    };
    expect(articleEventAttributes(copied).kind).toBe('article.copied');
    const result = await processAlerts({ events: [copied, copied], flushFor: [] }, withEntry);
    expect(result).toMatchObject({ clipped: 1, alertsSent: 1 });
    // The copy is read as written (its event follows the write at once), the story as usual.
    expect(consistent).toEqual([false, true]);
    const copyClip = [...clippings.items.values()].find((c) => c.copyOf);
    expect(copyClip).toMatchObject({
      articleId: story.articleId,
      sourceId: 'bao-nam-dinh',
      url: copyUrl,
      publishedAt: '2026-11-27T09:30:00+07:00',
      storyKey: story.articleId,
    });
    const sent = await mailer.parsed();
    expect(sent.map((m) => [m.to].flat()[0]!.text)).toEqual(['both@example.vn', 'namdinh@example.vn']);
    expect(sent[1]!.text).toContain(copyUrl);

    // Any other update of the story (re-extraction, images) names its papers but clips nothing.
    const again = await processAlerts(
      { events: [articleEventOf(entry, 'article.updated', '2026-11-27T10:00:00+07:00')], flushFor: [] },
      withEntry,
    );
    expect(again).toMatchObject({ clipped: 0, alertsSent: 0 });
    expect(mailer.sent).toHaveLength(2);

    // Withdrawn: the story's clipping and the copy's go, and a publication redelivered after it
    // (SQS keeps no order), or in the same batch, is neither clipped nor alerted (attack run 38).
    const withdrawn = articleEventOf(
      { ...entry, withdrawn: { at: '2026-11-27T11:00:00+07:00', reason: 'Gỡ', by: 'admin' } },
      'article.withdrawn',
      '2026-11-27T11:00:00+07:00',
    );
    expect(await processAlerts({ events: [withdrawn], flushFor: [] }, withEntry)).toMatchObject({
      unclipped: 2,
    });
    expect(clippings.items.size).toBe(0);
    const gone = { ...entry, withdrawn: { at: '2026-11-27T11:00:00+07:00', reason: 'Gỡ', by: 'admin' } };
    const withGone = { ...deps, articles: { resolveMany: async () => new Map([[gone.id, gone]]) } };
    expect(await processAlerts({ events: [story], flushFor: [] }, withGone)).toMatchObject({
      clipped: 0,
      alertsSent: 0,
    });
    expect(await processAlerts({ events: [story, withdrawn], flushFor: [] }, withEntry)).toMatchObject({
      clipped: 0,
      alertsSent: 0,
    });
    expect(clippings.items.size).toBe(0);
    expect(mailer.sent).toHaveLength(2);
  });

  it("clips a paper's copy under that paper's sections: its readers who follow one get it (attack run 31)", async () => {
    const { deps, mailer, clippings } = await setup();
    const traffic = confirmedSubscriber('giaothong@example.vn', {
      frequency: 'instant',
      sources: ['bao-nam-dinh'],
      categories: ['Giao thông'],
    });
    await deps.subscribers.save(traffic, undefined);
    const story = article(8, 'Mở rộng đường tỉnh 494'); // filed under "Xã hội" by its paper
    const copy = {
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example/mo-rong-duong-tinh-494.html',
      publishedAt: '2026-11-27T09:30:00+07:00',
      categories: ['Giao thông'],
    };
    const entry = { ...entryOf(articles.get(story.articleId)!, 'f'.repeat(24)), alsoPublishedBy: [copy] };
    const withEntry = { ...deps, articles: { resolveMany: async () => new Map([[entry.id, entry]]) } };
    const copied: ArticleEvent = {
      ...articleEventOf(entry, 'article.updated', '2026-11-27T09:31:00+07:00'),
      copiedBy: 'bao-nam-dinh',
    };
    expect(await processAlerts({ events: [copied], flushFor: [] }, withEntry)).toMatchObject({
      clipped: 1,
      alertsSent: 1,
    });
    expect([...clippings.items.values()][0]).toMatchObject({
      sourceId: 'bao-nam-dinh',
      categories: ['Giao thông'],
    });
    expect((await mailer.parsed()).map((m) => [m.to].flat()[0]!.text)).toEqual(['giaothong@example.vn']);
  });

  it("brings a revised article's clipping up to date for the digests, keeping when it was recorded (attack run 29)", async () => {
    const { deps, clippings, mailer, setNow } = await setup();
    const event = article(60, 'Hà Nam khánh thành cầu Phủ Lý');
    await processAlerts({ events: [event], flushFor: [] }, deps);
    const [before] = [...clippings.items.values()];
    // Re-extracted two days later (a better title and lead): the updated event reaches alerts.
    setNow('2026-11-29T09:00:00Z');
    const stored = articles.get(event.articleId)!;
    articles.set(event.articleId, {
      ...stored,
      title: 'Hà Nam khánh thành cầu Phủ Lý mới',
      summary: 'Lời dẫn đúng.',
    });
    const updated = {
      ...event,
      type: 'article.updated' as const,
      title: 'Hà Nam khánh thành cầu Phủ Lý mới',
    };
    const result = await processAlerts({ events: [updated], flushFor: [] }, deps);
    expect(result).toMatchObject({ clipped: 0, revised: 1, alertsSent: 0 });
    const [after] = [...clippings.items.values()];
    expect(clippings.items.size).toBe(1);
    expect(after).toEqual({
      ...before,
      title: 'Hà Nam khánh thành cầu Phủ Lý mới',
      summary: 'Lời dẫn đúng.',
    });
    expect(mailer.sent).toHaveLength(1); // the alert went out once, when it was new
    // Nothing changed again, or an article never clipped: nothing written.
    expect((await processAlerts({ events: [updated], flushFor: [] }, deps)).revised).toBe(0);
    const unclipped = { ...article(61, 'Bóng đá'), type: 'article.updated' as const };
    expect((await processAlerts({ events: [unclipped], flushFor: [] }, deps)).revised).toBe(0);
    expect(clippings.items.size).toBe(1);
  });

  it("records the paper's name with its clipping, and names the paper by it in the alert", async () => {
    const { deps, clippings, mailer } = await setup();
    Object.assign(deps.sources, {
      list: async () => [{ source: { id: 'bao-ha-nam', name: 'Báo Hà Nam' }, health: {} }],
    });
    await processAlerts({ events: [article(62, 'Hà Nam trồng cây')], flushFor: [] }, deps);
    expect([...clippings.items.values()].map((c) => c.paper)).toEqual(['Báo Hà Nam']);
    expect((await mailer.parsed())[0]!.text).toContain('Báo Hà Nam');
  });

  it('alerts once for a redelivered event', async () => {
    const { deps, mailer } = await setup();
    const event = article(3, 'Hà Nam mở đường');
    await processAlerts({ events: [event], flushFor: [] }, deps);
    await processAlerts({ events: [event], flushFor: [] }, deps);
    expect(mailer.sent).toHaveLength(1);
  });

  it('alerts once when eight batches carry the same event at once', async () => {
    const { deps, mailer } = await setup();
    const event = article(4, 'Hà Nam mở cầu mới');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => processAlerts({ events: [event], flushFor: [] }, deps)),
    );
    expect(mailer.sent).toHaveLength(1);
    expect(results.reduce((n, r) => n + r.alertsSent, 0)).toBe(1);
    expect(results.flatMap((r) => r.failed)).toEqual([]);
  });

  it('alerts each article once when overlapping batches run at once', async () => {
    const { deps, mailer } = await setup();
    const events = [5, 6, 7, 8, 9].map((n) => article(n, `Hà Nam bản tin ${n}`));
    const batches = [0, 1, 2, 3].map((i) => events.slice(i, i + 2));
    await Promise.all(batches.map((batch) => processAlerts({ events: batch, flushFor: [] }, deps)));
    // Each mail names its articles (a title may appear more than once in one mail).
    const mentioned = (await mailer.parsed()).flatMap((m) => [
      ...new Set([...(m.text ?? '').matchAll(/Hà Nam bản tin (\d)/g)].map((x) => x[1])),
    ]);
    expect(mentioned.sort()).toEqual(['5', '6', '7', '8', '9']);
  });

  it('lets sixteen batches for one reader run at once without one failing on the contention', async () => {
    const { fan, deps, mailer } = await setup();
    // Every write lands a little after its read, as a network round trip does: racers collide.
    const deliveries = deps.deliveries;
    const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
    deps.deliveries = Object.assign(Object.create(deliveries), {
      getAlertState: async (id: string) => later(await deliveries.getAlertState(id)),
    });
    const events = Array.from({ length: 16 }, (_, i) => article(40 + i, `Hà Nam bản tin số ${40 + i}`));
    const results = await Promise.all(
      events.map((event) => processAlerts({ events: [event], flushFor: [] }, deps)),
    );
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    const mailed = (await mailer.parsed()).flatMap((m) => [
      ...new Set([...(m.text ?? '').matchAll(/Hà Nam bản tin số (\d+)/g)].map((x) => x[1])),
    ]);
    const waiting = (await deliveries.getAlertState(fan.id))?.state.pending ?? [];
    expect(new Set(mailed).size).toBe(mailed.length);
    expect(mailed.length + waiting.length).toBe(16);
  });

  it('gives a failed alert back: the retry sends it, once', async () => {
    const { deps, mailer, fan } = await setup();
    const event = article(11, 'Hà Nam xây trường');
    mailer.failFor.add(fan.email);
    const first = await processAlerts({ events: [event], flushFor: [] }, deps);
    expect(first.failed).toHaveLength(1);
    expect(mailer.sent).toHaveLength(0);
    mailer.failFor.clear();
    await processAlerts({ events: [event], flushFor: [] }, deps);
    await processAlerts({ events: [event], flushFor: [] }, deps);
    expect(mailer.sent).toHaveLength(1);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.sentThisHour).toBe(1);
  });

  it('sends again, once, an alert lost with its invocation between its reservation and its mail', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    const event = article(12, 'Hà Nam khánh thành cầu');
    // The invocation dies inside the mail call (a timeout, a killed process): its reservation is
    // written, no mail leaves, nothing gives the articles back.
    const dying = { send: () => new Promise<never>(() => {}) };
    void processAlerts({ events: [event], flushFor: [] }, { ...deps, mailer: dying });
    await vi.waitFor(async () =>
      expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toHaveLength(1),
    );
    // Delivered again while its lease runs (that invocation may yet send it): no second mail.
    await processAlerts({ events: [event], flushFor: [] }, deps);
    expect(mailer.sent).toHaveLength(0);
    // The lease ends unconfirmed: the planner lists the reader for a flush, and the event, delivered
    // again after the queue's visibility timeout, sends the alert, once.
    setNow(new Date(Date.parse('2026-11-27T01:00:00Z') + ALERT_LEASE_MS + 1000).toISOString());
    expect((await deps.deliveries.pendingAlerts()).map((s) => s.subscriberId)).toEqual([fan.id]);
    await processAlerts({ events: [event], flushFor: [] }, deps);
    await processAlerts({ events: [event], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(1);
    expect((await mailer.parsed())[0]!.text).toContain('Hà Nam khánh thành cầu');
    // A sent alert's lease is ended: nothing is left for the planner.
    expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toBeUndefined();
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
  });

  /** The hour's alerts all sent, then 150 more articles: 100 wait, 50 are counted. */
  async function fillTheHour(
    deps: Awaited<ReturnType<typeof setup>>['deps'],
    setNow: (at: string) => unknown,
  ): Promise<void> {
    for (let n = 0; n < ALERT_LIMITS.perHour; n++) {
      setNow(`2026-11-27T01:${String(10 + n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(200 + n, `Hà Nam tin đầu ${n}`)], flushFor: [] }, deps);
    }
    setNow('2026-11-27T01:30:00Z');
    const late = Array.from({ length: 150 }, (_, i) => article(300 + i, `Hà Nam tin muộn ${300 + i}`));
    await processAlerts({ events: late, flushFor: [] }, deps);
  }

  it('a lost alert, sent again, still counts the articles that waited beyond the kept list (overflow)', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    await fillTheHour(deps, setNow);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.overflow).toBe(50);
    // The next hour's flush: the invocation dies inside the mail call.
    setNow('2026-11-27T02:00:30Z');
    void processAlerts(
      { events: [], flushFor: [fan.id] },
      { ...deps, mailer: { send: () => new Promise<never>(() => {}) } },
    );
    await vi.waitFor(async () =>
      expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toHaveLength(1),
    );
    // Its lease ends; the planner's flush sends it again.
    setNow(Date.parse('2026-11-27T02:00:30Z') + ALERT_LEASE_MS + 60_000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    const last = (await mailer.parsed()).at(-1)!;
    // As the giveBack path (a failed send) keeps it: 150 articles, 130 counted.
    expect(last.subject).toBe('Bantin: 150 tin mới theo lựa chọn của bạn');
  });

  it('a lost alert sent again in the same hour uses one slot of the hourly cap, not two', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    void processAlerts(
      { events: [article(12, 'Hà Nam khánh thành cầu')], flushFor: [] },
      { ...deps, mailer: { send: () => new Promise<never>(() => {}) } },
    );
    await vi.waitFor(async () =>
      expect((await deps.deliveries.getAlertState(fan.id))?.state.sending).toHaveLength(1),
    );
    setNow(Date.parse('2026-11-27T01:00:00Z') + ALERT_LEASE_MS + 1000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(1);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.sentThisHour).toBe(1);
  });

  it('a sent alert whose confirmation read fails once is not mailed a second time (nor silently)', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    const deliveries = deps.deliveries;
    const logs: string[] = [];
    const get = deliveries.getAlertState.bind(deliveries);
    let failNextRead = false;
    deliveries.getAlertState = async (id: string) => {
      if (failNextRead) {
        failNextRead = false;
        throw new Error('ProvisionedThroughputExceededException');
      }
      return get(id);
    };
    const sending = {
      send: async (m: Parameters<MemoryMailer['send']>[0]) => {
        const sent = await mailer.send(m);
        failNextRead = true;
        return sent;
      },
    };
    await processAlerts(
      { events: [article(12, 'Hà Nam khánh thành cầu')], flushFor: [] },
      { ...deps, mailer: sending, log: (_level: string, message: string) => logs.push(message) },
    );
    expect(mailer.sent).toHaveLength(1);
    // The lease stayed (one read failed), with no warning logged…
    expect((await deliveries.getAlertState(fan.id))?.state.sending, 'lease left behind').toBeUndefined();
    // …so after it ends the same alert goes again.
    setNow(Date.parse('2026-11-27T01:00:00Z') + ALERT_LEASE_MS + 1000);
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(1);
  });

  it(`sends at most ${ALERT_LIMITS.perHour} alerts an hour; the rest roll into the next alert`, async () => {
    const { deps, mailer, fan, setNow } = await setup();
    for (let n = 10; n < 17; n++) {
      setNow(`2026-11-27T01:${String(n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(n, `Hà Nam tin số ${n}`)], flushFor: [] }, deps);
    }
    expect(mailer.sent).toHaveLength(ALERT_LIMITS.perHour);
    const waiting = await deps.deliveries.pendingAlerts();
    expect(waiting.map((s) => [s.subscriberId, s.pending.length])).toEqual([[fan.id, 2]]);
    // Next hour: the planner's flush sends what waited, in one alert.
    setNow('2026-11-27T02:00:30Z');
    expect(await processAlerts({ events: [], flushFor: [fan.id] }, deps)).toMatchObject({ alertsSent: 1 });
    const last = (await mailer.parsed()).at(-1)!;
    expect(last.subject).toBe('Bantin: 2 tin mới theo lựa chọn của bạn');
    expect(last.text).toContain('Hà Nam tin số 15');
    expect(last.text).toContain('Hà Nam tin số 16');
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
  });

  it('sends what waited for the hourly cap only if it still matches the choice the reader has now (attack run 29)', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    for (let n = 10; n < 17; n++) {
      setNow(`2026-11-27T01:${String(n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(n, `Hà Nam tin số ${n}`)], flushFor: [] }, deps);
    }
    expect(mailer.sent).toHaveLength(ALERT_LIMITS.perHour);
    // The reader changes their keywords while two articles wait.
    const { version } = (await deps.subscribers.get(fan.id))!;
    const changed = { ...fan, preferences: { ...fan.preferences, keywords: ['tuyển sinh'] } };
    expect(await deps.subscribers.save(changed, version)).toBeDefined();
    setNow('2026-11-27T02:00:30Z');
    await processAlerts(
      { events: [article(30, 'Hà Nam công bố phương án tuyển sinh lớp 10')], flushFor: [] },
      deps,
    );
    const last = (await mailer.parsed()).at(-1)!;
    expect(last.subject).toBe('Tin mới: Hà Nam công bố phương án tuyển sinh lớp 10');
    expect(last.text).not.toContain('Hà Nam tin số 15');
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
  });

  it('hands what waited for the hourly cap to the first digest of a reader who leaves instant alerts (attack run 31)', async () => {
    const { deps, mailer, fan, clippings, setNow } = await setup();
    for (let n = 10; n < 17; n++) {
      setNow(`2026-11-27T01:${String(n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(n, `Hà Nam tin số ${n}`)], flushFor: [] }, deps);
    }
    expect(mailer.sent).toHaveLength(ALERT_LIMITS.perHour);
    // Within the hour, the reader switches to a daily digest on the manage form.
    setNow('2026-11-27T01:30:00Z');
    const manage = signer.sign('manage', fan.id, deps.now());
    const daily = { ...fan.preferences, frequency: 'daily' as const };
    expect(await updatePreferences(manage, daily, deps, deps)).toMatchObject({ ok: true });
    // The next hour's flush mails nothing to a reader of digests: the digest carries both.
    setNow('2026-11-27T02:00:30Z');
    expect(await processAlerts({ events: [], flushFor: [fan.id] }, deps)).toMatchObject({ alertsSent: 0 });
    setNow('2026-11-28T00:00:30Z'); // 07:00 in Hà Nội
    const renders = new MemoryRenders();
    const digests = new MemoryQueue<DigestJob>();
    const plan = await planDigests({
      ...deps,
      renders,
      digests,
      alertFlushes: new MemoryQueue<AlertFlush>(),
    });
    expect(plan).toMatchObject({ due: 1, queued: 1 });
    const [job] = digests.sent;
    expect(job!.subscriberIds).toEqual([fan.id]);
    const { text } = (await renders.get(job!.renderKey))!;
    expect(text).toContain('Hà Nam tin số 15');
    expect(text).toContain('Hà Nam tin số 16');
    // What was alerted is not sent again.
    expect(text).not.toContain('Hà Nam tin số 14');
    expect(clippings.items.size).toBe(7);
  });

  it('hands the digest window still open to the first alert of a reader who leaves digests for instant alerts (attack run 36)', async () => {
    const { deps, mailer, daily, setNow } = await setup();
    // Two articles for the daily reader's next digest (no alert: they read digests).
    setNow('2026-11-27T01:05:00Z');
    await processAlerts(
      { events: [article(40, 'Hà Nam tin số 40'), article(41, 'Bóng đá số 41')], flushFor: [] },
      deps,
    );
    setNow('2026-11-27T01:10:00Z');
    await processAlerts({ events: [article(42, 'Hà Nam tin số 42')], flushFor: [] }, deps);
    expect(mailer.sent.filter((m) => m.to === 'daily@example.vn')).toEqual([]);
    // The reader switches to instant alerts on the manage form.
    setNow('2026-11-27T01:20:00Z');
    const manage = signer.sign('manage', daily.id, deps.now());
    const instant = { ...daily.preferences, frequency: 'instant' as const };
    expect(await updatePreferences(manage, instant, deps, deps)).toMatchObject({ ok: true });
    // Held for their first alert, which the planner's next run flushes: what matched their choice.
    const waiting = await deps.deliveries.pendingAlerts();
    expect(waiting.map((s) => [s.subscriberId, s.pending.length])).toEqual([[daily.id, 2]]);
    setNow('2026-11-27T01:30:30Z');
    expect(await processAlerts({ events: [], flushFor: [daily.id] }, deps)).toMatchObject({ alertsSent: 1 });
    const last = (await mailer.parsed()).at(-1)!;
    expect([last.to].flat()[0]!.text).toBe('daily@example.vn');
    expect(last.text).toContain('Hà Nam tin số 40');
    expect(last.text).toContain('Hà Nam tin số 42');
    expect(last.text).not.toContain('Bóng đá');
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
  });

  it('puts every new article of a batch in its alert: the newest shown, the others counted with a link', async () => {
    const { deps, mailer } = await setup();
    const events = Array.from({ length: 30 }, (_, i) => article(100 + i, `Hà Nam loạt tin ${100 + i}`));
    await processAlerts({ events, flushFor: [] }, deps);
    expect(mailer.sent).toHaveLength(1);
    const [mail] = await mailer.parsed();
    expect(mail!.subject).toBe('Bantin: 30 tin mới theo lựa chọn của bạn');
    const shown = new Set([...(mail!.text ?? '').matchAll(/Hà Nam loạt tin (\d+)/g)].map((m) => m[1]));
    expect(shown.size).toBe(ALERT_LIMITS.itemsPerAlert);
    expect(mail!.text).toContain(`Còn ${30 - ALERT_LIMITS.itemsPerAlert} bài khác`);
    // Nothing waits for a later alert.
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
  });

  it(`counts, never drops silently, what waits beyond the ${ALERT_LIMITS.maxPending} articles kept over the hourly cap`, async () => {
    const { deps, mailer, fan, setNow } = await setup();
    await fillTheHour(deps, setNow);
    expect(mailer.sent).toHaveLength(ALERT_LIMITS.perHour);
    setNow('2026-11-27T02:00:30Z');
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    const last = (await mailer.parsed()).at(-1)!;
    expect(last.subject).toBe('Bantin: 150 tin mới theo lựa chọn của bạn');
    expect(last.text).toContain(`Còn ${150 - ALERT_LIMITS.itemsPerAlert} bài khác`);
    expect(await deps.deliveries.pendingAlerts()).toEqual([]);
    expect((await deps.deliveries.getAlertState(fan.id))?.state.overflow).toBeUndefined();
  });

  it('alerts once for a batch delivered again after an alert of 150 (a batch of 50 beside the 100 waiting)', async () => {
    const { deps, mailer, fan, setNow } = await setup();
    for (let n = 0; n < ALERT_LIMITS.perHour; n++) {
      setNow(`2026-11-27T01:${String(10 + n).padStart(2, '0')}:00Z`);
      await processAlerts({ events: [article(400 + n, `Hà Nam tin ${n}`)], flushFor: [] }, deps);
    }
    setNow('2026-11-27T01:40:00Z');
    await processAlerts(
      { events: Array.from({ length: 100 }, (_, i) => article(500 + i, `Hà Nam chờ ${i}`)), flushFor: [] },
      deps,
    );
    setNow('2026-11-27T02:00:30Z');
    const batch = Array.from({ length: 50 }, (_, i) => article(700 + i, `Hà Nam lô ${i}`));
    await processAlerts({ events: batch, flushFor: [fan.id] }, deps);
    expect((await mailer.parsed()).at(-1)!.subject).toBe('Bantin: 150 tin mới theo lựa chọn của bạn');
    // Four more batches of 50 that hour, then the first one again, and the next hour's flush.
    for (let b = 0; b < 4; b++) {
      const more = Array.from({ length: 50 }, (_, i) => article(800 + b * 50 + i, `Hà Nam thêm ${b}-${i}`));
      await processAlerts({ events: more, flushFor: [] }, deps);
    }
    const sent = mailer.sent.length;
    await processAlerts({ events: batch, flushFor: [] }, deps);
    setNow('2026-11-27T03:00:30Z');
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect(mailer.sent).toHaveLength(sent);
  });

  it('counts what a failed alert gives back beyond the list kept, so the retry says how many', async () => {
    const { deps, mailer, fan } = await setup();
    mailer.failFor.add(fan.email);
    const events = Array.from({ length: 150 }, (_, i) => article(1100 + i, `Hà Nam thử ${i}`));
    expect((await processAlerts({ events, flushFor: [] }, deps)).failed).toHaveLength(1);
    mailer.failFor.clear();
    await processAlerts({ events: [], flushFor: [fan.id] }, deps);
    expect((await mailer.parsed()).at(-1)!.subject).toBe('Bantin: 150 tin mới theo lựa chọn của bạn');
  });
});
