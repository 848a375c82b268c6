/**
 * The administrator's source use cases: create, read, update, delete, enable, disable and
 * "ingest now", each validated and written to the audit log. They change only source
 * configurations (and queue ingest and feed requests): stored articles are never touched here.
 */

import type { ArticleEntry } from '../domain/article-entry.js';
import type { IngestRequest } from '../domain/events.js';
import type { Source } from '../domain/source.js';
import type { SourceRecord } from '../domain/source-record.js';
import { toZonedIso } from '../domain/time.js';
import { ValidationError } from '../domain/validation.js';
import type {
  ArticleRepository,
  AuditLog,
  FeedRequestQueue,
  IngestQueue,
  SourceRepository,
} from '../ports.js';
import { recordAudit } from './audit.js';
import { type HealthView, healthOf } from './health-view.js';
import type { SourceChecks } from './validate-source.js';

// Source checks (selectors parsed with cheerio, the paper's address resolved) run only when a
// source is created or changed: loaded then, not at every cold start of the admin API.
async function validateSource(input: unknown, checks: SourceChecks): Promise<Source> {
  return (await import('./validate-source.js')).validateSource(input, checks);
}

/** A request the current state does not allow; `kind` decides the HTTP status. */
export class AdminError extends Error {
  constructor(
    /** `stale`: an edit of a revision another write replaced (HTTP 412). */
    readonly kind: 'not-found' | 'conflict' | 'stale',
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface SourceAdminDeps {
  sources: SourceRepository;
  articles: Pick<ArticleRepository, 'newest' | 'listed' | 'get'>;
  queue: IngestQueue;
  /** Asks the feed builder for a source's feeds: a new source's exist (empty) at once. */
  feedRequests: FeedRequestQueue;
  audit: AuditLog;
  checks: SourceChecks;
  now?: () => Date;
}

export interface SourceView {
  source: Source;
  health: HealthView;
  /** The configuration's revision (SourceRecord.revision): what an edit names to change only it. */
  revision: number;
}

function viewOf(record: SourceRecord, now: Date): SourceView {
  return { source: record.source, health: healthOf(record, now), revision: record.revision ?? 0 };
}

export class SourceAdmin {
  constructor(private readonly deps: SourceAdminDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async list(): Promise<SourceView[]> {
    const now = this.now();
    return (await this.deps.sources.list()).map((record) => viewOf(record, now));
  }

  /** One page of sources with their health; `next` continues it. */
  async page(query: { limit: number; cursor?: string }): Promise<{ views: SourceView[]; next?: string }> {
    const now = this.now();
    const { records, next } = await this.deps.sources.page(query);
    return {
      views: records.map((record) => viewOf(record, now)),
      ...(next ? { next } : {}),
    };
  }

  async get(id: string): Promise<SourceView> {
    const record = await this.deps.sources.get(id);
    if (!record) throw new AdminError('not-found', `no source "${id}"`);
    return viewOf(record, this.now());
  }

  async create(input: unknown, actor: string): Promise<SourceView> {
    const source = await validateSource(input, this.deps.checks);
    await this.refuseAnotherPapersId(source);
    // Revisions start at the creation's millisecond, not at 1: an edit naming a revision of a
    // source deleted and created again since (attack run 29: both "r1") is stale, not applied.
    if (!(await this.deps.sources.create(source, { firstRevision: this.now().getTime() }))) {
      throw new AdminError('conflict', `a source "${source.id}" exists already; update it with PUT instead`);
    }
    await recordAudit(
      this.deps.audit,
      { actor, action: 'source.create', target: target(source.id), after: source },
      this.now(),
    );
    await this.requestFeeds(source.id);
    return this.get(source.id);
  }

  /**
   * Replaces a source's configuration (its health is kept); the id cannot change, and a
   * configuration without `enabled` keeps the source on or off as it is. With `revisions` (the
   * one the editor read, or a list of them: If-Match), an edit, enable or disable saved since
   * makes it stale: nothing is written.
   */
  async update(
    id: string,
    input: unknown,
    actor: string,
    options: { revisions?: readonly number[] } = {},
  ): Promise<SourceView & { changed: boolean }> {
    const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    if (given.id !== undefined && given.id !== id) {
      throw new ValidationError('source', [
        { path: 'id', message: `must be "${id}", the source being updated (ids never change)` },
      ]);
    }
    const record = await this.deps.sources.get(id);
    if (!record) throw new AdminError('not-found', `no source "${id}"`);
    const read = record.source;
    const stale = () =>
      new AdminError(
        'stale',
        `source "${id}" was changed since revision ${options.revisions?.join(', ') || '(none named)'}: read it again and redo the edit`,
      );
    // The revision the edit names, which the write holds it to (a write in between makes it stale).
    const revision = options.revisions ? (record.revision ?? 0) : undefined;
    if (revision !== undefined && !options.revisions!.includes(revision)) throw stale();
    // A configuration that does not say whether the source is on keeps it as it is, at the write:
    // the README's file, or a form opened before a disable, must not switch a disabled paper back
    // on, nor undo a disable that lands between this read and the write.
    const keepEnabled = given.enabled === undefined;
    const source = await validateSource(
      { ...given, id, ...(keepEnabled ? { enabled: read.enabled } : {}) },
      this.deps.checks,
    );
    let changed = JSON.stringify(read) !== JSON.stringify(source);
    if (changed) {
      // What the write replaced, not what was read: an edit saved in between is the audit's "before".
      const before = await this.deps.sources.replace(source, { keepEnabled, revision });
      if (before === 'stale') throw stale();
      if (!before) throw new AdminError('not-found', `no source "${id}"`);
      const after = keepEnabled ? { ...source, enabled: before.enabled } : source;
      changed = JSON.stringify(before) !== JSON.stringify(after);
      if (!changed) return { ...(await this.get(id)), changed };
      await recordAudit(
        this.deps.audit,
        { actor, action: 'source.update', target: target(id), before, after },
        this.now(),
      );
      // Its feeds carry its name and homepage.
      await this.requestFeeds(id);
    }
    return { ...(await this.get(id)), changed };
  }

  async setEnabled(id: string, enabled: boolean, actor: string): Promise<SourceView & { changed: boolean }> {
    const before = await this.existing(id);
    if (before.enabled === enabled) return { ...(await this.get(id)), changed: false };
    // Only the switch: a whole configuration written back would undo an edit saved meanwhile.
    const switched = await this.deps.sources.setEnabled(id, enabled);
    if (!switched) throw new AdminError('not-found', `no source "${id}"`);
    // Another call switched it between the read and the write: that call's entry, not this one's.
    if (switched.changed) {
      const after = switched.source;
      // The switch is all it changed: the "before" is the configuration written, switched back (an
      // edit saved between the read and the write is that edit's entry, not this one's).
      await recordAudit(
        this.deps.audit,
        {
          actor,
          action: enabled ? 'source.enable' : 'source.disable',
          target: target(id),
          before: { ...after, enabled: !enabled },
          after,
        },
        this.now(),
      );
    }
    return { ...(await this.get(id)), changed: switched.changed };
  }

  /**
   * Deletes a disabled source's configuration and health. Its articles stay stored and in the
   * feeds: deleting a source must not rewrite what aggregators already have.
   */
  async remove(id: string, actor: string): Promise<{ deleted: string }> {
    const before = await this.existing(id);
    if (before.enabled) {
      throw new AdminError('conflict', `source "${id}" is enabled: disable it first, then delete it`);
    }
    if (!(await this.deps.sources.remove(id))) throw new AdminError('not-found', `no source "${id}"`);
    await recordAudit(
      this.deps.audit,
      { actor, action: 'source.delete', target: target(id), before },
      this.now(),
    );
    // Its feeds stay with its articles; the feed directory (OPML) stops listing it.
    await this.requestFeeds(id);
    return { deleted: id };
  }

  /** Queues a poll of the source now (reason `manual`); its result shows in the source's health. */
  async ingestNow(id: string, actor: string): Promise<IngestRequest> {
    const source = await this.existing(id);
    if (!source.enabled) throw new AdminError('conflict', `source "${id}" is disabled: enable it first`);
    const request: IngestRequest = { sourceId: id, requestedAt: toZonedIso(this.now()), reason: 'manual' };
    await this.deps.queue.send([request]);
    await recordAudit(
      this.deps.audit,
      { actor, action: 'source.ingest', target: target(id), details: { requestedAt: request.requestedAt } },
      this.now(),
    );
    return request;
  }

  async recentArticles(id: string, limit: number): Promise<ArticleEntry[]> {
    await this.existing(id);
    return this.deps.articles.newest({ kind: 'source', sourceId: id }, limit);
  }

  /**
   * An id whose articles are stored (its source deleted since) names that paper: its feed, its
   * articles' credits, and readers' and webhooks' choices follow the id. Given to a paper of
   * another site, all of those would pass to it without a word (attack run 37): refused. The
   * same paper added again under its id (a site whose host is its articles') is welcome.
   */
  private async refuseAnotherPapersId(source: Source): Promise<void> {
    const url = await this.paperAddress(source.id);
    if (!url) return;
    const site = (address: string) => {
      try {
        return new URL(address).host.toLowerCase().replace(/^www\./, '');
      } catch {
        return address;
      }
    };
    if (site(url) === site(source.homepage)) return;
    throw new AdminError(
      'conflict',
      `the id "${source.id}" belonged to a paper at ${site(url)} whose articles are stored under it ` +
        `(its feed, credits and readers' choices follow the id); choose another id for ${site(source.homepage)}`,
    );
  }

  /**
   * An address of an article the paper of this id published: one stored under it, else its copy
   * of another paper's story that its feed lists (a paper whose every article was a copy).
   */
  private async paperAddress(sourceId: string): Promise<string | undefined> {
    const scope = { kind: 'source' as const, sourceId };
    const [own] = await this.deps.articles.newest(scope, 1);
    if (own) return own.url;
    const [listed] = await this.deps.articles.listed(scope, { order: 'newest-first', limit: 1 });
    const story = listed && (await this.deps.articles.get(listed.articleId));
    return story?.alsoPublishedBy?.find((copy) => copy.sourceId === sourceId)?.url;
  }

  private async requestFeeds(sourceId: string): Promise<void> {
    await this.deps.feedRequests.send([
      { type: 'feeds.requested', sourceId, requestedAt: toZonedIso(this.now()) },
    ]);
  }

  private async existing(id: string): Promise<Source> {
    const record = await this.deps.sources.get(id);
    if (!record) throw new AdminError('not-found', `no source "${id}"`);
    return record.source;
  }
}

export const target = (sourceId: string) => `source:${sourceId}`;
