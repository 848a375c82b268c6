/**
 * SQS feeds queue (article events from SNS, and requests for a new source's feeds): rebuilds every
 * feed the batch touches, once.
 * A message that is neither an article event nor a feed request fails on its own (and ends in the
 * dead-letter queue); if the rebuild fails, the whole batch is retried.
 */
import * as z from 'zod';
import { type ArticleEvent, ArticleEventSchema, FeedRequestSchema } from '../../shared/domain/events.js';
import { buildFeedsForEvents } from '../../shared/syndicate/build-feeds.js';
import { contentFromEnv } from '../bucket-wiring.js';
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
const log = logTo(logger);
const hub = websubHubFromEnv(log);
const deps = {
  sources: sourcesFromEnv(),
  articles: articlesFromEnv(),
  content: contentFromEnv(),
  feedsBaseUrl: feedsBaseUrlFromEnv(),
  ...(hub ? { hub } : {}),
  log,
};

/** What the feeds queue carries: article events (from the topic) and requests for a source's feeds. */
const FeedsMessageSchema = z.union([ArticleEventSchema, FeedRequestSchema]);

export const handler = sqsHandler({
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
    const result = await buildFeedsForEvents(events, deps, requestedSources);
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
