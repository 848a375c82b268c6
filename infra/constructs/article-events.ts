import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The `article-events` topic: one message per stored article, fanned out to the queues that
 * subscribe to it. TLS-only, encrypted with the AWS-managed SNS key.
 */
export class ArticleEvents extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Bantin article events',
      enforceSSL: true,
    });
    // The AWS-managed key set on the L1: its key policy already lets the account's principals
    // use it through SNS, so publishers need sns:Publish only (no KMS grant, no key to manage).
    (this.topic.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = 'alias/aws/sns';
  }

  /**
   * Lets `role` manage aggregators' webhooks: subscribe HTTPS endpoints only (sns:Protocol), list
   * the topic's subscriptions, and read or remove a subscription of this topic.
   */
  grantManageSubscriptions(role: iam.Role): void {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sns:Subscribe'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'sns:Protocol': 'https' } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sns:ListSubscriptionsByTopic'],
        resources: [this.topic.topicArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sns:GetSubscriptionAttributes', 'sns:Unsubscribe'],
        resources: [`${this.topic.topicArn}:*`],
      }),
    );
    const topicLogicalId = Stack.of(this).getLogicalId(this.topic.node.defaultChild as sns.CfnTopic);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${topicLogicalId}>:*]`,
      reason:
        'Subscription ARNs are the topic ARN plus an id SNS assigns: only this topic’s subscriptions match.',
    });
  }

  /** Delivers the raw event (no SNS envelope) to `queue`, optionally filtered on attributes. */
  subscribe(queue: sqs.IQueue, filterPolicy?: Record<string, readonly string[]>): void {
    this.topic.addSubscription(
      new subscriptions.SqsSubscription(queue, {
        rawMessageDelivery: true,
        ...(filterPolicy && {
          filterPolicy: Object.fromEntries(
            Object.entries(filterPolicy).map(([attribute, allowlist]) => [
              attribute,
              sns.SubscriptionFilter.stringFilter({ allowlist: [...allowlist] }),
            ]),
          ),
        }),
      }),
    );
  }
}
