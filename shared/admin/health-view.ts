/**
 * Source health at a glance: from what the sources table keeps (the last poll, the failure
 * streak, the flags ingest raises: shared/ingest/poll-health.ts), a status for a badge and
 * the flags that say what is wrong and where to look.
 */
import type { PollRecord, SourceRecord } from '../domain/source-record.js';

export type HealthStatus = 'ok' | 'warning' | 'error' | 'pending' | 'disabled';

export type HealthFlagCode =
  | 'disabled'
  | 'never-polled'
  | 'last-poll-failed'
  | 'failing'
  | 'selectors-broken'
  | 'stale'
  | 'items-failed'
  | 'images-failed'
  | 'empty-listing'
  | 'warnings';

export interface HealthFlag {
  code: HealthFlagCode;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface HealthView {
  status: HealthStatus;
  flags: HealthFlag[];
  consecutiveFailures: number;
  /** The newest extracted articles, judged for `selectors-broken`: how many, and how many came out incomplete. */
  extraction: { recent: number; incomplete: number };
  /** The last poll, with its warnings cut to the first few (warningCount has them all). */
  lastPoll?: PollRecord & { warningCount: number };
  /**
   * Query parameters ingest drops from the paper's links, learned from pages whose canonical URL
   * leaves them out (a cache-buster); the source's `keepLinkParams` undoes a wrong one.
   */
  ignoredLinkParams?: string[];
}

/** Warnings of a poll kept in the view; the rest are counted. */
const WARNINGS_SHOWN = 20;

export function healthOf(
  record: SourceRecord,
  now: Date,
  options: { planEveryMinutes?: number } = {},
): HealthView {
  const { source, health } = record;
  const poll = health.lastPoll;
  const flags: HealthFlag[] = [];
  const flag = (code: HealthFlagCode, severity: HealthFlag['severity'], message: string) =>
    flags.push({ code, severity, message });

  if (!source.enabled) flag('disabled', 'info', 'disabled: it is not polled');
  if (!poll) {
    if (source.enabled) flag('never-polled', 'info', 'not polled yet');
  } else {
    if (poll.status === 'failed') {
      flag('last-poll-failed', 'error', `last poll failed: ${poll.error ?? 'unknown error'}`);
    }
    // Raised by ingest after each poll.
    if (health.flags?.includes('failing')) {
      flag(
        'failing',
        'error',
        `${health.consecutiveFailures} polls failed in a row; polls are spaced out until one succeeds`,
      );
    }
    if (health.flags?.includes('selectors-broken')) {
      const recent = health.recentArticles ?? [];
      flag(
        'selectors-broken',
        'error',
        `${recent.filter((a) => a.incomplete).length} of the last ${recent.length} articles came out without a title, a date or a body: the page layout probably changed; check the selectors with a preview`,
      );
    }
    // The planner runs every minute; a healthy source is polled about once per interval.
    const cadence = Math.max(source.pollIntervalMinutes, options.planEveryMinutes ?? 1);
    const ageMinutes = (now.getTime() - Date.parse(poll.at)) / 60_000;
    if (source.enabled && health.consecutiveFailures === 0 && ageMinutes > 3 * cadence + 5) {
      flag(
        'stale',
        'warning',
        `last polled ${Math.round(ageMinutes)} minutes ago (interval ${source.pollIntervalMinutes})`,
      );
    }
    if (poll.itemsFailed > 0) {
      flag(
        'items-failed',
        'warning',
        `${poll.itemsFailed} of ${poll.itemsSeen} articles could not be read or extracted`,
      );
    }
    if ((poll.imagesFailed ?? 0) > 0) {
      flag(
        'images-failed',
        'warning',
        `${poll.imagesFailed} images could not be re-hosted (${poll.imagesPending ?? 0} wait for a retry at the next polls); their articles show the paper's own URL`,
      );
    }
    if (poll.status === 'ok' && poll.itemsSeen === 0) {
      flag('empty-listing', 'warning', 'the feed or listing gave no article link');
    }
    if (poll.warnings.length > 0) {
      flag('warnings', 'info', `${poll.warnings.length} warnings in the last poll`);
    }
  }

  const ignored = (health.volatileParams ?? []).filter((name) => !source.keepLinkParams?.includes(name));
  const has = (severity: HealthFlag['severity']) => flags.some((f) => f.severity === severity);
  const status: HealthStatus = !source.enabled
    ? 'disabled'
    : has('error')
      ? 'error'
      : !poll
        ? 'pending'
        : flags.some((f) => f.severity === 'warning')
          ? 'warning'
          : 'ok';
  return {
    status,
    flags,
    consecutiveFailures: health.consecutiveFailures,
    extraction: {
      recent: health.recentArticles?.length ?? 0,
      incomplete: health.recentArticles?.filter((a) => a.incomplete).length ?? 0,
    },
    ...(ignored.length > 0 && { ignoredLinkParams: ignored }),
    ...(poll && {
      lastPoll: {
        ...poll,
        warnings: poll.warnings.slice(0, WARNINGS_SHOWN),
        warningCount: poll.warnings.length,
      },
    }),
  };
}
