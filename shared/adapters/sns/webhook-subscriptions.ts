/**
 * Webhooks as SNS HTTPS subscriptions on the article-events topic. SNS itself sends the
 * SubscriptionConfirmation, retries deliveries and signs messages; the subscription's filter
 * policy (scope MessageAttributes) picks one source or one category slug, matched against the
 * attributes every article event carries (articleEventAttributes in shared/domain/events.ts).
 * What SNS gives up on (its retries spent) goes to the webhooks' dead-letter queue.
 */
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  NotFoundException,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mapWithConcurrency } from '../../concurrency.js';
import type { Webhook, WebhookFilter } from '../../domain/webhook.js';
import { WebhookConflict, type WebhookSubscriptions } from '../../ports.js';
import {
  filterFromPolicy,
  WEBHOOK_DELIVERY_POLICY,
  webhookFilterPolicy,
} from '../../syndicate/push/filter-policy.js';
import { snsClient } from './client.js';

const PENDING = 'PendingConfirmation';

export class SnsWebhookSubscriptions implements WebhookSubscriptions {
  /** Each subscription's RedrivePolicy: the webhooks' dead-letter queue. */
  private readonly redrivePolicy: string;

  /**
   * `deadLetterQueueArn`: where SNS puts a notification it gave up on (the subscription's
   * RedrivePolicy); the queue's policy lets the topic send to it.
   */
  constructor(
    private readonly topicArn: string,
    private readonly deadLetterQueueArn: string,
    private readonly sns = snsClient(),
  ) {
    this.redrivePolicy = JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn });
  }

  async register(endpoint: string, filter: WebhookFilter): Promise<Webhook> {
    const { SubscriptionArn } = await this.sns
      .send(
        new SubscribeCommand({
          TopicArn: this.topicArn,
          Protocol: new URL(endpoint).protocol === 'https:' ? 'https' : 'http',
          Endpoint: endpoint,
          Attributes: {
            FilterPolicy: JSON.stringify(webhookFilterPolicy(filter)),
            FilterPolicyScope: 'MessageAttributes',
            DeliveryPolicy: JSON.stringify(WEBHOOK_DELIVERY_POLICY),
            RedrivePolicy: this.redrivePolicy,
          },
          // The ARN even while confirmation is pending, so the caller can remove it later.
          ReturnSubscriptionArn: true,
        }),
      )
      .catch((error: unknown) => {
        // Two registrations of one URL with different filters at once: the second loses.
        const { name, message } = (error ?? {}) as { name?: string; message?: string };
        if (
          name === 'InvalidParameterException' &&
          /already exists with different attributes/i.test(String(message))
        )
          throw new WebhookConflict(endpoint);
        throw error;
      });
    const id = SubscriptionArn ?? PENDING;
    return { id, endpoint, filter, status: await this.status(id) };
  }

  async list(): Promise<Webhook[]> {
    const subscriptions: { arn: string; endpoint: string }[] = [];
    let token: string | undefined;
    do {
      const page = await this.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: this.topicArn, NextToken: token }),
      );
      for (const s of page.Subscriptions ?? []) {
        if (s.Protocol === 'https' || s.Protocol === 'http') {
          subscriptions.push({ arn: s.SubscriptionArn ?? PENDING, endpoint: s.Endpoint ?? '' });
        }
      }
      token = page.NextToken;
    } while (token);
    const hooks = await mapWithConcurrency(subscriptions, 4, async ({ arn, endpoint }): Promise<Webhook> => {
      if (!arn.startsWith('arn:')) return { id: arn, endpoint, status: 'pending-confirmation' };
      const attributes = await this.attributes(arn);
      // A webhook registered before webhooks had a dead-letter queue gets it now (compared by
      // its target: SNS may write the policy's JSON otherwise than it was sent).
      if (attributes && deadLetterTargetOf(attributes.RedrivePolicy) !== this.deadLetterQueueArn) {
        await this.sns.send(
          new SetSubscriptionAttributesCommand({
            SubscriptionArn: arn,
            AttributeName: 'RedrivePolicy',
            AttributeValue: this.redrivePolicy,
          }),
        );
      }
      const filter = attributes?.FilterPolicy
        ? filterFromPolicy(safeJson(attributes.FilterPolicy))
        : undefined;
      return {
        id: arn,
        endpoint,
        ...(filter ? { filter } : {}),
        status: attributes?.PendingConfirmation === 'false' ? 'confirmed' : 'pending-confirmation',
      };
    });
    return hooks;
  }

  async remove(id: string): Promise<boolean> {
    // Only subscriptions of this topic: the id is the topic ARN followed by `:{uuid}`.
    if (!id.startsWith(`${this.topicArn}:`)) return false;
    if (!(await this.attributes(id))) return false;
    await this.sns.send(new UnsubscribeCommand({ SubscriptionArn: id }));
    return true;
  }

  private async status(arn: string): Promise<Webhook['status']> {
    if (!arn.startsWith('arn:')) return 'pending-confirmation';
    const attributes = await this.attributes(arn);
    return attributes?.PendingConfirmation === 'false' ? 'confirmed' : 'pending-confirmation';
  }

  private async attributes(arn: string): Promise<Record<string, string> | undefined> {
    try {
      const { Attributes } = await this.sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }),
      );
      return Attributes ?? {};
    } catch (error) {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
  }
}

/** The queue a subscription's RedrivePolicy names, if any. */
function deadLetterTargetOf(policy: string | undefined): unknown {
  const parsed = policy ? safeJson(policy) : undefined;
  return typeof parsed === 'object' && parsed !== null
    ? (parsed as { deadLetterTargetArn?: unknown }).deadLetterTargetArn
    : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
