/**
 * An administrator withdrawing an article: its paper took it down (a retraction, a legal
 * request) or it was stored by mistake. Found by id, feed GUID or address, withdrawn
 * (shared/ingest/withdrawal.ts: for a takedown, RFC 5005's archives do change), announced and
 * audited. A second withdrawal of the same article finishes what a first one cut short and
 * announces it again; it keeps the first's reason and time.
 */

import { feedPath } from '../domain/feed-listing.js';
import { toZonedIso } from '../domain/time.js';
import { parseOrThrow, ValidationError } from '../domain/validation.js';
import * as z from '../domain/zod.js';
import { canonicalizeUrl } from '../ingest/normalize/canonical-url.js';
import { articleIdFor } from '../ingest/normalize/identity.js';
import { restoreStored, withdrawStored } from '../ingest/withdrawal.js';
import type { ArticleEventPublisher, ArticleRepository, AuditLog } from '../ports.js';
import { recordAudit } from './audit.js';
import { AdminError } from './manage-sources.js';

export const WithdrawRequestSchema = z.strictObject({
  /** The article's id (24 hex digits, as feeds' GUIDs and events give it), or any address of it. */
  article: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048)),
  /** Why: kept on the entry and in the audit trail. */
  reason: z.string().check(z.trim(), z.minLength(3), z.maxLength(500)),
});
export type WithdrawRequest = z.infer<typeof WithdrawRequestSchema>;

export interface WithdrawDeps {
  articles: Pick<ArticleRepository, 'resolve' | 'withdraw' | 'restore'>;
  events: ArticleEventPublisher;
  audit: AuditLog;
  now: () => Date;
}

export interface WithdrawResult {
  articleId: string;
  title: string;
  withdrawnAt: string;
  /** False when it was withdrawn before (this call finished and announced it again). */
  newlyWithdrawn: boolean;
  /** The feeds it left, as paths under feeds/. */
  feeds: string[];
}

const ARTICLE_ID = /^(?:urn:bantin:article:)?([a-f0-9]{24})$/i;

/** The ids a request's `article` may name: an id (or a feed GUID), else an address's. */
function candidateIds(article: string): string[] {
  const id = ARTICLE_ID.exec(article)?.[1]?.toLowerCase();
  if (id) return [id];
  const canonical = /^https?:\/\//i.test(article) ? canonicalizeUrl(article) : undefined;
  if (!canonical) {
    throw new ValidationError('withdrawal', [
      { path: 'article', message: 'an article id (24 hex digits), its feed GUID, or its http(s) address' },
    ]);
  }
  // The stored alias is of the address as the paper linked it, or as canonicalized.
  return [...new Set([articleIdFor(canonical), articleIdFor(article)])];
}

/** The stored article a request names, or a 404. */
async function storedArticle(article: string, deps: Pick<WithdrawDeps, 'articles'>) {
  for (const id of candidateIds(article)) {
    const entry = await deps.articles.resolve(id);
    if (entry) return entry;
  }
  throw new AdminError('not-found', `no stored article "${article}"`);
}

export async function withdrawArticle(
  input: unknown,
  actor: string,
  deps: WithdrawDeps,
): Promise<WithdrawResult> {
  const request = parseOrThrow(WithdrawRequestSchema, input, 'withdrawal');
  const entry = await storedArticle(request.article, deps);
  const now = deps.now();
  const { newlyWithdrawn, withdrawal, feeds, event } = await withdrawStored(
    entry,
    { at: toZonedIso(now), reason: request.reason, by: actor },
    toZonedIso(now),
    deps,
  );
  await deps.events.publish([event]);
  await recordAudit(
    deps.audit,
    {
      actor,
      action: 'article.withdraw',
      target: `article:${entry.id}`,
      details: { reason: request.reason, url: entry.url, title: entry.title, newlyWithdrawn },
    },
    now,
  );
  return {
    articleId: entry.id,
    title: entry.title,
    withdrawnAt: withdrawal.at,
    newlyWithdrawn,
    feeds: feeds.map(feedPath),
  };
}

/**
 * Undoes a withdrawal (a mistaken click, a paper's 410 that was not for good): the article is
 * listed again where it was and announced as updated. An article not withdrawn is a 409.
 */
export async function restoreArticle(
  input: unknown,
  actor: string,
  deps: WithdrawDeps,
): Promise<{ articleId: string; title: string; feeds: string[] }> {
  const request = parseOrThrow(WithdrawRequestSchema, input, 'restoration');
  const entry = await storedArticle(request.article, deps);
  if (!entry.withdrawn) throw new AdminError('conflict', `article ${entry.id} is not withdrawn`);
  const now = deps.now();
  const { restored, feeds, event } = await restoreStored(entry, toZonedIso(now), deps);
  if (!restored) throw new AdminError('conflict', `article ${entry.id} is not withdrawn`);
  await deps.events.publish([event]);
  await recordAudit(
    deps.audit,
    {
      actor,
      action: 'article.restore',
      target: `article:${entry.id}`,
      before: { withdrawn: entry.withdrawn },
      details: { reason: request.reason, url: entry.url, title: entry.title },
    },
    now,
  );
  return { articleId: entry.id, title: entry.title, feeds: feeds.map(feedPath) };
}
