/** What every SourceRepository, ContentStore, MediaStore and AuditLog does: the in-memory fakes and the AWS adapters alike. */
import { expect, it } from 'vitest';
import { type Article, ArticleSchema } from '../../shared/domain/article.js';
import type { AuditEntry } from '../../shared/domain/audit-entry.js';
import { SourceSchema } from '../../shared/domain/source.js';
import { NEW_SOURCE_HEALTH, type SourceHealth } from '../../shared/domain/source-record.js';
import { newPollRecord } from '../../shared/ingest/ingest-source.js';
import type {
  AuditLog,
  ContentStore,
  MediaStore,
  SourceRepository,
  StoredMedia,
} from '../../shared/ports.js';

const source = (id: string, name = `Báo ${id}`) =>
  SourceSchema.parse({
    id,
    name,
    homepage: `https://${id}.example.vn/`,
    kind: 'feed',
    urls: [`https://${id}.example.vn/rss`],
  });

const NEVER_POLLED: SourceHealth = { consecutiveFailures: 0, validators: {} };

export function sourceRepositoryContract(make: () => Promise<SourceRepository>): void {
  it('creates a source once, never polled, and lists the sources by id', async () => {
    const sources = await make();
    expect(await sources.create(source('bao-nam-dinh'))).toBe(true);
    expect(await sources.create(source('bao-nam-dinh', 'Khác'))).toBe(false);
    await sources.put(source('bao-ha-nam'));
    expect(await sources.get('bao-nam-dinh')).toEqual({
      source: source('bao-nam-dinh'),
      health: NEVER_POLLED,
      revision: 1,
    });
    expect((await sources.list()).map((r) => r.source.id)).toEqual(['bao-ha-nam', 'bao-nam-dinh']);
    expect(await sources.get('bao-ninh-binh')).toBeUndefined();
  });

  it('starts a created source at the revision it is given, counting on from there', async () => {
    const sources = await make();
    const first = Date.parse('2026-12-03T08:00:00Z');
    expect(await sources.create(source('bao-ha-nam'), { firstRevision: first })).toBe(true);
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(first);
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'A' }, { revision: 1 })).toBe('stale');
    await sources.replace({ ...source('bao-ha-nam'), name: 'A' }, { revision: first });
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(first + 1);
  });

  it('keeps a source’s health when its configuration is replaced, and reads back the health a poll recorded', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    const health: SourceHealth = {
      consecutiveFailures: 3,
      validators: {
        'https://bao-ha-nam.example.vn/rss': { etag: '"1"', lastModified: 'Mon, 30 Nov 2026 01:00:00 GMT' },
      },
      flags: ['failing', 'selectors-broken'],
      recentArticles: [
        { url: 'https://bao-ha-nam.example.vn/tin/1.html', incomplete: false },
        { url: 'https://bao-ha-nam.example.vn/tin/2.html', incomplete: true },
      ],
      lastPoll: {
        at: '2026-11-30T08:00:00+07:00',
        status: 'failed',
        httpStatus: 503,
        error: 'the paper answered 503',
        durationMs: 120,
        itemsSeen: 0,
        itemsNew: 0,
        itemsDuplicate: 0,
        itemsFailed: 0,
        eventsPublished: 0,
        warnings: ['một cảnh báo'],
        articlesExtracted: 2,
        articlesIncomplete: 1,
        emptyFields: { title: 0, date: 1, body: 0 },
      },
    };
    await sources.recordPoll('bao-ha-nam', health);
    await sources.put({ ...source('bao-ha-nam'), name: 'Báo Hà Nam' });
    expect(await sources.get('bao-ha-nam')).toEqual({
      source: { ...source('bao-ha-nam'), name: 'Báo Hà Nam' },
      health,
      revision: 2,
    });
    // A source deleted during its poll: nothing is recorded, and nothing made again.
    expect(await sources.recordPoll('bao-khong-co', health)).toBe(false);
    expect(await sources.get('bao-khong-co')).toBeUndefined();
    expect(await sources.get('bao-khong-co')).toBeUndefined();
  });

  it('lends a source to one poll at a time, until its poll is recorded or its lease runs out', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 1, minute));
    expect(await sources.claimPoll('bao-ha-nam', at(0), at(3))).toBe('claimed');
    expect(await sources.claimPoll('bao-ha-nam', at(1), at(4))).toBeUndefined();
    // A poll that died keeps its source until its lease runs out; the next claim says so.
    expect(await sources.claimPoll('bao-ha-nam', at(4), at(7))).toBe('lapsed');
    await sources.recordPoll('bao-ha-nam', NEW_SOURCE_HEALTH);
    expect(await sources.claimPoll('bao-ha-nam', at(5), at(8))).toBe('claimed');
    // The lease stands beside the record (no revision of its configuration) until the poll's
    // result is recorded, and there is none for a source that does not exist.
    expect(await sources.get('bao-ha-nam')).toEqual({
      source: source('bao-ha-nam'),
      health: NEW_SOURCE_HEALTH,
      revision: 1,
      pollingUntil: at(8).toISOString(),
    });
    // A poll that died leaves its source due when its lease ends, not at its schedule's next
    // poll (attack run 39: the articles it stored waited unannounced for hours).
    const polled = { ...NEW_SOURCE_HEALTH, lastPoll: newPollRecord(at(5).toISOString()) };
    await sources.recordPoll('bao-ha-nam', polled);
    expect(await sources.get('bao-ha-nam')).not.toHaveProperty('pollingUntil');
    expect((await sources.due(at(9))).map((r) => r.source.id)).toEqual([]);
    expect(await sources.claimPoll('bao-ha-nam', at(10), at(13))).toBe('claimed');
    expect((await sources.due(at(12))).map((r) => r.source.id)).toEqual([]);
    expect((await sources.due(at(13))).map((r) => r.source.id)).toEqual(['bao-ha-nam']);
    await sources.recordPoll('bao-ha-nam', polled);
    expect((await sources.due(at(13))).map((r) => r.source.id)).toEqual([]);
    expect(await sources.claimPoll('bao-khong-co', at(0), at(3))).toBeUndefined();
    expect(await sources.get('bao-khong-co')).toBeUndefined();
  });

  it('counts the revisions of a configuration, and replaces only the revision an edit names', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(1);
    // Two editors read revision 1; the first to write wins, the second is told, and loses nothing.
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'A' }, { revision: 1 })).toEqual(
      source('bao-ha-nam'),
    );
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'B' }, { revision: 1 })).toBe('stale');
    expect(await sources.get('bao-ha-nam')).toMatchObject({ source: { name: 'A' }, revision: 2 });
    // An enable or disable is a revision too: an edit read before it is stale.
    await sources.setEnabled('bao-ha-nam', false);
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(3);
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'C' }, { revision: 2 })).toBe('stale');
    expect(await sources.get('bao-ha-nam')).toMatchObject({ source: { name: 'A', enabled: false } });
    // A poll's record is no revision of the configuration.
    await sources.recordPoll('bao-ha-nam', NEW_SOURCE_HEALTH);
    expect(
      await sources.replace({ ...source('bao-ha-nam'), name: 'D', enabled: false }, { revision: 3 }),
    ).toMatchObject({ name: 'A' });
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(4);
    // Without a revision, an edit replaces whatever is there.
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'E' })).toMatchObject({ name: 'D' });
    // Two edits of one revision at once: one is written, the other is stale.
    const both = await Promise.all(
      ['F', 'G'].map((name) => sources.replace({ ...source('bao-ha-nam'), name }, { revision: 5 })),
    );
    expect(both.filter((result) => result === 'stale')).toHaveLength(1);
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(6);
  });

  it('replaces only a source that exists: an edit after a delete brings nothing back', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    // Each replace gives back the configuration it replaced: the one before it, not one read earlier.
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'Báo Hà Nam' })).toEqual(
      source('bao-ha-nam'),
    );
    expect(await sources.replace({ ...source('bao-ha-nam'), name: 'Báo Hà Nam điện tử' })).toEqual({
      ...source('bao-ha-nam'),
      name: 'Báo Hà Nam',
    });
    expect((await sources.get('bao-ha-nam'))?.source.name).toBe('Báo Hà Nam điện tử');
    await sources.remove('bao-ha-nam');
    expect(await sources.replace(source('bao-ha-nam'))).toBeUndefined();
    expect(await sources.get('bao-ha-nam')).toBeUndefined();
  });

  it('replaces a configuration keeping the source on or off as it is at the write, when asked', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    // A disable lands after the edit was read (and validated with the source on).
    await sources.setEnabled('bao-ha-nam', false);
    const before = await sources.replace(
      { ...source('bao-ha-nam'), name: 'Báo Hà Nam', enabled: true },
      {
        keepEnabled: true,
      },
    );
    expect(before).toMatchObject({ enabled: false });
    expect((await sources.get('bao-ha-nam'))?.source).toMatchObject({ name: 'Báo Hà Nam', enabled: false });
    // Without it, the configuration given is written whole.
    await sources.replace({ ...source('bao-ha-nam'), enabled: true });
    expect((await sources.get('bao-ha-nam'))?.source.enabled).toBe(true);
  });

  it('switches a source on and off changing nothing else: an edit saved meanwhile stays', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    // Another administrator's edit lands after this one read the source.
    await sources.replace({ ...source('bao-ha-nam'), name: 'Báo Hà Nam điện tử', pollIntervalMinutes: 30 });
    const off = await sources.setEnabled('bao-ha-nam', false);
    expect(off).toMatchObject({
      source: { name: 'Báo Hà Nam điện tử', pollIntervalMinutes: 30, enabled: false },
      changed: true,
    });
    expect((await sources.get('bao-ha-nam'))?.source).toEqual(off?.source);
    // Switched off already (a second disable at once): nothing written, the revision unmoved.
    const revision = (await sources.get('bao-ha-nam'))?.revision;
    expect(await sources.setEnabled('bao-ha-nam', false)).toEqual({ source: off?.source, changed: false });
    expect((await sources.get('bao-ha-nam'))?.revision).toBe(revision);
    expect((await sources.due(new Date('2100-01-01T00:00:00Z'))).map((r) => r.source.id)).not.toContain(
      'bao-ha-nam',
    );
    expect(await sources.setEnabled('bao-ha-nam', true)).toMatchObject({
      source: { name: 'Báo Hà Nam điện tử', enabled: true },
      changed: true,
    });
    expect((await sources.due(new Date('2100-01-01T00:00:00Z'))).map((r) => r.source.id)).toContain(
      'bao-ha-nam',
    );
    expect(await sources.setEnabled('bao-khong-co', false)).toBeUndefined();
  });

  it('removes a source once', async () => {
    const sources = await make();
    await sources.create(source('bao-ha-nam'));
    expect(await sources.remove('bao-ha-nam')).toBe(true);
    expect(await sources.remove('bao-ha-nam')).toBe(false);
    expect(await sources.list()).toEqual([]);
  });
}

const article = (id: string): Article =>
  ArticleSchema.parse({
    id,
    sourceId: 'bao-ha-nam',
    url: 'https://bao-ha-nam.example.vn/tin/1.html',
    canonicalUrl: 'https://bao-ha-nam.example.vn/tin/1.html',
    title: 'Hà Nam khởi công cầu mới',
    contentHtml: '<p>Sáng nay, tỉnh khởi công cây cầu.</p>',
    contentText: 'Sáng nay, tỉnh khởi công cây cầu.',
    publishedAt: '2026-11-30T08:00:00+07:00',
    updatedAt: '2026-11-30T08:00:00+07:00',
    categories: ['Xã hội'],
    fingerprint: 'a'.repeat(32),
    ingestedAt: '2026-11-30T08:05:00+07:00',
  });

export function contentStoreContract(make: () => Promise<ContentStore>): void {
  it('reads back an article and its raw page, and nothing it was not given', async () => {
    const content = await make();
    const a = article(`${'0'.repeat(23)}1`);
    await content.putArticle(a);
    await content.putRawPage(a.id, '<html><body>Trang gốc — tiếng Việt</body></html>');
    expect(await content.getArticle(a.id)).toEqual(a);
    expect(await content.getRawPage(a.id)).toBe('<html><body>Trang gốc — tiếng Việt</body></html>');
    expect(await content.getArticle('f'.repeat(24))).toBeUndefined();
    expect(await content.getRawPage('f'.repeat(24))).toBeUndefined();
  });

  it("creates an article's body only where none is stored; putArticle replaces it", async () => {
    const content = await make();
    const a = article(`${'0'.repeat(23)}2`);
    expect(await content.createArticle(a)).toBe(true);
    const other = { ...a, sourceId: 'bao-khac', title: 'Của báo khác' };
    expect(await content.createArticle(other)).toBe(false);
    expect(await content.getArticle(a.id)).toEqual(a);
    await content.putArticle(other);
    expect(await content.getArticle(a.id)).toEqual(other);
  });

  it('writes a feed file only when its bytes change', async () => {
    const content = await make();
    const type = 'application/atom+xml; charset=utf-8';
    expect(await content.putFeedFile('all.atom', '<feed>Bản tin</feed>', type)).toBe(true);
    expect(await content.putFeedFile('all.atom', '<feed>Bản tin</feed>', type)).toBe(false);
    expect(await content.putFeedFile('all.atom', '<feed>Bản tin mới</feed>', type)).toBe(true);
    expect(await content.putFeedFile('sources/a.atom', '<feed>Bản tin mới</feed>', type)).toBe(true);
  });

  it('takes a feed file as its UTF-8 bytes as well as its text: the same bytes are not written again', async () => {
    const content = await make();
    const type = 'application/atom+xml; charset=utf-8';
    expect(await content.putFeedFile('all.atom', Buffer.from('<feed>Bản tin</feed>'), type)).toBe(true);
    expect(await content.putFeedFile('all.atom', '<feed>Bản tin</feed>', type)).toBe(false);
    expect(await content.putFeedFile('all.atom', Buffer.from('<feed>Bản tin</feed>'), type)).toBe(false);
    expect(await content.putFeedFile('all.atom', Buffer.from('<feed>Bản tin mới</feed>'), type)).toBe(true);
  });

  it('writes a feed file the caller knows changed without comparing, and keeps its bytes', async () => {
    const content = await make();
    const type = 'application/feed+json; charset=utf-8';
    expect(await content.putFeedFile('all.json', '{"v":1}', type, { changed: true })).toBe(true);
    expect(await content.putFeedFile('all.json', '{"v":2}', type, { changed: true })).toBe(true);
    // The caller's record was wrong (same bytes): written again, and nothing is lost.
    expect(await content.putFeedFile('all.json', '{"v":2}', type, { changed: true })).toBe(true);
    expect(await content.putFeedFile('all.json', '{"v":2}', type)).toBe(false);
  });

  it('keeps the feed builder’s state as given; a read is a copy', async () => {
    const content = await make();
    expect(await content.getFeedState('archive/all')).toBeUndefined();
    const state = { cut: ['k1', 'k2'], pages: 2 };
    expect(await content.putFeedState('archive/all', state, undefined)).toBe(true);
    state.pages = 3;
    const read = (await content.getFeedState('archive/all'))!;
    expect(read.value).toEqual({ cut: ['k1', 'k2'], pages: 2 });
    (read.value as { pages: number }).pages = 4;
    expect((await content.getFeedState('archive/all'))?.value).toEqual({ cut: ['k1', 'k2'], pages: 2 });
  });

  it('replaces the feed builder’s state only from the version it names', async () => {
    const content = await make();
    expect(await content.putFeedState('catalog', { n: 1 }, undefined)).toBe(true);
    // A second first write loses: another builder created it.
    expect(await content.putFeedState('catalog', { n: 9 }, undefined)).toBe(false);
    const first = (await content.getFeedState('catalog'))!;
    expect(await content.putFeedState('catalog', { n: 2 }, first.version)).toBe(true);
    // The version read before that write is stale now.
    expect(await content.putFeedState('catalog', { n: 9 }, first.version)).toBe(false);
    const second = (await content.getFeedState('catalog'))!;
    expect(second.value).toEqual({ n: 2 });
    expect(second.version).not.toBe(first.version);
    // Of racing writers from one version, one wins.
    const wins = await Promise.all(
      [3, 4, 5, 6].map((n) => content.putFeedState('catalog', { n }, second.version)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
  });
}

const audit = (n: number, target: string): AuditEntry => ({
  id: `2026-11-30T01:00:0${n}.000Z#${n}`,
  at: `2026-11-30T01:00:0${n}.000Z`,
  actor: 'an@example.vn',
  action: 'source.update',
  target,
  before: { name: 'Cũ' },
  after: { name: 'Mới' },
  changes: [{ path: 'name', before: 'Cũ', after: 'Mới' }],
  details: { reason: `lần ${n}` },
});

export function mediaStoreContract(make: () => Promise<MediaStore>): void {
  const hash = 'c'.repeat(64);
  const file = (name: string, type: StoredMedia['feed']['type'], width: number) => ({
    name,
    type,
    width,
    height: Math.round((width * 2) / 3),
    bytes: width * 40,
  });
  const media: StoredMedia = {
    hash,
    original: file(`${hash}.jpg`, 'image/jpeg', 1600),
    feed: file(`${hash}-800.webp`, 'image/webp', 800),
    mail: file(`${hash}-552.jpg`, 'image/jpeg', 552),
  };

  it('finds an image by its original, from the record stored with it, and nothing before', async () => {
    const store = await make();
    expect(await store.find(media.original.name)).toBeUndefined();
    await store.putFile(media.feed.name, new Uint8Array([1, 2, 3]), media.feed.type);
    await store.putFile(media.mail.name, new Uint8Array([4, 5]), media.mail.type);
    // The copies alone are no record: a crash before the original leaves the image to be stored again.
    expect(await store.find(media.original.name)).toBeUndefined();
    await store.putFile(media.original.name, new Uint8Array([6]), media.original.type, {
      original: true,
      record: media,
    });
    expect(await store.find(media.original.name)).toEqual(media);
    expect(await store.find(`${'d'.repeat(64)}.jpg`)).toBeUndefined();
  });
}

export function auditLogContract(make: () => Promise<AuditLog>): void {
  it('lists changes newest first, of everything or of one target, after a given id, within the limit', async () => {
    const log = await make();
    const entries = [audit(1, 'source:a'), audit(2, 'source:b'), audit(3, 'source:a'), audit(4, 'source:a')];
    for (const entry of entries) await log.record(entry);
    expect(await log.list({ limit: 10 })).toEqual([...entries].reverse());
    expect((await log.list({ limit: 2, target: 'source:a' })).map((e) => e.id)).toEqual([
      entries[3]!.id,
      entries[2]!.id,
    ]);
    expect(
      (await log.list({ limit: 10, target: 'source:a', before: entries[2]!.id })).map((e) => e.id),
    ).toEqual([entries[0]!.id]);
    expect((await log.list({ limit: 10, before: entries[1]!.id })).map((e) => e.id)).toEqual([
      entries[0]!.id,
    ]);
  });
}
