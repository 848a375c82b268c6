/**
 * The ports of subscriptions and mail (the Mailer itself is in shared/ports.ts). DynamoDB,
 * S3 and SQS implement them in shared/adapters/; tests use in-memory ones. The records they
 * carry are in records.ts, the queue messages in messages.ts.
 */
import type { Subscriber } from '../domain/subscriber.js';
import type { Mailer } from '../ports.js';
import type { Clipping } from './clipping.js';
import type { MailSettings } from './links.js';
import type { AlertState, RenderedDigest, SubscriberRecord } from './records.js';
import type { TokenSigner } from './tokens.js';

export interface SubscriberRepository {
  get(id: string): Promise<SubscriberRecord | undefined>;
  /** The records of these ids that exist, in any order. */
  getMany(ids: string[]): Promise<SubscriberRecord[]>;
  /**
   * Writes the subscriber if its stored version is still `expectedVersion` (undefined: only if
   * there is none yet); returns the new version, or undefined when someone else wrote first.
   */
  save(subscriber: Subscriber, expectedVersion: number | undefined): Promise<number | undefined>;
  /** Confirmed daily and weekly subscribers whose next digest is due at `now`. */
  dueForDigest(now: Date): Promise<SubscriberRecord[]>;
  /** Confirmed subscribers with the `instant` frequency. */
  instantSubscribers(): Promise<SubscriberRecord[]>;
}

export interface DeliveryLog {
  /**
   * Counts one hit against `key` in a window of `windowSeconds` that starts at the first hit,
   * and returns the count so far (expired windows restart at 1).
   */
  hit(key: string, windowSeconds: number, now: Date): Promise<number>;
  /**
   * Claims the one send of `key` (e.g. a subscriber's digest of one period). False when it was
   * sent, or another attempt holds an unexpired lease on it.
   */
  claimSend(key: string, leaseSeconds: number, now: Date): Promise<boolean>;
  /** Records the send as done, for good. */
  completeSend(key: string, details: { messageId: string; at: Date }): Promise<void>;
  /** Gives a claim back after a failed send, so a retry can take it. */
  releaseSend(key: string): Promise<void>;
  getAlertState(subscriberId: string): Promise<{ state: AlertState; version: number } | undefined>;
  /** Conditional on the version read (undefined: none yet); false when someone else wrote first. */
  saveAlertState(state: AlertState, expectedVersion: number | undefined, now: Date): Promise<boolean>;
  /** Subscribers with alerts waiting over the cap. */
  pendingAlerts(): Promise<AlertState[]>;
}

export interface ClippingStore {
  /** Stores the clipping unless one of the same article and day exists; false when it did. */
  record(clipping: Clipping): Promise<boolean>;
  /** record() of many clippings at once (a batch of new articles): true for each one it stored. */
  recordMany(clippings: Clipping[]): Promise<boolean[]>;
  /** Clippings recorded in [since, until), oldest first. */
  recordedBetween(since: Date, until: Date): Promise<Clipping[]>;
  /** The clippings of `{day}/{articleId}` references that still exist. */
  getMany(refs: string[]): Promise<Clipping[]>;
  /** Writes these over the stored clippings of the same day and key (their article was revised). */
  replaceMany(clippings: Clipping[]): Promise<void>;
  /** Deletes the clippings of these `{day}/{articleId}` references (their article was withdrawn). */
  removeMany(refs: string[]): Promise<void>;
}

export interface RenderedDigestStore {
  put(key: string, digest: RenderedDigest): Promise<void>;
  get(key: string): Promise<RenderedDigest | undefined>;
}

/** A small JSON queue (SQS in AWS): each item is one message. */
export interface JobQueue<T> {
  send(items: T[]): Promise<void>;
}

/** What every use case that sends mail works with: the send records, the mailer, signed links. */
export interface SendingDeps {
  deliveries: DeliveryLog;
  mailer: Mailer;
  signer: TokenSigner;
  settings: MailSettings;
  now: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}
