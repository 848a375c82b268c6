import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Source, SourceSchema } from '../../domain/source.js';
import {
  NEW_SOURCE_HEALTH,
  type SourceHealth,
  SourceHealthSchema,
  type SourceRecord,
} from '../../domain/source-record.js';
import { parseOrThrow } from '../../domain/validation.js';
import { nextPollAt } from '../../ingest/plan-ingest.js';
import type { SourceRepository } from '../../ports.js';
import { documentClient } from './client.js';
import { writeIf } from './conditional-write.js';

/** The sparse index of enabled sources by next poll time (topology: sources.byNextPoll). */
export const DUE_INDEX = 'byNextPoll';
/** One partition holds every enabled source: a few thousand at most, read a due slice at a time. */
const POLL_SHARD = 'sources';
/** Writes that depend on what another writer may change meanwhile are retried this often. */
const ATTEMPTS = 4;

/**
 * Sources table: one item per source, `config` (validated on every read) and `health`, and the
 * keys of the `byNextPoll` index (`pollShard`, `nextPollAt`), kept in step with both: a write
 * of one is conditional on the part of the other it used, and retried when that changed.
 */
export class DynamoSourceRepository implements SourceRepository {
  constructor(
    private readonly tableName: string,
    private readonly db = documentClient(),
  ) {}

  async list(): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    for await (const page of paginateScan({ client: this.db }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) records.push(toRecord(item));
    }
    return records.sort((a, b) => a.source.id.localeCompare(b.source.id));
  }

  async page(query: { limit: number; cursor?: string }): Promise<{ records: SourceRecord[]; next?: string }> {
    const records: SourceRecord[] = [];
    let start: Record<string, unknown> | undefined = query.cursor ? { id: query.cursor } : undefined;
    // A scan page may come back short (1 MB of data): read on until the page is full or the table ends.
    do {
      const { Items = [], LastEvaluatedKey } = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: query.limit - records.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of Items) records.push(toRecord(item));
      start = LastEvaluatedKey;
    } while (start && records.length < query.limit);
    return { records, ...(start ? { next: String(start.id) } : {}) };
  }

  async due(now: Date): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        IndexName: DUE_INDEX,
        KeyConditionExpression: 'pollShard = :shard AND nextPollAt <= :now',
        ExpressionAttributeValues: { ':shard': POLL_SHARD, ':now': now.toISOString() },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) records.push(toRecord(item));
    return records;
  }

  async get(id: string): Promise<SourceRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return Item ? toRecord(Item) : undefined;
  }

  async put(source: Source): Promise<void> {
    await this.updateConfig(source.id, () => configWrite(source, []));
  }

  async replace(
    source: Source,
    options: { keepEnabled?: boolean; revision?: number } = {},
  ): Promise<Source | undefined | 'stale'> {
    let stale = false;
    const written = await this.updateConfig(source.id, (record) => {
      // A source deleted since it was read stays deleted.
      if (!record) return undefined;
      // An edit of an older revision replaces nothing (the fresh read tells; the write's condition
      // holds it to that revision).
      const revision = record.revision ?? 0;
      if (options.revision !== undefined && options.revision !== revision) {
        stale = true;
        return undefined;
      }
      const conditions = ['attribute_exists(id)'];
      const values: Record<string, unknown> = {};
      if (options.revision !== undefined) {
        conditions.push(revision === 0 ? 'attribute_not_exists(revision)' : 'revision = :revision');
        if (revision > 0) values[':revision'] = revision;
      }
      if (!options.keepEnabled) return configWrite(source, conditions, values);
      // On or off as the fresh read has it, on condition that it still is at the write.
      const { enabled } = record.source;
      return configWrite({ ...source, enabled }, [...conditions, 'config.enabled = :enabled'], {
        ...values,
        ':enabled': enabled,
      });
    });
    return stale ? 'stale' : written?.before;
  }

  async setEnabled(id: string, enabled: boolean): Promise<{ source: Source; changed: boolean } | undefined> {
    // Only `enabled` is written: an edit saved since the read keeps its other fields, and a
    // configuration changed since (its poll interval in the due keys) is read again. Only a switch
    // is written: of two disables at once, one writes (attack run 31: both did, and both were
    // audited as enabled → disabled, and the revision moved twice).
    const written = await this.updateConfig(id, (record) =>
      record && record.source.enabled !== enabled
        ? {
            source: { ...record.source, enabled },
            set: `config.enabled = :enabled, ${NEXT_REVISION}`,
            conditions: [
              'attribute_exists(id)',
              'config.pollIntervalMinutes = :interval',
              'config.enabled = :was',
            ],
            values: {
              ':enabled': enabled,
              ':was': !enabled,
              ':interval': record.source.pollIntervalMinutes,
              ...NEXT_REVISION_VALUES,
            },
          }
        : undefined,
    );
    const current = (await this.get(id))?.source;
    return current && { source: current, changed: written !== undefined };
  }

  /**
   * Writes what `change` makes of a fresh read of the source (with its due keys), on condition
   * that no poll landed since, as the next poll time counts from the last poll read; read and
   * tried again when one did. Undefined when `change` writes nothing.
   */
  private async updateConfig(
    id: string,
    change: (record: SourceRecord | undefined) => ConfigChange | undefined,
  ): Promise<Written | undefined> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const record = await this.get(id);
      const planned = change(record);
      if (!planned) return undefined;
      const seenPoll = record?.health.lastPoll?.at;
      const keys = dueKeys({ source: planned.source, health: record?.health ?? NEW_SOURCE_HEALTH });
      const unpolled = seenPoll ? 'health.lastPoll.#at = :seenPoll' : 'attribute_not_exists(health.lastPoll)';
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { id },
            // The configuration this write replaced, as it was at the write (not at the read).
            ReturnValues: 'UPDATED_OLD',
            UpdateExpression: keys.expression(planned.set),
            ConditionExpression: [...planned.conditions, unpolled].join(' AND '),
            ...(seenPoll && { ExpressionAttributeNames: { '#at': 'at' } }),
            ExpressionAttributeValues: {
              ...planned.values,
              ...keys.values,
              ...(seenPoll ? { ':seenPoll': seenPoll } : {}),
            },
          }),
        );
        const before = (Attributes as { config?: Source } | undefined)?.config;
        return { source: planned.source, ...(before ? { before } : {}) };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`source ${id} kept changing under a concurrent poll; try again`);
  }

  async create(source: Source, options: { firstRevision?: number } = {}): Promise<boolean> {
    return writeIf(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            id: source.id,
            config: source,
            health: NEW_SOURCE_HEALTH,
            revision: options.firstRevision ?? 1,
            ...dueKeys({ source, health: NEW_SOURCE_HEALTH }).item,
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      ),
    );
  }

  async remove(id: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { id }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async notePendingImages(id: string, changes: { add?: string[]; remove?: string[] }): Promise<void> {
    // DynamoDB sets cannot be empty, nor added to and deleted from in one update.
    for (const [verb, ids] of [
      ['DELETE', changes.remove],
      ['ADD', changes.add],
    ] as const) {
      if (!ids?.length) continue;
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: `${verb} pendingImages :ids`,
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':ids': new Set(ids) },
        }),
      );
    }
  }

  async claimPoll(id: string, now: Date, until: Date): Promise<'claimed' | 'lapsed' | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          // Due when the lease ends (nextPollAt, read by the index only when the source is enabled):
          // a poll that dies before recording its result is made good then (plan-ingest.ts).
          UpdateExpression: 'SET pollingUntil = :until, nextPollAt = :until',
          // ISO instants in UTC compare as strings.
          ConditionExpression:
            'attribute_exists(id) AND (attribute_not_exists(pollingUntil) OR pollingUntil < :now)',
          ExpressionAttributeValues: { ':until': until.toISOString(), ':now': now.toISOString() },
          // The lease replaced, if any: a poll's that ended without recording its result.
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return Attributes?.pollingUntil === undefined ? 'claimed' : 'lapsed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async recordPoll(id: string, health: SourceHealth): Promise<boolean> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.get(id);
      if (!current) return false;
      const { source } = current;
      const keys = dueKeys({ source, health });
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { id },
            // The poll is over: its lease goes (claimPoll).
            UpdateExpression: keys.expression('health = :health', ['pollingUntil']),
            // The next poll time depends on these two settings: neither may have changed since.
            ConditionExpression: 'config.enabled = :enabled AND config.pollIntervalMinutes = :interval',
            ExpressionAttributeValues: {
              ':health': health,
              ':enabled': source.enabled,
              ':interval': source.pollIntervalMinutes,
              ...keys.values,
            },
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new Error(`source ${id} kept changing during its poll; its health was not recorded`);
  }
}

/**
 * The index keys of a source: its next poll time while enabled; none when disabled (the sparse
 * index then leaves it out). `expression` adds them to an update's SET clause (and removes the
 * attributes named in `remove`).
 */
function dueKeys(record: SourceRecord): {
  item: Record<string, string>;
  expression: (set: string, remove?: string[]) => string;
  values: Record<string, string>;
} {
  const next = nextPollAt(record);
  const removing = (names: string[]) => (names.length > 0 ? ` REMOVE ${names.join(', ')}` : '');
  if (!next) {
    return {
      item: {},
      expression: (set, remove = []) => `SET ${set}${removing(['pollShard', 'nextPollAt', ...remove])}`,
      values: {},
    };
  }
  const item = { pollShard: POLL_SHARD, nextPollAt: next.toISOString() };
  return {
    item,
    expression: (set, remove = []) => `SET ${set}, pollShard = :shard, nextPollAt = :next${removing(remove)}`,
    values: { ':shard': item.pollShard, ':next': item.nextPollAt },
  };
}

function toRecord(item: Record<string, unknown>): SourceRecord {
  const pending = item.pendingImages instanceof Set ? [...(item.pendingImages as Set<string>)] : [];
  return {
    source: parseOrThrow(SourceSchema, item.config, `source ${String(item.id)}`),
    health: parseOrThrow(
      SourceHealthSchema,
      item.health ?? NEW_SOURCE_HEALTH,
      `health of source ${String(item.id)}`,
    ),
    ...(pending.length > 0 ? { pendingImages: pending.sort() } : {}),
    ...(typeof item.revision === 'number' && item.revision > 0 ? { revision: item.revision } : {}),
    ...(typeof item.pollingUntil === 'string' ? { pollingUntil: item.pollingUntil } : {}),
  };
}

/** A write of a source's configuration: the source it leaves, its SET clause, conditions and values. */
/** What a configuration write wrote, and the configuration it replaced (none for a new source). */
interface Written {
  source: Source;
  before?: Source;
}

/** The whole configuration written, its health kept (or begun). */
function configWrite(
  source: Source,
  conditions: string[],
  values: Record<string, unknown> = {},
): ConfigChange {
  return {
    source,
    set: `config = :config, health = if_not_exists(health, :health), ${NEXT_REVISION}`,
    conditions,
    values: { ':config': source, ':health': NEW_SOURCE_HEALTH, ...NEXT_REVISION_VALUES, ...values },
  };
}

/** Every write of a configuration counts one more revision (SourceRecord.revision). */
const NEXT_REVISION = 'revision = if_not_exists(revision, :noRevision) + :oneRevision';
const NEXT_REVISION_VALUES = { ':noRevision': 0, ':oneRevision': 1 };

interface ConfigChange {
  source: Source;
  set: string;
  conditions: string[];
  values: Record<string, unknown>;
}
