/**
 * SQS alerts queue (article events from SNS, and flush requests from plan-digests): clips each
 * new article for the digests and mails the matching instant subscribers. An unreadable message
 * fails on its own; if an alert fails, the batch is retried (subscribers already alerted skip
 * the articles they got).
 */
import { AlertsMessageSchema } from '../../shared/mail/messages.js';
import { processAlerts } from '../../shared/mail/send-alerts.js';
import { contentFromEnv } from '../bucket-wiring.js';
import {
  clippingsFromEnv,
  memoize,
  signerFromEnv,
  subscriberCacheMs,
  subscribersFromEnv,
} from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { articlesFromEnv, createLogger, logTo, sourcesFromEnv } from '../wiring.js';

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
  ...mailSendingFromEnv(),
  log: logTo(logger),
};

export const handler = sqsHandler({
  logger,
  what: 'alerts message',
  body: jsonBody(AlertsMessageSchema),
  async handleBatch(messages) {
    const events = messages.filter((m) => 'type' in m);
    const flushFor = messages.flatMap((m) => ('kind' in m ? m.subscriberIds : []));
    const result = await processAlerts({ events, flushFor }, { ...base, signer: await signerFromEnv() });
    logger.info('alerts processed', { events: events.length, flushes: flushFor.length, ...result });
    if (result.failed.length > 0) {
      throw new Error(
        `alerts to ${result.failed.length} subscribers failed; those not yet alerted get them on the retry`,
      );
    }
  },
});
