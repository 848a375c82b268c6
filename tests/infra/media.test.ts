/**
 * Re-hosted article images in AWS: a CloudFront distribution of their own serves `media/` with a
 * year of caching (the feeds' distribution keeps `media/*` for links already published); the
 * bucket keeps the copies readers load in Standard and moves the originals no reader loads to
 * Standard-IA after 30 days; the functions that re-host may tag what they upload.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BantinStack } from '../../infra/stack.js';
import { env, topology } from '../../infra/topology.js';
import { ARCHIVE_TAG } from '../../shared/adapters/s3/media-store.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: BantinStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  stack = new BantinStack(app, 'Bantin');
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

describe('CloudFront in front of the images', () => {
  type Behaviour = Record<string, unknown>;
  const config = (distribution: IConstruct) =>
    resources[logicalId(distribution)]!.Properties.DistributionConfig as {
      DefaultCacheBehavior: Behaviour;
      CacheBehaviors?: Behaviour[];
      Origins: Array<{ Id: string; OriginPath?: string; DomainName: unknown }>;
    };
  const expectYearLongMedia = (behaviour: Behaviour) => {
    expect(behaviour).toMatchObject({ Compress: false, ViewerProtocolPolicy: 'redirect-to-https' });
    expect(behaviour.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(behaviour.FunctionAssociations).toBeUndefined();
    const policy = resources[(behaviour.CachePolicyId as { Ref: string }).Ref]!.Properties.CachePolicyConfig;
    expect(policy).toMatchObject({ DefaultTTL: 365 * 86_400, MaxTTL: 365 * 86_400, MinTTL: 86_400 });
  };

  it('serves media/ from a distribution of its own: read-only over https, uncompressed, cached for a year', () => {
    const media = config(stack.content.mediaDistribution);
    expectYearLongMedia(media.DefaultCacheBehavior);
    expect(media.CacheBehaviors ?? []).toEqual([]);
    // The bucket through Origin Access Control, under media/: nothing else of it is reachable.
    expect(media.Origins).toHaveLength(1);
    expect(media.Origins[0]).toMatchObject({
      OriginPath: '/media',
      DomainName: { 'Fn::GetAtt': [logicalId(stack.content.bucket), 'RegionalDomainName'] },
    });
    expect(media.DefaultCacheBehavior.TargetOriginId).toBe(media.Origins[0]!.Id);
  });

  it('keeps media/* on the feeds’ distribution, with the same cache policy, for links already published', () => {
    const feeds = config(stack.content.distribution);
    const old = feeds.CacheBehaviors!.find((b) => b.PathPattern === 'media/*')!;
    expectYearLongMedia(old);
    expect(old.CachePolicyId).toEqual(
      config(stack.content.mediaDistribution).DefaultCacheBehavior.CachePolicyId,
    );
    const origin = feeds.Origins.find((o) => o.Id === old.TargetOriginId)!;
    expect(origin.OriginPath ?? '').toBe('');
  });
});

describe('the content bucket’s lifecycle for images', () => {
  const rules = () =>
    (
      resources[logicalId(stack.content.bucket)]!.Properties.LifecycleConfiguration as {
        Rules: Array<Record<string, unknown>>;
      }
    ).Rules;

  it('moves the originals no reader loads (tagged on upload) to Standard-IA after 30 days', () => {
    const rule = rules().find((r) => r.Id === 'media-originals')!;
    expect(rule).toMatchObject({
      Status: 'Enabled',
      Prefix: 'media/',
      TagFilters: [{ Key: ARCHIVE_TAG.key, Value: ARCHIVE_TAG.value }],
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
    });
    expect(rule.ExpirationInDays).toBeUndefined();
  });

  it('keeps the copies: no rule expires or moves a current object under media/ otherwise', () => {
    for (const rule of rules()) {
      if (rule.Id === 'media-originals') continue;
      const prefix = String(rule.Prefix ?? '');
      const reachesMedia = prefix === '' || prefix.startsWith('media/');
      if (reachesMedia) {
        expect(rule.ExpirationInDays, String(rule.Id)).toBeUndefined();
        expect(rule.Transitions, String(rule.Id)).toBeUndefined();
      }
    }
  });
});

describe('the functions that re-host images', () => {
  const statements = (name: string) => {
    const role = stack.functions[name as keyof typeof stack.functions]!.role;
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === logicalId(role)))
      .flatMap(
        (r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  };

  it.each(['ingest-source', 'admin-api'] as const)(
    '%s installs sharp for Lambda, knows the public URL and may tag its uploads',
    (name) => {
      expect(topology.functions[name].nativeModules).toEqual(['sharp']);
      const fn = resources[logicalId(stack.functions[name].function)]!;
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables[env.feedsBaseUrl]).toBeDefined();
      // Images are linked on their own distribution.
      expect(variables[env.mediaBaseUrl]).toEqual({
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [logicalId(stack.content.mediaDistribution), 'DomainName'] }],
        ],
      });
      expect(statements(name)).toContain('s3:PutObjectTagging');
    },
  );
});
