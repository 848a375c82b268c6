/**
 * The mail side of the wiring: subscribers, deliveries, clippings, the settings and the link
 * signer. The queues are in queue-wiring.ts, rendered digests in bucket-wiring.ts and the Mailer
 * in mailer-wiring.ts, so each function's bundle imports only the SDK clients it uses.
 */
import { env } from '../infra/topology.js';
import { requiredEnv } from '../shared/adapters/aws-clients.js';
import { DynamoClippingStore } from '../shared/adapters/dynamodb/clipping-store.js';
import { DynamoDeliveryLog } from '../shared/adapters/dynamodb/delivery-log.js';
import { DynamoSubscriberRepository } from '../shared/adapters/dynamodb/subscriber-repository.js';
import { tokenSecretFromEnv } from '../shared/adapters/secrets/token-secret.js';
import type { MailSettings } from '../shared/mail/links.js';
import { TokenSigner } from '../shared/mail/tokens.js';

export const subscribersFromEnv = () => new DynamoSubscriberRepository(requiredEnv(env.table('subscribers')));
export const deliveriesFromEnv = () => new DynamoDeliveryLog(requiredEnv(env.table('deliveries')));
export const clippingsFromEnv = () => new DynamoClippingStore(requiredEnv(env.table('clippings')));

export function mailSettingsFromEnv(): MailSettings {
  return {
    from: requiredEnv(env.mailFrom),
    replyTo: process.env[env.mailReplyTo] || undefined,
    apiBaseUrl: apiBaseUrlFromEnv(),
    homeUrl: process.env[env.mailHomeUrl] || undefined,
  };
}

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
