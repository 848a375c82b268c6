/**
 * Discovery from sitemaps for sources without a feed: XML sitemaps (with Google News
 * `news:publication_date` and `news:title` when present), sitemap indexes (the newest few child
 * sitemaps are followed, one level deep), gzipped sitemaps and plain-text ones. Links come out
 * newest first. Sitemaps are read with cheerio in XML mode, which never expands declared
 * entities; a sitemap that declares any is refused all the same.
 */
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio/slim';
import type { AnyNode, Element, Text } from 'domhandler';
import { parseFeedDate } from '../date/parse-date.js';
import { parseXml } from '../extract/parse-html.js';
import { decodeBody } from '../fetch/decode.js';
import type { FetchedResource } from '../fetch/fetcher.js';
import { canonicalizeUrl } from '../normalize/canonical-url.js';
import { type DiscoveredLink, laterUpdate, withoutListingStamps } from './discover-links.js';
import { MAX_SITEMAP_BYTES } from './limits.js';

/** Child sitemaps of an index read per poll: the newest ones hold the new articles. */
export const MAX_CHILD_SITEMAPS = 3;
/** The protocol's own limit of URLs per sitemap (its 50 MB is lowered: MAX_SITEMAP_BYTES). */
const MAX_ENTRIES = 50_000;
const MAX_UNCOMPRESSED_BYTES = MAX_SITEMAP_BYTES;

export interface ChildSitemap {
  url: string;
  lastmod: string | null;
}

export type ParsedSitemap =
  | { kind: 'urlset'; links: DiscoveredLink[] }
  | { kind: 'index'; sitemaps: ChildSitemap[] };

export class SitemapError extends Error {
  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(`${url}: ${message}`, options);
    this.name = 'SitemapError';
  }
}

export interface SitemapOptions {
  timeZone: string;
  /**
   * Fetches a child sitemap of an index (conditionally, as the caller keeps validators);
   * resolves to null when it has not changed since the last poll.
   */
  fetchChild: (url: string) => Promise<FetchedResource | null>;
  /**
   * A child that cannot be read (gone, too large, no sitemap): the others are read all the same,
   * as one listing of a source gone is a warning while the others answer.
   */
  onChildError: (url: string, error: unknown) => void;
}

export interface SitemapDiscovery {
  links: DiscoveredLink[];
  /** The resource was a sitemap index (whose children were read). */
  index: boolean;
  /** What the index listed that was not read, and why (for the poll's warnings). */
  notes: string[];
}

export async function discoverFromSitemap(
  resource: FetchedResource,
  options: SitemapOptions,
): Promise<SitemapDiscovery> {
  const sitemap = parseSitemap(resource, options.timeZone);
  if (sitemap.kind === 'urlset') return { links: sitemap.links, index: false, notes: [] };
  const site = siteOf(resource.url);
  const notes: string[] = [];
  // Another site's sitemap is not read (no fetch is made for an index's say-so: attack run 34).
  const elsewhere = sitemap.sitemaps.filter((child) => siteOf(child.url) !== site);
  if (elsewhere.length > 0) {
    notes.push(
      `${resource.url}: ${elsewhere.length === 1 ? '1 child sitemap' : `${elsewhere.length} child sitemaps`} on another site than the index's not read (${elsewhere[0]!.url}${elsewhere.length > 1 ? ', …' : ''})`,
    );
  }
  const children = newestFirst(
    sitemap.sitemaps.filter((child) => siteOf(child.url) === site),
    (child) => child.lastmod ?? dateInUrl(child.url, options.timeZone),
  ).slice(0, MAX_CHILD_SITEMAPS);
  const links: DiscoveredLink[] = [];
  const seen = new Set<string>();
  const failures: unknown[] = [];
  for (const child of children) {
    let parsed: ParsedSitemap;
    try {
      const fetched = await options.fetchChild(child.url);
      if (!fetched) continue;
      parsed = parseSitemap(fetched, options.timeZone);
    } catch (error) {
      failures.push(error);
      options.onChildError(child.url, error);
      continue;
    }
    // One level deep: an index inside an index is not followed, and said so.
    if (parsed.kind !== 'urlset') {
      const error = new SitemapError(
        child.url,
        'a sitemap index inside an index: not followed (one level deep)',
      );
      failures.push(error);
      options.onChildError(child.url, error);
      continue;
    }
    for (const link of parsed.links) {
      if (seen.has(link.url)) continue;
      seen.add(link.url);
      links.push(link);
    }
  }
  // Not one child read: the index fails as a listing would.
  if (children.length > 0 && failures.length === children.length) throw failures[0];
  return { links: newestFirst(links, (link) => link.publishedAt), index: true, notes };
}

export function parseSitemap(resource: FetchedResource, timeZone: string): ParsedSitemap {
  const text = sitemapText(resource);
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('<')) return { kind: 'urlset', links: textSitemap(start, resource.url) };
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0 && /<!ENTITY/i.test(text.slice(doctype))) {
    throw new SitemapError(resource.url, 'sitemaps with entity declarations are refused');
  }
  const $ = load(parseXml(text), { xml: true });
  const root = $.root()
    .children()
    .toArray()
    .find((node): node is Element => node.type === 'tag');
  const rootName = root ? localName(root) : '';
  if (!root || (rootName !== 'urlset' && rootName !== 'sitemapindex')) {
    throw new SitemapError(resource.url, `not a sitemap (root element <${root?.name ?? 'none'}>)`);
  }
  if (rootName === 'sitemapindex') {
    const sitemaps: ChildSitemap[] = [];
    for (const entry of childrenNamed(root, 'sitemap').slice(0, MAX_ENTRIES)) {
      const url = canonicalizeUrl(textOf(childNamed(entry, 'loc')), resource.url);
      if (url) sitemaps.push({ url, lastmod: parseFeedDate(textOf(childNamed(entry, 'lastmod')), timeZone) });
    }
    return { kind: 'index', sitemaps };
  }
  const links: DiscoveredLink[] = [];
  const seen = new Set<string>();
  // Every entry is read, then the newest MAX_ENTRIES kept: a sitemap past the protocol's 50,000
  // (the byte cap bounds it) appends its new URLs at the end as often as not (attack run 28).
  for (const entry of childrenNamed(root, 'url')) {
    const url = canonicalizeUrl(textOf(childNamed(entry, 'loc')), resource.url);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const news = childNamed(entry, 'news');
    // A site's sitemap lists its home and section pages too (attack run 33: each became an article).
    if (!news && isSectionAddress(url)) continue;
    const publication = news ? parseFeedDate(textOf(childNamed(news, 'publication_date')), timeZone) : null;
    const lastmod = parseFeedDate(textOf(childNamed(entry, 'lastmod')), timeZone);
    links.push({
      url,
      title: news ? textOf(childNamed(news, 'title')) : '',
      summary: '',
      publishedAt: publication ?? lastmod,
      categories: [],
      ...(publication ? laterUpdate(publication, lastmod) : {}),
    });
  }
  const newest = newestFirst(links, (link) => link.publishedAt).slice(0, MAX_ENTRIES);
  return { kind: 'urlset', links: withoutListingStamps(newest) };
}

/**
 * A home or section page's address, no article's: the site's root, or a short path of one or two
 * words and no number, without a query (`/`, `/thoi-su/`, `/kinh-te`). An article's is longer
 * (`/ha-nam-khoi-cong-du-an.html`), or numbered (`/tin/12345`, `?id=7`).
 */
export function isSectionAddress(url: string): boolean {
  const parsed = URL.parse(url);
  if (!parsed) return false;
  if (parsed.search !== '') return false;
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path === '') return true;
  if (path.length > 40) return false;
  const words = path.split(/[/_-]+/).filter(Boolean);
  return words.length <= 2 && words.every((word) => /^\p{L}+$/u.test(word));
}

/** Bytes to text: gunzipped when gzipped (capped), then decoded as every fetched body is. */
function sitemapText(resource: FetchedResource): string {
  let body = resource.body;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      body = gunzipSync(body, { maxOutputLength: MAX_UNCOMPRESSED_BYTES });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SitemapError(resource.url, `cannot gunzip the sitemap: ${reason}`, { cause: error });
    }
  }
  return decodeBody(body, resource.contentType);
}

/**
 * A text sitemap: one URL per line, the first MAX_ENTRIES lines read. Line by line: splitting 50
 * MB of newlines first made 52 million strings (1.6 GB) of a 50 KB gzip.
 */
function textSitemap(text: string, base: string): DiscoveredLink[] {
  const links: DiscoveredLink[] = [];
  const seen = new Set<string>();
  for (let start = 0, lines = 0; start <= text.length && lines < MAX_ENTRIES; lines++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    const url = /^https?:\/\//i.test(line) ? canonicalizeUrl(line, base) : undefined;
    if (!url || seen.has(url) || isSectionAddress(url)) continue;
    seen.add(url);
    links.push({ url, title: '', summary: '', publishedAt: null, categories: [] });
  }
  return links;
}

/** Sorted by date, newest first; undated entries keep their order, after the dated ones. */
function newestFirst<T>(entries: T[], dateOf: (entry: T) => string | null): T[] {
  return entries
    .map((entry, order) => {
      const date = dateOf(entry);
      return { entry, order, time: date ? Date.parse(date) : Number.NaN };
    })
    .sort((a, b) => {
      const aDated = !Number.isNaN(a.time);
      const bDated = !Number.isNaN(b.time);
      if (aDated && bDated && a.time !== b.time) return b.time - a.time;
      if (aDated !== bDated) return aDated ? -1 : 1;
      return a.order - b.order;
    })
    .map(({ entry }) => entry);
}

/** A year and month (and day) in a child sitemap's URL: `sitemap-2024-06.xml`, `/2024/06/`. */
function dateInUrl(url: string, timeZone: string): string | null {
  const match = /(?:^|[^\d])((?:19|20)\d{2})[-_/]?(0[1-9]|1[0-2])(?:[-_/]?(0[1-9]|[12]\d|3[01]))?(?!\d)/.exec(
    new URL(url).pathname,
  );
  if (!match) return null;
  return parseFeedDate(`${match[1]}-${match[2]}-${match[3] ?? '01'}`, timeZone);
}

function siteOf(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^(?:www|m)\./, '');
}

/** The element's name without its namespace prefix (`news:title` → `title`). */
function localName(element: Element): string {
  return element.name.slice(element.name.indexOf(':') + 1).toLowerCase();
}

function childrenNamed(element: Element, name: string): Element[] {
  return element.children.filter(
    (child): child is Element => child.type === 'tag' && localName(child as Element) === name,
  );
}

function childNamed(element: Element, name: string): Element | undefined {
  return childrenNamed(element, name)[0];
}

function textOf(node: AnyNode | undefined): string {
  return node ? rawText(node).replace(/\s+/g, ' ').trim().normalize('NFC') : '';
}

function rawText(node: AnyNode): string {
  if (node.type === 'text') return (node as Text).data;
  return 'children' in node ? (node.children as AnyNode[]).map(rawText).join('') : '';
}
