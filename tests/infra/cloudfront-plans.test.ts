/**
 * CloudFront's flat-rate plans, one per distribution when the context asks
 * (`-c feedsCloudFrontPlan=pro -c mediaCloudFrontPlan=pro`): the subscription names the
 * distribution and the web ACL every plan needs (created here, or given by ARN). Without the
 * context both distributions stay pay-as-you-go, with no subscription and no web ACL.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { cloudFrontPlanFromContext } from '../../infra/constructs/cloudfront-plan.js';
import { BantinStack } from '../../infra/stack.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const synth = (context: Record<string, string> = {}) => {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new BantinStack(app, 'Bantin');
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, Resource>;
    Rules?: Record<string, { Assertions: { Assert: unknown }[] }>;
  };
  const logicalId = (construct: cloudfront.Distribution) =>
    stack.getLogicalId(construct.node.defaultChild as CfnResource);
  const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
  const webAclOf = (distribution: cloudfront.Distribution) =>
    (template.Resources[logicalId(distribution)]!.Properties.DistributionConfig as { WebACLId?: unknown })
      .WebACLId;
  /** The subscription whose resources name this distribution. */
  const subscriptionOf = (distribution: cloudfront.Distribution) =>
    ofType('AWS::PricingPlanManager::Subscription')
      .map(([, r]) => r.Properties)
      .find((p) => JSON.stringify(p.ResourceArns).includes(`{"Ref":"${logicalId(distribution)}"}`));
  /** Rules of the template about its region (CDK adds its own about the bootstrap version). */
  const regionRules = Object.values(template.Rules ?? {}).filter((rule) =>
    JSON.stringify(rule).includes('AWS::Region'),
  );
  return { app, stack, template, ofType, webAclOf, subscriptionOf, logicalId, regionRules };
};

const ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/bantin-media/a1b2c3d4-5678-90ab-cdef-000000000001';

describe('without a plan (the default)', () => {
  const { stack, ofType, webAclOf, regionRules } = synth();

  it('adds no subscription and no web ACL: both distributions are billed pay-as-you-go', () => {
    expect(ofType('AWS::PricingPlanManager::Subscription')).toEqual([]);
    expect(ofType('AWS::WAFv2::WebACL')).toEqual([]);
    expect(regionRules).toEqual([]);
    expect(webAclOf(stack.content.distribution)).toBeUndefined();
    expect(webAclOf(stack.content.mediaDistribution)).toBeUndefined();
  });
});

describe('a plan on each distribution', () => {
  const { app, stack, template, ofType, webAclOf, subscriptionOf, logicalId, regionRules } = synth({
    feedsCloudFrontPlan: 'pro',
    mediaCloudFrontPlan: 'Business',
  });

  it.each([
    ['feeds', 'PRO'],
    ['media', 'BUSINESS'],
  ] as const)('subscribes the %s distribution to the %s plan with a web ACL of its own', (which, tier) => {
    const distribution = which === 'feeds' ? stack.content.distribution : stack.content.mediaDistribution;
    const subscription = subscriptionOf(distribution)!;
    expect(subscription).toMatchObject({ PlanFamily: 'CloudFront', PlanTier: tier, UsageLevel: 'DEFAULT' });
    const [distributionArn, aclArn] = subscription.ResourceArns as unknown[];
    expect(JSON.stringify(distributionArn)).toContain(
      `":distribution/",{"Ref":"${logicalId(distribution)}"}`,
    );
    // The web ACL on the distribution is the one the subscription names, CLOUDFRONT-scoped.
    expect(webAclOf(distribution)).toEqual(aclArn);
    const [aclId] = (aclArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(template.Resources[aclId]).toMatchObject({
      Type: 'AWS::WAFv2::WebACL',
      Properties: { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } },
    });
  });

  it('creates one web ACL a distribution, and stops a deploy outside us-east-1 before creating them', () => {
    expect(ofType('AWS::PricingPlanManager::Subscription')).toHaveLength(2);
    expect(ofType('AWS::WAFv2::WebACL')).toHaveLength(2);
    expect(regionRules.length).toBeGreaterThan(0);
    for (const rule of regionRules) {
      expect(rule.Assertions).toEqual([
        expect.objectContaining({ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }),
      ]);
    }
  });

  it('outputs the subscriptions to approve', () => {
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['FeedsPlanSubscriptionArn', 'MediaPlanSubscriptionArn', 'MediaBaseUrl']),
    );
  });

  it('has no unacknowledged cdk-nag finding', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });
});

describe('a plan with a web ACL made elsewhere', () => {
  const { stack, ofType, webAclOf, subscriptionOf, regionRules } = synth({
    mediaCloudFrontPlan: 'pro',
    mediaWebAclArn: ACL,
  });

  it('puts the given web ACL on the distribution and in the subscription, and creates none', () => {
    expect(ofType('AWS::WAFv2::WebACL')).toEqual([]);
    expect(regionRules).toEqual([]);
    expect(webAclOf(stack.content.mediaDistribution)).toBe(ACL);
    expect((subscriptionOf(stack.content.mediaDistribution)!.ResourceArns as unknown[])[1]).toBe(ACL);
    // The feeds' distribution was not asked for a plan.
    expect(ofType('AWS::PricingPlanManager::Subscription')).toHaveLength(1);
    expect(webAclOf(stack.content.distribution)).toBeUndefined();
  });
});

describe('the context values', () => {
  const read = (values: Record<string, unknown>) => (name: string) => values[name];

  it('takes none, free, pro, business or premium, in any case', () => {
    expect(cloudFrontPlanFromContext('feeds', read({}))).toBeUndefined();
    expect(cloudFrontPlanFromContext('feeds', read({ feedsCloudFrontPlan: 'none' }))).toBeUndefined();
    for (const tier of ['free', 'pro', 'business', 'premium'])
      expect(cloudFrontPlanFromContext('media', read({ mediaCloudFrontPlan: tier.toUpperCase() }))).toEqual({
        tier,
      });
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => cloudFrontPlanFromContext('feeds', read({ feedsCloudFrontPlan: 'gold' }))).toThrow(
      /feedsCloudFrontPlan "gold" is not one of none, free, pro, business, premium/,
    );
    expect(() =>
      cloudFrontPlanFromContext('media', read({ mediaCloudFrontPlan: 'pro', mediaWebAclArn: 'my-acl' })),
    ).toThrow(/mediaWebAclArn "my-acl" is not the ARN of a CLOUDFRONT-scope web ACL/);
    // A regional web ACL cannot go on a distribution.
    expect(() =>
      cloudFrontPlanFromContext(
        'media',
        read({
          mediaCloudFrontPlan: 'pro',
          mediaWebAclArn: ACL.replace('us-east-1', 'ap-southeast-1').replace('global', 'regional'),
        }),
      ),
    ).toThrow(/is not the ARN of a CLOUDFRONT-scope web ACL/);
    expect(() => cloudFrontPlanFromContext('media', read({ mediaWebAclArn: ACL }))).toThrow(
      /mediaWebAclArn is set but mediaCloudFrontPlan is not/,
    );
  });
});
