/**
 * What a warm container keeps between invocations: answers that change rarely and cost a pass
 * over a table each time they are read.
 */
import type { SourceRecord } from '../shared/domain/source-record.js';
import type { SourceRepository } from '../shared/ports.js';

export type Memoized<T> = (() => Promise<T>) & {
  /** Loads it again now, and keeps that answer. */
  refresh(): Promise<T>;
};

/** Remembers `load`'s answer for `ttlMs` (e.g. the instant subscribers, read per batch otherwise); a failed load is not kept. */
export function memoize<T>(load: () => Promise<T>, ttlMs: number, now = Date.now): Memoized<T> {
  let value: { at: number; result: Promise<T> } | undefined;
  const refresh = () => {
    const entry = { at: now(), result: load() };
    value = entry;
    entry.result.catch(() => {
      if (value === entry) value = undefined;
    });
    return entry.result;
  };
  return Object.assign(() => (value && now() - value.at <= ttlMs ? value.result : refresh()), { refresh });
}

/**
 * Every source, from this container's copy (at most `ttlMs` old) unless the batch at hand needs a
 * fresh one: when `fresh` (it carries a feeds request: an administrator added or changed a
 * source), or when the copy lacks one of `sourceIds` (a source added since; not again for one a
 * fresh copy lacked: deleted). What a batch gets is read at its first `list()`, so a batch that
 * needs no source reads none.
 */
export function recentSources(sources: Pick<SourceRepository, 'list'>, ttlMs: number, now = Date.now) {
  const list = memoize(() => sources.list(), ttlMs, now);
  // Ids a copy read afresh for them still lacked (a source deleted since, which a story's event
  // may name for good): that copy is not read again for them.
  const absentFrom = new WeakMap<SourceRecord[], Set<string>>();
  const read = async (batch: { fresh?: boolean; sourceIds: Iterable<string> }): Promise<SourceRecord[]> => {
    if (batch.fresh) return list.refresh();
    const records = await list();
    const known = new Set(records.map((record) => record.source.id));
    const absent = absentFrom.get(records);
    const unknown = [...batch.sourceIds].filter((id) => !known.has(id) && !absent?.has(id));
    if (unknown.length === 0) return records;
    const fresh = await list.refresh();
    const found = new Set(fresh.map((record) => record.source.id));
    absentFrom.set(fresh, new Set(unknown.filter((id) => !found.has(id))));
    return fresh;
  };
  return (batch: { fresh?: boolean; sourceIds: Iterable<string> }): Pick<SourceRepository, 'list'> => {
    // Once per batch: a second list() of a batch that asked for a fresh copy reads no more.
    let records: Promise<SourceRecord[]> | undefined;
    return {
      list: () => {
        records ??= read(batch);
        return records;
      },
    };
  };
}
