import { type ArticleEvent, ArticleEventSchema, FeedRequestSchema } from '../../shared/domain/events.js';
import * as z from '../../shared/domain/zod.js';
import { METRICS } from '../../shared/metrics.js';
import { buildFeedsForEvents } from '../../shared/syndicate/build-feeds.js';
import { contentFromEnv } from '../bucket-wiring.js';
import { recentSources } from '../caching.js';
import { figuresFor, publishingAfter } from '../figures.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import {
  articlesFromEnv,
  createLogger,
  feedsBaseUrlFromEnv,
  logTo,
  sourcesFromEnv,
  websubHubFromEnv,
} from '../wiring.js';

const logger = createLogger('build-feeds');

/** What the feeds queue carries: article events (from the topic) and requests for a source's feeds. */
const FeedsMessageSchema = z.union([ArticleEventSchema, FeedRequestSchema]);

/**
 * How long a container reuses its list of sources. Every rebuild needs every paper (their names
 * credit the copies of a story, the catalog lists their feeds), and reading it is a Scan of the
 * whole table: per batch, its cost would grow with sources × rebuilds.
 */
const SOURCES_TTL_MS = 60_000;

export function createHandler(platform: Platform) {
  const log = logTo(logger);
  const hub = websubHubFromEnv(platform, log);
  const sources = recentSources(sourcesFromEnv(platform), SOURCES_TTL_MS);
  const deps = {
    articles: articlesFromEnv(platform),
    content: contentFromEnv(platform),
    feedsBaseUrl: feedsBaseUrlFromEnv(platform),
    ...(hub ? { hub } : {}),
    log,
  };
  const figures = figuresFor('build-feeds', platform.figures);
  const handler = sqsHandler({
    logger,
    what: 'article event or feed request',
    body: jsonBody(FeedsMessageSchema),
    async handleBatch(messages) {
      const events: ArticleEvent[] = [];
      const requestedSources: string[] = [];
      for (const message of messages) {
        if (message.type === 'feeds.requested') requestedSources.push(message.sourceId);
        else events.push(message);
      }
      // Afresh for a feeds request (a source added or changed) or a source the copy lacks.
      const batchSources = sources({
        fresh: requestedSources.length > 0,
        // The papers a story's event names as having run it too (their own feeds list it).
        sourceIds: events.flatMap((event) => [event.sourceId, ...(event.alsoListedIn ?? [])]),
      });
      const result = await buildFeedsForEvents(events, { ...deps, sources: batchSources }, requestedSources);
      figures.count(METRICS.feedsRebuilt, result.feedsRebuilt.length);
      logger.info('feeds built', {
        events: events.length,
        requestedSources,
        feedsRebuilt: result.feedsRebuilt,
        filesWritten: result.filesWritten,
        filesUnchanged: result.filesUnchanged,
        archivePages: result.archivePages,
        skipped: result.skipped.length,
        pinged: result.pinged.length,
        indexWritten: result.indexWritten,
      });
    },
  });
  return publishingAfter(figures, handler);
}

export const handler = lambdaHandler(createHandler);
