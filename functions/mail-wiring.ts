/**
 * The mail side of the wiring: subscribers, deliveries, clippings, the settings and the link
 * signer. The queues are in queue-wiring.ts, rendered digests in bucket-wiring.ts and the Mailer
 * in mailer-wiring.ts, so each function's bundle imports only the SDK clients it uses.
 */
import { env } from '../infra/topology.js';
import { DynamoClippingStore } from '../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSubscriberRepository } from '../shared/adapters/dynamodb/subscriber-repository.js';
import { readTokenSecret } from '../shared/adapters/secrets/token-secret.js';
import type { MailSettings } from '../shared/mail/links.js';
import { TokenSigner } from '../shared/mail/tokens.js';
import { type Platform, required } from './platform.js';
import { documentsOf } from './wiring.js';

export const subscribersFromEnv = (p: Platform) =>
  new DynamoSubscriberRepository(required(p.env, env.table('subscribers')), documentsOf(p));
export const deliveriesFromEnv = (p: Platform) =>
  new DynamoDeliveryLog(required(p.env, env.table('deliveries')), documentsOf(p));
export const clippingsFromEnv = (p: Platform) =>
  new DynamoClippingStore(required(p.env, env.table('clippings')), documentsOf(p));

export function mailSettingsFromEnv(p: Platform): MailSettings {
  return {
    from: required(p.env, env.mailFrom),
    replyTo: p.env[env.mailReplyTo] || undefined,
    apiBaseUrl: apiBaseUrlFromEnv(p),
    homeUrl: p.env[env.mailHomeUrl] || undefined,
  };
}

export const apiBaseUrlFromEnv = (p: Platform) => required(p.env, env.apiBaseUrl).replace(/\/+$/, '');

/**
 * The link signer of a function, read on first use (Secrets Manager in AWS: once per
 * container; a failed read is tried again at the next call).
 */
export function signerFromEnv(p: Platform): () => Promise<TokenSigner> {
  let signer: Promise<TokenSigner> | undefined;
  return () => {
    signer ??= readTokenSecret(
      p.env,
      { value: env.mailTokenSecret, arn: env.mailTokenSecretArn },
      p.clientConfig('secretsmanager'),
    ).then((secret) => new TokenSigner(secret));
    signer.catch(() => {
      signer = undefined;
    });
    return signer;
  };
}

/** How long send-alerts reuses its list of instant subscribers (MAIL_SUBSCRIBER_CACHE_SECONDS, default 60). */
export const subscriberCacheMs = (p: Platform) => Number(p.env[env.mailSubscriberCacheSeconds] ?? 60) * 1000;
