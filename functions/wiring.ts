/**
 * Builds the adapters a handler needs from the environment the topology defines. Shared by
 * every handler, so a cold start reads each variable once and fails naming the missing one.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { z } from 'zod';
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/article-repository.js';
import { DynamoAuditLog } from '../shared/adapters/dynamodb/audit-log.js';
import { DynamoSourceRepository } from '../shared/adapters/dynamodb/source-repository.js';
import { HttpWebSubHub, type HttpWebSubHubOptions } from '../shared/adapters/http/websub-hub.js';
import { FileWebhookSubscriptions } from '../shared/adapters/local/webhook-subscriptions.js';
import { S3ContentStore } from '../shared/adapters/s3/content-store.js';
import { SnsArticleEventPublisher } from '../shared/adapters/sns/article-event-publisher.js';
import { SnsWebhookSubscriptions } from '../shared/adapters/sns/webhook-subscriptions.js';
import { SqsIngestQueue } from '../shared/adapters/sqs/ingest-queue.js';
import { SqsJobQueue } from '../shared/adapters/sqs/job-queue.js';
import type { FeedRequest } from '../shared/domain/events.js';
import { parseOrThrow } from '../shared/domain/validation.js';
import type { WebhookSubscriptions } from '../shared/ports.js';
import type { WebhookDeps } from '../shared/syndicate/push/webhooks.js';

export const sourcesFromEnv = () => new DynamoSourceRepository(requiredEnv(env.table('sources')));
export const articlesFromEnv = () => new DynamoArticleRepository(requiredEnv(env.table('articles')));
export const contentFromEnv = () => new S3ContentStore(requiredEnv(env.bucket));
export const eventsFromEnv = () => new SnsArticleEventPublisher(requiredEnv(env.articleEventsTopic));
export const ingestQueueFromEnv = () => new SqsIngestQueue(requiredEnv(env.queueUrl('ingest')));
export const feedRequestsFromEnv = () => new SqsJobQueue<FeedRequest>(requiredEnv(env.queueUrl('feeds')));
export const feedsBaseUrlFromEnv = () => requiredEnv(env.feedsBaseUrl).replace(/\/+$/, '');
/** Aggregator webhooks: SNS subscriptions in AWS; a JSON file in local mode (BANTIN_WEBHOOKS_FILE). */
export const webhooksFromEnv = (): WebhookSubscriptions => {
  const file = process.env[env.localWebhooksFile];
  if (!file) return new SnsWebhookSubscriptions(requiredEnv(env.articleEventsTopic));
  return new FileWebhookSubscriptions({
    file,
    topicArn: requiredEnv(env.articleEventsTopic),
    publicBaseUrl: requiredEnv(env.feedsBaseUrl).replace(/\/feeds\/?$/, ''),
  });
};
/** What registerWebhook, listWebhooks and removeWebhook (shared/syndicate/push/webhooks.ts) need. */
export const webhookDepsFromEnv = (): WebhookDeps => ({
  subscriptions: webhooksFromEnv(),
  sources: sourcesFromEnv(),
  allowLoopback: loopbackAllowed(),
});
/** The WebSub hub, when WEBSUB_HUB_URL is set: feeds advertise it and build-feeds pings it. */
export const websubHubFromEnv = (log?: HttpWebSubHubOptions['log']) => {
  const url = process.env[env.websubHub]?.trim();
  return url ? { url, publisher: new HttpWebSubHub(url, { log }) } : undefined;
};
export const auditLogFromEnv = () => new DynamoAuditLog(requiredEnv(env.table('audit')));
export const loopbackAllowed = () => process.env[env.allowLoopback] === '1';

export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: `bantin-${serviceName}` });
}

/** Parses an SQS message body as JSON validated by `schema`; the error names the bad field. */
export function parseMessage<S extends z.ZodType>(schema: S, body: string, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`${what} is not JSON: ${body.slice(0, 80)}`);
  }
  return parseOrThrow(schema, json, what);
}
