/**
 * Serving the feeds in AWS: CloudFront in front of the bucket (compression, gzip twins of the
 * types CloudFront does not compress, the directory at /feeds/, / leading to it), the WebSub
 * hub setting of build-feeds, and the grant that lets a function manage webhooks.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArticleEvents } from '../../infra/constructs/article-events.js';
import { FEEDS_REQUEST_FUNCTION, PRIVATE_PATHS_FUNCTION } from '../../infra/constructs/content-store.js';
import { BantinStack } from '../../infra/stack.js';
import { env, type FunctionName, topology } from '../../infra/topology.js';
import { GZIP_TWIN_TYPES } from '../../shared/adapters/s3/content-store.js';
import { FEED_FORMATS, INDEX_FILES } from '../../shared/syndicate/build-feeds.js';
import {
  CACHE_CONTROL,
  FEEDS_PREFLIGHT_HEADERS,
  feedCacheControl,
} from '../../shared/syndicate/feed-files.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
const synth = (context: Record<string, unknown> = {}) => {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new BantinStack(app, 'Bantin');
  return { stack, resources: Template.fromStack(stack).toJSON().Resources as Record<string, Resource> };
};

let stack: BantinStack;
let resources: Record<string, Resource>;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);

beforeAll(() => {
  ({ stack, resources } = synth());
});

/** Runs a CloudFront Function's source (plain ES5-style JS) in Node. */
function cloudFrontFunction(code: string): (event: unknown) => Record<string, unknown> {
  return new Function(`${code}\nreturn handler;`)();
}

describe('CloudFront in front of the feeds', () => {
  const behaviour = () => {
    const config = resources[logicalId(stack.content.distribution)]!.Properties.DistributionConfig as {
      CacheBehaviors: Array<Record<string, unknown>>;
      DefaultCacheBehavior: Record<string, unknown>;
    };
    return {
      feeds: config.CacheBehaviors.find((b) => b.PathPattern === 'feeds/*')!,
      root: config.DefaultCacheBehavior,
    };
  };

  it('compresses, caches by encoding, redirects to https and runs one function, on requests only', () => {
    const { feeds } = behaviour();
    expect(feeds).toMatchObject({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' });
    // OPTIONS for CORS preflights, which its viewer-request function answers.
    expect(feeds.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    const events = (feeds.FunctionAssociations as { EventType: string }[]).map((f) => f.EventType).sort();
    expect(events).toEqual(['viewer-request']);
    const policyId = (feeds.CachePolicyId as { Ref: string }).Ref;
    expect(resources[policyId]!.Properties.CachePolicyConfig).toMatchObject({
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
      },
    });
  });

  // build-feeds pings the WebSub hub as soon as it has written a feed, and the hub fetches the
  // feed through CloudFront at once: an edge copy kept for a minute (or served stale while it is
  // revalidated) would hand the hub the feed without the news it was pinged about.
  it('asks the bucket at every request for a current feed, so the WebSub hub never gets a stale copy', () => {
    const policyId = (behaviour().feeds.CachePolicyId as { Ref: string }).Ref;
    // The origin's Cache-Control sets the edge TTL (a minimum above 0 would override it).
    expect(resources[policyId]!.Properties.CachePolicyConfig).toMatchObject({ MinTTL: 0 });
    const directives = CACHE_CONTROL.current.split(',').map((d) => d.trim());
    expect(directives).toContain('s-maxage=0');
    expect(directives.some((d) => d.startsWith('stale-while-revalidate'))).toBe(false);
    expect(feedCacheControl('all.atom')).toBe(CACHE_CONTROL.current);
    // Readers may keep it a minute; archive pages, which change only to gain a link, stay cached.
    expect(directives).toContain('max-age=60');
    expect(feedCacheControl('all/archive/3.atom')).toBe(CACHE_CONTROL.archive);
  });

  it('serves the gzip twin of Atom, JSON Feed and OPML to clients that accept gzip, and nothing else', () => {
    const handler = cloudFrontFunction(FEEDS_REQUEST_FUNCTION);
    const uri = (path: string, acceptEncoding?: string) =>
      handler({
        request: {
          uri: path,
          headers: acceptEncoding ? { 'accept-encoding': { value: acceptEncoding } } : {},
        },
      }).uri;
    expect(uri('/feeds/all.atom', 'gzip, deflate, br')).toBe('/feeds/all.atom.gz');
    expect(uri('/feeds/categories/van-hoa.json', 'gzip')).toBe('/feeds/categories/van-hoa.json.gz');
    expect(uri('/feeds/index.opml', 'br;q=1.0, gzip;q=0.8')).toBe('/feeds/index.opml.gz');
    expect(uri('/feeds/all.atom')).toBe('/feeds/all.atom');
    expect(uri('/feeds/all.atom', 'br')).toBe('/feeds/all.atom');
    expect(uri('/feeds/all.atom', 'gzip;q=0, br')).toBe('/feeds/all.atom');
    // CloudFront compresses these itself.
    expect(uri('/feeds/all.rss', 'gzip')).toBe('/feeds/all.rss');
    expect(uri('/feeds/index.html', 'gzip')).toBe('/feeds/index.html');
    expect(uri('/feeds/', 'gzip')).toBe('/feeds/index.html');
    // The twins are written for exactly the types whose extensions the function rewrites.
    const twinExtensions = Object.entries({ ...FEED_FORMATS, 'index.opml': INDEX_FILES['index.opml'] })
      .filter(([, type]) => GZIP_TWIN_TYPES.includes(type.split(';')[0]!))
      .map(([name]) => name.replace('index.', ''))
      .sort();
    expect(twinExtensions).toEqual(['atom', 'json', 'opml']);
  });

  it("answers a browser's CORS preflight itself, before S3 (which refuses OPTIONS), and passes GET on", () => {
    const handler = cloudFrontFunction(FEEDS_REQUEST_FUNCTION);
    const preflight = handler({
      request: {
        method: 'OPTIONS',
        uri: '/feeds/all.json',
        headers: { 'access-control-request-headers': { value: 'if-none-match' } },
      },
    }) as { statusCode?: number; headers?: Record<string, { value: string }> };
    expect(preflight.statusCode).toBe(204);
    expect(Object.fromEntries(Object.entries(preflight.headers ?? {}).map(([k, v]) => [k, v.value]))).toEqual(
      FEEDS_PREFLIGHT_HEADERS,
    );
    const get = handler({ request: { method: 'GET', uri: '/feeds/all.json', headers: {} } });
    expect(get).toMatchObject({ uri: '/feeds/all.json' });
  });

  it('marks feed responses Vary: Accept-Encoding and allows every origin, by a response headers policy', () => {
    const { feeds } = behaviour();
    const policyId = (feeds.ResponseHeadersPolicyId as { Ref: string }).Ref;
    expect(resources[policyId]!.Properties.ResponseHeadersPolicyConfig).toMatchObject({
      CustomHeadersConfig: { Items: [{ Header: 'Vary', Value: 'Accept-Encoding', Override: true }] },
      CorsConfig: {
        AccessControlAllowOrigins: { Items: ['*'] },
        AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
        AccessControlExposeHeaders: { Items: ['ETag'] },
        AccessControlAllowCredentials: false,
      },
    });
    // No CloudFront Function runs on the way out, on any behaviour.
    const config = resources[logicalId(stack.content.distribution)]!.Properties.DistributionConfig as {
      CacheBehaviors: { FunctionAssociations?: { EventType: string }[] }[];
      DefaultCacheBehavior: { FunctionAssociations?: { EventType: string }[] };
    };
    const associations = [...config.CacheBehaviors, config.DefaultCacheBehavior].flatMap(
      (b) => b.FunctionAssociations ?? [],
    );
    expect(associations.filter((a) => a.EventType === 'viewer-response')).toEqual([]);
  });

  it('answers 404 outside /feeds/ and sends / to the feed directory', () => {
    const handler = cloudFrontFunction(PRIVATE_PATHS_FUNCTION);
    expect(handler({ request: { uri: '/' } })).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/feeds/index.html' } },
    });
    expect(handler({ request: { uri: '/articles/0123.json' } })).toMatchObject({ statusCode: 404 });
    expect(handler({ request: { uri: '/state/feeds/catalog.json' } })).toMatchObject({ statusCode: 404 });
  });
});

describe('WebSub hub setting', () => {
  const variables = (s: BantinStack, r: Record<string, Resource>, name: FunctionName) =>
    (
      r[s.getLogicalId(s.functions[name].function.node.defaultChild as CfnResource)]!.Properties
        .Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;

  it('is absent unless the websubHubUrl context is set', () => {
    for (const name of Object.keys(topology.functions) as FunctionName[]) {
      expect(variables(stack, resources, name)).not.toHaveProperty(env.websubHub);
    }
  });

  it('reaches only the functions that ping the hub', () => {
    const { stack: withHub, resources: withHubResources } = synth({
      websubHubUrl: 'https://hub.example.net/',
    });
    for (const name of Object.keys(topology.functions) as FunctionName[]) {
      const pings = (topology.functions[name].access as { pingsWebSub?: boolean }).pingsWebSub === true;
      expect(variables(withHub, withHubResources, name)[env.websubHub]).toBe(
        pings ? 'https://hub.example.net/' : undefined,
      );
    }
    expect((topology.functions['build-feeds'].access as { pingsWebSub?: boolean }).pingsWebSub).toBe(true);
  });
});

describe('webhook management grant', () => {
  it('subscribes HTTPS endpoints only and touches only this topic’s subscriptions', () => {
    const scope = new Stack(new App(), 'Grant');
    const events = new ArticleEvents(scope, 'Events');
    const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    events.grantManageSubscriptions(role);
    const topicId = scope.getLogicalId(events.topic.node.defaultChild as CfnResource);
    const policy = Object.values(
      Template.fromStack(scope).toJSON().Resources as Record<string, Resource>,
    ).find((r) => r.Type === 'AWS::IAM::Policy')!;
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toEqual([
      {
        Action: 'sns:Subscribe',
        Effect: 'Allow',
        Resource: { Ref: topicId },
        Condition: { StringEquals: { 'sns:Protocol': 'https' } },
      },
      { Action: 'sns:ListSubscriptionsByTopic', Effect: 'Allow', Resource: { Ref: topicId } },
      {
        Action: ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Unsubscribe'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ Ref: topicId }, ':*']] },
      },
    ]);
  });
});
