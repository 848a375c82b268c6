import { Annotations, CfnOutput, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MailProps {
  /**
   * The domain Bantin mails from (`-c mailDomain=…`): the stack creates its SES identity with
   * Easy DKIM and outputs the DNS records to add. Absent: the From domain must be verified by hand.
   */
  domain?: string;
  /** `Name <address>`: the From of every message (default: `ban-tin@` the mail domain). */
  from?: string;
  /** Default: `hop-thu@` the mail domain, when there is one. */
  replyTo?: string;
}

/** Used without a mail domain: a placeholder no mail can be sent as. */
export const PLACEHOLDER_FROM = 'Bantin <ban-tin@bantin.example>';

const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The `-c mailDomain` value, lower-cased and checked; undefined when not given. */
export function parseMailDomain(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const domain = String(value).trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN_PATTERN.test(domain)) throw new Error(`mailDomain "${String(value)}" is not a domain name`);
  return domain;
}

/**
 * Mail through SES: a configuration set (TLS required, reputation metrics, SES's own
 * suppression of bounces and complaints) whose event destination publishes bounces, complaints
 * and rejects to an encrypted SNS topic, for Bantin's queue that suppresses the addresses; and
 * the secret that signs subscribers' links.
 *
 * The secret lives in Secrets Manager, not SSM Parameter Store: CloudFormation generates its
 * value (no person ever sees it, it is in no template or parameter), and SSM SecureString
 * parameters cannot be created by CloudFormation at all. Functions read it at cold start, so it
 * never appears in their configuration.
 */
export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** The SES identity of the mail domain, when one was given. */
  readonly identity?: ses.EmailIdentity;
  readonly feedbackTopic: sns.Topic;
  readonly feedbackKey: kms.Key;
  readonly tokenSecret: secretsmanager.Secret;
  readonly from: string;
  readonly replyTo?: string;
  /** The domain of the From address: the SES identity functions may send as. */
  readonly fromDomain: string;
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.from = props.from ?? (props.domain ? `Bantin <ban-tin@${props.domain}>` : PLACEHOLDER_FROM);
    this.replyTo = props.replyTo ?? (props.domain ? `Bantin <hop-thu@${props.domain}>` : undefined);
    const address = /<([^<>@\s]+@[^<>@\s]+)>\s*$/.exec(this.from)?.[1] ?? this.from.trim();
    const domain = address.split('@')[1];
    if (!domain || /\s/.test(address)) throw new Error(`mail From "${this.from}" has no usable address`);
    this.fromAddress = address.toLowerCase();
    this.fromDomain = domain.toLowerCase();

    // SES publishes to an encrypted topic only with a customer managed key that lets it.
    this.feedbackKey = new kms.Key(this, 'FeedbackKey', {
      description: 'Encrypts the SES bounce and complaint events topic',
      enableKeyRotation: true,
    });
    // Only this account's SES, publishing events of this configuration set (no confused deputy).
    const configurationSetName = `${stack.stackName}-mail`;
    this.feedbackKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: configurationSetName,
            }),
          },
        },
      }),
    );
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: 'Bantin mail bounces and complaints',
      masterKey: this.feedbackKey,
      enforceSSL: true,
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT],
    });

    this.tokenSecret = new secretsmanager.Secret(this, 'TokenSecret', {
      description: 'Signs subscribers’ confirm, manage and unsubscribe links (HMAC-SHA256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Deleting it would void every unsubscribe link already mailed: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link-signing key would void every unsubscribe link already mailed, which must keep working (RFC 8058); it is rotated by hand with a key id when needed.',
    });

    if (props.domain) {
      this.identity = this.createIdentity(props.domain);
      if (this.fromDomain !== props.domain && !this.fromDomain.endsWith(`.${props.domain}`)) {
        Annotations.of(this).addWarningV2(
          'bantin:mail-from-outside-domain',
          `mail From "${this.from}" is not in the mail domain ${props.domain}: verify its domain in SES by hand`,
        );
      }
    } else {
      Annotations.of(this).addWarningV2(
        'bantin:no-mail-domain',
        `no SES identity: mail is sent as "${this.from}", which SES will refuse until its domain is verified. ` +
          'Deploy with -c mailDomain=your-domain.vn to create the identity (Easy DKIM) and get the DNS records to add.',
      );
    }
  }

  /**
   * The domain's SES identity, signing with Easy DKIM (2048-bit keys SES rotates) and bouncing
   * through `bounce.{domain}` (SPF aligned); the DNS records to add are stack outputs.
   */
  private createIdentity(domain: string): ses.EmailIdentity {
    const mailFromDomain = `bounce.${domain}`;
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain,
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    const stack = Stack.of(this);
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(stack, `MailDkimRecord${i + 1}`, {
        description: `DNS record ${i + 1} of 3 for Easy DKIM of ${domain}: NAME CNAME VALUE`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    new CfnOutput(stack, 'MailFromMxRecord', {
      description: `DNS record for the MAIL FROM domain ${mailFromDomain}: NAME MX PRIORITY VALUE`,
      value: `${mailFromDomain} MX 10 feedback-smtp.${stack.region}.amazonses.com`,
    });
    new CfnOutput(stack, 'MailFromSpfRecord', {
      description: `DNS record for the MAIL FROM domain ${mailFromDomain}: NAME TXT VALUE`,
      value: `${mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
    });
    new CfnOutput(stack, 'MailDmarcRecord', {
      description: `Suggested DMARC record of ${domain} (start with p=none; tighten once reports look right)`,
      value: `_dmarc.${domain} TXT "v=DMARC1; p=none;"`,
    });
    return identity;
  }

  /** Delivers the SES events (raw, no SNS envelope) to `queue`. */
  subscribeFeedback(queue: sqs.IQueue): void {
    this.feedbackTopic.addSubscription(
      new subscriptions.SqsSubscription(queue, { rawMessageDelivery: true }),
    );
  }

  /** SendEmail as the From identity (address and domain), in this configuration set only. */
  grantSend(role: iam.Role): void {
    const stack = Stack.of(this);
    const identity = (name: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          identity(this.fromDomain),
          identity(this.fromAddress),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }
}
