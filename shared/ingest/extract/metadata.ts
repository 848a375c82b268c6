/**
 * Evidence a page states about itself: `<meta>` tags (OpenGraph, article:*, Dublin Core,
 * itemprop), JSON-LD, the canonical link, `<base>` and the language.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { absoluteUrl } from '../../domain/web-url.js';
import { refusedByHost } from '../fetch/address-guard.js';
import { attr, type Element, elementsByName, rawText } from './dom.js';
import { stateScripts } from './page-state.js';
import { cleanText } from './text.js';

export interface LinkedData {
  headline: string;
  description: string;
  datePublished: string;
  dateModified: string;
  authors: string[];
  /** Organizations listed as authors ("20 Minutes avec AFP"): no person, but they may name an agency. */
  organizations: string[];
  sections: string[];
  language: string;
  url: string;
  /** The publisher's name (the paper: "Süddeutsche Zeitung"), which no byline names as its author. */
  publisher: string;
}

export interface PageMetadata {
  /** Meta values by lowercased `property`, `name` or `itemprop`, in document order. */
  meta: Map<string, string[]>;
  linkedData: LinkedData;
  canonicalUrl: string;
  /** The URL relative links resolve against (`<base href>` or the page URL). */
  baseUrl: string;
  language: string;
  /** The inline scripts that may hold the page's state (`__NEXT_DATA__`, `window._preloads`): page-state.ts. */
  stateScripts: readonly Element[];
}

const ARTICLE_TYPE = /article|posting|report|liveblog/i;

/** The first non-empty value among `keys`. */
export function metaValue(metadata: PageMetadata, ...keys: string[]): string {
  for (const key of keys) {
    for (const value of metadata.meta.get(key) ?? []) {
      const clean = cleanText(value);
      if (clean) return clean;
    }
  }
  return '';
}

export function metaValues(metadata: PageMetadata, ...keys: string[]): string[] {
  return keys
    .flatMap((key) => metadata.meta.get(key) ?? [])
    .map(cleanText)
    .filter(Boolean);
}

function readMetaTags(tags: readonly Element[]): Map<string, string[]> {
  const meta = new Map<string, string[]>();
  for (const el of tags) {
    const key = (attr(el, 'property') || attr(el, 'name') || attr(el, 'itemprop')).trim().toLowerCase();
    const content = el.attribs.content ?? el.attribs.value;
    if (!key || content === undefined) continue;
    const list = meta.get(key);
    if (list) list.push(content);
    else meta.set(key, [content]);
  }
  return meta;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function types(node: JsonObject): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

function flatten(value: unknown, out: JsonObject[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out, depth + 1);
  } else if (isObject(value)) {
    out.push(value);
    if (value['@graph']) flatten(value['@graph'], out, depth + 1);
    if (isObject(value.mainEntity)) flatten(value.mainEntity, out, depth + 1);
  }
}

function parseJson(text: string): unknown {
  const trimmed = text
    .trim()
    .replace(/^<!\[CDATA\[|\]\]>$/g, '')
    .replace(/^\/\*[\s\S]*?\*\/|\/\/\s*$/g, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      // Raw line breaks inside strings are the most common fault in hand-written JSON-LD.
      return JSON.parse(trimmed.replace(/[\r\n\t]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

/** A value's text: a string, or the first of a list, or an object's `@value` or `name`, a few levels down at most (a page may nest 50,000). */
function str(value: unknown, depth = 0): string {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'number') return String(value);
  if (depth >= 8) return '';
  if (Array.isArray(value)) return str(value[0], depth + 1);
  if (isObject(value)) return str(value['@value'] ?? value.name ?? '', depth + 1);
  return '';
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(cleanText(item));
    else if (isObject(item) && !types(item).some((t) => /organization/i.test(t))) out.push(str(item.name));
  }
  return out.filter((name) => name && !/^https?:/i.test(name));
}

function organizationNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((item) => isObject(item) && types(item).some((t) => /organization/i.test(t)))
    .map((item) => str((item as JsonObject).name))
    .filter(Boolean);
}

function readLinkedData(scripts: readonly Element[]): LinkedData {
  const nodes: JsonObject[] = [];
  for (const script of scripts) {
    if (attr(script, 'type').trim().toLowerCase() !== 'application/ld+json') continue;
    flatten(parseJson(rawText(script.children[0] ?? script)), nodes);
  }
  const article =
    nodes.find((n) => types(n).some((t) => ARTICLE_TYPE.test(t))) ??
    nodes.find((n) => n.datePublished !== undefined || n.headline !== undefined);
  if (!article) {
    return {
      headline: '',
      description: '',
      datePublished: '',
      dateModified: '',
      authors: [],
      organizations: [],
      sections: [],
      language: '',
      url: '',
      publisher: '',
    };
  }
  const section = article.articleSection;
  return {
    headline: str(article.headline ?? article.name),
    description: str(article.description),
    datePublished: str(article.datePublished ?? article.dateCreated),
    dateModified: str(article.dateModified),
    authors: names(article.author ?? article.creator),
    organizations: organizationNames(article.author ?? article.creator),
    sections: (Array.isArray(section) ? section : [section]).map(str).filter(Boolean),
    language: str(article.inLanguage),
    url: str(article.url),
    publisher: publisherName(article.publisher),
  };
}

/** The name of a JSON-LD publisher: an object with a name, or the first of a list. */
function publisherName(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return cleanText(first).slice(0, 300);
  if (first && typeof first === 'object' && 'name' in first)
    return str((first as { name: unknown }).name).slice(0, 300);
  return '';
}

/** `vi-VN`, `en_us` → `vi-VN`, `en-US`; anything unrecognisable → ''. */
function normalizeLanguage(value: string): string {
  const m = /^\s*([a-z]{2,3})(?:[-_]([a-z]{2,4}))?\b/i.exec(value);
  if (!m) return '';
  const region = m[2] ? (m[2].length === 2 ? m[2].toUpperCase() : m[2]) : '';
  return region ? `${m[1]!.toLowerCase()}-${region}` : m[1]!.toLowerCase();
}

const METADATA_TAGS = new Set(['meta', 'script', 'base', 'html', 'link']);

export function readMetadata($: CheerioAPI, pageUrl: string): PageMetadata {
  // One walk over the page for every tag read here: faster than a selector query per tag.
  const tags = elementsByName($.root()[0]!, METADATA_TAGS);
  const metaTags = tags.get('meta') ?? [];
  const meta = readMetaTags(metaTags);
  const scripts = tags.get('script') ?? [];
  const linkedData = readLinkedData(scripts);
  const base = tags.get('base')?.find((el) => el.attribs.href !== undefined)?.attribs.href;
  const based = base && absoluteUrl(base, pageUrl, { allowFile: true });
  // A public page's base on a private or local address (attack run 28: "http://169.254.169.254/")
  // would point its links there: it is not followed.
  const baseUrl =
    (based && !(refusedByHost(based, false) && !refusedByHost(pageUrl, false)) && based) || pageUrl;
  const html = tags.get('html')?.[0];
  const httpLanguage = metaTags.find((el) => attr(el, 'http-equiv').toLowerCase() === 'content-language');
  const language =
    normalizeLanguage(html ? attr(html, 'lang') || attr(html, 'xml:lang') : '') ||
    normalizeLanguage(httpLanguage ? attr(httpLanguage, 'content') : '') ||
    normalizeLanguage(linkedData.language) ||
    normalizeLanguage(meta.get('og:locale')?.[0] ?? '');
  const metadata: PageMetadata = {
    meta,
    linkedData,
    canonicalUrl: '',
    baseUrl,
    language,
    stateScripts: stateScripts(scripts),
  };
  metadata.canonicalUrl = findCanonical(tags.get('link') ?? [], metadata, pageUrl);
  // A saved page (file://) resolves its relative links against the address it says it has.
  if (!base && !/^https?:/i.test(pageUrl) && metadata.canonicalUrl) metadata.baseUrl = metadata.canonicalUrl;
  return metadata;
}

function findCanonical(links: readonly Element[], metadata: PageMetadata, pageUrl: string): string {
  const canonical = links.find((el) => attr(el, 'rel').toLowerCase().split(/\s+/).includes('canonical'));
  const link = canonical ? attr(canonical, 'href') : '';
  for (const candidate of [link, metaValue(metadata, 'og:url'), metadata.linkedData.url]) {
    const url = candidate && absoluteUrl(candidate, metadata.baseUrl, { allowFile: true });
    if (!url || !/^https?:/.test(url)) continue;
    // A canonical pointing at the home page of an article is a site-wide template mistake.
    if (new URL(url).pathname === '/' && safePath(pageUrl) !== '/') continue;
    return url;
  }
  return '';
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
