/** The mail resources of the stack: SES configuration set, bounce/complaint feedback, secret, grants. */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BantinStack } from '../../infra/stack.js';
import { type Access, type FunctionName, topology } from '../../infra/topology.js';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: BantinStack;
let template: Template;
let resources: Record<string, Resource>;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const functionNames = Object.keys(topology.functions) as FunctionName[];
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every Allow statement of the function's role policies. */
function statementsOf(name: FunctionName): Statement[] {
  const roleId = logicalId(stack.functions[name].role);
  return Object.values(resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
}

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      mailFrom: 'Bantin <ban-tin@tin.example.vn>',
    },
  });
  stack = new BantinStack(app, 'Bantin');
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

describe('SES', () => {
  it('sends in a configuration set that requires TLS, keeps reputation metrics and suppresses bounces and complaints', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: Match.arrayEquals(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('publishes bounces and complaints to the feedback topic, which feeds the bounces queue raw', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalId(stack.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: logicalId(stack.mail.feedbackTopic) } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      TopicArn: { Ref: logicalId(stack.mail.feedbackTopic) },
      Endpoint: { 'Fn::GetAtt': [logicalId(stack.queues.bounces.queue), 'Arn'] },
    });
  });

  it('encrypts the feedback topic with a rotated key SES may use, and lets only this account’s SES publish', () => {
    const topic = resources[logicalId(stack.mail.feedbackTopic)]!.Properties;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [logicalId(stack.mail.feedbackKey), 'Arn'] });
    const key = resources[logicalId(stack.mail.feedbackKey)]!.Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const keyStatements = (key.KeyPolicy as { Statement: Statement[] }).Statement;
    expect(keyStatements.some((s) => JSON.stringify(s.Principal).includes('ses.amazonaws.com'))).toBe(true);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stack.mail.feedbackTopic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: Match.objectLike({
              StringEquals: Match.objectLike({ 'AWS:SourceAccount': Match.anyValue() }),
            }),
          }),
        ]),
      },
    });
  });

  it.each(functionNames)(
    '%s may send mail only if the topology says so, as the From identity only',
    (name) => {
      const access: Access = topology.functions[name].access;
      const ses = statementsOf(name).filter((s) => asArray(s.Action).some((a) => a.startsWith('ses:')));
      if (!access.sendsMail) {
        expect(ses).toEqual([]);
        return;
      }
      expect(ses).toHaveLength(1);
      const targets = JSON.stringify(ses[0]!.Resource);
      expect(targets).toContain(':identity/tin.example.vn');
      expect(targets).toContain(':identity/ban-tin@tin.example.vn');
      expect(targets).toContain(':configuration-set/');
      expect(targets).not.toContain('*');
      const variables = (
        resources[logicalId(stack.functions[name].function)]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.MAIL_FROM).toBe('Bantin <ban-tin@tin.example.vn>');
      expect(variables.SES_CONFIGURATION_SET).toEqual({ Ref: logicalId(stack.mail.configurationSet) });
      expect(variables.MAIL_OUTBOX_DIR).toBeUndefined();
    },
  );
});

describe('the link-signing secret', () => {
  it('is generated by CloudFormation, never written in the template', () => {
    const secret = resources[logicalId(stack.mail.tokenSecret)]!.Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.SecretString).toBeUndefined();
  });

  it.each(functionNames)(
    '%s reads it only if the topology says so, by ARN (never its value in the environment)',
    (name) => {
      const access: Access = topology.functions[name].access;
      const reads = statementsOf(name).filter((s) =>
        asArray(s.Action).includes('secretsmanager:GetSecretValue'),
      );
      const variables = (
        resources[logicalId(stack.functions[name].function)]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(variables.MAIL_TOKEN_SECRET).toBeUndefined();
      if (!access.readsMailSecret) {
        expect(reads).toEqual([]);
        expect(variables.MAIL_TOKEN_SECRET_ARN).toBeUndefined();
        return;
      }
      expect(JSON.stringify(reads.map((s) => s.Resource))).toContain(logicalId(stack.mail.tokenSecret));
      expect(variables.MAIL_TOKEN_SECRET_ARN).toEqual({ Ref: logicalId(stack.mail.tokenSecret) });
    },
  );
});

describe('mail tables', () => {
  it('expire deliveries and clippings by TTL, and keep clippings by day and article', () => {
    expect(resources[logicalId(stack.tables.clippings)]!.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'day', KeyType: 'HASH' },
        { AttributeName: 'articleId', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(resources[logicalId(stack.tables.deliveries)]!.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });

  it('expires rendered digests in the bucket after a week', () => {
    const bucket = resources[logicalId(stack.content.bucket)]!.Properties as {
      LifecycleConfiguration: { Rules: { Id: string; Prefix?: string; ExpirationInDays?: number }[] };
    };
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'mail-renders', Prefix: 'mail/', ExpirationInDays: 7 }),
    );
  });
});
