import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type BusinessMetric, METRIC_NAMESPACE, METRICS, SERVICE_DIMENSION } from '../../shared/metrics.js';
import type { ServiceFunction } from './service-function.js';
import type { WorkQueue } from './work-queue.js';

export interface OperationsProps {
  /** Who is told when an alarm goes off (`-c alarmEmail=…`); without it, nobody is subscribed. */
  alarmEmail?: string;
  queues: Record<string, WorkQueue>;
  functions: Record<string, ServiceFunction>;
  api?: apigw.HttpApi;
  /** Aggregators' webhooks: what SNS gave up delivering. */
  webhookDeadLetters?: { queue: sqs.IQueue; alarms: cloudwatch.Alarm[] };
}

/** SES puts an account under review at a 5 % bounce rate and a 0.1 % complaint rate: be told before. */
export const SES_BOUNCE_RATE_ALARM = 0.04;
export const SES_COMPLAINT_RATE_ALARM = 0.0008;
/** Server errors of the HTTP API in 5 minutes that raise its alarm. */
export const API_5XX_ALARM = 5;

/** A CloudWatch metric of one of Bantin's business figures, with exactly its dimensions. */
export function businessMetric(metric: BusinessMetric, options: cloudwatch.MetricOptions = {}) {
  return new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName: metric.name,
    dimensionsMap: { [SERVICE_DIMENSION]: metric.service },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
    ...options,
  });
}

/** The sum of a per-source figure over every source (a search: one series per source exists). */
function allSources(metric: BusinessMetric, label: string): cloudwatch.MathExpression {
  const dimensions = [...metric.dimensions].join(',');
  return new cloudwatch.MathExpression({
    expression: `SUM(SEARCH('{${METRIC_NAMESPACE},${dimensions}} MetricName="${metric.name}"', 'Sum', 300))`,
    label,
    period: Duration.minutes(5),
  });
}

/**
 * Someone is told: the ops topic (encrypted, with an email subscription), the alarms that go to
 * it (every alarm of the stack: the queues' and functions' own, plus the API's, SES reputation
 * and failing sources), and a dashboard of the whole service.
 */
export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudWatch publishes to an encrypted topic only with a customer managed key that lets it.
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the Bantin operations (alarms) topic',
      enableKeyRotation: true,
    });
    const fromThisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccountsAlarms,
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Bantin operations',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromThisAccountsAlarms,
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    for (const queue of Object.values(props.queues)) this.watch(queue.deadLetterAlarm, queue.ageAlarm);
    if (props.webhookDeadLetters) this.watch(...props.webhookDeadLetters.alarms);
    for (const fn of Object.values(props.functions)) this.watch(fn.errorsAlarm, fn.throttlesAlarm);

    const name = (what: string) => `${stack.stackName}-${what}`;
    if (props.api) {
      this.watch(
        new cloudwatch.Alarm(this, 'Api5xxAlarm', {
          alarmName: name('api-5xx'),
          alarmDescription: `The HTTP API answered ${API_5XX_ALARM} or more server errors in 5 minutes: see the errors and throttles of the admin-api and subscriptions functions and the API's access log`,
          metric: props.api.metricServerError({
            period: Duration.minutes(5),
            statistic: cloudwatch.Stats.SUM,
          }),
          threshold: API_5XX_ALARM,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.hours(1),
      });
    this.watch(
      new cloudwatch.Alarm(this, 'BounceRateAlarm', {
        alarmName: name('ses-bounce-rate'),
        alarmDescription: `The account's SES bounce rate reached ${SES_BOUNCE_RATE_ALARM * 100} % (SES reviews the account at 5 %): find where the bad addresses come from`,
        metric: reputation('Reputation.BounceRate'),
        threshold: SES_BOUNCE_RATE_ALARM,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, 'ComplaintRateAlarm', {
        alarmName: name('ses-complaint-rate'),
        alarmDescription: `The account's SES complaint rate reached ${SES_COMPLAINT_RATE_ALARM * 100} % (SES reviews the account at 0.1 %): readers mark the mail as spam`,
        metric: reputation('Reputation.ComplaintRate'),
        threshold: SES_COMPLAINT_RATE_ALARM,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // A failing source is polled at least every 6 hours (its longest back-off): 7 hourly
      // periods keep the alarm raised between two of its polls.
      new cloudwatch.Alarm(this, 'SourcesFailingAlarm', {
        alarmName: name('sources-failing'),
        alarmDescription:
          'A source failed 3 polls or more in a row: the admin page shows which (badge Lỗi) and why',
        metric: businessMetric(METRICS.sourcesFailing, { period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 7,
        datapointsToAlarm: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = this.createDashboard(props);
  }

  /** Sends the alarms (and their return to OK) to the ops topic. */
  watch(...alarms: cloudwatch.Alarm[]): void {
    for (const alarm of alarms) {
      const action = new actions.SnsAction(this.topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    }
  }

  private createDashboard(props: OperationsProps): cloudwatch.Dashboard {
    const stack = Stack.of(this);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboard names are the account's, in every region: the region keeps them apart.
      dashboardName: `${stack.stackName}-${stack.region}`,
      defaultInterval: Duration.days(1),
    });
    const wide = { width: 12, height: 6 };
    const fns = Object.entries(props.functions);
    const queues = Object.entries(props.queues);

    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this.alarms,
        width: 24,
        height: 4,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Articles per 5 minutes (all sources)',
        left: [
          allSources(METRICS.articlesNew, 'new'),
          allSources(METRICS.articlesDuplicate, 'duplicate'),
          allSources(METRICS.articlesFailed, 'failed'),
        ],
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'New articles per source',
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${METRIC_NAMESPACE},${METRICS.articlesNew.dimensions.join(',')}} MetricName="${METRICS.articlesNew.name}"', 'Sum', 3600)`,
            label: '',
            period: Duration.hours(1),
          }),
        ],
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Feeds, mail and failing sources',
        left: [
          businessMetric(METRICS.feedsRebuilt, { label: 'feeds rebuilt' }),
          businessMetric(METRICS.digestsSent, { label: 'digests sent' }),
          businessMetric(METRICS.alertsSent, { label: 'alerts sent' }),
        ],
        right: [
          businessMetric(METRICS.bounces, { label: 'bounces' }),
          businessMetric(METRICS.complaints, { label: 'complaints' }),
          businessMetric(METRICS.sourcesFailing, { label: 'polls of failing sources' }),
        ],
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'SES: sends, bounces, complaints; reputation rates',
        left: ['Send', 'Bounce', 'Complaint', 'Reject'].map(
          (metricName) =>
            new cloudwatch.Metric({
              namespace: 'AWS/SES',
              metricName,
              statistic: cloudwatch.Stats.SUM,
              period: Duration.minutes(5),
            }),
        ),
        right: ['Reputation.BounceRate', 'Reputation.ComplaintRate'].map(
          (metricName) =>
            new cloudwatch.Metric({
              namespace: 'AWS/SES',
              metricName,
              statistic: cloudwatch.Stats.MAXIMUM,
              period: Duration.hours(1),
            }),
        ),
        ...wide,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queues: messages waiting',
        left: queues.map(([name, q]) =>
          q.queue.metricApproximateNumberOfMessagesVisible({
            label: name,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
        ),
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Queues: age of the oldest message (s); dead letters',
        left: queues.map(([name, q]) =>
          q.queue.metricApproximateAgeOfOldestMessage({ label: name, statistic: cloudwatch.Stats.MAXIMUM }),
        ),
        right: [
          ...queues.map(([name, q]) =>
            q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              label: `${name} DLQ`,
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ),
          ...(props.webhookDeadLetters
            ? [
                props.webhookDeadLetters.queue.metricApproximateNumberOfMessagesVisible({
                  label: 'webhooks DLQ',
                  statistic: cloudwatch.Stats.MAXIMUM,
                }),
              ]
            : []),
        ],
        ...wide,
      }),
    );
    const labelled = (metric: (fn: ServiceFunction) => cloudwatch.Metric) =>
      fns.map(([name, fn]) => metric(fn).with({ label: name }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Functions: errors and throttles',
        left: labelled((fn) => fn.function.metricErrors({ statistic: cloudwatch.Stats.SUM })),
        right: labelled((fn) => fn.function.metricThrottles({ statistic: cloudwatch.Stats.SUM })),
        ...wide,
      }),
      new cloudwatch.GraphWidget({
        title: 'Functions: duration p95 (ms); concurrent executions',
        left: labelled((fn) => fn.function.metricDuration({ statistic: cloudwatch.Stats.p(95) })),
        right: labelled((fn) =>
          fn.function.metric('ConcurrentExecutions', { statistic: cloudwatch.Stats.MAXIMUM }),
        ),
        ...wide,
      }),
    );
    if (props.api) {
      const api = props.api;
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'HTTP API: requests and errors',
          left: [api.metricCount({ statistic: cloudwatch.Stats.SUM, label: 'requests' })],
          right: [
            api.metricClientError({ statistic: cloudwatch.Stats.SUM, label: '4xx' }),
            api.metricServerError({ statistic: cloudwatch.Stats.SUM, label: '5xx' }),
          ],
          ...wide,
        }),
        new cloudwatch.GraphWidget({
          title: 'HTTP API: latency (ms)',
          left: [
            api.metricLatency({ statistic: cloudwatch.Stats.p(50), label: 'p50' }),
            api.metricLatency({ statistic: cloudwatch.Stats.p(95), label: 'p95' }),
          ],
          ...wide,
        }),
      );
    }
    return dashboard;
  }
}
