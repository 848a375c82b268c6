/** HTTP API, admin routes (authenticated by API Gateway): the administration API. */
import type { Context } from 'aws-lambda';
import { env } from '../../infra/topology.js';
import { DynamoSubscriberStats } from '../../shared/adapters/dynamodb/subscriber-stats.js';
import { contentFromEnv, mediaFromEnv } from '../bucket-wiring.js';
import { eventsFromEnv, webhookDepsFromEnv } from '../event-wiring.js';
import { answer, type HttpEvent, type HttpResult } from '../http.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { lambdaHandler, type Platform, required } from '../platform.js';
import { feedRequestsFromEnv, ingestQueueFromEnv } from '../queue-wiring.js';
import {
  articlesFromEnv,
  auditLogFromEnv,
  createLogger,
  documentsOf,
  loopbackAllowed,
  sourcesFromEnv,
} from '../wiring.js';
import { createRoutes, route } from './routes.js';

const logger = createLogger('admin-api');

export function createHandler(platform: Platform) {
  const signer = signerFromEnv(platform);
  const routes = createRoutes({
    sources: sourcesFromEnv(platform),
    articles: articlesFromEnv(platform),
    content: contentFromEnv(platform),
    events: eventsFromEnv(platform),
    queue: ingestQueueFromEnv(platform),
    feedRequests: feedRequestsFromEnv(platform),
    audit: auditLogFromEnv(platform),
    // Only previews fetch pages: the fetcher (its address guard, DNS) is loaded by the first one.
    fetch: async (url, options) =>
      (await import('../../shared/ingest/fetch/fetcher.js')).fetchResource(url, options),
    media: mediaFromEnv(platform),
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
    webhooks: webhookDepsFromEnv(platform),
    ...(platform.figures ? { figures: () => platform.figures!.snapshot() } : {}),
  });
  return (event: HttpEvent, context: Context): Promise<HttpResult> =>
    answer(
      () => route(routes, event, context),
      (error) =>
        logger.error('administration request failed', { routeKey: event.routeKey, error: error as Error }),
    );
}

export const handler = lambdaHandler(createHandler);
