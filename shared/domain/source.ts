import * as z from 'zod';
import { SourceIdSchema } from './source-id.js';
import { timeZoneSchema } from './time.js';

/** CSS selectors that override the generic extractor field by field. */
export const SelectorsSchema = z
  .object({
    title: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    summary: z.string().min(1).optional(),
    body: z.string().min(1).optional(),
    /** Elements removed from the body before it is read (related news, share bars…). */
    remove: z.array(z.string().min(1)).default([]),
    /** On listing pages (kind `html`): the links to articles. */
    links: z.string().min(1).optional(),
  })
  .strict();
export type Selectors = z.infer<typeof SelectorsSchema>;

export const SourceKindSchema = z.enum(['feed', 'html', 'sitemap']);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const SourceSchema = z
  .object({
    id: SourceIdSchema,
    name: z.string().trim().min(1).max(200),
    homepage: z.url({ protocol: /^https?$/ }),
    kind: SourceKindSchema,
    /** Feed URLs (kind `feed`), listing pages (`html`) or sitemaps (`sitemap`). */
    urls: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .max(20),
    selectors: SelectorsSchema.optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)
      .default('vi'),
    timeZone: z._default(timeZoneSchema, 'Asia/Ho_Chi_Minh'),
    pollIntervalMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Most article pages fetched per poll: protects the paper and us from a runaway feed. */
    maxArticlesPerPoll: z.number().int().min(1).max(1000).default(50),
    enabled: z.boolean().default(true),
    /** Copy article images to Bantin's media store and serve them from there (papers refuse hotlinks). */
    rehostImages: z.boolean().default(true),
  })
  .strict();
export type Source = z.infer<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;
