/** The article-events topic (SNS): publishing events and aggregators' webhooks, in their own module: see wiring.ts. */
import { env } from '../infra/topology.js';
import { SnsArticleEventPublisher } from '../shared/adapters/sns/article-event-publisher.js';
import { makeSnsClient } from '../shared/adapters/sns/client.js';
import { SnsWebhookSubscriptions } from '../shared/adapters/sns/webhook-subscriptions.js';
import type { WebhookSubscriptions } from '../shared/ports.js';
import { clientOf, type Platform, required } from './platform.js';

const snsOf = (p: Platform) => clientOf(p, 'sns', 'sns', makeSnsClient);

export const eventsFromEnv = (p: Platform) =>
  new SnsArticleEventPublisher(required(p.env, env.articleEventsTopic), snsOf(p));
/** Aggregator webhooks: SNS subscriptions on the article-events topic, unless the platform keeps them. */
export const webhooksFromEnv = (p: Platform): WebhookSubscriptions =>
  p.webhooks ??
  new SnsWebhookSubscriptions(
    required(p.env, env.articleEventsTopic),
    required(p.env, env.webhookDeadLetters),
    snsOf(p),
  );
