import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARCHIVE_TAG } from '../../shared/adapters/s3/media-store.js';
import { FEEDS_PREFLIGHT_HEADERS } from '../../shared/syndicate/feed-files.js';
import { CloudFrontPlan, type CloudFrontPlanChoice } from './cloudfront-plan.js';

/** Key prefix of the published feeds, served by the CDN. */
export const FEEDS_PREFIX = 'feeds';
/** Key prefix of the re-hosted article images, served by the CDN for ever (names are content hashes). */
export const MEDIA_PREFIX = 'media';

// Anything outside /feeds/ and /media/ is private (article bodies): the default behaviour
// answers 404, except the site root, which leads to the feed directory.
export const PRIVATE_PATHS_FUNCTION = `function handler(event) {
  if (event.request.uri === '/') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/feeds/index.html' } } };
  }
  return { statusCode: 404, statusDescription: 'Not Found' };
}`;

// CloudFront compresses RSS and HTML itself but not Atom, JSON Feed or OPML (their types are not
// on its list): for those, clients that accept gzip get the gzip twin the builder writes beside
// each file (S3ContentStore, GZIP_TWIN_TYPES). `/feeds/` is the feed directory. A browser's CORS
// preflight (a reader on another origin sending If-None-Match itself) is answered here, as this
// function runs on every request anyway: S3 would refuse an OPTIONS.
export const FEEDS_REQUEST_FUNCTION = `function handler(event) {
  var request = event.request;
  if (request.method === 'OPTIONS') {
    return {
      statusCode: 204,
      statusDescription: 'No Content',
      headers: {
        'access-control-allow-origin': { value: '*' },
        'access-control-allow-methods': { value: '${FEEDS_PREFLIGHT_HEADERS['access-control-allow-methods']}' },
        'access-control-allow-headers': { value: '${FEEDS_PREFLIGHT_HEADERS['access-control-allow-headers']}' },
        'access-control-max-age': { value: '${FEEDS_PREFLIGHT_HEADERS['access-control-max-age']}' }
      }
    };
  }
  if (request.uri === '/feeds' || request.uri === '/feeds/') {
    request.uri = '/feeds/index.html';
    return request;
  }
  var accept = request.headers['accept-encoding'];
  var gzip = accept && /(^|[\\s,])gzip([\\s;,]|$)/i.test(accept.value) && !/gzip\\s*;\\s*q=0(\\.0*)?(\\s*(,|$))/i.test(accept.value);
  if (gzip && /\\.(atom|json|opml)$/.test(request.uri)) {
    request.uri = request.uri + '.gz';
  }
  return request;
}`;

export interface ContentStoreProps {
  /** A flat-rate plan for either distribution; without one it is billed pay-as-you-go. */
  plans?: { feeds?: CloudFrontPlanChoice; media?: CloudFrontPlanChoice };
}

/**
 * The bucket of article bodies, built feeds and re-hosted images, its access-log bucket, and two
 * CloudFront distributions through Origin Access Control: one for the feeds (`feeds/`, and
 * `media/` for image links published before images had their own), one for the images
 * (`media/` alone), so each can take the flat-rate plan its own traffic needs.
 */
export class ContentStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly logsBucket: s3.Bucket;
  /** The feeds' distribution. */
  readonly distribution: cloudfront.Distribution;
  readonly mediaDistribution: cloudfront.Distribution;
  /** Public https URL of the `feeds/` prefix, without a trailing slash. */
  readonly feedsBaseUrl: string;
  /** Public https URL of the `media/` prefix (the images' distribution), without a trailing slash. */
  readonly mediaBaseUrl: string;
  readonly feedsPlan?: CloudFrontPlan;
  readonly mediaPlan?: CloudFrontPlan;

  constructor(scope: Construct, id: string, props: ContentStoreProps = {}) {
    super(scope, id);

    this.logsBucket = new s3.Bucket(this, 'LogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs, so the writer must own its objects.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
    });
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 's3/content/',
      lifecycleRules: [
        // Feeds are rebuilt on every batch: old versions are worthless after a day.
        {
          id: 'feeds-old-versions',
          prefix: `${FEEDS_PREFIX}/`,
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Rendered digests (plan-digests → send-digest) are needed for hours, kept a week.
        {
          id: 'mail-renders',
          prefix: 'mail/',
          expiration: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Originals that no reader loads (a narrower copy serves feeds and mail) are only kept
        // for a later re-rendering: a cheaper class after 30 days. The copies stay in Standard.
        {
          id: 'media-originals',
          prefix: `${MEDIA_PREFIX}/`,
          tagFilters: { [ARCHIVE_TAG.key]: ARCHIVE_TAG.value },
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
        },
        {
          id: 'old-versions',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    // Article images: a file never changes (its name is its hash), so it is cached for a year.
    const mediaCachePolicy = new cloudfront.CachePolicy(this, 'MediaCachePolicy', {
      comment: 'Re-hosted article images: immutable, named by content hash',
      defaultTtl: Duration.days(365),
      minTtl: Duration.days(1),
      maxTtl: Duration.days(365),
    });
    const mediaBehaviour = (mediaOrigin: cloudfront.IOrigin): cloudfront.BehaviorOptions => ({
      origin: mediaOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      // JPEG, PNG, GIF, WebP and AVIF are compressed already.
      compress: false,
      cachePolicy: mediaCachePolicy,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Bantin public feeds',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'PrivatePaths', {
              comment: 'Answers 404 outside /feeds/; / leads to the feed directory',
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(PRIVATE_PATHS_FUNCTION),
            }),
          },
        ],
      },
      additionalBehaviors: {
        [`${FEEDS_PREFIX}/*`]: {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          // OPTIONS for CORS preflights, which the viewer-request function answers itself.
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          compress: true,
          functionAssociations: [
            {
              eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
              function: new cloudfront.Function(this, 'FeedsRequest', {
                comment: 'Serves gzip twins of Atom, JSON Feed and OPML; /feeds/ is the directory',
                runtime: cloudfront.FunctionRuntime.JS_2_0,
                code: cloudfront.FunctionCode.fromInline(FEEDS_REQUEST_FUNCTION),
              }),
            },
          ],
          cachePolicy: new cloudfront.CachePolicy(this, 'FeedsCachePolicy', {
            comment: 'Feeds change within minutes; origin Cache-Control may lower the TTL',
            defaultTtl: Duration.minutes(1),
            minTtl: Duration.seconds(0),
            maxTtl: Duration.hours(1),
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
          }),
          // Feeds are public: browser readers on other origins may fetch the JSON feed. The same
          // URL answers gzip or identity by Accept-Encoding: shared caches must know (a header
          // policy says so at no charge, where a function would run on every request).
          responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(this, 'FeedsHeaders', {
            comment: 'CORS for every origin; Vary: Accept-Encoding',
            corsBehavior: {
              accessControlAllowOrigins: ['*'],
              accessControlAllowMethods: ['GET', 'HEAD'],
              accessControlAllowHeaders: ['*'],
              // A reader's script reads the ETag it sends back as If-None-Match (not safelisted).
              accessControlExposeHeaders: ['ETag'],
              accessControlAllowCredentials: false,
              originOverride: true,
            },
            customHeadersBehavior: {
              customHeaders: [{ header: 'Vary', value: 'Accept-Encoding', override: true }],
            },
          }),
        },
        // Image links in feeds and mail published before images had a distribution of their own.
        [`${MEDIA_PREFIX}/*`]: mediaBehaviour(origin),
      },
    });
    this.feedsBaseUrl = `https://${this.distribution.domainName}/${FEEDS_PREFIX}`;

    this.mediaDistribution = new cloudfront.Distribution(this, 'MediaDistribution', {
      comment: 'Bantin re-hosted article images',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront-media/',
      // The origin path prefixes every request with media/: nothing else of the bucket is reachable.
      defaultBehavior: mediaBehaviour(
        origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originPath: `/${MEDIA_PREFIX}`,
          originAccessLevels: [cloudfront.AccessLevel.READ],
        }),
      ),
    });
    this.mediaBaseUrl = `https://${this.mediaDistribution.domainName}`;

    if (props.plans?.feeds) {
      this.feedsPlan = new CloudFrontPlan(this, 'FeedsPlan', {
        ...props.plans.feeds,
        distribution: this.distribution,
      });
    }
    if (props.plans?.media) {
      this.mediaPlan = new CloudFrontPlan(this, 'MediaPlan', {
        ...props.plans.media,
        distribution: this.mediaDistribution,
      });
    }

    for (const distribution of [this.distribution, this.mediaDistribution]) {
      const acknowledge = (id: string, reason: string) =>
        Validations.of(distribution).acknowledge({ id, reason });
      acknowledge(
        'AwsSolutions-CFR1',
        'Public news feeds and their images for readers anywhere, including the Vietnamese diaspora: no geo restriction.',
      );
      acknowledge(
        'AwsSolutions-CFR2',
        'Static, cacheable, read-only files behind Shield Standard; a WAF web ACL would cost more than it protects (a flat-rate plan brings one).',
      );
      acknowledge(
        'AwsSolutions-CFR4',
        'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain with its certificate will.',
      );
    }
  }

  /**
   * Grants object read (and for `readwrite`, write and delete) on the bucket: no bucket
   * configuration, no ACLs, no other bucket.
   */
  grant(role: iam.Role, level: 'read' | 'readwrite'): void {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions:
          level === 'readwrite'
            ? // PutObjectTagging: media originals are tagged on upload for their lifecycle rule.
              ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging', 's3:DeleteObject']
            : ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`,
      reason:
        'Objects are keyed by source and article ids unknown at deploy time; access stays in this one bucket.',
    });
  }
}
