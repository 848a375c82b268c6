/**
 * Preview of a source configuration before it is saved: the same discovery, fetching and
 * extraction the ingest runs (shared/ingest/ingest-source.ts), on the first few articles of
 * the source's listing, returning every field, warning and reason an article would not be
 * stored. Nothing is written anywhere.
 */
import { mapWithConcurrency } from '../concurrency.js';
import type { Article } from '../domain/article.js';
import type { Source } from '../domain/source.js';
import { toZonedIso } from '../domain/time.js';
import { ValidationError } from '../domain/validation.js';
import type { DiscoveredLink } from '../ingest/discover/discover-links.js';
import type { ExtractedArticle } from '../ingest/extract/extract-article.js';
import type { FetchedResource, FetchOptions } from '../ingest/fetch/fetcher.js';
import { withoutRefusedImages } from '../ingest/images/refused-images.js';
import {
  buildArticle,
  discover,
  newPollRecord,
  type ReadPage,
  readArticlePage,
} from '../ingest/ingest-source.js';
import { type ArticleField, missingFields } from '../ingest/poll-health.js';
import { type PageSnapshot, pageSnapshot } from './page-snapshot.js';
import { type Issue, type SourceChecks, validateSource } from './validate-source.js';

export interface PreviewDeps {
  fetch: (url: string, options?: FetchOptions) => Promise<FetchedResource>;
  checks: SourceChecks;
  now?: () => Date;
}

export interface PreviewOptions {
  /** How many articles of the listing to fetch and extract (1-5). */
  articles?: number;
  /** Preview this article page instead of the listing's first ones. */
  articleUrl?: string;
}

export interface ArticlePreview {
  /** The link as the listing gave it. */
  url: string;
  /** The page's address after redirects. */
  finalUrl?: string;
  /** Whether ingest would store this article. */
  ok: boolean;
  /** Why the page could not be fetched or read. */
  error?: string;
  /** Exactly what would be stored. */
  article?: Article;
  /** The extractor's own output, before the listing's values fill gaps. */
  extracted?: ExtractedArticle;
  /** Why the article would not be stored (field path and reason). */
  problems: Issue[];
  /** Fields it lacks as source health counts them: an article lacking any counts towards `selectors-broken`. */
  missing: ArticleField[];
  warnings: string[];
  page?: PageSnapshot;
}

export interface PreviewResult {
  source: Source;
  listing: {
    ok: boolean;
    error?: string;
    httpStatus?: number;
    linksFound: number;
    links: DiscoveredLink[];
    /** What discovery noticed (e.g. a listing page without article links). */
    warnings: string[];
  };
  articles: ArticlePreview[];
  durationMs: number;
}

const MAX_ARTICLES = 5;
const LINKS_SHOWN = 30;
/** Per request: the whole preview must answer within the API's 30 seconds. */
const FETCH_TIMEOUT_MS = 8_000;
/**
 * Within those 30 seconds: no page is fetched after PREVIEW_FETCH_BY_MS, nor read after
 * PREVIEW_READ_BY_MS (reading a 10 MB page of 100,000 boxes takes seconds of CPU; three read at
 * once took the preview to 35 s). The articles left out say why.
 */
export const PREVIEW_FETCH_BY_MS = 12_000;
export const PREVIEW_READ_BY_MS = 18_000;

/**
 * Fills what a preview can do without (id, name, homepage) so a configuration can be tried
 * before it is named; the rest is validated as on save, private addresses included.
 */
export async function previewSource(
  input: unknown,
  deps: PreviewDeps,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  const source = await validateSource(withPreviewDefaults(input), deps.checks);
  const elapsed = () => Date.now() - started;
  const outOfTime = (what: string, byMs: number) =>
    new Error(`not ${what}: the preview's first ${byMs / 1000} s were spent (it must answer within 30 s)`);
  const fetchDeps = {
    allowLoopback: deps.checks.allowLoopback,
    fetch: async (url: string, fetchOptions?: FetchOptions) => {
      if (elapsed() > PREVIEW_FETCH_BY_MS) throw outOfTime('fetched', PREVIEW_FETCH_BY_MS);
      const fetched = await deps.fetch(url, {
        ...fetchOptions,
        timeoutMs: Math.min(fetchOptions?.timeoutMs ?? FETCH_TIMEOUT_MS, FETCH_TIMEOUT_MS),
      });
      if (elapsed() > PREVIEW_READ_BY_MS) throw outOfTime('read', PREVIEW_READ_BY_MS);
      return fetched;
    },
  };

  const scratch = newPollRecord(toZonedIso(now()));
  let links: DiscoveredLink[] = [];
  const listing: PreviewResult['listing'] = {
    ok: true,
    linksFound: 0,
    links: [],
    warnings: scratch.warnings,
  };
  try {
    links = await discover(source, {}, scratch, fetchDeps);
    listing.httpStatus = scratch.httpStatus;
    listing.linksFound = links.length;
    listing.links = links.slice(0, LINKS_SHOWN);
    if (links.length === 0) listing.error = 'the listing gave no article link';
  } catch (error) {
    listing.ok = false;
    listing.error = message(error);
    listing.httpStatus = scratch.httpStatus;
  }

  let chosen: DiscoveredLink[];
  if (options.articleUrl) {
    const listed = links.find((l) => l.url === options.articleUrl);
    chosen = [
      listed ?? { url: options.articleUrl, title: '', summary: '', publishedAt: null, categories: [] },
    ];
  } else {
    chosen = links.slice(0, Math.max(1, Math.min(options.articles ?? 3, MAX_ARTICLES)));
  }

  // One at a time: pages are read (CPU) one after the other anyway, and each is read only while
  // the preview has time for it.
  const articles = await mapWithConcurrency(chosen, 1, (link) => previewArticle(link));
  return fitPreview({ source, listing, articles, durationMs: Date.now() - started });

  async function previewArticle(link: DiscoveredLink): Promise<ArticlePreview> {
    let read: ReadPage;
    try {
      read = await readArticlePage(source, link, fetchDeps);
    } catch (error) {
      return { url: link.url, ok: false, error: message(error), problems: [], missing: [], warnings: [] };
    }
    const preview: ArticlePreview = {
      url: link.url,
      finalUrl: read.url,
      ok: false,
      extracted: await withoutRefusedImages(read.extracted, fetchDeps.allowLoopback),
      problems: [],
      missing: missingFields(read.extracted, link),
      warnings: read.warnings,
      page: pageSnapshot(read.html, read.url, source.selectors, fetchDeps.allowLoopback),
    };
    try {
      const article = buildArticle(source, link, read, toZonedIso(now(), source.timeZone));
      preview.article = await withoutRefusedImages(article, fetchDeps.allowLoopback);
      preview.ok = true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      preview.problems = error.issues;
    }
    return preview;
  }
}

/**
 * The most a preview weighs as JSON: a Lambda function answers at most 6 MB, and five long pages
 * shown three ways each (the page, the extractor's output, the article) reached 70 MB.
 */
export const MAX_PREVIEW_BYTES = 5 * 1024 * 1024;

/** Halves the longest texts shown until the preview fits MAX_PREVIEW_BYTES; each cut one says so. */
function fitPreview(result: PreviewResult): PreviewResult {
  let bytes = jsonBytes(result);
  const texts = result.articles.flatMap(shownTexts);
  while (bytes > MAX_PREVIEW_BYTES && texts.length > 0) {
    const longest = texts.reduce((a, b) => (a.text().length >= b.text().length ? a : b));
    if (longest.text().length < 1_000) break;
    const before = jsonBytes(longest.text());
    longest.cut();
    bytes -= before - jsonBytes(longest.text());
    // The notes added a little: the whole is measured again once the texts seem to fit.
    if (bytes <= MAX_PREVIEW_BYTES) bytes = jsonBytes(result);
  }
  return result;
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** The long texts of one article's preview, each able to cut itself in half and say so. */
function shownTexts(preview: ArticlePreview) {
  const { article, extracted, page } = preview;
  const fields = [
    ...(article ? (['contentHtml', 'contentText'] as const).map((key) => ({ owner: article, key })) : []),
    ...(extracted ? (['contentHtml', 'contentText'] as const).map((key) => ({ owner: extracted, key })) : []),
  ];
  const texts = fields.map(({ owner, key }) => ({
    text: () => owner[key],
    cut: () => {
      owner[key] = halved(owner[key]);
      note(preview, key);
    },
  }));
  if (!page) return texts;
  return [
    ...texts,
    ...(['html', 'text'] as const).map((key) => ({
      text: () => page[key],
      cut: () => {
        page[key] = halved(page[key]);
        page.truncated = true;
        note(preview, `page.${key}`);
      },
    })),
  ];
}

function halved(text: string): string {
  return `${text.slice(0, Math.floor(text.length / 2)).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

function note(preview: ArticlePreview, field: string): void {
  const warning = `${field} shown cut to fit the preview (5 MB in all); the article is stored whole`;
  if (!preview.warnings.includes(warning)) preview.warnings.push(warning);
}

function withPreviewDefaults(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const given = input as Record<string, unknown>;
  const first = Array.isArray(given.urls) && typeof given.urls[0] === 'string' ? given.urls[0] : undefined;
  let homepage: string | undefined;
  try {
    homepage = first ? new URL('/', first).href : undefined;
  } catch {
    homepage = undefined;
  }
  return {
    ...given,
    id: given.id || 'preview',
    name: given.name || 'Xem trước',
    ...(given.homepage || !homepage ? {} : { homepage }),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
