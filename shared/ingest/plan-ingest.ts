/**
 * Plans a round of polling: every enabled source whose interval has passed since its last
 * poll (longer after failures) gets one ingest request on the queue.
 */
import type { IngestRequest } from '../domain/events.js';
import { toZonedIso } from '../domain/time.js';
import type { IngestQueue, SourceRecord, SourceRepository } from '../ports.js';

/** Failing sources wait 2^failures intervals, at most this many minutes. */
const MAX_BACKOFF_MINUTES = 6 * 60;
/**
 * The planner runs every minute and a poll starts a moment after it: a source polled at the last
 * run is due again at the run one interval later, not one run after that.
 */
const PLANNER_SLACK_MS = 30_000;

export function isDue(record: SourceRecord, now: Date): boolean {
  const { source, health } = record;
  if (!source.enabled) return false;
  const last = health.lastPoll?.at;
  if (!last) return true;
  const backoff = Math.min(source.pollIntervalMinutes * 2 ** health.consecutiveFailures, MAX_BACKOFF_MINUTES);
  const interval = Math.max(source.pollIntervalMinutes, backoff);
  return now.getTime() - new Date(last).getTime() >= interval * 60_000 - PLANNER_SLACK_MS;
}

export async function planIngest(
  deps: { sources: SourceRepository; queue: IngestQueue; now?: () => Date },
  options: { force?: boolean } = {},
): Promise<IngestRequest[]> {
  const now = deps.now?.() ?? new Date();
  const records = await deps.sources.list();
  const due = records.filter((r) => (options.force ? r.source.enabled : isDue(r, now)));
  const requests: IngestRequest[] = due.map((r) => ({
    sourceId: r.source.id,
    requestedAt: toZonedIso(now),
    reason: options.force ? 'manual' : 'schedule',
  }));
  await deps.queue.send(requests);
  return requests;
}
