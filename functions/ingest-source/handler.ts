import { IngestRequestSchema } from '../../shared/domain/events.js';
import { fetchResource } from '../../shared/ingest/fetch/fetcher.js';
import { boundedWarnings, type IngestDeps, ingestSource } from '../../shared/ingest/ingest-source.js';
import { METRICS } from '../../shared/metrics.js';
import { figuresFor, publishingAfter } from '../figures.js';
import { lambdaHandler, onFirstCall, type Platform } from '../platform.js';
import { jsonBody, sqsHandler } from '../sqs-handler.js';
import {
  articlesFromEnv,
  createLogger,
  logTo,
  loopbackAllowed,
  mediaUrlsFromEnv,
  sourcesFromEnv,
} from '../wiring.js';

const logger = createLogger('ingest-source');
// Most polls find nothing new (a 304, or only links already stored): S3 and SNS load with the
// first poll that stores an article, not at every cold start.
const bucket = () => import('../bucket-wiring.js');

export function createHandler(platform: Platform) {
  const deps: IngestDeps = {
    sources: sourcesFromEnv(platform),
    articles: articlesFromEnv(platform),
    content: onFirstCall(async () => (await bucket()).contentFromEnv(platform)),
    events: onFirstCall(async () => (await import('../event-wiring.js')).eventsFromEnv(platform)),
    fetch: fetchResource,
    allowLoopback: loopbackAllowed(platform),
    media: {
      store: onFirstCall(async () => (await bucket()).mediaStoreFromEnv(platform)),
      ...mediaUrlsFromEnv(platform),
    },
    log: logTo(logger),
  };
  const figures = figuresFor('ingest-source', platform.figures);
  const handler = sqsHandler({
    logger,
    what: 'ingest request',
    body: jsonBody(IngestRequestSchema),
    async handle(request) {
      const outcome = await ingestSource(request.sourceId, deps);
      if (!outcome) return;
      logger.info('source polled', { ...outcome, warnings: boundedWarnings(outcome.warnings) });
      figures.count(METRICS.articlesNew, outcome.itemsNew, outcome.sourceId);
      figures.count(METRICS.articlesDuplicate, outcome.itemsDuplicate, outcome.sourceId);
      figures.count(METRICS.articlesFailed, outcome.itemsFailed, outcome.sourceId);
      if (outcome.failing) figures.count(METRICS.sourcesFailing, 1);
    },
  });
  return publishingAfter(figures, handler);
}

export const handler = lambdaHandler(createHandler);
