/**
 * SQS feeds queue (article events from SNS): rebuilds every feed the batch touches, once.
 * A message that is not a valid article event fails on its own (and ends in the dead-letter
 * queue); if the rebuild fails, the whole batch is retried.
 */
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import type { Context, SQSEvent } from 'aws-lambda';
import { ArticleEventSchema } from '../../shared/domain/events.js';
import { METRICS } from '../../shared/metrics.js';
import { buildFeedsForEvents } from '../../shared/syndicate/build-feeds.js';
import { figuresFor } from '../figures.js';
import { lambdaHandler, type Platform } from '../platform.js';
import { sqsHandler } from '../sqs-handler.js';
import {
  articlesFromEnv,
  contentFromEnv,
  createLogger,
  feedsBaseUrlFromEnv,
  logTo,
  sourcesFromEnv,
  websubHubFromEnv,
} from '../wiring.js';

const logger = createLogger('build-feeds');

export function createHandler(platform: Platform) {
  const log = logTo(logger);
  const hub = websubHubFromEnv(platform, log);
  const deps = {
    sources: sourcesFromEnv(platform),
    articles: articlesFromEnv(platform),
    content: contentFromEnv(platform),
    feedsBaseUrl: feedsBaseUrlFromEnv(platform),
    ...(hub ? { hub } : {}),
    log,
  };
  const figures = figuresFor('build-feeds', platform.figures);
  const handler = sqsHandler({
    logger,
    what: 'article event',
    body: JSONStringified(ArticleEventSchema),
    async handleBatch(events) {
      const result = await buildFeedsForEvents(events, deps);
      figures.count(METRICS.feedsRebuilt, result.feedsRebuilt.length);
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
  return async (event: SQSEvent, context: Context) => {
    try {
      return await handler(event, context);
    } finally {
      figures.publish();
    }
  };
}

export const handler = lambdaHandler(createHandler);
