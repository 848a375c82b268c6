import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import {
  type FunctionSettings,
  functionSettings,
  parseSesMaxSendRate,
  visibilityTimeoutSeconds,
} from './capacity.js';
import { ArticleEvents } from './constructs/article-events.js';
import { cloudFrontPlanFromContext } from './constructs/cloudfront-plan.js';
import { ContentStore } from './constructs/content-store.js';
import { HttpApi } from './constructs/http-api.js';
import { Mail, parseMailDomain } from './constructs/mail.js';
import { Operations } from './constructs/operations.js';
import { ServiceFunction } from './constructs/service-function.js';
import { WorkQueue } from './constructs/work-queue.js';
import {
  type Access,
  type FunctionName,
  type FunctionSpec,
  functionEnvironment,
  type QueueName,
  type QueueSpec,
  type TableName,
  type TableSpec,
  topology,
} from './topology.js';

/** The project root: topology entries are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

const tableNames = Object.keys(topology.tables) as TableName[];
const queueNames = Object.keys(topology.queues) as QueueName[];
const functionNames = Object.keys(topology.functions) as FunctionName[];

/** Logical-id friendly form of a topology name: `plan-ingest` → `PlanIngest`. */
const pascal = (name: string) =>
  name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Bantin on AWS, built entirely from infra/topology.ts: the tables, the content bucket and
 * its CDN, the article-events topic, the work queues and one function per topology entry
 * with its trigger and least-privilege grants; the alarms, ops topic and dashboard.
 *
 * Context (`cdk deploy -c name=value`): mailDomain (SES identity with DKIM; From ban-tin@ it),
 * mailFrom, mailReplyTo, alarmEmail (who the alarms mail), sesMaxSendRate (default 14: caps
 * the mail senders, infra/capacity.ts), websubHubUrl, feedsCloudFrontPlan and mediaCloudFrontPlan
 * (none, free, pro, business or premium: a flat-rate plan for that distribution) with
 * feedsWebAclArn and mediaWebAclArn (the web ACL a plan needs, when not created here).
 */
export class BantinStack extends Stack {
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly queues: Record<QueueName, WorkQueue>;
  readonly functions: Record<FunctionName, ServiceFunction>;
  readonly content: ContentStore;
  readonly articleEvents: ArticleEvents;
  /** SES configuration set, bounce/complaint topic and the link-signing secret. */
  readonly mail: Mail;
  /** Present when some function of the topology has an `http` trigger. */
  readonly httpApi?: HttpApi;
  readonly operations: Operations;
  /** The SES send rate the mail senders are capped by (messages per second). */
  readonly sesMaxSendRate: number;
  /** Timeout, batch and concurrency of each function as deployed. */
  readonly settings: Record<FunctionName, FunctionSettings>;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.sesMaxSendRate = parseSesMaxSendRate(this.node.tryGetContext('sesMaxSendRate'));
    this.settings = Object.fromEntries(
      functionNames.map((name) => [name, functionSettings(name, this.sesMaxSendRate)]),
    ) as Record<FunctionName, FunctionSettings>;

    this.tables = Object.fromEntries(
      tableNames.map((name) => [name, this.createTable(name, topology.tables[name])]),
    ) as Record<TableName, dynamodb.Table>;

    const context = (name: string): unknown => this.node.tryGetContext(name);
    this.content = new ContentStore(this, 'Content', {
      plans: {
        feeds: cloudFrontPlanFromContext('feeds', context),
        media: cloudFrontPlanFromContext('media', context),
      },
    });
    this.articleEvents = new ArticleEvents(this, 'ArticleEvents');
    // `cdk deploy -c mailDomain=your-domain.vn`: the SES identity, and From ban-tin@your-domain.vn.
    this.mail = new Mail(this, 'Mail', {
      domain: parseMailDomain(this.node.tryGetContext('mailDomain')),
      from: this.node.tryGetContext('mailFrom') || undefined,
      replyTo: this.node.tryGetContext('mailReplyTo') || undefined,
    });

    this.queues = Object.fromEntries(
      queueNames.map((name) => {
        const spec: QueueSpec = topology.queues[name];
        const queue = new WorkQueue(this, `${pascal(name)}Queue`, {
          name,
          spec,
          visibilityTimeoutSeconds: visibilityTimeoutSeconds(name, this.sesMaxSendRate),
        });
        if (spec.subscribesToArticleEvents) {
          this.articleEvents.subscribe(queue.queue, spec.subscribesToArticleEvents.filterPolicy);
        }
        if (spec.receivesMailFeedback) this.mail.subscribeFeedback(queue.queue);
        return [name, queue];
      }),
    ) as Record<QueueName, WorkQueue>;

    if (functionNames.some((name) => (topology.functions[name] as FunctionSpec).trigger.kind === 'http')) {
      this.httpApi = new HttpApi(this, 'Http');
    }

    this.functions = Object.fromEntries(
      functionNames.map((name) => [name, this.createFunction(name, topology.functions[name])]),
    ) as Record<FunctionName, ServiceFunction>;

    const alarmEmail: unknown = this.node.tryGetContext('alarmEmail');
    if (alarmEmail !== undefined && (typeof alarmEmail !== 'string' || !EMAIL_PATTERN.test(alarmEmail))) {
      throw new Error(`alarmEmail "${String(alarmEmail)}" is not an email address`);
    }
    this.operations = new Operations(this, 'Operations', {
      alarmEmail: alarmEmail as string | undefined,
      queues: this.queues,
      functions: this.functions,
      api: this.httpApi?.api,
      webhookDeadLetters: {
        queue: this.articleEvents.webhookDeadLetters,
        alarms: [this.articleEvents.webhookDeadLetterAlarm, this.articleEvents.webhookRedriveFailedAlarm],
      },
    });
    if (!alarmEmail) {
      Annotations.of(this.operations).addWarningV2(
        'bantin:no-alarm-email',
        'no one is told when an alarm goes off: deploy with -c alarmEmail=ops@your-domain.vn (or subscribe to the OpsTopicArn output)',
      );
    }

    new CfnOutput(this, 'FeedsBaseUrl', { value: this.content.feedsBaseUrl });
    new CfnOutput(this, 'MediaBaseUrl', { value: this.content.mediaBaseUrl });
    // A paid plan applies once the account approves it: these name what to approve.
    if (this.content.feedsPlan) {
      new CfnOutput(this, 'FeedsPlanSubscriptionArn', { value: this.content.feedsPlan.subscription.attrArn });
    }
    if (this.content.mediaPlan) {
      new CfnOutput(this, 'MediaPlanSubscriptionArn', { value: this.content.mediaPlan.subscription.attrArn });
    }
    new CfnOutput(this, 'OpsTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });
    if (this.httpApi) new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'BucketName', { value: this.content.bucket.bucketName });
    for (const name of tableNames) {
      new CfnOutput(this, `${pascal(name)}TableName`, { value: this.tables[name].tableName });
    }
  }

  private createTable(name: TableName, spec: TableSpec): dynamodb.Table {
    const table = new dynamodb.Table(this, `${pascal(name)}Table`, {
      partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
      ...(spec.sortKey && { sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING } }),
      ...(spec.ttlAttribute && { timeToLiveAttribute: spec.ttlAttribute }),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // No delete by accident, through the API or a stack change (the removal policy retains too).
      deletionProtection: true,
    });
    for (const [indexName, index] of Object.entries(spec.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType:
          index.projection === 'keys' ? dynamodb.ProjectionType.KEYS_ONLY : dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private createFunction(name: FunctionName, spec: FunctionSpec): ServiceFunction {
    const settings = this.settings[name];
    const service = new ServiceFunction(this, pascal(name), {
      name,
      spec,
      projectRoot: PROJECT_ROOT,
      environment: this.environmentFor(spec.access, settings),
      timeoutSeconds: settings.timeoutSeconds,
      reservedConcurrency: settings.reservedConcurrency,
    });
    this.grantAccess(service.role, spec.access);

    const trigger = spec.trigger;
    switch (trigger.kind) {
      case 'schedule': {
        const role = new iam.Role(this, `${pascal(name)}ScheduleRole`, {
          assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
            conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
          }),
          description: `Lets EventBridge Scheduler invoke the ${name} function`,
        });
        new scheduler.Schedule(this, `${pascal(name)}Schedule`, {
          description: `Runs ${name} every ${trigger.everyMinutes === 1 ? 'minute' : `${trigger.everyMinutes} minutes`}`,
          schedule: scheduler.ScheduleExpression.rate(Duration.minutes(trigger.everyMinutes)),
          // A missed run is not retried for long: the next one comes within minutes.
          target: new targets.LambdaInvoke(service.function, {
            role,
            retryAttempts: 2,
            maxEventAge: Duration.minutes(trigger.everyMinutes),
          }),
        });
        const functionLogicalId = this.getLogicalId(service.function.node.defaultChild as lambda.CfnFunction);
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
          reason:
            'grantInvoke covers the versions and aliases of this one function; nothing else is invocable.',
        });
        break;
      }
      case 'http': {
        for (const route of trigger.routes) this.httpApi!.addRoute(route, service.function, pascal(name));
        break;
      }
      case 'queue': {
        service.function.addEventSource(
          new SqsEventSource(this.queues[trigger.queue].queue, {
            batchSize: settings.batchSize,
            maxBatchingWindow:
              trigger.maxBatchingWindowSeconds > 0
                ? Duration.seconds(trigger.maxBatchingWindowSeconds)
                : undefined,
            maxConcurrency: settings.maxConcurrency,
            // A bad record fails alone: the handler names it in batchItemFailures.
            reportBatchItemFailures: true,
          }),
        );
        break;
      }
    }
    return service;
  }

  /** Only the variables of the resources the function may touch (one rule with the local runner). */
  private environmentFor(access: Access, settings: FunctionSettings): Record<string, string> {
    // `cdk deploy -c websubHubUrl=https://pubsubhubbub.appspot.com/`: feeds advertise the hub and build-feeds pings it.
    const websubHubUrl: unknown = this.node.tryGetContext('websubHubUrl');
    const queueUrls = Object.fromEntries(
      Object.entries(this.queues).map(([name, queue]) => [name, queue.queue.queueUrl]),
    ) as Record<QueueName, string>;
    return functionEnvironment(
      access,
      {
        ...(this.httpApi ? { apiBaseUrl: this.httpApi.url } : {}),
        tables: Object.fromEntries(
          Object.entries(this.tables).map(([name, table]) => [name, table.tableName]),
        ) as Record<TableName, string>,
        bucket: this.content.bucket.bucketName,
        feedsBaseUrl: this.content.feedsBaseUrl,
        mediaBaseUrl: this.content.mediaBaseUrl,
        articleEventsTopic: this.articleEvents.topic.topicArn,
        webhookDeadLetters: this.articleEvents.webhookDeadLetters.queueArn,
        ...(typeof websubHubUrl === 'string' && websubHubUrl ? { websubHub: websubHubUrl } : {}),
        queueUrls,
        mail: {
          from: this.mail.from,
          replyTo: this.mail.replyTo,
          configurationSet: this.mail.configurationSet.configurationSetName,
        },
        mailTokenSecret: { arn: this.mail.tokenSecret.secretArn },
        ...(this.httpApi
          ? {
              adminLogin: {
                url: this.httpApi.loginUrl,
                clientId: this.httpApi.adminPageClient.userPoolClientId,
              },
            }
          : {}),
      },
      { mailSendsPerSecond: settings.mailSendsPerSecond },
    );
  }

  private grantAccess(role: iam.Role, access: Access): void {
    for (const [name, level] of Object.entries(access.tables ?? {}) as [TableName, 'read' | 'readwrite'][]) {
      const table = this.tables[name];
      if (level === 'readwrite') table.grantReadWriteData(role);
      else table.grantReadData(role);
      if (Object.keys(topology.tables[name].indexes).length > 0) {
        const tableLogicalId = this.getLogicalId(table.node.defaultChild as dynamodb.CfnTable);
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
          reason: `Queries use the global secondary indexes of the ${name} table, all of them and only them.`,
        });
      }
    }
    if (access.bucket) this.content.grant(role, access.bucket);
    if (access.publishesArticleEvents) this.articleEvents.topic.grantPublish(role);
    if (access.managesWebhooks) this.articleEvents.grantManageSubscriptions(role);
    for (const queue of access.sendsTo ?? []) this.queues[queue].queue.grantSendMessages(role);
    if (access.sendsMail) this.mail.grantSend(role);
    if (access.readsMailSecret) this.mail.tokenSecret.grantRead(role);
  }
}
