/** The article-events topic (SNS): publishing events and aggregators' webhooks, in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { FileWebhookSubscriptions } from '../shared/adapters/local/webhook-subscriptions.js';
import { SnsArticleEventPublisher } from '../shared/adapters/sns/article-event-publisher.js';
import { SnsWebhookSubscriptions } from '../shared/adapters/sns/webhook-subscriptions.js';
import type { WebhookSubscriptions } from '../shared/ports.js';
import type { WebhookDeps } from '../shared/syndicate/push/webhooks.js';
import { loopbackAllowed, sourcesFromEnv } from './wiring.js';

export const eventsFromEnv = () => new SnsArticleEventPublisher(requiredEnv(env.articleEventsTopic));
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
