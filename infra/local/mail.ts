/**
 * Mail in local mode: messages go to `{data}/outbox/` as `.eml` files, links are signed with a
 * secret generated once and kept in `{data}/mail-token-secret`, and one confirmed demo
 * subscriber (a daily digest of every source, due at once) makes `npm start -- --once` write a
 * digest whose one-click unsubscribe link works against `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { documentClient } from '../../shared/adapters/dynamodb/client.js';
import { DynamoSubscriberRepository } from '../../shared/adapters/dynamodb/subscriber-repository.js';
import { SubscriptionPreferencesSchema } from '../../shared/domain/subscriber.js';
import { toZonedIso } from '../../shared/domain/time.js';
import { TokenSigner } from '../../shared/mail/tokens.js';
import { env } from '../topology.js';

export const DEMO_SUBSCRIBER_EMAIL = 'ban-doc@bantin.example';

export interface LocalMail {
  outboxDir: string;
  /** The mail settings of the functions' environments (infra/topology.ts ResourceValues). */
  settings: { from: string; replyTo: string; homeUrl: string; subscriberCacheSeconds: number };
  /** The link-signing secret, generated once into the data folder. */
  secret: string;
  signer: TokenSigner;
}

export function prepareLocalMail(options: { dataDir: string; homeUrl: string }): LocalMail {
  const outboxDir = join(options.dataDir, 'outbox');
  mkdirSync(outboxDir, { recursive: true });
  const secretFile = join(options.dataDir, 'mail-token-secret');
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  const secret = readFileSync(secretFile, 'utf8').trim();
  return {
    outboxDir,
    secret,
    signer: new TokenSigner(secret),
    settings: {
      from: process.env[env.mailFrom] || 'Bantin <ban-tin@bantin.example>',
      replyTo: process.env[env.mailReplyTo] || 'Bantin <hop-thu@bantin.example>',
      homeUrl: options.homeUrl,
      // A subscriber confirmed a second ago gets the next alert (send-alerts caches a minute in AWS).
      subscriberCacheSeconds: 0,
    },
  };
}

/** Adds the demo subscriber unless it exists (it keeps its state across runs). */
export async function seedDemoSubscriber(options: {
  tableName: string;
  signer: TokenSigner;
  db: ReturnType<typeof documentClient>;
  now?: Date;
}): Promise<boolean> {
  const subscribers = new DynamoSubscriberRepository(options.tableName, options.db);
  const id = options.signer.subscriberId(DEMO_SUBSCRIBER_EMAIL);
  if (await subscribers.get(id)) return false;
  const now = options.now ?? new Date();
  const at = toZonedIso(now);
  const saved = await subscribers.save(
    {
      id,
      email: DEMO_SUBSCRIBER_EMAIL,
      status: 'confirmed',
      // The defaults: a daily digest of every source at 07:00, Hanoi time.
      preferences: SubscriptionPreferencesSchema.parse({}),
      createdAt: at,
      confirmedAt: at,
      statusChangedAt: at,
      statusReason: 'local demo subscriber',
      nextDigestAt: at, // due at once
    },
    undefined,
  );
  return saved !== undefined;
}

/** The `.eml` files in the outbox, oldest first. */
export function outboxFiles(outboxDir: string): string[] {
  if (!existsSync(outboxDir)) return [];
  return readdirSync(outboxDir)
    .filter((name) => name.endsWith('.eml'))
    .sort();
}
