/**
 * The mail side of the wiring: subscribers, deliveries, clippings, the queues between mail
 * functions, the link signer and the Mailer — SES, unless the platform sends mail itself
 * (the local outbox).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { env } from '../infra/topology.js';
import { DynamoClippingStore } from '../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSubscriberRepository } from '../shared/adapters/dynamodb/subscriber-repository.js';
import { S3RenderedDigestStore } from '../shared/adapters/s3/rendered-digest-store.js';
import { readTokenSecret } from '../shared/adapters/secrets/token-secret.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import { SqsJobQueue } from '../shared/adapters/sqs/job-queue.js';
import type { MailSettings } from '../shared/mail/links.js';
import type { AlertFlush, DigestJob, SignupRequest } from '../shared/mail/messages.js';
import { pacedMailer } from '../shared/mail/paced-mailer.js';
import { TokenSigner } from '../shared/mail/tokens.js';
import type { Mailer } from '../shared/ports.js';
import { clientOf, type Platform, required } from './platform.js';
import { documentsOf, s3Of, sqsOf } from './wiring.js';

export const subscribersFromEnv = (p: Platform) =>
  new DynamoSubscriberRepository(required(p.env, env.table('subscribers')), documentsOf(p));
export const deliveriesFromEnv = (p: Platform) =>
  new DynamoDeliveryLog(required(p.env, env.table('deliveries')), documentsOf(p));
export const clippingsFromEnv = (p: Platform) =>
  new DynamoClippingStore(required(p.env, env.table('clippings')), documentsOf(p));
export const rendersFromEnv = (p: Platform) =>
  new S3RenderedDigestStore(required(p.env, env.bucket), s3Of(p));
export const digestQueueFromEnv = (p: Platform) =>
  new SqsJobQueue<DigestJob>(required(p.env, env.queueUrl('digests')), sqsOf(p));
export const signupQueueFromEnv = (p: Platform) =>
  new SqsJobQueue<SignupRequest>(required(p.env, env.queueUrl('signups')), sqsOf(p));
export const alertFlushQueueFromEnv = (p: Platform) =>
  new SqsJobQueue<AlertFlush>(required(p.env, env.queueUrl('alerts')), sqsOf(p));

/** SES (unless the platform sends mail itself), paced to MAIL_MAX_SENDS_PER_SECOND when the stack sets it. */
export function mailerFromEnv(p: Platform): Mailer {
  const mailer =
    p.mailer ??
    new SesMailer(
      required(p.env, env.mailConfigurationSet),
      clientOf(p, 'sesv2', 'sesv2', (config) => new SESv2Client(config)),
    );
  const pace = p.env[env.mailMaxSendsPerSecond];
  return pace ? pacedMailer(mailer, Number(pace)) : mailer;
}

export function mailSettingsFromEnv(p: Platform): MailSettings {
  return {
    from: required(p.env, env.mailFrom),
    replyTo: p.env[env.mailReplyTo] || undefined,
    apiBaseUrl: apiBaseUrlFromEnv(p),
    homeUrl: p.env[env.mailHomeUrl] || undefined,
  };
}

/** What every use case that sends mail takes: the delivery log, the Mailer, the settings, the clock. */
export const mailSendingFromEnv = (p: Platform) => ({
  deliveries: deliveriesFromEnv(p),
  mailer: mailerFromEnv(p),
  settings: mailSettingsFromEnv(p),
  now: () => new Date(),
});

export const apiBaseUrlFromEnv = (p: Platform) => required(p.env, env.apiBaseUrl).replace(/\/+$/, '');

/**
 * The link signer of a function, read on first use (Secrets Manager in AWS: once per
 * container; a failed read is tried again at the next call).
 */
export function signerFromEnv(p: Platform): () => Promise<TokenSigner> {
  let signer: Promise<TokenSigner> | undefined;
  return () => {
    signer ??= readTokenSecret(p.env, { value: env.mailTokenSecret, arn: env.mailTokenSecretArn }, () =>
      clientOf(p, 'secrets', 'secretsmanager', (config) => new SecretsManagerClient(config)),
    ).then((secret) => new TokenSigner(secret));
    signer.catch(() => {
      signer = undefined;
    });
    return signer;
  };
}

/** How long send-alerts reuses its list of instant subscribers (MAIL_SUBSCRIBER_CACHE_SECONDS, default 60). */
export const subscriberCacheMs = (p: Platform) => Number(p.env[env.mailSubscriberCacheSeconds] ?? 60) * 1000;

/** Remembers `load`'s answer for `ttlMs` (e.g. the instant subscribers, read per batch otherwise). */
export function memoize<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let value: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!value || Date.now() - value.at > ttlMs) {
      const result = load();
      value = { at: Date.now(), result };
      result.catch(() => {
        value = undefined;
      });
    }
    return value.result;
  };
}
