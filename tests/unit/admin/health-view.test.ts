import { describe, expect, it } from 'vitest';
import { healthOf } from '../../../shared/admin/health-view.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { PollRecord, SourceRecord } from '../../../shared/domain/source-record.js';
import { sourceInput } from '../../support/sample-site.js';

const now = new Date('2026-11-27T10:00:00Z');
const source = SourceSchema.parse(sourceInput({ pollIntervalMinutes: 15 }));
const poll = (overrides: Partial<PollRecord> = {}): PollRecord => ({
  at: '2026-11-27T16:55:00+07:00', // 5 minutes before now
  status: 'ok',
  durationMs: 300,
  itemsSeen: 6,
  itemsNew: 1,
  itemsDuplicate: 5,
  itemsFailed: 0,
  eventsPublished: 1,
  warnings: [],
  ...overrides,
});
const record = (overrides: Partial<SourceRecord['health']> = {}, enabled = true): SourceRecord => ({
  source: { ...source, enabled },
  health: { consecutiveFailures: 0, validators: {}, lastPoll: poll(), ...overrides },
});
const codes = (r: SourceRecord) => healthOf(r, now).flags.map((f) => f.code);

describe('healthOf', () => {
  it('is ok after a clean poll', () => {
    expect(healthOf(record(), now)).toMatchObject({ status: 'ok', flags: [], consecutiveFailures: 0 });
  });

  it('is pending before the first poll, and disabled when disabled', () => {
    expect(healthOf(record({ lastPoll: undefined }), now).status).toBe('pending');
    expect(codes(record({ lastPoll: undefined }))).toEqual(['never-polled']);
    expect(healthOf(record({}, false), now).status).toBe('disabled');
  });

  it('is an error when the last poll failed, and shows the flags ingest raised', () => {
    const failed = record({
      consecutiveFailures: 3,
      flags: ['failing'],
      lastPoll: poll({ status: 'failed', error: 'HTTP 503' }),
    });
    const view = healthOf(failed, now);
    expect(view.status).toBe('error');
    expect(view.flags.map((f) => f.code)).toEqual(['last-poll-failed', 'failing']);
    expect(view.flags[0]!.message).toContain('HTTP 503');
    expect(view.flags[1]!.message).toContain('3 polls failed in a row');
    const broken = healthOf(record({ flags: ['selectors-broken'] }), now);
    expect(broken).toMatchObject({ status: 'error', flags: [{ code: 'selectors-broken' }] });
  });

  it('warns about articles that failed, an empty listing and a source not polled for long', () => {
    expect(codes(record({ lastPoll: poll({ itemsFailed: 2 }) }))).toEqual(['items-failed']);
    expect(codes(record({ lastPoll: poll({ itemsSeen: 0, itemsNew: 0, itemsDuplicate: 0 }) }))).toEqual([
      'empty-listing',
    ]);
    const old = record({ lastPoll: poll({ at: '2026-11-27T15:00:00+07:00' }) });
    expect(healthOf(old, now)).toMatchObject({ status: 'warning', flags: [{ code: 'stale' }] });
  });

  it('notes warnings without changing the status, and keeps only the first twenty', () => {
    const warnings = Array.from({ length: 25 }, (_, i) => `warning ${i}`);
    const view = healthOf(record({ lastPoll: poll({ warnings }) }), now);
    expect(view.status).toBe('ok');
    expect(view.flags.map((f) => f.code)).toEqual(['warnings']);
    expect(view.lastPoll?.warnings).toHaveLength(20);
    expect(view.lastPoll?.warningCount).toBe(25);
  });
});
