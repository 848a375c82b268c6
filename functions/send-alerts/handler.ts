import { AlertsMessageSchema } from '../../shared/mail/messages.js';
import { processAlerts } from '../../shared/mail/send-alerts.js';
import { METRICS } from '../../shared/metrics.js';
import { memoize, recentSources } from '../caching.js';
import { figuresFor, publishingAfter } from '../figures.js';
import { clippingsFromEnv, signerFromEnv, subscriberCacheMs, subscribersFromEnv } from '../mail-wiring.js';
import { mailSendingFromEnv } from '../mailer-wiring.js';
import { lambdaHandler, onFirstCall, type Platform } from '../platform.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import { articlesFromEnv, createLogger, logTo, sourcesFromEnv } from '../wiring.js';

const logger = createLogger('send-alerts');

export function createHandler(platform: Platform) {
  const subscribers = subscribersFromEnv(platform);
  // Their names, for the alerts' text: a copy kept five minutes, read afresh for a source it lacks.
  const sources = recentSources(sourcesFromEnv(platform), 300_000);
  const base = {
    articles: articlesFromEnv(platform),
    // A body is read only for an event without its excerpt (one announced again from the index):
    // the S3 client loads with the first of those, not at every cold start.
    content: onFirstCall(async () => (await import('../bucket-wiring.js')).contentFromEnv(platform)),
    clippings: clippingsFromEnv(platform),
    // Read once a minute (MAIL_SUBSCRIBER_CACHE_SECONDS), not once per batch: a new instant
    // subscriber waits at most that long for a first alert.
    subscribers: {
      instantSubscribers: memoize(() => subscribers.instantSubscribers(), subscriberCacheMs(platform)),
      getMany: (ids: string[]) => subscribers.getMany(ids),
    },
    ...mailSendingFromEnv(platform),
    log: logTo(logger),
  };
  const signer = signerFromEnv(platform);
  const figures = figuresFor('send-alerts', platform.figures);
  const handler = sqsHandler({
    logger,
    what: 'alerts message',
    body: jsonBody(AlertsMessageSchema),
    async handleBatch(messages) {
      const events = messages.filter((m) => 'type' in m);
      const flushFor = messages.flatMap((m) => ('kind' in m ? m.subscriberIds : []));
      const result = await processAlerts(
        { events, flushFor },
        {
          ...base,
          sources: sources({
            sourceIds: events.flatMap((event) => [
              event.sourceId,
              ...(event.copiedBy ? [event.copiedBy] : []),
            ]),
          }),
          signer: await signer(),
        },
      );
      figures.count(METRICS.alertsSent, result.alertsSent);
      logger.info('alerts processed', { events: events.length, flushes: flushFor.length, ...result });
      if (result.failed.length > 0) {
        throw new Error(
          `alerts to ${result.failed.length} subscribers failed; those not yet alerted get them on the retry`,
        );
      }
    },
  });
  return publishingAfter(figures, handler);
}

export const handler = lambdaHandler(createHandler);
