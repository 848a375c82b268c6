/**
 * Builds the adapters a handler needs from the environment the topology defines, so a cold start
 * reads each variable once and fails naming the missing one. One module per SDK client (this one:
 * DynamoDB; bucket-, queue-, event- and mailer-wiring.ts): a bundle imports only the clients its
 * function uses.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../shared/adapters/dynamodb/article-repository.js';
import { DynamoAuditLog } from '../shared/adapters/dynamodb/audit-log.js';
import { DynamoSourceRepository } from '../shared/adapters/dynamodb/source-repository.js';
import { HttpWebSubHub, type HttpWebSubHubOptions } from '../shared/adapters/http/websub-hub.js';

export const sourcesFromEnv = () => new DynamoSourceRepository(requiredEnv(env.table('sources')));
export const articlesFromEnv = () => new DynamoArticleRepository(requiredEnv(env.table('articles')));
export const feedsBaseUrlFromEnv = () => requiredEnv(env.feedsBaseUrl).replace(/\/+$/, '');
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

/** The `log` a use case takes, writing to `logger` (an Error in `details` is logged with its stack). */
export function logTo(logger: Logger) {
  return (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void =>
    logger[level](message, details ?? {});
}
