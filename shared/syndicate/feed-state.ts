/**
 * What a feed's builder keeps between rebuilds (in the content store, beside the feeds): the
 * archive cut points, a revision for conditional writes, the current window's items as the
 * renderers need them (sanitized, capped: no body is read or sanitized again while an item
 * stays in the window, nor those of the newest archive page), a hash of each current feed file
 * as last written, and which articles the newest archive pages held when rendered.
 */
import { createHash } from 'node:crypto';
import * as z from '../domain/zod.js';
import type { BuildFeedsDeps } from './build-feeds.js';
import { type FeedSource, PREPARATION, type Prepared } from './render/feed-article.js';

/** One article of the window: its preparation, and its categories as stored (for the feed's title). */
export interface WindowItem {
  id: string;
  categories: string[];
  prepared: Prepared;
}

export interface FeedState {
  boundaries: string[];
  /** Changes at every write, so a conditional write cannot mistake a rewrite for no change. */
  revision: number;
  /** What the items were prepared with (see preparedWith): another value makes them worthless. */
  preparedWith: string;
  /** The current window, in listing order (newest first). */
  items: WindowItem[];
  /** The newest archive page's items: the next cut renders it again (its next-archive link) without reading them. */
  lastPage: WindowItem[];
  /** `{format}` → hash of the current feed file's bytes as this builder last wrote them. */
  files: Record<string, string>;
  /** The articles of the newest archive pages (at most RECENT_PAGES) as last rendered. */
  pages: ArchivePage[];
  /** When the feed was first built (RFC 3339): the date of a feed that has no article yet. */
  since?: string;
}

export interface ArchivePage {
  page: number;
  ids: string[];
}

/** Archive pages whose articles the state remembers: as many as one rebuild may cut. */
export const RECENT_PAGES = 20;

const StateSchema = z.object({
  boundaries: z.array(z.string().check(z.minLength(1))),
  revision: z._default(z.int().check(z.nonnegative()), 0),
  preparedWith: z._default(z.string(), ''),
  /** Read apart: a bad item only costs a read of its body. */
  items: z._default(z.array(z.unknown()), []),
  lastPage: z._default(z.array(z.unknown()), []),
  files: z._default(z.record(z.string(), z.string()), {}),
  pages: z._default(z.array(z.object({ page: z.int().check(z.positive()), ids: z.array(z.string()) })), []),
  since: z.optional(z.string()),
});

const SourceSchema = z.object({ name: z.string(), homepage: z.string(), feedUrl: z.optional(z.string()) });

const WindowItemSchema = z.object({
  id: z.string(),
  categories: z.array(z.string()),
  prepared: z.discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      article: z.object({
        id: z.string(),
        title: z.string(),
        summary: z.string(),
        contentHtml: z.string(),
        url: z.string(),
        publishedAt: z.string(),
        updatedAt: z.string(),
        author: z.string(),
        categories: z.array(z.string()),
        image: z.optional(z.object({ url: z.string(), type: z.string(), bytes: z.optional(z.number()) })),
        language: z.string(),
        source: SourceSchema,
      }),
    }),
    z.object({ ok: z.literal(false), id: z.string(), reason: z.string() }),
  ]),
});

const EMPTY: FeedState = {
  boundaries: [],
  revision: 0,
  preparedWith: '',
  items: [],
  lastPage: [],
  files: {},
  pages: [],
};

/**
 * The stored state, or an empty one (none yet, or unreadable: the pages are cut again from the
 * index, which gives the same pages, and the window's bodies are read again).
 */
export function parseState(value: unknown, path: string, deps: Pick<BuildFeedsDeps, 'log'>): FeedState {
  if (value === undefined) return structuredClone(EMPTY);
  const parsed = StateSchema.safeParse(value);
  if (!parsed.success) {
    deps.log?.('warn', 'unreadable feed state: pages are cut again', { feed: path });
    return structuredClone(EMPTY);
  }
  // An item that no longer parses is loaded from the content store instead.
  const itemsOf = (values: unknown[]) =>
    values.flatMap((item) => {
      const result = WindowItemSchema.safeParse(item);
      return result.success ? [result.data as WindowItem] : [];
    });
  return { ...parsed.data, items: itemsOf(parsed.data.items), lastPage: itemsOf(parsed.data.lastPage) };
}

/**
 * Names what a preparation depends on besides the article: the credited papers and the
 * preparation's own version. Items prepared with anything else are prepared again from their bodies.
 */
export function preparedWith(papers: Record<string, FeedSource>): string {
  const sorted = Object.keys(papers)
    .sort()
    .map((id) => [id, papers[id]]);
  return contentHash(JSON.stringify([PREPARATION, sorted]));
}

/** A short, stable hash of a file's or a value's text (its UTF-8 bytes, or the bytes themselves). */
export function contentHash(text: string | Uint8Array): string {
  // A string is hashed as its UTF-8 bytes, so both forms of one file give one hash.
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}
