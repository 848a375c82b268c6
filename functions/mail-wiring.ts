/**
 * The mail side of the wiring: subscribers, deliveries, clippings, the queues between mail
 * functions, the link signer and the Mailer — SES in AWS, the `.eml` outbox when
 * MAIL_OUTBOX_DIR is set (local mode).
 */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { DynamoClippingStore } from '../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSubscriberRepository } from '../shared/adapters/dynamodb/subscriber-repository.js';
import { OutboxMailer } from '../shared/adapters/outbox/outbox-mailer.js';
import { S3RenderedDigestStore } from '../shared/adapters/s3/rendered-digest-store.js';
import { tokenSecretFromEnv } from '../shared/adapters/secrets/token-secret.js';
import { SesMailer } from '../shared/adapters/ses/ses-mailer.js';
import { SqsJobQueue } from '../shared/adapters/sqs/job-queue.js';
import type { MailSettings } from '../shared/mail/links.js';
import type { AlertFlush, DigestJob, SignupRequest } from '../shared/mail/messages.js';
import { pacedMailer } from '../shared/mail/paced-mailer.js';
import { TokenSigner } from '../shared/mail/tokens.js';
import type { Mailer } from '../shared/ports.js';

export const subscribersFromEnv = () => new DynamoSubscriberRepository(requiredEnv(env.table('subscribers')));
export const deliveriesFromEnv = () => new DynamoDeliveryLog(requiredEnv(env.table('deliveries')));
export const clippingsFromEnv = () => new DynamoClippingStore(requiredEnv(env.table('clippings')));
export const rendersFromEnv = () => new S3RenderedDigestStore(requiredEnv(env.bucket));
export const digestQueueFromEnv = () => new SqsJobQueue<DigestJob>(requiredEnv(env.queueUrl('digests')));
export const signupQueueFromEnv = () => new SqsJobQueue<SignupRequest>(requiredEnv(env.queueUrl('signups')));
export const alertFlushQueueFromEnv = () => new SqsJobQueue<AlertFlush>(requiredEnv(env.queueUrl('alerts')));

/** SES (or the local outbox), paced to MAIL_MAX_SENDS_PER_SECOND when the stack sets it. */
export function mailerFromEnv(): Mailer {
  const outbox = process.env[env.mailOutboxDir];
  const mailer = outbox ? new OutboxMailer(outbox) : new SesMailer(requiredEnv(env.mailConfigurationSet));
  const pace = process.env[env.mailMaxSendsPerSecond];
  return pace ? pacedMailer(mailer, Number(pace)) : mailer;
}

export function mailSettingsFromEnv(): MailSettings {
  return {
    from: requiredEnv(env.mailFrom),
    replyTo: process.env[env.mailReplyTo] || undefined,
    apiBaseUrl: apiBaseUrlFromEnv(),
    homeUrl: process.env[env.mailHomeUrl] || undefined,
  };
}

/** What every use case that sends mail takes: the delivery log, the Mailer, the settings, the clock. */
export const mailSendingFromEnv = () => ({
  deliveries: deliveriesFromEnv(),
  mailer: mailerFromEnv(),
  settings: mailSettingsFromEnv(),
  now: () => new Date(),
});

export const apiBaseUrlFromEnv = () => requiredEnv(env.apiBaseUrl).replace(/\/+$/, '');

/** The link signer, once the secret is read (Secrets Manager in AWS: once per container). */
let signer: Promise<TokenSigner> | undefined;
export function signerFromEnv(): Promise<TokenSigner> {
  signer ??= tokenSecretFromEnv({ value: env.mailTokenSecret, arn: env.mailTokenSecretArn }).then(
    (secret) => new TokenSigner(secret),
  );
  signer.catch(() => {
    signer = undefined;
  });
  return signer;
}

/** How long send-alerts reuses its list of instant subscribers (local mode: not at all). */
export const SUBSCRIBER_CACHE_VARIABLE = 'MAIL_SUBSCRIBER_CACHE_SECONDS';
export const subscriberCacheMs = () => Number(process.env[SUBSCRIBER_CACHE_VARIABLE] ?? 60) * 1000;

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
