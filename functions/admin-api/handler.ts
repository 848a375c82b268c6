/** HTTP API, admin routes (authenticated by API Gateway): the administration API. */
import type { Context } from 'aws-lambda';
import { env } from '../../infra/topology.js';
import { DynamoSubscriberStats } from '../../shared/adapters/dynamodb/subscriber-stats.js';
import { answer, type HttpEvent, type HttpResult, headless } from '../http.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { lambdaHandler, onFirstCall, type Platform, required } from '../platform.js';
import {
  articlesFromEnv,
  auditLogFromEnv,
  createLogger,
  documentsOf,
  loopbackAllowed,
  mediaUrlsFromEnv,
  sourcesFromEnv,
} from '../wiring.js';
import { createRoutes, route } from './routes.js';

const logger = createLogger('admin-api');

// Most requests only read tables: the S3, SNS and SQS clients (and their adapters) load with the
// first request that needs one, not at every cold start.
const bucket = () => import('../bucket-wiring.js');
const topic = () => import('../event-wiring.js');
const queues = () => import('../queue-wiring.js');

export function createHandler(platform: Platform) {
  const signer = signerFromEnv(platform);
  const sources = sourcesFromEnv(platform);
  const routes = createRoutes({
    sources,
    articles: articlesFromEnv(platform),
    content: onFirstCall(async () => (await bucket()).contentFromEnv(platform)),
    events: onFirstCall(async () => (await topic()).eventsFromEnv(platform)),
    queue: onFirstCall(async () => (await queues()).ingestQueueFromEnv(platform)),
    feedRequests: onFirstCall(async () => (await queues()).feedRequestsFromEnv(platform)),
    audit: auditLogFromEnv(platform),
    // Only previews fetch pages: the fetcher (its address guard, DNS) is loaded by the first one.
    fetch: async (url, options) =>
      (await import('../../shared/ingest/fetch/fetcher.js')).fetchResource(url, options),
    media: {
      store: onFirstCall(async () => (await bucket()).mediaStoreFromEnv(platform)),
      ...mediaUrlsFromEnv(platform),
    },
    checks: { allowLoopback: loopbackAllowed(platform) },
    subscribers: {
      subscribers: subscribersFromEnv(platform),
      stats: new DynamoSubscriberStats(
        required(platform.env, env.table('subscribers')),
        documentsOf(platform),
      ),
      // The signing key is read on first use (Secrets Manager in AWS), not at cold start.
      subscriberId: async (email) => (await signer()).subscriberId(email),
    },
    webhooks: {
      subscriptions: onFirstCall(async () => (await topic()).webhooksFromEnv(platform)),
      sources,
      allowLoopback: loopbackAllowed(platform),
    },
    ...(platform.figures ? { figures: () => platform.figures!.snapshot() } : {}),
  });
  return async (event: HttpEvent, context: Context): Promise<HttpResult> =>
    headless(
      event,
      await answer(
        () => route(routes, event, context),
        (error) =>
          logger.error('administration request failed', { routeKey: event.routeKey, error: error as Error }),
      ),
    );
}

export const handler = lambdaHandler(createHandler);
