/**
 * Independent judges of Bantin's feeds: Python's feedparser (Debian's python3-feedparser, run
 * by /usr/bin/python3), the W3C Feed Validation Service's own code (tests/tools/feedvalidator,
 * with Debian's python3-html5lib, python3-rdflib and python3-lxml), `jing` with RFC 4287's
 * RELAX NG schema for Atom, and a zod schema of JSON Feed 1.1 written from the spec
 * (https://www.jsonfeed.org/version/1.1/).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { fixturesDir } from './fixtures.js';

export const PYTHON = '/usr/bin/python3';
export const hasFeedparser = spawnSync(PYTHON, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0;
export const hasJing = spawnSync('jing', [], { stdio: 'ignore' }).error === undefined;
export const ATOM_SCHEMA = join(fixturesDir, 'schemas', 'atom-rfc4287.rnc');
const W3C_VALIDATOR = fileURLToPath(new URL('../tools/feedvalidator/validate.py', import.meta.url));
export const hasW3cValidator =
  spawnSync(PYTHON, ['-B', '-c', 'import html5lib, rdflib, lxml'], { stdio: 'ignore' }).status === 0;

export interface W3cReport {
  name: string;
  /** The validator's name for the format: 'RSS', 'Atom 1.0', 'OPML'. */
  type: string;
  /** Its "must" findings, as it prints them. */
  errors: string[];
  /** Its "should" findings. */
  warnings: string[];
}

/**
 * Validates documents with the W3C Feed Validation Service's code, in one child process. Each
 * document is judged as if fetched from `url` (default: its rel="self" link).
 */
export function w3cValidate(documents: { name: string; body: string; url?: string }[]): W3cReport[] {
  const result = spawnSync(PYTHON, ['-B', W3C_VALIDATOR, '--json'], {
    input: JSON.stringify(documents),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`feedvalidator failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as W3cReport[];
}

export interface ParsedByFeedparser {
  bozo: number;
  bozoException: string;
  version: string;
  title: string;
  links: { rel: string; href: string }[];
  /** Whether the document declares itself an RFC 5005 archive (fh:archive). */
  archive: boolean;
  entries: {
    id: string;
    title: string;
    link: string;
    /** UTC, from feedparser's *_parsed time tuples. */
    published: string | null;
    updated: string | null;
    author: string;
    tags: string[];
    enclosures: { href: string; type: string }[];
    summary: string;
    content: string;
    source: { title?: string; href?: string; id?: string };
  }[];
}

const SCRIPT = `
import calendar, datetime, json, sys, feedparser
def utc(t):
    return None if t is None else datetime.datetime.fromtimestamp(calendar.timegm(t), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
out = []
for doc in json.load(sys.stdin):
    d = feedparser.parse(doc)
    out.append({
        'bozo': int(d.bozo),
        'bozoException': str(d.get('bozo_exception', '')),
        'version': d.version,
        'title': d.feed.get('title', ''),
        'links': [{'rel': l.get('rel', ''), 'href': l.get('href', '')} for l in d.feed.get('links', [])],
        'archive': 'fh_archive' in d.feed or 'archive' in d.feed,
        'entries': [{
            'id': e.get('id', ''),
            'title': e.get('title', ''),
            'link': e.get('link', ''),
            'published': utc(e.get('published_parsed')),
            'updated': utc(e.get('updated_parsed')),
            'author': e.get('author', ''),
            'tags': [t.get('term', '') for t in e.get('tags', [])],
            'enclosures': [{'href': x.get('href', ''), 'type': x.get('type', '')} for x in e.get('enclosures', [])],
            'summary': e.get('summary', ''),
            'content': (e.get('content') or [{'value': ''}])[0]['value'],
            'source': {k: v for k, v in dict(e.get('source', {})).items() if k in ('title', 'href', 'id')},
        } for e in d.entries],
    })
print(json.dumps(out))
`;

/** Parses each document with feedparser, in one child process. */
export function feedparse(documents: string[]): ParsedByFeedparser[] {
  const result = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify(documents),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`feedparser failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ParsedByFeedparser[];
}

/** Validates Atom documents with jing against RFC 4287's schema; returns jing's error lines ([] when valid). */
export function jingErrors(documents: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bantin-jing-'));
  try {
    const files = Object.entries(documents).map(([name, body], i) => {
      const file = join(dir, `${i}-${name.replace(/[^a-z0-9.-]+/gi, '_')}.atom`);
      writeFileSync(file, body);
      return file;
    });
    const result = spawnSync('jing', ['-c', ATOM_SCHEMA, ...files], { encoding: 'utf8' });
    const errors = result.stdout.split('\n').filter((line) => line.includes('error'));
    if (result.status !== 0 && errors.length === 0) throw new Error(`jing failed: ${result.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.1, from the spec: required fields, types, and "must"s.

const rfc3339 = z.iso.datetime({ offset: true });
const url = z.url();
const author = z
  .object({ name: z.string().optional(), url: url.optional(), avatar: url.optional() })
  .refine((a) => a.name !== undefined || a.url !== undefined || a.avatar !== undefined, {
    message: 'an author must have at least one of name, url, avatar',
  });

const KNOWN_ITEM_KEYS = Object.fromEntries(
  [
    'id',
    'url',
    'external_url',
    'title',
    'content_html',
    'content_text',
    'summary',
    'image',
    'banner_image',
    'date_published',
    'date_modified',
    'authors',
    'tags',
    'language',
    'attachments',
  ].map((k) => [k, true]),
);

export const JsonFeedItemSchema = z
  .object({
    id: z.string().min(1),
    url: url.optional(),
    external_url: url.optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: url.optional(),
    banner_image: url.optional(),
    date_published: rfc3339.optional(),
    date_modified: rfc3339.optional(),
    authors: z.array(author).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
    attachments: z
      .array(
        z.object({
          url,
          mime_type: z.string(),
          title: z.string().optional(),
          size_in_bytes: z.number().optional(),
          duration_in_seconds: z.number().optional(),
        }),
      )
      .optional(),
  })
  .catchall(z.unknown())
  .superRefine((item, ctx) => {
    if (item.content_html === undefined && item.content_text === undefined)
      ctx.addIssue({ code: 'custom', message: 'an item must have content_html or content_text' });
    const unknown = Object.keys(item).filter((k) => !(k in KNOWN_ITEM_KEYS) && !k.startsWith('_'));
    if (unknown.length > 0)
      ctx.addIssue({ code: 'custom', message: `unknown item keys: ${unknown.join(', ')}` });
  });

export const JsonFeedSchema = z
  .object({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string().min(1),
    home_page_url: url.optional(),
    feed_url: url.optional(),
    description: z.string().optional(),
    user_comment: z.string().optional(),
    next_url: url.optional(),
    icon: url.optional(),
    favicon: url.optional(),
    authors: z.array(author).optional(),
    language: z.string().optional(),
    expired: z.boolean().optional(),
    hubs: z.array(z.object({ type: z.string().min(1), url })).optional(),
    items: z.array(JsonFeedItemSchema),
  })
  .and(z.object({}).catchall(z.unknown()))
  .superRefine((feed, ctx) => {
    const known = [
      'version',
      'title',
      'home_page_url',
      'feed_url',
      'description',
      'user_comment',
      'next_url',
      'icon',
      'favicon',
      'authors',
      'language',
      'expired',
      'hubs',
      'items',
    ];
    const unknown = Object.keys(feed).filter((k) => !known.includes(k) && !k.startsWith('_'));
    if (unknown.length > 0)
      ctx.addIssue({ code: 'custom', message: `unknown top-level keys: ${unknown.join(', ')}` });
    const ids = (feed as { items: { id: string }[] }).items.map((i) => i.id);
    if (new Set(ids).size !== ids.length)
      ctx.addIssue({ code: 'custom', message: 'item ids must be unique' });
  });
