/**
 * What a warm container keeps between invocations: build-feeds' list of sources (a Scan of the
 * whole table) is read once a minute, and afresh when a batch needs a source the copy lacks.
 */
import { describe, expect, it } from 'vitest';
import { memoize, recentSources } from '../../../functions/caching.js';
import type { SourceRecord } from '../../../shared/domain/source-record.js';

function clock() {
  let at = 1_000_000;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

/** A sources table whose every read is counted; each record is cut down to its id. */
function table(ids: string[]) {
  const state = { ids, reads: 0 };
  return {
    state,
    list: async () => {
      state.reads++;
      return state.ids.map((id) => ({ source: { id } }) as unknown as SourceRecord);
    },
  };
}
const idsOf = (records: SourceRecord[]) => records.map((record) => record.source.id);

describe('memoize', () => {
  it('keeps an answer for its time to live, loads it again after, and at once on refresh', async () => {
    const time = clock();
    let loads = 0;
    const value = memoize(async () => ++loads, 60_000, time.now);
    expect([await value(), await value()]).toEqual([1, 1]);
    time.advance(60_001);
    expect(await value()).toBe(2);
    expect(await value.refresh()).toBe(3);
    expect(await value()).toBe(3);
  });

  it('keeps no failed load', async () => {
    let fail = true;
    const value = memoize(async () => {
      if (fail) throw new Error('throttled');
      return 'ok';
    }, 60_000);
    await expect(value()).rejects.toThrow('throttled');
    fail = false;
    expect(await value()).toBe('ok');
  });
});

describe('recentSources', () => {
  it('reads the table once a minute for batches of articles of known sources', async () => {
    const time = clock();
    const sources = table(['bao-ha-nam', 'bao-nam-dinh']);
    const recent = recentSources(sources, 60_000, time.now);
    for (let batch = 0; batch < 5; batch++) {
      expect(idsOf(await recent({ fresh: false, sourceIds: ['bao-ha-nam'] }).list())).toEqual([
        'bao-ha-nam',
        'bao-nam-dinh',
      ]);
      time.advance(10_000);
    }
    expect(sources.state.reads).toBe(1);
    time.advance(20_001);
    await recent({ fresh: false, sourceIds: ['bao-nam-dinh'] }).list();
    expect(sources.state.reads).toBe(2);
  });

  it('reads afresh for a feeds request, and for an article of a source added since', async () => {
    const sources = table(['bao-ha-nam']);
    const recent = recentSources(sources, 60_000, clock().now);
    await recent({ fresh: false, sourceIds: ['bao-ha-nam'] }).list();
    // An administrator renames a paper: its feeds request reads the table again.
    await recent({ fresh: true, sourceIds: [] }).list();
    expect(sources.state.reads).toBe(2);
    // Another container took the request for a new source; this one meets its first article.
    sources.state.ids = ['bao-ha-nam', 'bao-thai-binh'];
    expect(idsOf(await recent({ fresh: false, sourceIds: ['bao-thai-binh'] }).list())).toContain(
      'bao-thai-binh',
    );
    expect(sources.state.reads).toBe(3);
    await recent({ fresh: false, sourceIds: ['bao-thai-binh', 'bao-ha-nam'] }).list();
    expect(sources.state.reads).toBe(3);
  });

  it('reads afresh once, not at every batch, for a source no longer there (a deleted paper an event names)', async () => {
    const time = clock();
    const sources = table(['bao-ha-nam']);
    const recent = recentSources(sources, 60_000, time.now);
    for (let batch = 0; batch < 5; batch++) {
      await recent({ fresh: false, sourceIds: ['bao-ha-nam', 'bao-da-xoa'] }).list();
      time.advance(1_000);
    }
    expect(sources.state.reads).toBe(2);
    // A source added since is still found at its first batch.
    sources.state.ids = ['bao-ha-nam', 'bao-thai-binh'];
    expect(
      idsOf(await recent({ fresh: false, sourceIds: ['bao-da-xoa', 'bao-thai-binh'] }).list()),
    ).toContain('bao-thai-binh');
    expect(sources.state.reads).toBe(3);
  });

  it('reads nothing for a batch that never lists the sources (alerts with no one to send to)', async () => {
    const sources = table(['bao-ha-nam']);
    const recent = recentSources(sources, 300_000, clock().now);
    recent({ sourceIds: ['bao-thai-binh'] });
    expect(sources.state.reads).toBe(0);
  });

  it('reads once per batch however often the batch lists them, a fresh copy too', async () => {
    const sources = table(['bao-ha-nam']);
    const recent = recentSources(sources, 60_000, clock().now);
    const batch = recent({ fresh: true, sourceIds: ['bao-ha-nam'] });
    const [first, second] = await Promise.all([batch.list(), batch.list()]);
    expect(second).toBe(first);
    expect(idsOf(await batch.list())).toEqual(['bao-ha-nam']);
    expect(sources.state.reads).toBe(1);
  });
});
