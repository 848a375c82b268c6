import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSpec } from '../topology.js';

export interface WorkQueueProps {
  /** The topology name of the queue, e.g. `ingest`. */
  name: string;
  spec: QueueSpec;
  /** The topology's, or more when the consumer's timeout was raised (infra/capacity.ts). */
  visibilityTimeoutSeconds: number;
}

/** Physical names `{stack}-{queue}` and `{stack}-{queue}-dlq`: what `npm run cli -- dlq` looks up. */
export const queuePhysicalName = (stackName: string, queue: string, deadLetter = false) =>
  `${stackName}-${queue}${deadLetter ? '-dlq' : ''}`;

/**
 * A work queue with its own dead-letter queue, both encrypted and TLS-only, an alarm as soon
 * as one message is dead-lettered, and one when the oldest waiting message is too old.
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { name, spec } = props;
    const stackName = Stack.of(this).stackName;

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', queuePhysicalName(stackName, name, true));

    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: queuePhysicalName(stackName, name),
      visibilityTimeout: Duration.seconds(props.visibilityTimeoutSeconds),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });

    this.deadLetterAlarm = firstLetterAlarm(this, 'DeadLetterAlarm', this.deadLetterQueue, {
      alarmName: `${stackName}-${name}-dead-letters`,
      alarmDescription: `Messages of the ${name} queue failed ${spec.maxReceiveCount} times and wait in its dead-letter queue: read them with "npm run cli -- dlq list ${name}", fix the cause, then "npm run cli -- dlq redrive ${name}"`,
    });

    this.ageAlarm = new cloudwatch.Alarm(this, 'AgeAlarm', {
      alarmName: `${stackName}-${name}-oldest-message`,
      alarmDescription: `A message has waited over ${spec.maxAgeMinutes} minutes in the ${name} queue: its consumer is failing, throttled or far behind`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: spec.maxAgeMinutes * 60,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** A dead-letter queue: its letters kept 14 days, SQS-encrypted, TLS-only. */
export function deadLetterQueue(scope: Construct, id: string, queueName: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    queueName,
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
}

/** An alarm as soon as one letter waits in a dead-letter queue. */
export function firstLetterAlarm(
  scope: Construct,
  id: string,
  queue: sqs.IQueue,
  names: { alarmName: string; alarmDescription: string },
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    ...names,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
