/**
 * The ports of subscriptions and mail (the Mailer itself is in shared/ports.ts). DynamoDB,
 * S3 and SQS implement them in shared/adapters/; tests use in-memory ones.
 */
import type { Subscriber, SubscriptionPreferences } from '../domain/subscriber.js';
import type { Clipping } from './clipping.js';
import type { RenderedMail } from './render/personal.js';

export interface SubscriberRecord {
  subscriber: Subscriber;
  /** Optimistic concurrency: a save names the version it read. */
  version: number;
}

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

/** Per subscriber: how many alerts went out this hour and what waits for the next one. */
export interface AlertState {
  subscriberId: string;
  /** UTC hour the count applies to, `2026-11-27T10`. */
  hour: string;
  sentThisHour: number;
  /** Clippings over the hourly cap, waiting for the next alert: `{day}/{articleId}`. */
  pending: string[];
  /** Articles already alerted (most recent last), so a redelivered event alerts once. */
  recent: string[];
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
  /** Clippings recorded in [since, until), oldest first. */
  recordedBetween(since: Date, until: Date): Promise<Clipping[]>;
  /** The clippings of `{day}/{articleId}` references that still exist. */
  getMany(refs: string[]): Promise<Clipping[]>;
}

/** A digest as rendered for a whole group of readers, with placeholders for their links. */
export interface RenderedDigest extends RenderedMail {
  frequency: 'daily' | 'weekly';
  period: string;
  itemCount: number;
}

export interface RenderedDigestStore {
  put(key: string, digest: RenderedDigest): Promise<void>;
  get(key: string): Promise<RenderedDigest | undefined>;
}

/** One message of the digests queue: a rendered digest and up to 50 of its readers. */
export interface DigestJob {
  renderKey: string;
  period: string;
  /** End of the window the digest covers; becomes each reader's `lastDigestAt` once sent. */
  windowEnd: string;
  subscriberIds: string[];
}

/** One message of the signups queue: a subscription request as the form or API made it. */
export interface SignupRequest {
  email: string;
  preferences: SubscriptionPreferences;
  requestedAt: string;
}

/** A small JSON queue (SQS in AWS): each item is one message. */
export interface JobQueue<T> {
  send(items: T[]): Promise<void>;
}

/** On the alerts queue beside article events: send what waits over the cap for these subscribers. */
export interface AlertFlush {
  kind: 'alerts.flush';
  subscriberIds: string[];
}
