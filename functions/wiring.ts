/**
 * Builds the adapters a handler needs from its platform (functions/platform.ts): the
 * environment the topology defines and the SDK clients. Shared by every handler, so a cold
 * start reads each variable once and fails naming the missing one.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { env } from '../infra/topology.js';
import {
  makeDocumentClient,
  makeS3Client,
  makeSnsClient,
  makeSqsClient,
} from '../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/article-repository.js';
import { DynamoAuditLog } from '../shared/adapters/dynamodb/audit-log.js';
import { DynamoSourceRepository } from '../shared/adapters/dynamodb/source-repository.js';
import { HttpWebSubHub, type HttpWebSubHubOptions } from '../shared/adapters/http/websub-hub.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { SnsArticleEventPublisher } from '../shared/adapters/sns/article-event-publisher.js';
import { SnsWebhookSubscriptions } from '../shared/adapters/sns/webhook-subscriptions.js';
import { SqsIngestQueue } from '../shared/adapters/sqs/ingest-queue.js';
import type { WebhookSubscriptions } from '../shared/ports.js';
import type { WebhookDeps } from '../shared/syndicate/push/webhooks.js';
import { clientOf, type Platform, required } from './platform.js';

/** The platform's SDK clients, one of each per function. */
export const documentsOf = (p: Platform) => clientOf(p, 'documents', 'dynamodb', makeDocumentClient);
export const s3Of = (p: Platform) => clientOf(p, 's3', 's3', makeS3Client);
export const snsOf = (p: Platform) => clientOf(p, 'sns', 'sns', makeSnsClient);
export const sqsOf = (p: Platform) => clientOf(p, 'sqs', 'sqs', makeSqsClient);

export const sourcesFromEnv = (p: Platform) =>
  new DynamoSourceRepository(required(p.env, env.table('sources')), documentsOf(p));
export const articlesFromEnv = (p: Platform) =>
  new DynamoArticleRepository(required(p.env, env.table('articles')), documentsOf(p));
export const contentFromEnv = (p: Platform) => new S3ContentStore(required(p.env, env.bucket), s3Of(p));
export const eventsFromEnv = (p: Platform) =>
  new SnsArticleEventPublisher(required(p.env, env.articleEventsTopic), snsOf(p));
export const ingestQueueFromEnv = (p: Platform) =>
  new SqsIngestQueue(required(p.env, env.queueUrl('ingest')), sqsOf(p));
export const feedsBaseUrlFromEnv = (p: Platform) => required(p.env, env.feedsBaseUrl).replace(/\/+$/, '');
/** Aggregator webhooks: SNS subscriptions on the article-events topic, unless the platform keeps them. */
export const webhooksFromEnv = (p: Platform): WebhookSubscriptions =>
  p.webhooks ?? new SnsWebhookSubscriptions(required(p.env, env.articleEventsTopic), snsOf(p));
/** What registerWebhook, listWebhooks and removeWebhook (shared/syndicate/push/webhooks.ts) need. */
export const webhookDepsFromEnv = (p: Platform): WebhookDeps => ({
  subscriptions: webhooksFromEnv(p),
  sources: sourcesFromEnv(p),
  allowLoopback: loopbackAllowed(p),
});
/** The WebSub hub, when WEBSUB_HUB_URL is set: feeds advertise it and build-feeds pings it. */
export const websubHubFromEnv = (p: Platform, log?: HttpWebSubHubOptions['log']) => {
  const url = p.env[env.websubHub]?.trim();
  return url ? { url, publisher: new HttpWebSubHub(url, { log }) } : undefined;
};
export const auditLogFromEnv = (p: Platform) =>
  new DynamoAuditLog(required(p.env, env.table('audit')), documentsOf(p));
export const loopbackAllowed = (p: Platform) => p.env[env.allowLoopback] === '1';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: `bantin-${serviceName}` });
}

/** The `log` a use case takes, writing to `logger` (an Error in `details` is logged with its stack). */
export function logTo(logger: Logger) {
  return (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void =>
    logger[level](message, details ?? {});
}
