import { describe, expect, it } from 'vitest';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { SourceRecord } from '../../../shared/domain/source-record.js';
import { isDue, planIngest } from '../../../shared/ingest/plan-ingest.js';
import { MemoryQueue, MemorySources } from '../../support/in-memory.js';

const source = (id: string, extra: object = {}) =>
  SourceSchema.parse({
    id,
    name: id,
    homepage: 'https://example.vn/',
    kind: 'feed',
    urls: ['https://example.vn/rss'],
    pollIntervalMinutes: 10,
    ...extra,
  });

const polledAt = (at: string, consecutiveFailures = 0): SourceRecord['health'] => ({
  consecutiveFailures,
  validators: {},
  lastPoll: {
    at,
    status: consecutiveFailures ? 'failed' : 'ok',
    durationMs: 1,
    itemsSeen: 0,
    itemsNew: 0,
    itemsDuplicate: 0,
    itemsFailed: 0,
    eventsPublished: 0,
    warnings: [],
  },
});

describe('isDue', () => {
  const now = new Date('2026-01-01T10:00:00Z');
  it('is due when never polled or the interval has passed', () => {
    expect(isDue({ source: source('a'), health: { consecutiveFailures: 0, validators: {} } }, now)).toBe(
      true,
    );
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T09:50:00Z') }, now)).toBe(true);
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T09:55:00Z') }, now)).toBe(false);
  });

  it('counts a poll that started a few seconds after the previous planner run as a full interval ago', () => {
    const minutely = source('a', { pollIntervalMinutes: 1 });
    // Polled at 09:59:02 (the 09:59 run, a queue hop later): due at the 10:00 run.
    expect(isDue({ source: minutely, health: polledAt('2026-01-01T09:59:02Z') }, now)).toBe(true);
    expect(isDue({ source: minutely, health: polledAt('2026-01-01T09:59:40Z') }, now)).toBe(false);
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T09:50:05Z') }, now)).toBe(true);
  });

  it('backs off exponentially after failures, capped at six hours', () => {
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T09:30:00Z', 2) }, now)).toBe(false); // 40 min
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T09:20:00Z', 2) }, now)).toBe(true);
    expect(isDue({ source: source('a'), health: polledAt('2026-01-01T04:00:00Z', 30) }, now)).toBe(true);
  });

  it('never polls a disabled source', () => {
    expect(
      isDue(
        { source: source('a', { enabled: false }), health: { consecutiveFailures: 0, validators: {} } },
        now,
      ),
    ).toBe(false);
  });
});

describe('planIngest', () => {
  it('queues one request per due source, or every enabled one when forced', async () => {
    const sources = new MemorySources();
    await sources.put(source('due'));
    await sources.put(source('recent'));
    await sources.put(source('off', { enabled: false }));
    await sources.recordPoll('recent', polledAt('2026-01-01T09:59:00Z'));
    const queue = new MemoryQueue();
    const now = () => new Date('2026-01-01T10:00:00Z');
    await planIngest({ sources, queue, now });
    expect(queue.sent.map((r) => r.sourceId)).toEqual(['due']);
    await planIngest({ sources, queue, now }, { force: true });
    expect(queue.sent.map((r) => `${r.sourceId}:${r.reason}`)).toEqual([
      'due:schedule',
      'due:manual',
      'recent:manual',
    ]);
  });

  it('polls again, at the end of its lease, a source whose poll died before recording its result (attack run 39)', async () => {
    const sources = new MemorySources();
    await sources.put(source('a', { pollIntervalMinutes: 240 }));
    await sources.recordPoll('a', polledAt('2026-01-01T09:00:00Z'));
    // A poll claims it at 10:00 (a manual one) and dies with what it stored unannounced.
    expect(
      await sources.claimPoll('a', new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T10:02:30Z')),
    ).toBe('claimed');
    const queue = new MemoryQueue();
    await planIngest({ sources, queue, now: () => new Date('2026-01-01T10:02:00Z') });
    expect(queue.sent).toEqual([]);
    await planIngest({ sources, queue, now: () => new Date('2026-01-01T10:03:00Z') });
    expect(queue.sent.map((r) => `${r.sourceId}:${r.reason}`)).toEqual(['a:schedule']);
    // That poll records its result: the schedule again, four hours on.
    await sources.recordPoll('a', polledAt('2026-01-01T10:03:00Z'));
    await planIngest({ sources, queue, now: () => new Date('2026-01-01T10:04:00Z') });
    expect(queue.sent).toHaveLength(1);
  });
});
