/**
 * SQS feeds queue (article events from SNS, and requests for a new source's feeds): rebuilds every
 * feed the batch touches, once.
 * A message that is not a valid article event is reported failed on its own (and ends in the
 * dead-letter queue); if the rebuild fails, the whole batch is retried.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { type ArticleEvent, ArticleEventSchema, FeedRequestSchema } from '../../shared/domain/events.js';
import { buildFeedsForEvents } from '../../shared/syndicate/build-feeds.js';
import {
  articlesFromEnv,
  contentFromEnv,
  createLogger,
  feedsBaseUrlFromEnv,
  parseMessage,
  sourcesFromEnv,
  websubHubFromEnv,
} from '../wiring.js';

const logger = createLogger('build-feeds');
const log = (level: 'info' | 'warn', message: string, details?: Record<string, unknown>) =>
  logger[level](message, details ?? {});
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

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const events: ArticleEvent[] = [];
  const requestedSources: string[] = [];
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = parseMessage(FeedsMessageSchema, record.body, 'article event or feed request');
      if (message.type === 'feeds.requested') requestedSources.push(message.sourceId);
      else events.push(message);
    } catch (error) {
      logger.error('unreadable article event', { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  if (events.length > 0 || requestedSources.length > 0) {
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
  }
  return { batchItemFailures };
}
