/**
 * SQS feeds queue (article events from SNS): rebuilds every feed the batch touches, once.
 * A message that is not a valid article event fails on its own (and ends in the dead-letter
 * queue); if the rebuild fails, the whole batch is retried.
 */
import { ArticleEventSchema } from '../../shared/domain/events.js';
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

export const handler = sqsHandler({
  logger,
  what: 'article event',
  body: jsonBody(ArticleEventSchema),
  async handleBatch(events) {
    const result = await buildFeedsForEvents(events, deps);
    logger.info('feeds built', {
      events: events.length,
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
