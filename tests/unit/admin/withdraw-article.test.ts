/**
 * Withdrawing an article (attack run 37: a story its paper took down could never leave the
 * feeds): the entry is marked, it leaves the current feeds and the archive page that held it,
 * an `article.withdrawn` event goes out, the audit trail has it, and nothing ingests it again.
 */
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../shared/admin/manage-sources.js';
import { restoreArticle, withdrawArticle } from '../../../shared/admin/withdraw-article.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import { aliasOf } from '../../../shared/ingest/normalize/identity.js';
import { buildFeedsForEvents } from '../../../shared/syndicate/build-feeds.js';
import { FeedWorld } from '../../support/feed-builder.js';
import { MemoryAuditLog, MemoryPublisher } from '../../support/in-memory.js';

const idsOf = (world: FeedWorld, path: string) => world.json(path).items.map((i) => i.id.split(':').pop()!);

async function newsroom(count: number) {
  const world = new FeedWorld();
  await world.addSource('bao-a', 'Báo A');
  const events = [];
  for (let i = 0; i < count; i++)
    events.push(await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] }));
  await buildFeedsForEvents(events, world.deps());
  const events$ = new MemoryPublisher();
  const audit = new MemoryAuditLog();
  const deps = {
    articles: world.articles,
    events: events$,
    audit,
    now: () => new Date('2026-12-03T10:00:00Z'),
  };
  return { world, events, published: events$, audit, deps };
}

describe('withdrawArticle', () => {
  it('takes an article out of every current feed, announces it, and audits who and why', async () => {
    const { world, events, published, audit, deps } = await newsroom(3);
    const gone = events[1]!.articleId;
    const result = await withdrawArticle(
      { article: `urn:bantin:article:${gone}`, reason: 'Báo đã gỡ bài theo yêu cầu pháp lý' },
      'admin@bantin',
      deps,
    );
    expect(result).toMatchObject({
      articleId: gone,
      newlyWithdrawn: true,
      withdrawnAt: '2026-12-03T17:00:00+07:00',
      feeds: ['all', 'sources/bao-a', 'categories/xa-hoi'],
    });
    expect(published.published).toEqual([
      expect.objectContaining({ type: 'article.withdrawn', articleId: gone, sourceId: 'bao-a' }),
    ]);
    expect(audit.entries).toEqual([
      expect.objectContaining({
        actor: 'admin@bantin',
        action: 'article.withdraw',
        target: `article:${gone}`,
        details: expect.objectContaining({ reason: 'Báo đã gỡ bài theo yêu cầu pháp lý' }),
      }),
    ]);
    expect((await world.articles.get(gone))?.withdrawn).toEqual({
      at: '2026-12-03T17:00:00+07:00',
      reason: 'Báo đã gỡ bài theo yêu cầu pháp lý',
      by: 'admin@bantin',
    });

    await buildFeedsForEvents(published.published, world.deps());
    const kept = [events[2]!.articleId, events[0]!.articleId];
    for (const path of ['all', 'sources/bao-a', 'categories/xa-hoi']) {
      expect(idsOf(world, path), path).toEqual(kept);
      expect(world.feed(`${path}.rss`)).not.toContain(gone);
      expect(world.feed(`${path}.atom`)).not.toContain(gone);
    }
    // Later rebuilds do not bring it back.
    const next = await world.store({ sourceId: 'bao-a', categories: ['Xã hội'] });
    await buildFeedsForEvents([next], world.deps());
    expect(idsOf(world, 'all')).toEqual([next.articleId, ...kept]);
  });

  it('rewrites the archive page that held it, and leaves the other pages as they were', async () => {
    const { world, events, published, deps } = await newsroom(130);
    const gone = events[10]!.articleId; // on page 1
    expect(idsOf(world, 'all/archive/1')).toContain(gone);
    const page2 = world.feed('all/archive/2.json');
    const writes = world.content.writes.length;
    await withdrawArticle({ article: gone, reason: 'Bài đăng nhầm' }, 'admin', deps);
    await buildFeedsForEvents(published.published, world.deps());
    expect(idsOf(world, 'all/archive/1')).toHaveLength(49);
    expect(idsOf(world, 'all/archive/1')).not.toContain(gone);
    expect(world.feed('all/archive/2.json')).toBe(page2);
    const archiveWrites = world.content.writes.slice(writes).filter((w) => w.includes('archive'));
    expect(new Set(archiveWrites.map((w) => w.replace(/\.\w+$/, '')))).toEqual(
      new Set(['all/archive/1', 'sources/bao-a/archive/1', 'categories/xa-hoi/archive/1']),
    );
  });

  it('restores a withdrawn article where it was: current feed and archive page, announced as updated', async () => {
    const { world, events, published, audit, deps } = await newsroom(130);
    const onPage = events[10]!.articleId;
    const current = events[129]!.articleId;
    const page1 = world.feed('all/archive/1.json');
    const feed = world.feed('all.json');
    for (const article of [onPage, current])
      await withdrawArticle({ article, reason: 'Nhầm' }, 'admin', deps);
    await buildFeedsForEvents(published.published, world.deps());
    expect(idsOf(world, 'all')).not.toContain(current);
    published.published.length = 0;
    for (const article of [onPage, current]) {
      expect(await restoreArticle({ article, reason: 'Gỡ nhầm' }, 'admin', deps)).toMatchObject({
        articleId: article,
      });
    }
    expect(published.published.map((e) => e.type)).toEqual(['article.updated', 'article.updated']);
    await buildFeedsForEvents(published.published, world.deps());
    expect(world.feed('all/archive/1.json')).toBe(page1);
    expect(JSON.parse(world.feed('all.json')).items).toEqual(JSON.parse(feed).items);
    expect(audit.entries.map((e) => e.action)).toEqual([
      'article.withdraw',
      'article.withdraw',
      'article.restore',
      'article.restore',
    ]);
    await expect(
      restoreArticle({ article: current, reason: 'lần nữa' }, 'admin', deps),
    ).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('finds the article by any address it was stored under', async () => {
    const { world, events, deps } = await newsroom(2);
    const entry = (await world.articles.get(events[0]!.articleId))!;
    // Ingest keys an article by its canonical address (these generated ones are numbered).
    await world.articles.addAlias(aliasOf(entry.canonicalUrl), entry.id);
    const result = await withdrawArticle(
      { article: `${entry.url}?utm_source=zalo#binh-luan`, reason: 'Gỡ theo yêu cầu' },
      'admin',
      deps,
    );
    expect(result.articleId).toBe(entry.id);
    // Its id in capitals, as some tools print hex.
    const upper = await withdrawArticle({ article: entry.id.toUpperCase(), reason: 'Gỡ lại' }, 'admin', deps);
    expect(upper).toMatchObject({ articleId: entry.id, newlyWithdrawn: false });
  });

  it('is idempotent: a second call keeps the first reason and time and announces it again', async () => {
    const { world, events, published, deps } = await newsroom(2);
    const gone = events[0]!.articleId;
    await withdrawArticle({ article: gone, reason: 'Lý do đầu tiên' }, 'a', deps);
    const again = await withdrawArticle({ article: gone, reason: 'Lý do khác' }, 'b', {
      ...deps,
      now: () => new Date('2026-12-04T10:00:00Z'),
    });
    expect(again).toMatchObject({ newlyWithdrawn: false, withdrawnAt: '2026-12-03T17:00:00+07:00' });
    expect((await world.articles.get(gone))?.withdrawn?.reason).toBe('Lý do đầu tiên');
    expect(published.published.map((e) => e.type)).toEqual(['article.withdrawn', 'article.withdrawn']);
  });

  it('answers a clear error for no such article, a bad reference, and a missing reason', async () => {
    const { deps } = await newsroom(1);
    await expect(withdrawArticle({ article: 'f'.repeat(24), reason: 'không có' }, 'a', deps)).rejects.toThrow(
      AdminError,
    );
    await expect(
      withdrawArticle({ article: 'javascript:alert(1)', reason: 'xấu' }, 'a', deps),
    ).rejects.toThrow(ValidationError);
    await expect(withdrawArticle({ article: 'f'.repeat(24) }, 'a', deps)).rejects.toThrow(ValidationError);
    await expect(
      withdrawArticle({ article: 'f'.repeat(24), reason: 'x', extra: 1 }, 'a', deps),
    ).rejects.toThrow(ValidationError);
  });
});
