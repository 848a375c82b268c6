import { SourceIdSchema } from './source-id.js';
import { timeZoneSchema } from './time.js';
import { CONTROL_IN_URL_MESSAGE, hasControlCharacters, MAX_URL_LENGTH, urlRefusal } from './web-url.js';
import * as z from './zod.js';

/**
 * Bounds that keep a source, and the audit entry holding it before and after a change, well
 * within one DynamoDB item (400 KB): a larger one was refused by the table after the change.
 */
const MAX_SELECTOR = 1000;

const Selector = () => z.string().check(z.minLength(1), z.maxLength(MAX_SELECTOR));
/**
 * An http(s) URL as a browser writes it (`new URL(…).href`: spaces and quotes percent-encoded,
 * the host lower-cased): feeds carry the source's links, and a raw space or quote in one makes
 * every feed that credits the source invalid.
 */
const PageUrl = () =>
  z.pipe(
    // Before the URL check, which reads it as `new URL` does (dropping line breaks and tabs).
    z.string().check(
      z.refine((url) => !hasControlCharacters(url), CONTROL_IN_URL_MESSAGE),
      // Named before the URL check, which refuses a long one as no URL (newcomer run 49).
      z.maxLength(MAX_URL_LENGTH, `is longer than ${MAX_URL_LENGTH.toLocaleString('en')} characters`),
    ),
    PageUrlChecked(),
  );
const PageUrlChecked = () =>
  z.url({ protocol: /^https?$/, error: (issue) => urlRefusal(issue.input) }).check(
    // Checks run on after a failed one: an address `new URL` refuses (port 99999, a space in the
    // host) is left as it is, for the url check's own error.
    z.overwrite((url) => URL.parse(url)?.href ?? url),
    z.maxLength(
      MAX_URL_LENGTH,
      `is longer than ${MAX_URL_LENGTH.toLocaleString('en')} characters once encoded`,
    ),
  );

/** CSS selectors that override the generic extractor field by field. */
export const SelectorsSchema = z.strictObject({
  title: z.optional(Selector()),
  date: z.optional(Selector()),
  author: z.optional(Selector()),
  summary: z.optional(Selector()),
  body: z.optional(Selector()),
  /** Elements removed from the body before it is read (related news, share bars…). */
  remove: z._default(z.array(Selector()).check(z.maxLength(50)), []),
  /** On listing pages (kind `html`): the links to articles. */
  links: z.optional(Selector()),
});
export type Selectors = z.infer<typeof SelectorsSchema>;

export const SourceKindSchema = z.enum(['feed', 'html', 'sitemap']);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const SourceSchema = z.strictObject({
  id: SourceIdSchema,
  name: z.trimmedString(1, 200),
  homepage: PageUrl(),
  kind: SourceKindSchema,
  /** Feed URLs (kind `feed`), listing pages (`html`) or sitemaps (`sitemap`). */
  urls: z.array(PageUrl()).check(z.minLength(1), z.maxLength(20)),
  selectors: z.optional(SelectorsSchema),
  language: z._default(z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/)), 'vi'),
  timeZone: z._default(timeZoneSchema, 'Asia/Ho_Chi_Minh'),
  pollIntervalMinutes: z._default(z.int().check(z.gte(1), z.lte(24 * 60)), 15),
  /** Most article pages fetched per poll: protects the paper and us from a runaway feed. */
  maxArticlesPerPoll: z._default(z.int().check(z.gte(1), z.lte(1000)), 50),
  enabled: z._default(z.boolean(), true),
  /** Copy article images to Bantin's media store and serve them from there (papers refuse hotlinks). */
  rehostImages: z._default(z.boolean(), true),
  /**
   * Query parameters of the paper's links that choose an article: never dropped from a link, even
   * where the pages' canonical URLs leave them out (ingest learns such parameters as choosing
   * nothing, the source's health lists them: naming one here undoes it).
   */
  keepLinkParams: z.optional(
    z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))).check(z.maxLength(20)),
  ),
});
export type Source = z.infer<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;
