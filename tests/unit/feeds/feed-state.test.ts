/**
 * The feed state on in-memory ports: a rebuild reads and prepares only what is new or updated,
 * writes changed files without reading the stored ones, and gives the bytes a rebuild from the
 * index alone gives, whether the state is there, missing, corrupt or out of date.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../shared/domain/events.js';
import { feedPath } from '../../../shared/domain/feed-listing.js';
import { buildFeeds, buildFeedsForEvents } from '../../../shared/syndicate/build-feeds.js';
import { FeedWorld, heldAt } from '../../support/feed-builder.js';

const CURRENT_FILES = ['all', 'sources/bao-a', 'categories/xa-hoi'].flatMap((p) =>
  ['rss', 'atom', 'json'].map((f) => `${p}.${f}`),
);

/** A paper with `count` articles in `Xã hội`, its feeds built. */
async function built(count: number): Promise<{ world: FeedWorld; events: ArticleEvent[] }> {
  const world = new FeedWorld();
  await world.addSource('bao-a', 'Báo A');
  const events: ArticleEvent[] = [];
  for (let i = 0; i < count; i++)
    events.push(await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] }));
  await buildFeedsForEvents(events, world.deps());
  return { world, events };
}

/** Records the ids of the bodies read from the content store. */
function countReads(world: FeedWorld): string[] {
  const reads: string[] = [];
  const getArticle = world.content.getArticle.bind(world.content);
  world.content.getArticle = async (id) => {
    reads.push(id);
    return getArticle(id);
  };
  return reads;
}

const itemIds = (world: FeedWorld, path: string) =>
  world.json(path).items.map((item) => item.id.split(':').pop()!);

const stateOf = (world: FeedWorld, path: string) =>
  world.content.feedState.get(`archive/${path}`)?.value as {
    items: { id: string; prepared: { ok: boolean; article?: { title: string } } }[];
    files: Record<string, string>;
  };

/** Every feed file of two worlds is the same, byte for byte. */
function expectSameFiles(actual: FeedWorld, expected: FeedWorld): void {
  expect([...actual.content.feeds.keys()].sort()).toEqual([...expected.content.feeds.keys()].sort());
  for (const [file, { body }] of expected.content.feeds) expect(actual.feed(file), file).toBe(body);
}

describe('feed state: a rebuild works on what changed', () => {
  it('reads one body for one new article and writes the changed files without reading the stored ones', async () => {
    const { world } = await built(30);
    const reads = countReads(world);
    world.content.checks.length = 0;
    const writes = world.content.writes.length;
    const fresh = await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    await buildFeedsForEvents([fresh], world.deps());
    expect(reads).toEqual([fresh.articleId]);
    expect(world.content.checks).toEqual([]);
    expect(world.content.writes.slice(writes).sort()).toEqual([...CURRENT_FILES].sort());
    for (const path of ['all', 'sources/bao-a', 'categories/xa-hoi']) {
      expect(itemIds(world, path)).toHaveLength(31);
      expect(stateOf(world, path).items.map((item) => item.id)[0]).toBe(fresh.articleId);
    }
  });

  it('reads the listing once a feed, and its uncut tail only when a page is due', async () => {
    const { world } = await built(49);
    const queries: string[] = [];
    const listed = world.articles.listed.bind(world.articles);
    world.articles.listed = async (scope, query) => {
      queries.push(`${feedPath(scope)} ${query.order}`);
      return listed(scope, query);
    };
    const store = () => world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    await buildFeedsForEvents([await store()], world.deps());
    expect(queries.sort()).toEqual(
      ['all', 'categories/xa-hoi', 'sources/bao-a'].map((path) => `${path} newest-first`),
    );
    queries.length = 0;
    const result = await buildFeedsForEvents([await store()], world.deps());
    expect(result.archivePages).toContain('all/archive/1');
    expect(queries.filter((q) => q.endsWith('oldest-first'))).toHaveLength(3);
    queries.length = 0;
    await buildFeedsForEvents([await store()], world.deps());
    expect(queries).toHaveLength(3);
    expect(itemIds(world, 'all/archive/1')).toHaveLength(50);
    expect(itemIds(world, 'all')).toHaveLength(50);
  });

  it('renders no archive page again for the late events of articles it held, but does for an update', async () => {
    const world = new FeedWorld();
    await world.addSource('bao-a', 'Báo A');
    const events: ArticleEvent[] = [];
    // Ingest ran ahead: 120 stored before the builder sees the first events.
    for (let i = 0; i < 120; i++) events.push(await world.store({ sourceId: 'bao-a', categories: [] }));
    const first = await buildFeedsForEvents(events.slice(0, 20), world.deps());
    expect(first.archivePages).toContain('all/archive/2');
    const reads = countReads(world);
    for (let i = 20; i < 120; i += 20) {
      const late = await buildFeedsForEvents(events.slice(i, i + 20), world.deps());
      expect(late.archivePages).toEqual([]);
      expect(late.filesWritten).toBe(0);
    }
    expect(reads).toEqual([]);
    const edited = events[30]!;
    await world.content.putArticle({
      ...(await world.content.getArticle(edited.articleId))!,
      title: 'Tiêu đề đã sửa',
    });
    const update = await buildFeedsForEvents([{ ...edited, type: 'article.updated' }], world.deps());
    expect(update.archivePages).toEqual(['all/archive/1', 'sources/bao-a/archive/1']);
    const item = world.json('all/archive/1').items.find((i) => i.id.endsWith(edited.articleId));
    expect(item?.title).toBe('Tiêu đề đã sửa');
  });

  it('cuts a page and renders the one before it again (its next-archive link) without reading a body or a stored file', async () => {
    const { world } = await built(50);
    const store = () => world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    for (let i = 0; i < 50; i++) await buildFeedsForEvents([await store()], world.deps());
    expect(itemIds(world, 'all/archive/1')).toHaveLength(50);
    const reads = countReads(world);
    world.content.checks.length = 0;
    const fresh = await store();
    const result = await buildFeedsForEvents([fresh], world.deps());
    expect(result.archivePages).toEqual(
      ['all', 'categories/xa-hoi', 'sources/bao-a'].flatMap((p) => [`${p}/archive/1`, `${p}/archive/2`]),
    );
    expect(reads).toEqual([fresh.articleId]);
    // Both pages differ from what is stored (page 2 is new, page 1 gains a link): written unread.
    expect(world.content.checks).toEqual([]);
    expect(world.json('all/archive/1')._archive).toMatchObject({
      next_archive: 'https://feeds.bantin.example/feeds/all/archive/2.json',
    });
    expect(itemIds(world, 'all/archive/2')).toHaveLength(50);
  });

  it('keeps an update in the state: re-read once, then carried by later rebuilds without a read', async () => {
    const { world, events } = await built(5);
    const edited = events[1]!;
    await world.content.putArticle({
      ...(await world.content.getArticle(edited.articleId))!,
      title: 'Tiêu đề đã sửa',
      updatedAt: '2026-02-02T10:00:00+07:00',
    });
    const reads = countReads(world);
    await buildFeedsForEvents([{ ...edited, type: 'article.updated' }], world.deps());
    expect(reads).toEqual([edited.articleId]);
    const title = (path: string) =>
      world.json(path).items.find((item) => item.id.endsWith(edited.articleId))?.title;
    expect(title('all')).toBe('Tiêu đề đã sửa');
    expect(
      stateOf(world, 'all').items.find((item) => item.id === edited.articleId)?.prepared.article?.title,
    ).toBe('Tiêu đề đã sửa');

    reads.length = 0;
    await buildFeedsForEvents(
      [await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] })],
      world.deps(),
    );
    expect(reads).toHaveLength(1);
    for (const path of ['all', 'sources/bao-a', 'categories/xa-hoi'])
      expect(title(path)).toBe('Tiêu đề đã sửa');
  });

  it('drops an article taken off the index at the next rebuild, and one whose body is gone at its update', async () => {
    const { world, events } = await built(6);
    const takenDown = events[2]!;
    for (const listing of world.articles.listings.values()) listing.delete(takenDown.articleId);
    const gone = events[4]!;
    world.content.articles.delete(gone.articleId);
    await buildFeedsForEvents(
      [
        await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] }),
        { ...gone, type: 'article.updated' },
      ],
      world.deps(),
    );
    for (const path of ['all', 'sources/bao-a', 'categories/xa-hoi']) {
      expect(itemIds(world, path)).toHaveLength(5);
      expect(itemIds(world, path)).not.toContain(takenDown.articleId);
      expect(itemIds(world, path)).not.toContain(gone.articleId);
      const stored = stateOf(world, path).items.map((item) => item.id);
      expect(stored).not.toContain(takenDown.articleId);
      expect(stored).not.toContain(gone.articleId);
    }
    expect(world.logs.some((l) => l.message.startsWith('feed built without articles'))).toBe(true);
  });

  it('prepares the window again from the bodies when a credited paper changes its name', async () => {
    const { world } = await built(4);
    await world.addSource('bao-a', 'Báo A mới');
    const reads = countReads(world);
    await buildFeeds([{ kind: 'all' }], world.deps());
    expect(reads).toHaveLength(4);
    const items = JSON.parse(world.feed('all.json')).items as { content_html: string }[];
    expect(items.every((item) => item.content_html.includes('>Báo A mới</a></p>'))).toBe(true);
  });
});

describe('feed state: builders racing on one feed', () => {
  it('the builder whose state write comes last keeps the item the other added', async () => {
    const { world } = await built(3);
    const first = await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    // The first builder stops before its state write of `all`, its files written.
    const held = heldAt(world.content, 'putFeedState', 'archive/all');
    const slow = buildFeedsForEvents([first], { ...world.deps(false), content: held.store });
    await held.arrived;
    const second = await world.store({ sourceId: 'bao-b' });
    await buildFeedsForEvents([second], world.deps(false));
    held.release();
    await slow;
    const stored = stateOf(world, 'all').items.map((item) => item.id);
    expect(stored).toContain(first.articleId);
    expect(stored).toContain(second.articleId);
    expect(itemIds(world, 'all')).toEqual(expect.arrayContaining([first.articleId, second.articleId]));
    expect(itemIds(world, 'all')).toHaveLength(5);
    expect(world.logs.some((l) => l.message.startsWith('another builder wrote it first'))).toBe(true);
  });
});

describe('feed state: missing, corrupt or out of date', () => {
  /** Two identical papers: one keeps its state; `damage` is done to the other's after the first build. */
  async function compared(damage: (world: FeedWorld) => void): Promise<void> {
    const { world: kept } = await built(45);
    const { world: damaged } = await built(45);
    damage(damaged);
    // Enough for a page to be cut, in two batches.
    for (const world of [kept, damaged]) {
      for (const size of [1, 12]) {
        const batch = [];
        for (let i = 0; i < size; i++)
          batch.push(await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] }));
        await buildFeedsForEvents(batch, world.deps());
      }
    }
    expectSameFiles(damaged, kept);
    expect(kept.content.feeds.has('all/archive/1.json')).toBe(true);
    // Nothing lost: the window and the page hold every article stored.
    const seen = new Set([...itemIds(damaged, 'all'), ...itemIds(damaged, 'all/archive/1')]);
    expect(seen.size).toBe(58);
  }

  it('rebuilds from the index when the state is missing', async () => {
    await compared((world) => world.content.feedState.clear());
  });

  it('rebuilds from the index when the state is not a state, or holds items that are not items', async () => {
    await compared((world) => {
      const states = world.content.feedState;
      for (const [name, stored] of states) {
        if (name.endsWith('all')) states.set(name, { ...stored, value: 'không phải JSON của trạng thái' });
        else if (name.endsWith('bao-a'))
          states.set(name, { ...stored, value: { boundaries: 'x', items: 3 } });
        else if (name !== 'catalog') {
          const value = stored.value as { items: unknown[] };
          states.set(name, { ...stored, value: { ...value, items: value.items.map(() => ({ id: 7 })) } });
        }
      }
    });
  });

  it('rebuilds from the index when the state holds wrong file hashes', async () => {
    await compared((world) => {
      for (const [name, stored] of world.content.feedState) {
        if (name === 'catalog') continue;
        const value = stored.value as { files: Record<string, string> };
        value.files = { rss: 'sai', atom: '', json: value.files.json! };
      }
    });
  });

  it('puts right a file another builder overwrote after the hashes were recorded', async () => {
    const { world, events } = await built(3);
    const right = world.feed('all.json');
    // A builder that lost the state write, or stopped before it, left older bytes behind.
    world.content.feeds.set('all.json', { ...world.content.feeds.get('all.json')!, body: '{"items":[]}\n' });
    await buildFeedsForEvents([events[0]!], world.deps());
    expect(world.feed('all.json')).toBe(right);
  });

  it('reads the bodies of a state written before items were kept prepared', async () => {
    const { world } = await built(3);
    const all = world.content.feedState.get('archive/all')!;
    all.value = { boundaries: [], revision: 4, window: [{ id: 'cũ' }] };
    const reads = countReads(world);
    await buildFeeds([{ kind: 'all' }], world.deps());
    expect(reads).toHaveLength(3);
    expect(stateOf(world, 'all').items).toHaveLength(3);
  });
});
