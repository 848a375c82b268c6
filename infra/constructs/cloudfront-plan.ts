import { Aws, CfnRule, Fn } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { CfnSubscription } from 'aws-cdk-lib/aws-pricingplanmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** CloudFront's flat-rate plans, cheapest first (`none`, the default, is pay-as-you-go). */
export const CLOUDFRONT_PLAN_TIERS = ['free', 'pro', 'business', 'premium'] as const;
export type CloudFrontPlanTier = (typeof CLOUDFRONT_PLAN_TIERS)[number];

export interface CloudFrontPlanChoice {
  tier: CloudFrontPlanTier;
  /** A CLOUDFRONT-scope web ACL of us-east-1 to use; without it the stack creates one (us-east-1 only). */
  webAclArn?: string;
}

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/;

/**
 * The plan the context asks for one distribution (`-c feedsCloudFrontPlan=pro`), with the web ACL
 * to put on it (`-c feedsWebAclArn=…`); undefined for `none` or nothing.
 */
export function cloudFrontPlanFromContext(
  distribution: 'feeds' | 'media',
  context: (name: string) => unknown,
): CloudFrontPlanChoice | undefined {
  const planName = `${distribution}CloudFrontPlan`;
  const aclName = `${distribution}WebAclArn`;
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
  const plan = text(context(planName)).toLowerCase();
  const acl = text(context(aclName));
  if (plan === '' || plan === 'none') {
    if (acl) throw new Error(`${aclName} is set but ${planName} is not: the web ACL serves only a plan`);
    return undefined;
  }
  if (!(CLOUDFRONT_PLAN_TIERS as readonly string[]).includes(plan)) {
    throw new Error(
      `${planName} "${text(context(planName))}" is not one of none, ${CLOUDFRONT_PLAN_TIERS.join(', ')}`,
    );
  }
  if (acl && !WEB_ACL_ARN.test(acl)) {
    throw new Error(
      `${aclName} "${acl}" is not the ARN of a CLOUDFRONT-scope web ACL (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)`,
    );
  }
  return { tier: plan as CloudFrontPlanTier, ...(acl ? { webAclArn: acl } : {}) };
}

/**
 * A flat-rate plan on one distribution: the subscription, and the web ACL every CloudFront plan
 * requires (its WAF is part of the plan). Paid tiers wait in PENDING_APPROVAL, billed as
 * pay-as-you-go, until the account approves them; CloudFormation never does.
 */
export class CloudFrontPlan extends Construct {
  readonly subscription: CfnSubscription;
  readonly webAclArn: string;

  constructor(
    scope: Construct,
    id: string,
    props: CloudFrontPlanChoice & { distribution: cloudfront.Distribution },
  ) {
    super(scope, id);
    this.webAclArn = props.webAclArn ?? this.createWebAcl();
    props.distribution.attachWebAclId(this.webAclArn);
    this.subscription = new CfnSubscription(this, 'Subscription', {
      planFamily: 'CloudFront',
      planTier: props.tier.toUpperCase(),
      usageLevel: 'DEFAULT',
      resourceArns: [props.distribution.distributionArn, this.webAclArn],
    });
  }

  /** An empty web ACL (allow all): the plan needs one; rules are the operator's to add. */
  private createWebAcl(): string {
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: `${this.node.id}WebAcl`,
        sampledRequestsEnabled: false,
      },
    });
    // CLOUDFRONT-scope web ACLs exist only in us-east-1: elsewhere the deploy stops here, saying so.
    new CfnRule(this, 'WebAclRegion', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription:
            'A CloudFront plan needs a web ACL of us-east-1: deploy there, or create one (scope CLOUDFRONT) and pass its ARN (-c feedsWebAclArn=…, -c mediaWebAclArn=…).',
        },
      ],
    });
    return acl.attrArn;
  }
}
