/**
 * Plans a round of polling: every enabled source whose interval has passed since its last
 * poll (longer after failures) gets one ingest request on the queue. The repository finds the
 * due sources by their next poll time (an index in DynamoDB), not by reading every source.
 */
import type { IngestRequest } from '../domain/events.js';
import type { SourceRecord } from '../domain/source-record.js';
import { toZonedIso } from '../domain/time.js';
import type { IngestQueue, SourceRepository } from '../ports.js';

/** Failing sources wait 2^failures intervals, at most this many minutes. */
const MAX_BACKOFF_MINUTES = 6 * 60;
/**
 * The planner runs every minute and a poll starts a moment after it: a source polled at the last
 * run is due again at the run one interval later, not one run after that.
 */
const PLANNER_SLACK_MS = 30_000;

/** A source never polled is due since this instant. */
export const NEVER_POLLED = new Date(0);

/** When the source is next due for a poll (the planner's slack early); undefined when it is disabled (never due). */
export function nextPollAt(record: SourceRecord): Date | undefined {
  const { source, health } = record;
  if (!source.enabled) return undefined;
  // A poll claimed the source: due when its lease ends, so that a poll that died is made good
  // then (its stored articles announced); one that ends well records its result, and the schedule.
  if (record.pollingUntil) return new Date(record.pollingUntil);
  const last = health.lastPoll?.at;
  if (!last) return NEVER_POLLED;
  const backoff = Math.min(source.pollIntervalMinutes * 2 ** health.consecutiveFailures, MAX_BACKOFF_MINUTES);
  const interval = Math.max(source.pollIntervalMinutes, backoff);
  return new Date(new Date(last).getTime() + interval * 60_000 - PLANNER_SLACK_MS);
}

export function isDue(record: SourceRecord, now: Date): boolean {
  const next = nextPollAt(record);
  return next !== undefined && next.getTime() <= now.getTime();
}

export async function planIngest(
  deps: { sources: SourceRepository; queue: IngestQueue; now?: () => Date },
  options: { force?: boolean } = {},
): Promise<IngestRequest[]> {
  const now = deps.now?.() ?? new Date();
  // An index can lag a write by a moment: what it returns is checked again.
  const due = options.force
    ? (await deps.sources.list()).filter((r) => r.source.enabled)
    : (await deps.sources.due(now)).filter((r) => isDue(r, now));
  const requests: IngestRequest[] = due.map((r) => ({
    sourceId: r.source.id,
    requestedAt: toZonedIso(now),
    reason: options.force ? 'manual' : 'schedule',
  }));
  await deps.queue.send(requests);
  return requests;
}
