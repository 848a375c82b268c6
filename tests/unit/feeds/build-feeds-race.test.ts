/**
 * Two builders at once: the one that read the listing first is held back before it writes,
 * while the other builds a newer window and writes it. Without a guard, the held-back builder
 * then writes its older window over the newer one; with the conditional state write it loses,
 * builds again and leaves the files a one-after-another run leaves.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../shared/domain/events.js';
import type { ContentStore } from '../../../shared/ports.js';
import { buildFeedsForEvents, FEED_SIZE } from '../../../shared/syndicate/build-feeds.js';
import { FeedWorld, heldAt } from '../../support/feed-builder.js';

async function world(articles: number): Promise<{ world: FeedWorld; events: ArticleEvent[] }> {
  const w = new FeedWorld();
  await w.addSource('bao-a', 'Báo A');
  const events: ArticleEvent[] = [];
  for (let i = 0; i < articles; i++) events.push(await w.store({ sourceId: 'bao-a' }));
  return { world: w, events };
}

const ids = (w: FeedWorld, path: string) => w.json(path).items.map((i) => i.id);

describe('buildFeeds under concurrency', () => {
  it('an older window held back never ends on top of a newer one', async () => {
    const { world: racing, events } = await world(3);
    const held = heldAt(racing.content, 'putFeedFile', 'all.json');
    const older = buildFeedsForEvents(events, { ...racing.deps(false), content: held.store });
    await held.arrived; // the older builder has read its window (3 articles) and is about to write
    const newer = await racing.store({ sourceId: 'bao-a' });
    await buildFeedsForEvents([newer], racing.deps(false));
    expect(ids(racing, 'all')).toHaveLength(4);
    held.release();
    await older;

    const { world: serial, events: serialEvents } = await world(4);
    await buildFeedsForEvents(serialEvents.slice(0, 3), serial.deps(false));
    await buildFeedsForEvents(serialEvents.slice(3), serial.deps(false));
    expect(ids(racing, 'all')).toHaveLength(4);
    for (const file of serial.content.feeds.keys()) {
      expect(racing.feed(file), file).toBe(serial.feed(file));
    }
    expect([...racing.content.feeds.keys()].sort()).toEqual([...serial.content.feeds.keys()].sort());
    expect(racing.logs.some((l) => l.message.startsWith('another builder wrote it first'))).toBe(true);
  });

  it('eight builders of overlapping batches at once leave the files of a serial run, archive pages too', async () => {
    const total = FEED_SIZE + 30;
    const { world: racing, events } = await world(total);
    const { world: serial, events: serialEvents } = await world(total);
    // Overlapping batches: each takes a window of 20 events, starting every 10.
    const batches = (all: ArticleEvent[]) =>
      Array.from({ length: 8 }, (_, i) => all.slice(i * 10, i * 10 + 20)).filter((b) => b.length > 0);
    await Promise.all(batches(events).map((batch) => buildFeedsForEvents(batch, racing.deps(false))));
    for (const batch of batches(serialEvents)) await buildFeedsForEvents(batch, serial.deps(false));
    expect([...racing.content.feeds.keys()].sort()).toEqual([...serial.content.feeds.keys()].sort());
    for (const file of serial.content.feeds.keys()) {
      expect(racing.feed(file), file).toBe(serial.feed(file));
    }
    expect(serial.content.feeds.has('all/archive/1.json')).toBe(true);
  });

  it('gives up after a bounded number of lost writes, so SQS delivers the batch again', async () => {
    const { world: w, events } = await world(2);
    const content: ContentStore = Object.create(w.content);
    content.putFeedState = async () => false; // someone else always wins
    await expect(buildFeedsForEvents(events, { ...w.deps(false), content })).rejects.toThrow(
      /other builders kept writing it/,
    );
  });
});
