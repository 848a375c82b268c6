/**
 * SQS alerts queue (article events from SNS, and flush requests from plan-digests): clips each
 * new article for the digests and mails the matching instant subscribers. An unreadable message
 * fails on its own; if an alert fails, the batch is retried (subscribers already alerted skip
 * the articles they got).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { type ArticleEvent, ArticleEventSchema } from '../../shared/domain/events.js';
import { processAlerts } from '../../shared/mail/send-alerts.js';
import { contentFromEnv } from '../bucket-wiring.js';
import {
  clippingsFromEnv,
  deliveriesFromEnv,
  mailSettingsFromEnv,
  memoize,
  signerFromEnv,
  subscriberCacheMs,
  subscribersFromEnv,
} from '../mail-wiring.js';
import { mailerFromEnv } from '../mailer-wiring.js';
import { articlesFromEnv, createLogger, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('send-alerts');
const subscribers = subscribersFromEnv();
const sources = sourcesFromEnv();
const base = {
  articles: articlesFromEnv(),
  content: contentFromEnv(),
  clippings: clippingsFromEnv(),
  // Read once a minute (MAIL_SUBSCRIBER_CACHE_SECONDS), not once per batch: a new instant
  // subscriber waits at most that long for a first alert.
  subscribers: {
    instantSubscribers: memoize(() => subscribers.instantSubscribers(), subscriberCacheMs()),
    getMany: (ids: string[]) => subscribers.getMany(ids),
  },
  sources: { list: memoize(() => sources.list(), 300_000) },
  deliveries: deliveriesFromEnv(),
  mailer: mailerFromEnv(),
  settings: mailSettingsFromEnv(),
  now: () => new Date(),
  log: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) =>
    logger[level](message, details ?? {}),
};

const FlushSchema = z
  .object({
    kind: z.literal('alerts.flush'),
    subscriberIds: z.array(z.string().regex(/^[a-f0-9]{24}$/)).max(100),
  })
  .strict();

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const events: ArticleEvent[] = [];
  const flushFor: string[] = [];
  const readable: string[] = [];
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let json: unknown;
    try {
      json = JSON.parse(record.body);
    } catch {
      json = undefined;
    }
    const asEvent = ArticleEventSchema.safeParse(json);
    const asFlush = asEvent.success ? undefined : FlushSchema.safeParse(json);
    if (asEvent.success) events.push(asEvent.data);
    else if (asFlush?.success) flushFor.push(...asFlush.data.subscriberIds);
    else {
      logger.error('unreadable alerts message', {
        messageId: record.messageId,
        body: record.body.slice(0, 120),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    readable.push(record.messageId);
  }
  if (readable.length === 0) return { batchItemFailures };
  const result = await processAlerts({ events, flushFor }, { ...base, signer: await signerFromEnv() });
  logger.info('alerts processed', { events: events.length, flushes: flushFor.length, ...result });
  if (result.failed.length > 0) for (const id of readable) batchItemFailures.push({ itemIdentifier: id });
  return { batchItemFailures };
}
