import { beforeEach, describe, expect, it } from 'vitest';
import { AdminError } from '../../../shared/admin/manage-sources.js';
import { reextractSource } from '../../../shared/admin/reextract-source.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import { ingestSource } from '../../../shared/ingest/ingest-source.js';
import { MemoryArticles, MemoryContent, MemoryPublisher, MemorySources } from '../../support/in-memory.js';
import { FakeWeb, sourceInput } from '../../support/sample-site.js';

let web: FakeWeb;
let sources: MemorySources;
let articles: MemoryArticles;
let content: MemoryContent;
let events: MemoryPublisher;
const now = () => new Date('2026-11-27T10:00:00Z');

beforeEach(async () => {
  web = new FakeWeb();
  sources = new MemorySources();
  articles = new MemoryArticles();
  content = new MemoryContent();
  events = new MemoryPublisher();
  await sources.put(SourceSchema.parse(sourceInput()));
  await ingestSource('bao-ha-nam', {
    sources,
    articles,
    content,
    events,
    fetch: web.fetch,
    allowLoopback: false,
    now,
  });
  events.published.length = 0;
});

const deps = () => ({ sources, articles, content, events, now });
const setSelectors = (selectors: Record<string, unknown>) =>
  sources.put(SourceSchema.parse(sourceInput({ selectors })));

describe('ingest keeps the raw page', () => {
  it('stores raw/{articleId}.html for every new article', () => {
    expect(content.rawPages.size).toBe(6);
    for (const id of articles.entries.keys()) expect(content.rawPages.get(id)).toContain('<html');
  });
});

describe('reextractSource', () => {
  it('changes nothing when the configuration did not change', async () => {
    const result = await reextractSource('bao-ha-nam', deps());
    expect(result).toMatchObject({ considered: 6, updated: 0, unchanged: 6, skipped: 0 });
    expect(events.published).toEqual([]);
  });

  it('skips a withdrawn article, and one withdrawn while it is re-extracted, announcing neither (attack run 38)', async () => {
    const [first, second] = [...articles.entries.keys()];
    const withdrawal = { at: '2026-11-27T17:00:00+07:00', reason: 'Gỡ', by: 'admin' };
    await articles.withdraw(first!, withdrawal, [{ kind: 'all' }]);
    // The second is withdrawn after the re-extraction read it (its page read, its images hosted).
    const getRawPage = content.getRawPage.bind(content);
    content.getRawPage = async (id) => {
      if (id === second) await articles.withdraw(id, withdrawal, [{ kind: 'all' }]);
      return getRawPage(id);
    };
    const result = await reextractSource('bao-ha-nam', deps(), {
      articleIds: [first!, second!],
      force: true,
    });
    expect(result.items.map((i) => [i.articleId, i.outcome])).toEqual([
      [first, 'skipped'],
      [second, 'skipped'],
    ]);
    expect(result.items[0]).toMatchObject({ reason: expect.stringContaining('withdrawn') });
    expect(result.items[1]).toMatchObject({ reason: expect.stringContaining('withdrawn') });
    expect(events.published).toEqual([]);
  });

  it('considers no article for an empty selection, not the newest ones (attack run 33)', async () => {
    const none = await reextractSource('bao-ha-nam', deps(), { articleIds: [] });
    expect(none).toMatchObject({ considered: 0, updated: 0 });
  });

  it('says when older stored articles were left out by its limit (attack run 29: it said nothing)', async () => {
    const four = await reextractSource('bao-ha-nam', deps(), { limit: 4 });
    expect(four).toMatchObject({ considered: 4, olderLeft: true });
    const all = await reextractSource('bao-ha-nam', deps(), { limit: 6 });
    expect(all.considered).toBe(6);
    expect(all.olderLeft).toBeUndefined();
  });

  it('reports in a dry run what would change, writing nothing', async () => {
    const before = structuredClone([...content.articles.entries()]);
    await setSelectors({ remove: ['img', '.caption'] });
    const result = await reextractSource('bao-ha-nam', deps(), { dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.updated).toBeGreaterThan(0);
    const changed = result.items.find((i) => i.outcome === 'would-update')!;
    expect(changed.changes!.map((c) => c.field)).toContain('images');
    expect([...content.articles.entries()]).toEqual(before);
    expect(events.published).toEqual([]);
  });

  it('rewrites changed articles in place, keeping ids, URLs and history, and announces article.updated', async () => {
    const stored = structuredClone(Object.fromEntries(content.articles));
    await setSelectors({ remove: ['img', '.caption'] });
    const result = await reextractSource('bao-ha-nam', deps());
    const updated = result.items.filter((i) => i.outcome === 'updated');
    expect(updated.length).toBe(result.updated);
    expect(updated.length).toBeGreaterThan(0);
    expect([...content.articles.keys()].sort()).toEqual(Object.keys(stored).sort());
    for (const { articleId } of updated) {
      const after = content.articles.get(articleId)!;
      const before = stored[articleId]!;
      expect(after.images).toEqual([]);
      for (const field of [
        'id',
        'sourceId',
        'url',
        'canonicalUrl',
        'categories',
        'language',
        'ingestedAt',
      ] as const) {
        expect(after[field]).toEqual(before[field]);
      }
      expect(articles.entries.get(articleId)).toMatchObject({
        published: true,
        fingerprint: after.fingerprint,
      });
    }
    expect(events.published.map((e) => e.type)).toEqual(updated.map(() => 'article.updated'));
    expect(events.published.map((e) => e.articleId).sort()).toEqual(updated.map((i) => i.articleId).sort());
  });

  it('names the other papers that ran a story on its event, so their own feeds show the new text', async () => {
    const [id, entry] = [...articles.entries.entries()][0]!;
    const copy = {
      sourceId: 'tin-tuc-quoc-gia',
      url: 'https://tintuc.example.vn/a.html',
      publishedAt: entry.publishedAt,
    };
    articles.entries.set(id, { ...entry, alsoPublishedBy: [copy] });
    await setSelectors({ remove: ['img', '.caption'] });
    await reextractSource('bao-ha-nam', deps());
    const event = events.published.find((e) => e.articleId === id);
    expect(event).toMatchObject({ type: 'article.updated', alsoListedIn: ['tin-tuc-quoc-gia'] });
    expect(
      events.published.filter((e) => e.articleId !== id).every((e) => e.alsoListedIn === undefined),
    ).toBe(true);
  });

  it('dates a correction at the re-extraction, so feeds announce it; a second run keeps that date', async () => {
    const stored = structuredClone(Object.fromEntries(content.articles));
    await setSelectors({ remove: ['img', '.caption'] });
    const later = () => new Date('2026-11-28T03:00:00Z');
    const result = await reextractSource('bao-ha-nam', { ...deps(), now: later });
    const updated = result.items.filter((i) => i.outcome === 'updated');
    expect(updated.length).toBeGreaterThan(0);
    for (const { articleId } of updated) {
      const after = content.articles.get(articleId)!;
      expect(Date.parse(after.updatedAt)).toBe(later().getTime());
      // In the source's zone, as its other dates; published as before.
      expect(after.updatedAt).toBe('2026-11-28T10:00:00+07:00');
      expect(after.publishedAt).toBe(stored[articleId]!.publishedAt);
      expect(articles.entries.get(articleId)).toMatchObject({ updatedAt: after.updatedAt });
    }
    // Unchanged articles keep theirs.
    for (const item of result.items.filter((i) => i.outcome === 'unchanged'))
      expect(content.articles.get(item.articleId)!.updatedAt).toBe(stored[item.articleId]!.updatedAt);
    // Run again, later: nothing to correct, and the correction's date stays.
    const again = await reextractSource('bao-ha-nam', {
      ...deps(),
      now: () => new Date('2026-11-29T03:00:00Z'),
    });
    expect(again.updated).toBe(0);
    for (const { articleId } of updated)
      expect(content.articles.get(articleId)!.updatedAt).toBe('2026-11-28T10:00:00+07:00');
  });

  it('keeps the stored article when the new extraction is not a valid article', async () => {
    const stored = structuredClone(Object.fromEntries(content.articles));
    await setSelectors({ remove: ['p', 'div'] });
    const result = await reextractSource('bao-ha-nam', deps());
    expect(result.updated).toBe(0);
    expect(result.skipped).toBe(6);
    expect(result.items[0]!.reason).toContain('the stored one is kept');
    expect(result.items[0]!.reason).toContain('contentText');
    expect(Object.fromEntries(content.articles)).toEqual(stored);
    expect(events.published).toEqual([]);
  });

  it('keeps the stored article when a selector gone wrong would throw most of its text away', async () => {
    const stored = structuredClone(Object.fromEntries(content.articles));
    // Valid but worthless: only the page title is left as text.
    await setSelectors({ remove: ['body'] });
    const result = await reextractSource('bao-ha-nam', deps());
    expect(result).toMatchObject({ updated: 0, skipped: 6 });
    expect(result.items[0]!.reason).toMatch(/keeps only \d+% of the text/);
    expect(Object.fromEntries(content.articles)).toEqual(stored);
    const accepted = await reextractSource('bao-ha-nam', deps(), { allowShrink: true, dryRun: true });
    expect(accepted.updated).toBe(6);
  });

  it('says, article by article, which pictures a body selector naming the paragraphs leaves out (newcomer run 49)', async () => {
    const withPictures = [...content.articles.values()].filter((a) => a.images.length > 0).map((a) => a.id);
    expect(withPictures.length).toBeGreaterThan(0);
    // The text's paragraphs, not their box: the same text, no photo.
    await setSelectors({ body: '.news-content p[style="text-align:justify"]' });
    const result = await reextractSource('bao-ha-nam', deps(), { dryRun: true });
    const warned = result.items.filter((i) =>
      (i.warnings ?? []).some((w) => w.includes('for body leaves out')),
    );
    expect(warned.map((i) => i.articleId).sort()).toEqual(withPictures.sort());
    for (const item of warned) expect(item.changes?.map((c) => c.field)).toContain('images');
  });

  it('skips articles ingested before raw pages were kept', async () => {
    content.rawPages.clear();
    const result = await reextractSource('bao-ha-nam', deps(), { limit: 2 });
    expect(result).toMatchObject({ considered: 2, skipped: 2 });
    expect(result.items[0]!.reason).toContain('no stored page');
  });

  it('re-extracts only the articles asked for, which must be the source’s', async () => {
    const [id] = articles.entries.keys();
    const result = await reextractSource('bao-ha-nam', deps(), { articleIds: [id!], force: true });
    expect(result.items).toMatchObject([{ articleId: id, outcome: 'updated' }]);
    await expect(reextractSource('bao-ha-nam', deps(), { articleIds: ['0'.repeat(24)] })).rejects.toThrow(
      /not articles of bao-ha-nam/,
    );
  });

  it('re-extracts a source holding an article stored with an address longer than a link may be', async () => {
    // Stored before links were capped at 2,048 characters (a same-site redirect).
    const [id, stored] = [...content.articles.entries()][0]!;
    content.articles.set(id, { ...stored, url: `${stored.url}?p=${'y'.repeat(2100)}` });
    const result = await reextractSource('bao-ha-nam', deps());
    expect(result.considered).toBeGreaterThan(1);
  });

  it('re-extracts an article named several times once, with one event (attack run 19: 200 webhooks)', async () => {
    const [id] = articles.entries.keys();
    events.published.length = 0;
    const result = await reextractSource('bao-ha-nam', deps(), {
      articleIds: Array(50).fill(id!),
      force: true,
    });
    expect(result).toMatchObject({ considered: 1, updated: 1 });
    expect(events.published.map((event) => event.articleId)).toEqual([id]);
  });

  it('stops starting articles after the deadline, and says so', async () => {
    const result = await reextractSource('bao-ha-nam', deps(), { deadline: Date.now() - 1 });
    expect(result).toMatchObject({ considered: 6, notReached: 6, updated: 0 });
  });

  it('tells to run again with force when the events could not be published', async () => {
    await setSelectors({ remove: ['img'] });
    events.failNext = 1;
    await expect(reextractSource('bao-ha-nam', deps())).rejects.toThrow(
      /run the re-extraction again with force/,
    );
    const again = await reextractSource('bao-ha-nam', deps(), { force: true });
    expect(again.updated).toBe(6);
    expect(events.published).toHaveLength(6);
  });

  it('is a not-found error for an unknown source', async () => {
    await expect(reextractSource('nope', deps())).rejects.toBeInstanceOf(AdminError);
  });
});
