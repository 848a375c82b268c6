import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrThrow } from '../../domain/validation.js';
import type { DeliveryLog } from '../../mail/ports.js';
import { type AlertState, AlertStateSchema } from '../../mail/records.js';
import { documentClient } from './client.js';
import { writeIf } from './conditional-write.js';

const DAY = 86_400;
/** Send records outlive any retry or redrive of their period's messages. */
const SEND_RECORD_DAYS = 45;
const ALERT_STATE_DAYS = 7;

const epoch = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * Deliveries table (`key`): send records (`digest#{subscriber}#{period}`), rate-limit counters
 * (`rate#…`) and alert states (`alert#{subscriber}`, index `byPendingAlerts` while something
 * waits). Every item has `expiresAt` (epoch seconds), DynamoDB's TTL attribute in AWS; the
 * embedded stand-in has no TTL, so every read and condition here treats an expired item as
 * absent.
 */
export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async hit(key: string, windowSeconds: number, now: Date): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { key },
            UpdateExpression: 'ADD hits :one',
            ConditionExpression: 'expiresAt > :now',
            ExpressionAttributeValues: { ':one': 1, ':now': epoch(now) },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(Attributes?.hits ?? 1);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      // No live window: start one, unless another request just did.
      if (await this.putIfAbsent({ key, hits: 1, expiresAt: epoch(now) + windowSeconds }, now)) return 1;
    }
    throw new Error(`rate counter ${key} is contended; try again`);
  }

  async claimSend(key: string, leaseSeconds: number, now: Date): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            key,
            state: 'sending',
            leaseUntil: epoch(now) + leaseSeconds,
            expiresAt: epoch(now) + SEND_RECORD_DAYS * DAY,
          },
          ConditionExpression:
            'attribute_not_exists(#key) OR expiresAt <= :now OR (#state = :sending AND leaseUntil <= :now)',
          ExpressionAttributeNames: { '#key': 'key', '#state': 'state' },
          ExpressionAttributeValues: { ':now': epoch(now), ':sending': 'sending' },
        }),
      ),
    );
  }

  async completeSend(key: string, details: { messageId: string; at: Date }): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { key },
        UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':id': details.messageId,
          ':at': details.at.toISOString(),
        },
      }),
    );
  }

  async releaseSend(key: string): Promise<void> {
    await writeIf(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { key },
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      ),
    );
  }

  async getAlertState(subscriberId: string): Promise<{ state: AlertState; version: number } | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { key: alertKey(subscriberId) },
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item.expiresAt) <= epoch(new Date())) return undefined;
    return { state: toAlertState(Item), version: Number(Item.version) };
  }

  async saveAlertState(state: AlertState, expectedVersion: number | undefined, now: Date): Promise<boolean> {
    const item = {
      key: alertKey(state.subscriberId),
      ...state,
      version: (expectedVersion ?? 0) + 1,
      expiresAt: epoch(now) + ALERT_STATE_DAYS * DAY,
      // Listed for the planner while articles wait, or an alert's lease may end unconfirmed.
      ...(state.pending.length > 0 || (state.sending?.length ?? 0) > 0 ? { pendingAlerts: 'waiting' } : {}),
    };
    if (expectedVersion === undefined) return this.putIfAbsent(item, now);
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      ),
    );
  }

  async pendingAlerts(): Promise<AlertState[]> {
    const states: AlertState[] = [];
    const now = epoch(new Date());
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: 'byPendingAlerts',
        KeyConditionExpression: 'pendingAlerts = :waiting',
        ExpressionAttributeValues: { ':waiting': 'waiting' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) if (Number(item.expiresAt) > now) states.push(toAlertState(item));
    }
    return states;
  }

  /** Writes `item` if there is no live item with its key; false when there is. */
  private async putIfAbsent(item: Record<string, unknown>, now: Date): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#key) OR expiresAt <= :now',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':now': epoch(now) },
        }),
      ),
    );
  }
}

const alertKey = (subscriberId: string) => `alert#${subscriberId}`;

/** An alert-state item as its state; the item's own attributes (key, version, expiry, index key) are dropped. */
function toAlertState(item: Record<string, unknown>): AlertState {
  return parseOrThrow(AlertStateSchema, item, `alert state ${String(item.key)}`);
}
