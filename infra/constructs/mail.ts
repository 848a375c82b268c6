import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MailProps {
  /** `Name <address>`: the From of every message; its domain must be a verified SES identity. */
  from: string;
  replyTo?: string;
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
    this.from = props.from;
    this.replyTo = props.replyTo;
    const address = /<([^<>@\s]+@[^<>@\s]+)>\s*$/.exec(props.from)?.[1] ?? props.from.trim();
    const domain = address.split('@')[1];
    if (!domain || /\s/.test(address)) throw new Error(`mail From "${props.from}" has no usable address`);
    this.fromAddress = address.toLowerCase();
    this.fromDomain = domain.toLowerCase();

    // SES publishes to an encrypted topic only with a customer managed key that lets it.
    this.feedbackKey = new kms.Key(this, 'FeedbackKey', {
      description: 'Encrypts the SES bounce and complaint events topic',
      enableKeyRotation: true,
    });
    this.feedbackKey.grant(
      new iam.ServicePrincipal('ses.amazonaws.com'),
      'kms:GenerateDataKey*',
      'kms:Decrypt',
    );
    this.feedbackTopic = new sns.Topic(this, 'FeedbackTopic', {
      displayName: 'Bantin mail bounces and complaints',
      masterKey: this.feedbackKey,
      enforceSSL: true,
    });

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
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
    });
    Validations.of(this.tokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the link-signing key would void every unsubscribe link already mailed, which must keep working (RFC 8058); it is rotated by hand with a key id when needed.',
    });
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
