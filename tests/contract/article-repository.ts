/** What every ArticleRepository does: the in-memory fake and the DynamoDB adapter alike. */
import { expect, it } from 'vitest';
import type { ArticleEntry } from '../../shared/domain/article-entry.js';
import { type FeedListing, type FeedScope, listingOf } from '../../shared/domain/feed-listing.js';
import type { ArticleRepository } from '../../shared/ports.js';

const hex = (n: number) => n.toString(16).padStart(24, '0');

export function entry(n: number, overrides: Partial<ArticleEntry> = {}): ArticleEntry {
  return {
    id: hex(n),
    sourceId: 'bao-ha-nam',
    url: `https://baohanam.example.vn/tin/${n}.html`,
    canonicalUrl: `https://baohanam.example.vn/tin/${n}.html`,
    title: `Bài số ${n}`,
    publishedAt: `2026-11-${String(10 + (n % 20)).padStart(2, '0')}T08:00:00+07:00`,
    updatedAt: `2026-11-${String(10 + (n % 20)).padStart(2, '0')}T08:00:00+07:00`,
    categories: ['Kinh tế'],
    fingerprint: 'f'.repeat(32),
    language: 'vi',
    published: false,
    ...overrides,
  };
}

/** Stored at second `n` of a fixed day: listing order follows `n`. */
const storedAt = (n: number) => new Date(Date.UTC(2026, 10, 30, 0, 0, n));
const store = (articles: ArticleRepository, e: ArticleEntry, n: number) =>
  articles.create(e, listingOf(e, storedAt(n)));
const source: FeedScope = { kind: 'source', sourceId: 'bao-ha-nam' };
const ids = (listed: { articleId: string }[]) => listed.map((l) => l.articleId);

export function articleRepositoryContract(make: () => Promise<ArticleRepository>): void {
  it('gives a claim to its first article, and names that one to every later claimant, at once too', async () => {
    const articles = await make();
    const claim = { id: hex(50), url: 'urn:bantin:story:abc:2026-11-27' };
    const claimants = await Promise.all([hex(1), hex(2), hex(3)].map((id) => articles.claimAlias(claim, id)));
    expect(new Set(claimants).size).toBe(1);
    expect([hex(1), hex(2), hex(3)]).toContain(claimants[0]);
    expect(await articles.claimAlias(claim, hex(4))).toBe(claimants[0]);
    // The claim leads to its article, once stored, as an alias does.
    const holder = entry(Number.parseInt(claimants[0]!, 16));
    expect(await store(articles, { ...holder, id: claimants[0]! }, 1)).toBe(true);
    expect((await articles.resolve(claim.id))?.id).toBe(claimants[0]);
  });

  it('stores an entry once and reads it back as stored', async () => {
    const articles = await make();
    const first = entry(1, { storyKey: 'abc', categories: ['Văn hóa', 'Xã hội'] });
    expect(await store(articles, first, 1)).toBe(true);
    expect(await store(articles, { ...first, title: 'Khác' }, 2)).toBe(false);
    expect(await articles.get(first.id)).toEqual(first);
    expect(await articles.get(hex(99))).toBeUndefined();
  });

  it('lists an entry in the feeds and under the key it is given; a retry keeps the first key', async () => {
    const articles = await make();
    const e = entry(1);
    const listing: FeedListing = { feeds: [{ kind: 'all' }, source], listedKey: `k1#${e.id}` };
    await articles.create(e, listing);
    // A retry after a crash between the writes: the entry exists, a feed it missed is still added.
    const retry: FeedListing = {
      feeds: [...listing.feeds, { kind: 'category', slug: 'kinh-te' }],
      listedKey: `k2#${e.id}`,
    };
    expect(await articles.create(e, retry)).toBe(false);
    for (const scope of listing.feeds) {
      expect(await articles.listedKeys(scope, [e.id])).toEqual([
        { articleId: e.id, listedKey: `k1#${e.id}` },
      ]);
    }
    expect(await articles.listedKeys({ kind: 'category', slug: 'kinh-te' }, [e.id])).toEqual([
      { articleId: e.id, listedKey: `k2#${e.id}` },
    ]);
    expect(
      await articles.listed({ kind: 'category', slug: 'van-hoa' }, { limit: 10, order: 'oldest-first' }),
    ).toEqual([]);
  });

  it('lists a stored article in more feeds later, each once, keeping the first key', async () => {
    const articles = await make();
    const e = entry(2);
    await articles.create(e, { feeds: [{ kind: 'all' }, source], listedKey: `k1#${e.id}` });
    const other = { kind: 'source' as const, sourceId: 'bao-nam-dinh' };
    expect(await articles.addListing(e.id, { feeds: [other], listedKey: `k2#${e.id}` })).toBe(true);
    expect(await articles.addListing(e.id, { feeds: [other, source], listedKey: `k3#${e.id}` })).toBe(false);
    expect(await articles.listed(other, { limit: 10, order: 'newest-first' })).toEqual([
      { articleId: e.id, listedKey: `k2#${e.id}` },
    ]);
    expect(await articles.listedKeys(source, [e.id])).toEqual([{ articleId: e.id, listedKey: `k1#${e.id}` }]);
  });

  it('creates many entries at once as create() does one by one, past one batch write of 25 items', async () => {
    const articles = await make();
    const kept = entry(1);
    await articles.create(kept, { feeds: [source], listedKey: `k0#${kept.id}` });
    const fresh = Array.from({ length: 12 }, (_, i) => entry(i + 2, { categories: ['Văn hóa'] }));
    const batch = [kept, ...fresh, fresh[0]!].map((e, i) => ({
      entry: e,
      listing: listingOf(e, storedAt(i + 1)),
    }));
    expect(await articles.createMany(batch)).toEqual([false, ...fresh.map(() => true), false]);
    for (const e of fresh) expect(await articles.get(e.id)).toEqual(e);
    // The stored article keeps its first key where it was listed, and is added where it was not.
    expect(await articles.listedKeys(source, [kept.id])).toEqual([
      { articleId: kept.id, listedKey: `k0#${kept.id}` },
    ]);
    expect(await articles.listedKeys({ kind: 'all' }, [kept.id])).toEqual([
      { articleId: kept.id, listedKey: batch[0]!.listing.listedKey },
    ]);
    const culture = await articles.listed(
      { kind: 'category', slug: 'van-hoa' },
      { limit: 100, order: 'oldest-first' },
    );
    expect(culture).toEqual(
      batch.slice(1, -1).map(({ entry: e, listing }) => ({ articleId: e.id, listedKey: listing.listedKey })),
    );
    expect(await articles.createMany([])).toEqual([]);
  });

  it('lists a feed in key order both ways, strictly after one key and up to another, within the limit', async () => {
    const articles = await make();
    const stored = [3, 1, 4, 2, 5].map((n) => entry(n));
    for (const [i, e] of stored.entries()) await store(articles, e, i);
    const oldest = await articles.listed(source, { limit: 100, order: 'oldest-first' });
    expect(ids(oldest)).toEqual(stored.map((e) => e.id));
    expect(ids(await articles.listed(source, { limit: 2, order: 'newest-first' }))).toEqual([hex(5), hex(2)]);
    const middle = await articles.listed(source, {
      limit: 100,
      order: 'oldest-first',
      after: oldest[0]!.listedKey,
      upTo: oldest[3]!.listedKey,
    });
    expect(ids(middle)).toEqual([hex(1), hex(4), hex(2)]);
    expect(
      ids(await articles.listed(source, { limit: 100, order: 'newest-first', after: oldest[3]!.listedKey })),
    ).toEqual([hex(5)]);
    expect(
      ids(await articles.listed(source, { limit: 100, order: 'oldest-first', upTo: oldest[1]!.listedKey })),
    ).toEqual([hex(3), hex(1)]);
    expect(await articles.listedKeys(source, [hex(4), hex(4), hex(77)])).toEqual([oldest[2]]);
    expect(await articles.listedKeys(source, [hex(2), hex(77), hex(3), hex(5)])).toEqual([
      oldest[3],
      oldest[0],
      oldest[4],
    ]);
  });

  it('resolves an id to its article, directly or through an alias; the first alias stays, and none shadows an article', async () => {
    const articles = await make();
    const [a, b] = [entry(1), entry(2)];
    await store(articles, a, 1);
    await store(articles, b, 2);
    const alias = { id: hex(500), url: 'https://baohanam.example.vn/?p=1' };
    await articles.addAlias(alias, a.id);
    await articles.addAlias(alias, b.id);
    await articles.addAlias({ id: b.id, url: b.url }, a.id);
    await articles.addAlias({ id: a.id, url: a.url }, a.id);
    expect((await articles.resolve(alias.id))?.id).toBe(a.id);
    expect((await articles.resolve(a.id))?.id).toBe(a.id);
    expect((await articles.resolve(b.id))?.id).toBe(b.id);
    expect(await articles.resolve(hex(501))).toBeUndefined();
    expect(await articles.get(alias.id)).toBeUndefined();
    // An alias's id is taken: no article is stored under it.
    expect(await store(articles, entry(500), 3)).toBe(false);
  });

  it('sets many aliases at once, past one batch of 25, the last given for an id winning', async () => {
    const articles = await make();
    const [a, b] = [entry(1), entry(2)];
    await store(articles, a, 1);
    await store(articles, b, 2);
    const alias = (n: number) => ({ id: hex(600 + n), url: `urn:bantin:guid:bao-ha-nam:${n}` });
    await articles.setAliases(Array.from({ length: 30 }, (_, n) => ({ alias: alias(n), articleId: a.id })));
    await articles.setAliases([
      { alias: alias(0), articleId: a.id },
      { alias: alias(0), articleId: b.id },
    ]);
    const found = await articles.resolveMany(Array.from({ length: 30 }, (_, n) => alias(n).id));
    expect(found.get(alias(0).id)?.id).toBe(b.id);
    expect(found.get(alias(29).id)?.id).toBe(a.id);
    expect(found.size).toBe(30);
    await articles.setAliases([]);
  });

  it('resolves many ids at once as resolve() does one by one, past one batch read of 100 keys', async () => {
    const articles = await make();
    const stored = Array.from({ length: 101 }, (_, i) => entry(i + 1));
    await Promise.all(stored.map((e, i) => store(articles, e, i)));
    await articles.addAlias({ id: hex(900), url: 'https://baohanam.example.vn/?p=7' }, hex(7));
    await articles.addAlias({ id: hex(901), url: 'https://baohanam.example.vn/?p=8' }, hex(999));
    const ids = [hex(900), hex(901), hex(902), ...stored.map((e) => e.id), hex(3)];
    const found = await articles.resolveMany(ids);
    expect(found.get(hex(900))?.id).toBe(hex(7));
    expect(found.has(hex(901))).toBe(false);
    expect(found.has(hex(902))).toBe(false);
    const one = await Promise.all(stored.map((e) => articles.resolve(e.id)));
    expect(stored.map((e) => found.get(e.id))).toEqual(one);
    expect(found.size).toBe(102);
    expect((await articles.resolveMany([])).size).toBe(0);
  });

  it('marks an article published, and creates nothing for an unknown id', async () => {
    const articles = await make();
    await store(articles, entry(1), 1);
    await articles.markPublished(hex(1));
    await articles.markPublished(hex(2));
    expect((await articles.get(hex(1)))?.published).toBe(true);
    expect(await articles.get(hex(2))).toBeUndefined();
    expect(await articles.resolve(hex(2))).toBeUndefined();
  });

  it('finds a story by key within an inclusive window, oldest first, up to the limit', async () => {
    const articles = await make();
    const at = (day: number) => `2026-11-${day}T08:00:00+07:00`;
    await store(articles, entry(1, { storyKey: 's', publishedAt: at(12) }), 1);
    await store(articles, entry(2, { storyKey: 's', publishedAt: at(10) }), 2);
    await store(articles, entry(3, { storyKey: 's', publishedAt: at(14) }), 3);
    await store(articles, entry(4, { storyKey: 'other', publishedAt: at(11) }), 4);
    await store(articles, entry(5, { publishedAt: at(11) }), 5);
    const window = { from: at(10), to: '2026-11-12T01:00:00Z' };
    expect(ids((await articles.findByStoryKey('s', window, 10)).map((e) => ({ articleId: e.id })))).toEqual([
      hex(2),
      hex(1),
    ]);
    expect(await articles.findByStoryKey('s', window, 1)).toHaveLength(1);
  });

  it('appends a story copy only at the number of copies the caller read', async () => {
    const articles = await make();
    await store(articles, entry(1), 1);
    const copy = {
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example.vn/a',
      publishedAt: '2026-11-12T07:00:00+07:00',
    };
    expect(await articles.addStoryCopy(hex(1), copy, 'bao-nam-dinh', 0)).toBe(true);
    expect(await articles.addStoryCopy(hex(1), copy, undefined, 0)).toBe(false);
    expect(await articles.addStoryCopy(hex(2), copy, undefined, 0)).toBe(false);
    const second = { ...copy, sourceId: 'bao-ninh-binh', url: 'https://baoninhbinh.example.vn/b' };
    expect(await articles.addStoryCopy(hex(1), second, undefined, 1)).toBe(true);
    expect(await articles.get(hex(1))).toMatchObject({
      alsoPublishedBy: [copy, second],
      originalSourceId: 'bao-nam-dinh',
    });
  });

  it('rewrites what a re-extraction may change, and nothing else', async () => {
    const articles = await make();
    const e = entry(1, { published: true, storyKey: 's' });
    await store(articles, e, 1);
    const changes = {
      title: 'Tiêu đề mới',
      publishedAt: '2026-11-01T09:00:00+07:00',
      updatedAt: '2026-11-02T09:00:00+07:00',
      fingerprint: 'a'.repeat(32),
      storyKey: 's2',
      bodyKey: 'b2',
    };
    expect(await articles.updateExtracted(e.id, changes)).toBe(true);
    expect(await articles.get(e.id)).toEqual({ ...e, ...changes });
    // The story is found under its new headline's key, no more under the old one (attack run 31).
    const window = { from: '2026-10-31T00:00:00+07:00', to: '2026-11-03T00:00:00+07:00' };
    expect((await articles.findByStoryKey('s2', window, 5)).map((found) => found.id)).toEqual([e.id]);
    expect(await articles.findByStoryKey('s', window, 5)).toEqual([]);
    // A headline or a text with no key: the keys go.
    expect(await articles.updateExtracted(e.id, { ...changes, storyKey: '', bodyKey: '' })).toBe(true);
    const { storyKey: _story, bodyKey: _body, ...keyless } = { ...e, ...changes };
    expect(await articles.get(e.id)).toEqual(keyless);
    // An article its paper moved takes the new address (its id stays).
    const moved = {
      url: 'https://baohanam.example.vn/tin-moi.html',
      canonicalUrl: 'https://baohanam.example.vn/tin-moi',
    };
    expect(await articles.updateExtracted(e.id, { ...changes, storyKey: '', bodyKey: '', moved })).toBe(true);
    expect(await articles.get(e.id)).toEqual({ ...keyless, ...moved });
    expect(await articles.updateExtracted(hex(2), changes)).toBe(false);
    expect(await articles.get(hex(2))).toBeUndefined();
  });

  it('withdraws an article once: out of the listings it names, their keys kept, still found by its story', async () => {
    const articles = await make();
    const withdrawn = entry(1, { storyKey: 'chuyen', bodyKey: 'than' });
    await store(articles, withdrawn, 1);
    await store(articles, entry(2, { storyKey: 'chuyen' }), 2);
    const all: FeedScope = { kind: 'all' };
    const category: FeedScope = { kind: 'category', slug: 'kinh-te' };
    const withdrawal = { at: '2026-12-03T17:00:00+07:00', reason: 'Gỡ theo yêu cầu', by: 'admin' };
    expect(await articles.withdraw(hex(1), withdrawal, [all, source])).toBe(true);
    expect(ids(await articles.listed(all, { order: 'newest-first', limit: 10 }))).toEqual([hex(2)]);
    expect(ids(await articles.listed(source, { order: 'oldest-first', limit: 10 }))).toEqual([hex(2)]);
    // A feed it was not named for keeps it; the keys of those it left are still found.
    expect(ids(await articles.listed(category, { order: 'newest-first', limit: 10 }))).toEqual([
      hex(2),
      hex(1),
    ]);
    expect(await articles.listedKeys(all, [hex(1)])).toEqual([
      { articleId: hex(1), listedKey: `${storedAt(1).toISOString()}#${hex(1)}` },
    ]);
    const stored = await articles.get(hex(1));
    expect(stored?.withdrawn).toEqual(withdrawal);
    const window = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    expect(
      (await articles.findByStoryKey('chuyen', window, 10)).map((e) => [e.id, e.withdrawn?.reason]),
    ).toEqual([
      [hex(1), 'Gỡ theo yêu cầu'],
      [hex(2), undefined],
    ]);
    // A re-extraction that read it before changes nothing now.
    const changes = {
      title: 'Khác',
      publishedAt: stored!.publishedAt,
      updatedAt: stored!.updatedAt,
      fingerprint: 'e'.repeat(32),
      storyKey: 'khac',
      bodyKey: '',
    };
    expect(await articles.updateExtracted(hex(1), changes)).toBe(false);
    expect((await articles.get(hex(1)))?.title).toBe(withdrawn.title);
    // Again: no second mark (the first reason stays), the listings it names are still left.
    expect(await articles.withdraw(hex(1), { ...withdrawal, reason: 'khác' }, [category])).toBe(false);
    expect((await articles.get(hex(1)))?.withdrawn?.reason).toBe('Gỡ theo yêu cầu');
    expect(ids(await articles.listed(category, { order: 'newest-first', limit: 10 }))).toEqual([hex(2)]);
    // A listing added later is not added back; an unknown id is no article.
    expect(await articles.addListing(hex(1), listingOf(withdrawn, storedAt(9)))).toBe(false);
    expect(ids(await articles.listed(all, { order: 'newest-first', limit: 10 }))).toEqual([hex(2)]);
    expect(await articles.withdraw(hex(77), withdrawal, [all])).toBe(false);
    expect(await articles.get(hex(77))).toBeUndefined();
    // Restored: listed again under the keys it had; only a withdrawn article is.
    expect(await articles.restore(hex(1), [all, source, category])).toBe(true);
    expect((await articles.get(hex(1)))?.withdrawn).toBeUndefined();
    expect(ids(await articles.listed(all, { order: 'newest-first', limit: 10 }))).toEqual([hex(2), hex(1)]);
    expect(await articles.listedKeys(source, [hex(1)])).toEqual([
      { articleId: hex(1), listedKey: `${storedAt(1).toISOString()}#${hex(1)}` },
    ]);
    expect(ids(await articles.listed(category, { order: 'newest-first', limit: 10 }))).toEqual([
      hex(2),
      hex(1),
    ]);
    expect(await articles.restore(hex(1), [all])).toBe(false);
    expect(await articles.restore(hex(77), [all])).toBe(false);
  });

  it('gives the newest of a source or of all by publication time, and of a category by listing order', async () => {
    const articles = await make();
    const at = (day: number) => `2026-11-${day}T08:00:00+07:00`;
    await store(articles, entry(1, { publishedAt: at(20), categories: ['Văn hóa'] }), 1);
    await store(articles, entry(2, { publishedAt: at(10), categories: ['Văn hóa'] }), 2);
    await store(articles, entry(3, { publishedAt: at(15), sourceId: 'bao-nam-dinh' }), 3);
    const newestIds = async (scope: FeedScope, limit: number) =>
      (await articles.newest(scope, limit)).map((e) => e.id);
    expect(await newestIds(source, 10)).toEqual([hex(1), hex(2)]);
    expect(await newestIds({ kind: 'all' }, 2)).toEqual([hex(1), hex(3)]);
    expect(await newestIds({ kind: 'category', slug: 'van-hoa' }, 10)).toEqual([hex(2), hex(1)]);
  });
}
