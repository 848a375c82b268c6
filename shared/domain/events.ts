import { z } from 'zod';
import { ArticleIdSchema } from './article.js';
import { SourceIdSchema } from './source.js';
import { isoInstantSchema } from './time.js';

/**
 * The event every stored article produces on the SNS topic. It carries keys, not bodies
 * (SNS messages are capped at 256 KB): consumers read the article from the store.
 */
export const ArticleEventSchema = z
  .object({
    type: z.enum(['article.published', 'article.updated']),
    articleId: ArticleIdSchema,
    sourceId: SourceIdSchema,
    canonicalUrl: z.url(),
    title: z.string(),
    categories: z.array(z.string()),
    language: z.string(),
    publishedAt: isoInstantSchema,
    occurredAt: isoInstantSchema,
  })
  .strict();
export type ArticleEvent = z.infer<typeof ArticleEventSchema>;

/** SNS message attributes for filter policies (subscribers pick sources, categories, languages). */
export function articleEventAttributes(event: ArticleEvent): Record<string, string | string[]> {
  return {
    kind: event.type,
    sourceId: event.sourceId,
    language: event.language,
    category: event.categories.length > 0 ? event.categories : ['none'],
  };
}

/** The message plan-ingest puts on the ingest queue: poll this source now. */
export const IngestRequestSchema = z
  .object({
    sourceId: SourceIdSchema,
    requestedAt: isoInstantSchema,
    reason: z.enum(['schedule', 'manual']).default('schedule'),
  })
  .strict();
export type IngestRequest = z.infer<typeof IngestRequestSchema>;
