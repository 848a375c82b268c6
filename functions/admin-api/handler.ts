/** HTTP API, admin routes (authenticated by API Gateway): the administration API. */
import type { Context } from 'aws-lambda';
import { env } from '../../infra/topology.js';
import { requiredEnv } from '../../shared/adapters/aws-clients.js';
import { DynamoSubscriberStats } from '../../shared/adapters/dynamodb/subscriber-stats.js';
import { fetchResource } from '../../shared/ingest/fetch/fetcher.js';
import { contentFromEnv } from '../bucket-wiring.js';
import { eventsFromEnv, webhookDepsFromEnv } from '../event-wiring.js';
import { answer, type HttpEvent, type HttpResult } from '../http.js';
import { signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { ingestQueueFromEnv } from '../queue-wiring.js';
import {
  articlesFromEnv,
  auditLogFromEnv,
  createLogger,
  loopbackAllowed,
  sourcesFromEnv,
} from '../wiring.js';
import { createRoutes, route } from './routes.js';

const logger = createLogger('admin-api');
const routes = createRoutes({
  sources: sourcesFromEnv(),
  articles: articlesFromEnv(),
  content: contentFromEnv(),
  events: eventsFromEnv(),
  queue: ingestQueueFromEnv(),
  audit: auditLogFromEnv(),
  fetch: fetchResource,
  checks: { allowLoopback: loopbackAllowed() },
  subscribers: {
    subscribers: subscribersFromEnv(),
    stats: new DynamoSubscriberStats(requiredEnv(env.table('subscribers'))),
    // The signing key is read on first use (Secrets Manager in AWS), not at cold start.
    subscriberId: async (email) => (await signerFromEnv()).subscriberId(email),
  },
  webhooks: webhookDepsFromEnv(),
});

export const handler = (event: HttpEvent, context: Context): Promise<HttpResult> =>
  answer(
    () => route(routes, event, context),
    (error) =>
      logger.error('administration request failed', { routeKey: event.routeKey, error: error as Error }),
  );
