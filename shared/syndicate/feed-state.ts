/**
 * What a feed's builder keeps between rebuilds (in the content store, beside the feeds): the
 * archive cut points, a revision for conditional writes, and the current window's articles.
 */
import * as z from 'zod';
import { type Article, ArticleSchema } from '../domain/article.js';
import type { BuildFeedsDeps } from './build-feeds.js';

const ArchiveStateSchema = z.object({
  boundaries: z.array(z.string().min(1)),
  /** Changes at every write, so a conditional write cannot mistake a rewrite for no change. */
  revision: z.number().int().nonnegative().default(0),
  /** The current window's articles as last rendered (read apart: a bad one only costs a reload). */
  window: z.array(z.unknown()).default([]),
});
export type ArchiveState = Omit<z.infer<typeof ArchiveStateSchema>, 'window'> & { window: Article[] };

export function parseState(value: unknown, path: string, deps: Pick<BuildFeedsDeps, 'log'>): ArchiveState {
  if (value === undefined) return { boundaries: [], revision: 0, window: [] };
  const parsed = ArchiveStateSchema.safeParse(value);
  if (parsed.success) {
    // An article of the window that no longer parses is loaded from the content store instead.
    const window = parsed.data.window.flatMap((item) => {
      const article = ArticleSchema.safeParse(item);
      return article.success ? [article.data] : [];
    });
    return { ...parsed.data, window };
  }
  // Cutting again from the oldest article gives the same pages, so the state is rebuilt, not trusted.
  deps.log?.('warn', 'unreadable archive state: pages are cut again', { feed: path });
  return { boundaries: [], revision: 0, window: [] };
}
