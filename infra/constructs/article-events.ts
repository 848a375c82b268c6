import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_DEAD_LETTERS } from '../topology.js';
import { deadLetterQueue, firstLetterAlarm, queuePhysicalName } from './work-queue.js';

/**
 * The `article-events` topic: one message per stored article, fanned out to the queues that
 * subscribe to it. TLS-only, encrypted with the AWS-managed SNS key.
 */
export class ArticleEvents extends Construct {
  readonly topic: sns.Topic;
  /**
   * Where SNS puts a webhook's notification once it gave up on it (WEBHOOK_DELIVERY_POLICY's
   * retries spent, or a 4xx answer): each webhook's subscription names it in its RedrivePolicy.
   */
  readonly webhookDeadLetters: sqs.Queue;
  readonly webhookDeadLetterAlarm: cloudwatch.Alarm;
  /** SNS could not put a dead letter in that queue (its policy or encryption refused it): letters lost. */
  readonly webhookRedriveFailedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Bantin article events',
      enforceSSL: true,
    });
    // The AWS-managed key set on the L1: its key policy already lets the account's principals
    // use it through SNS, so publishers need sns:Publish only (no KMS grant, no key to manage).
    (this.topic.node.defaultChild as sns.CfnTopic).kmsMasterKeyId = 'alias/aws/sns';

    const stackName = Stack.of(this).stackName;
    // SQS-managed encryption: SNS sends to it as to any queue (a KMS key would need a key policy for SNS).
    this.webhookDeadLetters = deadLetterQueue(
      this,
      'WebhookDeadLetters',
      queuePhysicalName(stackName, WEBHOOK_DEAD_LETTERS, true),
    );
    this.webhookDeadLetters.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.webhookDeadLetters.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.topic.topicArn } },
      }),
    );
    Validations.of(this.webhookDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is a dead-letter queue: that of the webhooks’ SNS subscriptions (their RedrivePolicy).',
    });
    this.webhookDeadLetterAlarm = firstLetterAlarm(this, 'WebhookDeadLetterAlarm', this.webhookDeadLetters, {
      alarmName: `${stackName}-${WEBHOOK_DEAD_LETTERS}-dead-letters`,
      alarmDescription: `SNS gave up delivering article events to an aggregator's webhook: see which and why with "npm run cli -- dlq list ${WEBHOOK_DEAD_LETTERS}"; the aggregator catches up from its feed`,
    });
    this.webhookRedriveFailedAlarm = new cloudwatch.Alarm(this, 'WebhookRedriveFailedAlarm', {
      alarmName: `${stackName}-${WEBHOOK_DEAD_LETTERS}-redrive-failed`,
      alarmDescription:
        'SNS gave up delivering to a webhook and could not keep the notification in the webhooks’ dead-letter queue (its queue policy or encryption refused SNS): the notification is lost; check the queue’s policy',
      metric: this.topic.metric('NumberOfNotificationsFailedToRedriveToDlq', {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets `role` manage aggregators' webhooks: subscribe HTTPS endpoints only (sns:Protocol), list
   * the topic's subscriptions, and read, update (a dead-letter queue for a webhook registered
   * before there was one) or remove a subscription of this topic.
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
        actions: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
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
