/**
 * Builds the adapters a handler needs from its platform (platform.ts): the environment the
 * topology defines, so a cold start reads each variable once and fails naming the missing one,
 * and the settings of its SDK clients. One module per SDK client (this one: DynamoDB; bucket-,
 * queue-, event- and mailer-wiring.ts): a bundle imports only the clients its function uses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { env } from '../infra/topology.js';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/article-repository.js';
import { DynamoAuditLog } from '../shared/adapters/dynamodb/audit-log.js';
import { documentClientOver } from '../shared/adapters/dynamodb/client.js';
import { DynamoSourceRepository } from '../shared/adapters/dynamodb/source-repository.js';
import { HttpWebSubHub, type HttpWebSubHubOptions } from '../shared/adapters/http/websub-hub.js';
import { clientOf, type Platform, required } from './platform.js';

/** The function's DynamoDB client, one per platform (Powertools idempotency takes it as it is). */
export const dynamodbOf = (p: Platform) =>
  clientOf(p, 'dynamodb', 'dynamodb', (config) => new DynamoDBClient(config));
/** Its document client, over the same client. */
export const documentsOf = (p: Platform) =>
  clientOf(p, 'documents', 'dynamodb', () => documentClientOver(dynamodbOf(p)));

export const sourcesFromEnv = (p: Platform) =>
  new DynamoSourceRepository(required(p.env, env.table('sources')), documentsOf(p));
export const articlesFromEnv = (p: Platform) =>
  new DynamoArticleRepository(required(p.env, env.table('articles')), documentsOf(p));
export const feedsBaseUrlFromEnv = (p: Platform) => required(p.env, env.feedsBaseUrl).replace(/\/+$/, '');
/**
 * Where re-hosted article images are served: MEDIA_BASE_URL (in AWS the images' own
 * distribution), else beside the feeds at `/media/`, which keeps serving the links published
 * there before.
 */
export const mediaUrlsFromEnv = (p: Platform): { baseUrl: string; formerBaseUrls: string[] } => {
  const besideFeeds = `${feedsBaseUrlFromEnv(p).replace(/\/feeds$/, '')}/media`;
  const baseUrl = p.env[env.mediaBaseUrl]?.replace(/\/+$/, '') || besideFeeds;
  return { baseUrl, formerBaseUrls: baseUrl === besideFeeds ? [] : [besideFeeds] };
};
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
