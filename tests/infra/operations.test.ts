/**
 * Running it the way AWS asks, read from synthesized templates: queue and event-source settings
 * (visibility, retries, MaximumConcurrency, partial batch failures), the mail senders' caps
 * against the SES send rate, the alarms and who they tell, the dashboard, the SES identity, and
 * what must not be deleted by accident. Two stacks: plain `cdk synth`, and one deployed with a
 * mail domain, an alarm address and the SES sandbox's rate of 1 message per second.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumerOf } from '../../infra/capacity.js';
import { queuePhysicalName } from '../../infra/constructs/work-queue.js';
import { BantinStack } from '../../infra/stack.js';
import { env, type FunctionName, type FunctionSpec, type QueueName, topology } from '../../infra/topology.js';
import { METRIC_NAMESPACE, METRICS, SERVICE_DIMENSION, SOURCE_DIMENSION } from '../../shared/metrics.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};
type Statement = { Effect: string; Action: string | string[]; Principal?: unknown; Condition?: unknown };

const functionNames = Object.keys(topology.functions) as FunctionName[];
const queueNames = Object.keys(topology.queues) as QueueName[];
const mailSenders = functionNames.filter((name) => (topology.functions[name] as FunctionSpec).mailBudget);

interface Synth {
  app: App;
  stack: BantinStack;
  template: Template;
  resources: Record<string, Resource>;
  id: (construct: IConstruct) => string;
  of: (construct: IConstruct) => Resource;
  ofType: (type: string) => [string, Resource][];
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
function synth(context: Record<string, unknown>): Synth {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new BantinStack(app, 'Bantin');
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const id = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
  return {
    app,
    stack,
    template,
    resources,
    id,
    of: (construct) => resources[id(construct)]!,
    ofType: (type) => Object.entries(resources).filter(([, r]) => r.Type === type),
  };
}

const DEPLOYED = {
  mailDomain: 'bantin.example.vn',
  alarmEmail: 'ops@bantin.example.vn',
  sesMaxSendRate: '1',
};
let plain: Synth;
let deployed: Synth;

// Two whole stacks: slow on a loaded machine, so the hooks may take their time.
beforeAll(() => {
  plain = synth({});
}, 300_000);
beforeAll(() => {
  deployed = synth(DEPLOYED);
}, 300_000);

const BOTH: [string, () => Synth][] = [
  ['plain synth', () => plain],
  ['with mailDomain, alarmEmail and sesMaxSendRate=1', () => deployed],
];

describe.each(BOTH)('%s: event sources follow AWS’s rules', (_, get) => {
  /** Each event source mapping with the queue and function it joins. */
  const mappings = () => {
    const s = get();
    return s.ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => {
      const queueId = (mapping.Properties.EventSourceArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      const functionId = (mapping.Properties.FunctionName as { Ref: string }).Ref;
      const name = functionNames.find((n) => s.id(s.stack.functions[n].function) === functionId)!;
      return {
        mapping: mapping.Properties,
        queue: s.resources[queueId]!.Properties,
        fn: s.resources[functionId]!.Properties,
        name,
      };
    });
  };

  it('one event source per queue consumer of the topology', () => {
    const names = mappings()
      .map((m) => m.name)
      .sort();
    expect(names).toEqual(queueNames.map(consumerOf).sort());
  });

  it('every queue stays hidden at least 6 × its consumer’s timeout + batching window', () => {
    for (const { mapping, queue, fn } of mappings()) {
      const window = Number(mapping.MaximumBatchingWindowInSeconds ?? 0);
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * Number(fn.Timeout) + window);
    }
  });

  it('every work queue retries 5 times or more before its dead-letter queue', () => {
    const redriven = get()
      .ofType('AWS::SQS::Queue')
      .filter(([, q]) => q.Properties.RedrivePolicy);
    expect(redriven).toHaveLength(queueNames.length);
    for (const [, q] of redriven) {
      expect(
        (q.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount,
      ).toBeGreaterThanOrEqual(5);
    }
  });

  it('every event source has a MaximumConcurrency, the one the stack settled on', () => {
    for (const { mapping, name } of mappings()) {
      const maximum = (mapping.ScalingConfig as { MaximumConcurrency?: number } | undefined)
        ?.MaximumConcurrency;
      expect(maximum, name).toBe(get().stack.settings[name].maxConcurrency);
      expect(maximum).toBeGreaterThanOrEqual(2);
      expect(maximum).toBeLessThanOrEqual(1000);
    }
  });

  it('every event source reports batch item failures: a bad record fails alone', () => {
    for (const { mapping } of mappings())
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('the mail senders together stay under the SES send rate, each copy paced', () => {
    const s = get();
    let total = 0;
    for (const { mapping, fn, name } of mappings().filter((m) => mailSenders.includes(m.name))) {
      const reserved = fn.ReservedConcurrentExecutions as number;
      const maximum = (mapping.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency;
      // No copy beyond what the event source may start: throttles would burn receives.
      expect(reserved, name).toBe(maximum);
      const pace = Number(
        (fn.Environment as { Variables: Record<string, string> }).Variables[env.mailMaxSendsPerSecond],
      );
      expect(pace).toBeGreaterThan(0);
      total += reserved * pace;
      const perMessage = (topology.functions[name] as FunctionSpec).mailBudget!.mailsPerMessage;
      if (perMessage !== undefined) {
        expect((Number(mapping.BatchSize) * perMessage) / pace).toBeLessThanOrEqual(Number(fn.Timeout) / 2);
      }
    }
    expect(total).toBeLessThanOrEqual(s.stack.sesMaxSendRate);
    expect(total).toBeGreaterThan(s.stack.sesMaxSendRate * 0.9);
  });

  it('only the mail senders are paced or have reserved concurrency', () => {
    const s = get();
    for (const name of functionNames.filter((n) => !mailSenders.includes(n))) {
      const fn = s.of(s.stack.functions[name].function).Properties;
      expect(fn.ReservedConcurrentExecutions).toBeUndefined();
      expect(
        (fn.Environment as { Variables: Record<string, unknown> }).Variables[env.mailMaxSendsPerSecond],
      ).toBeUndefined();
    }
  });
});

it('the SES rate moves the mail senders’ settings in the template', () => {
  const digest = (s: Synth) => s.of(s.stack.functions['send-digest'].function).Properties;
  expect(plain.stack.sesMaxSendRate).toBe(14);
  expect(deployed.stack.sesMaxSendRate).toBe(1);
  expect(
    (digest(plain).Environment as { Variables: Record<string, string> }).Variables[env.mailMaxSendsPerSecond],
  ).toBe('4.2');
  expect(
    (digest(deployed).Environment as { Variables: Record<string, string> }).Variables[
      env.mailMaxSendsPerSecond
    ],
  ).toBe('0.3');
  expect(digest(plain).Timeout).toBe(120);
  expect(digest(deployed).Timeout).toBe(667);
  expect(deployed.of(deployed.stack.queues.digests.queue).Properties.VisibilityTimeout).toBe(6 * 667);
});

it('the queues have the names the dlq command looks up', () => {
  for (const name of queueNames) {
    expect(plain.of(plain.stack.queues[name].queue).Properties.QueueName).toBe(
      queuePhysicalName('Bantin', name),
    );
    expect(plain.of(plain.stack.queues[name].deadLetterQueue).Properties.QueueName).toBe(
      `Bantin-${name}-dlq`,
    );
  }
});

describe('someone is told', () => {
  const opsTopicId = (s: Synth) => s.id(s.stack.operations.topic);

  it.each(BOTH)(
    '%s: every alarm of the stack goes to the ops topic, and so does its return to OK',
    (_, get) => {
      const s = get();
      const alarms = s.ofType('AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(0);
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: opsTopicId(s) }]);
        expect(alarm.Properties.OKActions, id).toEqual([{ Ref: opsTopicId(s) }]);
      }
    },
  );

  it('the ops topic mails the alarm address when one is given', () => {
    deployed.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: DEPLOYED.alarmEmail,
      TopicArn: { Ref: opsTopicId(deployed) },
    });
    const subscriptions = plain
      .ofType('AWS::SNS::Subscription')
      .filter(([, r]) => r.Properties.Protocol === 'email');
    expect(subscriptions).toEqual([]);
    expect(
      Annotations.fromStack(plain.stack).findWarning('*', Match.stringLikeRegexp('alarmEmail')),
    ).toHaveLength(1);
    expect(
      Annotations.fromStack(deployed.stack).findWarning('*', Match.stringLikeRegexp('alarmEmail')),
    ).toHaveLength(0);
  });

  it('the ops topic is encrypted with a rotated key only this account’s alarms may use', () => {
    const topic = plain.of(plain.stack.operations.topic).Properties;
    const keyId = plain.id(plain.stack.operations.topicKey);
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const key = plain.resources[keyId]!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const forCloudWatch = (key.KeyPolicy as { Statement: Statement[] }).Statement.filter((st) =>
      JSON.stringify(st.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(forCloudWatch).toHaveLength(1);
    expect(forCloudWatch[0]!.Condition).toMatchObject({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
    expect(JSON.stringify(forCloudWatch[0]!.Condition)).toContain(':alarm:*');
    plain.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: opsTopicId(plain) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  /** The alarm of one metric: namespace, name and dimensions as the template has them. */
  const alarmsOn = (s: Synth, namespace: string, metricName: string) =>
    s
      .ofType('AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName);

  it.each(queueNames)('%s: alarms on dead letters and on the age of the oldest message', (name) => {
    const queue = plain.stack.queues[name];
    const dlq = alarmsOn(plain, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible').filter(([, a]) =>
      JSON.stringify(a.Properties.Dimensions).includes(plain.id(queue.deadLetterQueue)),
    );
    expect(dlq).toHaveLength(1);
    expect(dlq[0]![1].Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const age = alarmsOn(plain, 'AWS/SQS', 'ApproximateAgeOfOldestMessage').filter(
      ([, a]) =>
        JSON.stringify(a.Properties.Dimensions) ===
        JSON.stringify([
          { Name: 'QueueName', Value: { 'Fn::GetAtt': [plain.id(queue.queue), 'QueueName'] } },
        ]),
    );
    expect(age).toHaveLength(1);
    expect(age[0]![1].Properties.Threshold).toBe(topology.queues[name].maxAgeMinutes * 60);
  });

  it.each(functionNames)('%s: alarms on errors and on throttles', (name) => {
    const fnId = plain.id(plain.stack.functions[name].function);
    for (const metric of ['Errors', 'Throttles']) {
      const found = alarmsOn(plain, 'AWS/Lambda', metric).filter(
        ([, a]) =>
          JSON.stringify(a.Properties.Dimensions) ===
          JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]),
      );
      expect(found, `${name} ${metric}`).toHaveLength(1);
      expect(found[0]![1].Properties).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      });
    }
  });

  it('alarms on the HTTP API’s server errors', () => {
    const found = alarmsOn(plain, 'AWS/ApiGateway', '5xx');
    expect(found).toHaveLength(1);
    expect(JSON.stringify(found[0]![1].Properties.Dimensions)).toContain(plain.id(plain.stack.httpApi!.api));
  });

  it('alarms on the SES bounce and complaint rates before SES reviews the account', () => {
    const bounce = alarmsOn(plain, 'AWS/SES', 'Reputation.BounceRate');
    const complaint = alarmsOn(plain, 'AWS/SES', 'Reputation.ComplaintRate');
    expect(bounce).toHaveLength(1);
    expect(complaint).toHaveLength(1);
    expect(bounce[0]![1].Properties.Threshold).toBeLessThan(0.05);
    expect(complaint[0]![1].Properties.Threshold).toBeLessThan(0.001);
  });

  it('alarms on failing sources from the metric ingest-source emits, with exactly its dimensions', () => {
    const found = alarmsOn(plain, METRIC_NAMESPACE, METRICS.sourcesFailing.name);
    expect(found).toHaveLength(1);
    const dimensions = found[0]![1].Properties.Dimensions as { Name: string; Value: string }[];
    expect(dimensions.map((d) => d.Name)).toEqual([...METRICS.sourcesFailing.dimensions]);
    expect(dimensions).toEqual([{ Name: SERVICE_DIMENSION, Value: 'ingest-source' }]);
    // A failing source is polled at least every 6 hours: the alarm looks back 7.
    expect(found[0]![1].Properties).toMatchObject({
      Period: 3600,
      EvaluationPeriods: 7,
      DatapointsToAlarm: 1,
    });
  });

  it('has exactly these alarms: 2 per queue, 2 per function, API, bounces, complaints, failing sources, webhook dead letters kept and lost', () => {
    expect(plain.ofType('AWS::CloudWatch::Alarm')).toHaveLength(
      2 * queueNames.length + 2 * functionNames.length + 6,
    );
  });
});

describe('business metrics', () => {
  it('are each emitted by a function of the topology, per source where they count articles', () => {
    for (const metric of Object.values(METRICS)) {
      expect(functionNames).toContain(metric.service);
      expect(metric.dimensions[0]).toBe(SERVICE_DIMENSION);
      const perSource = metric.name.startsWith('Articles');
      expect((metric.dimensions as readonly string[]).includes(SOURCE_DIMENSION)).toBe(perSource);
    }
    expect(new Set(Object.values(METRICS).map((m) => m.name)).size).toBe(Object.keys(METRICS).length);
  });

  it('are all on the dashboard, beside the queues, functions, API and SES', () => {
    const dashboards = plain.ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const metric of Object.values(METRICS)) expect(body).toContain(metric.name);
    for (const name of [
      'ApproximateAgeOfOldestMessage',
      'Throttles',
      'Errors',
      'Reputation.BounceRate',
      '5xx',
    ]) {
      expect(body).toContain(name);
    }
    for (const name of queueNames) expect(body).toContain(plain.id(plain.stack.queues[name].deadLetterQueue));
    for (const name of functionNames) expect(body).toContain(plain.id(plain.stack.functions[name].function));
    expect(body).toContain('alarm');
  });
});

describe('mail that works on the first deploy', () => {
  it('creates the mail domain’s SES identity with Easy DKIM, in the configuration set', () => {
    deployed.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'bantin.example.vn',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: deployed.id(deployed.stack.mail.configurationSet) },
      },
      MailFromAttributes: { MailFromDomain: 'bounce.bantin.example.vn' },
    });
    expect(plain.ofType('AWS::SES::EmailIdentity')).toEqual([]);
  });

  it('outputs the three DKIM records to add, and the MAIL FROM and DMARC ones', () => {
    const outputs = deployed.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const identityId = deployed.id(deployed.stack.mail.identity!);
    for (const n of [1, 2, 3]) {
      const value = JSON.stringify(outputs[`MailDkimRecord${n}`]!.Value);
      expect(value).toContain(`DkimDNSTokenName${n}`);
      expect(value).toContain(`DkimDNSTokenValue${n}`);
      expect(value).toContain(identityId);
      expect(value).toContain('CNAME');
    }
    expect(JSON.stringify(outputs.MailFromMxRecord!.Value)).toContain(
      'bounce.bantin.example.vn MX 10 feedback-smtp.',
    );
    expect(outputs.MailFromSpfRecord!.Value).toBe(
      'bounce.bantin.example.vn TXT "v=spf1 include:amazonses.com ~all"',
    );
    expect(outputs.MailDmarcRecord!.Value).toContain('_dmarc.bantin.example.vn TXT');
    expect(Object.keys(plain.template.toJSON().Outputs).filter((k) => k.startsWith('Mail'))).toEqual([]);
  });

  it.each(mailSenders)('%s sends as ban-tin@ the mail domain, and may send only as it', (name) => {
    const variables = (
      deployed.of(deployed.stack.functions[name].function).Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables[env.mailFrom]).toBe('Bantin <ban-tin@bantin.example.vn>');
    expect(variables[env.mailReplyTo]).toBe('Bantin <hop-thu@bantin.example.vn>');
    expect(deployed.stack.mail.fromDomain).toBe('bantin.example.vn');
  });

  it('warns at synth without a mail domain, and not with one', () => {
    expect(
      Annotations.fromStack(plain.stack).findWarning('*', Match.stringLikeRegexp('mailDomain')),
    ).toHaveLength(1);
    expect(
      Annotations.fromStack(deployed.stack).findWarning('*', Match.stringLikeRegexp('mailDomain')),
    ).toHaveLength(0);
  });

  it('refuses a mail domain or alarm address that is not one', () => {
    expect(() => synth({ mailDomain: 'not a domain' })).toThrow(/mailDomain/);
    expect(() => synth({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(() => synth({ sesMaxSendRate: 'fast' })).toThrow(/sesMaxSendRate/);
  });
});

describe('nothing precious deleted by accident', () => {
  it.each(BOTH)('%s: the link-signing secret outlives the stack', (_, get) => {
    const s = get();
    const secret = s.of(s.stack.mail.tokenSecret);
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
  });

  it('every table has deletion protection and is retained', () => {
    const tables = plain.ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(Object.keys(topology.tables).length);
    for (const [id, table] of tables) {
      expect(table.Properties.DeletionProtectionEnabled, id).toBe(true);
      expect(table.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('SES may use the feedback key only for this account and this configuration set', () => {
    const key = plain.of(plain.stack.mail.feedbackKey).Properties;
    const forSes = (key.KeyPolicy as { Statement: Statement[] }).Statement.filter((st) =>
      JSON.stringify(st.Principal).includes('ses.amazonaws.com'),
    );
    expect(forSes).toHaveLength(1);
    const condition = forSes[0]!.Condition as { StringEquals: Record<string, unknown> };
    expect(condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(condition.StringEquals['aws:SourceArn'])).toContain(
      ':configuration-set/Bantin-mail',
    );
    expect(plain.of(plain.stack.mail.configurationSet).Properties.Name).toBe('Bantin-mail');
  });

  it('SES may publish to the feedback topic only for this account and this configuration set', () => {
    plain.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: plain.id(plain.stack.mail.feedbackTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: {
                'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                'AWS:SourceArn': Match.anyValue(),
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding with a mail domain and an alarm address', () => {
    const report = new AwsSolutionsChecks(deployed.app).validateScope(deployed.app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});
