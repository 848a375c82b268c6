/**
 * Reads the header of a feedparser test feed (tests/fixtures/feedparser-tests) and translates
 * the simple `Expect:` expressions into checks on Bantin's ParsedFeed. Only the fields Bantin
 * uses are translated, with `==` against string literals (or, for `*_parsed`, date tuples),
 * joined by `and`; `bozo` clauses are dropped. Anything else makes the whole case untranslated.
 */
import * as cheerio from 'cheerio';
import { DateTime } from 'luxon';
import { parseFeedDate } from '../../shared/ingest/date/parse-date.js';
import type { FeedItem, ParsedFeed } from '../../shared/ingest/feed-parser/parsed-feed.js';

export interface CaseHeader {
  description: string;
  expect: string;
  /** `Header: Name: value` lines, names lower-cased. */
  headers: Record<string, string>;
  skipUnless?: string;
}

/** The header comment, read as bytes with NULs dropped (UTF-16/32 files keep it ASCII). */
export function readCaseHeader(bytes: Uint8Array): CaseHeader | undefined {
  const text = Buffer.from(bytes).toString('latin1').replace(/\0/g, '');
  const description = /Description:\s*(.*)/.exec(text)?.[1]?.trim();
  const expect = /Expect:\s*(.*)/.exec(text)?.[1]?.trim();
  if (description === undefined || expect === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const match of text.matchAll(/^\s*Header:\s*([\w-]+):[ \t]*(.*)$/gm)) {
    headers[match[1]!.toLowerCase()] = match[2]!.trim();
  }
  const skipUnless = /SkipUnless:\s*(.*)/.exec(text)?.[1]?.trim();
  return { description, expect, headers, skipUnless };
}

// ---------------------------------------------------------------------------------------------
// A tokenizer and parser for the small part of Python the translatable expressions use.

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'punct'; value: string };

function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const string = /^[uUbB]?(['"])/.exec(rest);
    if (string) {
      const quote = string[1]!;
      let j = string[0].length;
      let value = '';
      for (; j < rest.length && rest[j] !== quote; j++) {
        if (rest[j] !== '\\') {
          value += rest[j];
          continue;
        }
        const escaped = rest[++j];
        const hex = (length: number) => {
          const digits = rest.slice(j + 1, j + 1 + length);
          j += length;
          return String.fromCodePoint(Number.parseInt(digits, 16));
        };
        if (escaped === 'x') value += hex(2);
        else if (escaped === 'u') value += hex(4);
        else if (escaped === 'U') value += hex(8);
        else if (escaped === 'n') value += '\n';
        else if (escaped === 't') value += '\t';
        else if (escaped === 'r') value += '\r';
        else if (escaped === '\\' || escaped === "'" || escaped === '"') value += escaped;
        else return undefined;
      }
      if (rest[j] !== quote) return undefined;
      tokens.push({ kind: 'string', value });
      i += j + 1;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    const punct = /^(==|[[\](),.+])/.exec(rest);
    if (!punct) return undefined;
    tokens.push({ kind: 'punct', value: punct[0] });
    i += punct[0].length;
  }
  return tokens;
}

type Operand =
  | { kind: 'path'; root: 'feed' | 'entry'; entry: number; keys: (string | number)[] }
  | { kind: 'string'; value: string }
  | { kind: 'tuple'; values: number[] };

type Clause = Operand[];

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isPunct(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'punct' && token.value === value;
  }
  private isName(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'name' && token.value === value;
  }
  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw new Untranslatable();
    this.at++;
  }

  /** The clauses of `a and b and …`, with `bozo` / `not bozo` clauses dropped. */
  expression(): Clause[] {
    const clauses: Clause[] = [];
    for (;;) {
      if (this.isName('not') && this.isName('bozo', 1)) this.at += 2;
      else if (this.isName('bozo')) this.at++;
      else clauses.push(this.clause());
      if (!this.peek()) return clauses;
      if (!this.isName('and')) throw new Untranslatable();
      this.at++;
    }
  }

  private clause(): Clause {
    if (this.isPunct('(') && !this.looksLikeTuple()) {
      this.at++;
      const inner = this.clause();
      this.expectPunct(')');
      return inner;
    }
    const operands = [this.operand()];
    while (this.isPunct('==')) {
      this.at++;
      operands.push(this.operand());
    }
    if (operands.length < 2) throw new Untranslatable();
    return operands;
  }

  private looksLikeTuple(): boolean {
    return this.peek(1)?.kind === 'number';
  }

  private operand(): Operand {
    const token = this.peek();
    if (!token) throw new Untranslatable();
    if (token.kind === 'string') {
      let value = '';
      for (;;) {
        const part = this.peek();
        if (part?.kind !== 'string') throw new Untranslatable();
        value += part.value;
        this.at++;
        if (!this.isPunct('+')) break;
        this.at++;
      }
      return { kind: 'string', value };
    }
    if (this.isPunct('(')) {
      this.at++;
      const values: number[] = [];
      for (;;) {
        const part = this.peek();
        if (part?.kind !== 'number') throw new Untranslatable();
        values.push(part.value);
        this.at++;
        if (this.isPunct(')')) break;
        this.expectPunct(',');
      }
      this.at++;
      return { kind: 'tuple', values };
    }
    if (token.kind !== 'name' || (token.value !== 'feed' && token.value !== 'entries')) {
      throw new Untranslatable();
    }
    this.at++;
    let entry = -1;
    if (token.value === 'entries') {
      this.expectPunct('[');
      const index = this.peek();
      if (index?.kind !== 'number' || index.value < 0) throw new Untranslatable();
      entry = index.value;
      this.at++;
      this.expectPunct(']');
    }
    const keys: (string | number)[] = [];
    for (;;) {
      if (this.isPunct('.') && this.peek(1)?.kind === 'name') {
        keys.push((this.peek(1) as { value: string }).value);
        this.at += 2;
      } else if (this.isPunct('[')) {
        const key = this.peek(1);
        if (!key || (key.kind !== 'string' && key.kind !== 'number')) throw new Untranslatable();
        keys.push(key.value);
        this.at += 2;
        this.expectPunct(']');
      } else {
        break;
      }
    }
    return { kind: 'path', root: token.value === 'feed' ? 'feed' : 'entry', entry, keys };
  }
}

class Untranslatable extends Error {}

// ---------------------------------------------------------------------------------------------
// Field mapping: feedparser result keys → Bantin's ParsedFeed.

type Field =
  | { on: 'feed'; name: 'title' | 'link' | 'language' }
  | {
      on: 'entry';
      entry: number;
      name: 'title' | 'link' | 'id' | 'summary' | 'content' | 'author' | 'published' | 'updated';
    }
  | { on: 'entry'; entry: number; name: 'publishedParsed' | 'updatedParsed' }
  | { on: 'entry'; entry: number; name: 'category'; index: number };

const FEED_FIELDS: Record<string, 'title' | 'link' | 'language'> = {
  title: 'title',
  'title_detail.value': 'title',
  link: 'link',
  language: 'language',
};

const ENTRY_FIELDS: Record<string, Exclude<Field & { on: 'entry' }, { name: 'category' }>['name']> = {
  title: 'title',
  'title_detail.value': 'title',
  link: 'link',
  id: 'id',
  guid: 'id',
  summary: 'summary',
  description: 'summary',
  'summary_detail.value': 'summary',
  'content.0.value': 'content',
  author: 'author',
  published: 'published',
  issued: 'published',
  updated: 'updated',
  modified: 'updated',
  date: 'updated',
  published_parsed: 'publishedParsed',
  issued_parsed: 'publishedParsed',
  updated_parsed: 'updatedParsed',
  modified_parsed: 'updatedParsed',
  date_parsed: 'updatedParsed',
};

function fieldOf(path: Extract<Operand, { kind: 'path' }>): Field {
  const key = path.keys.join('.');
  if (path.root === 'feed') {
    const name = FEED_FIELDS[key];
    if (!name) throw new Untranslatable();
    return { on: 'feed', name };
  }
  if (key === 'category') return { on: 'entry', entry: path.entry, name: 'category', index: 0 };
  const tag = /^tags\.(\d+)\.term$/.exec(key);
  if (tag) return { on: 'entry', entry: path.entry, name: 'category', index: Number(tag[1]) };
  const name = ENTRY_FIELDS[key];
  if (!name) throw new Untranslatable();
  return { on: 'entry', entry: path.entry, name };
}

/** One translated comparison: `check` says whether Bantin's parse satisfies it. */
export interface Assertion {
  text: string;
  check: (feed: ParsedFeed) => boolean;
}

/**
 * The assertions an Expect line translates to, or undefined when any part of it cannot be
 * translated (or when nothing but bozo checks is left).
 */
export function translateExpect(expression: string): Assertion[] | undefined {
  const tokens = tokenize(expression);
  if (!tokens) return undefined;
  let clauses: Clause[];
  try {
    clauses = new Parser(tokens).expression();
  } catch (error) {
    if (error instanceof Untranslatable) return undefined;
    throw error;
  }
  if (clauses.length === 0) return undefined;
  const assertions: Assertion[] = [];
  for (const clause of clauses) {
    const literals = clause.filter((operand) => operand.kind !== 'path');
    const paths = clause.filter((operand) => operand.kind === 'path');
    const [literal] = literals;
    if (literals.length !== 1 || !literal || paths.length === 0) return undefined;
    for (const path of paths) {
      let field: Field;
      try {
        field = fieldOf(path);
      } catch {
        return undefined;
      }
      const assertion = assertionFor(
        field,
        literal,
        `${path.root}${path.entry >= 0 ? `[${path.entry}]` : ''}.${path.keys.join('.')}`,
      );
      if (!assertion) return undefined;
      assertions.push(assertion);
    }
  }
  return assertions;
}

function assertionFor(
  field: Field,
  literal: Exclude<Operand, { kind: 'path' }>,
  label: string,
): Assertion | undefined {
  const text = `${label} == ${JSON.stringify(literal.kind === 'string' ? literal.value : literal.values)}`;
  if (field.name === 'publishedParsed' || field.name === 'updatedParsed') {
    if (literal.kind !== 'tuple' || literal.values.length < 6) return undefined;
    const [year, month, day, hour, minute, second] = literal.values as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const expected = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: 'UTC' });
    const key = field.name === 'publishedParsed' ? 'publishedAt' : 'updatedAt';
    return {
      text,
      check: (feed) => sameInstant(feed.items[field.entry]?.[key], expected),
    };
  }
  if (literal.kind !== 'string') return undefined;
  const expected = literal.value;
  if (field.on === 'feed') {
    const name = field.name;
    if (name === 'link') return { text, check: (feed) => sameUrl(feed.url, expected) };
    return { text, check: (feed) => sameText(feed[name], expected) };
  }
  const item = (feed: ParsedFeed): FeedItem | undefined => feed.items[field.entry];
  switch (field.name) {
    case 'title':
      return { text, check: (feed) => sameText(item(feed)?.title, expected) };
    case 'author':
      return { text, check: (feed) => sameText(item(feed)?.author, expected) };
    case 'id':
      return { text, check: (feed) => normalize(item(feed)?.guid ?? '') === normalize(expected) };
    case 'link':
      return { text, check: (feed) => sameUrl(item(feed)?.url, expected) };
    case 'summary':
      return { text, check: (feed) => sameSummary(item(feed)?.summary, expected) };
    case 'content':
      return {
        text,
        check: (feed) => {
          const html = item(feed)?.contentHtml;
          if (html === undefined) return false;
          const actual = htmlText(html);
          return actual === htmlText(expected) || actual === normalize(expected);
        },
      };
    case 'category':
      return {
        text,
        check: (feed) => normalize(item(feed)?.categories[field.index] ?? '') === normalize(expected),
      };
    case 'published':
    case 'updated': {
      // feedparser keeps the raw date text here; compare the instant it names.
      const iso = parseFeedDate(expected, 'UTC');
      if (!iso) return undefined;
      const key = field.name === 'published' ? 'publishedAt' : 'updatedAt';
      return { text, check: (feed) => sameInstant(item(feed)?.[key], DateTime.fromISO(iso)) };
    }
    default:
      return undefined;
  }
}

/** Bantin collapses whitespace and writes NFC; compare on the same terms. */
function normalize(value: string): string {
  return value.replace(/\s+/g, ' ').trim().normalize('NFC');
}

/** The text a reader sees in an HTML fragment (scripts and styles are not text). */
export function htmlText(html: string): string {
  const $ = cheerio.load(html, null, false);
  $('script, style, noscript, template').remove();
  $('p, div, br, li, tr, td, th, h1, h2, h3, h4, h5, h6, blockquote, figure, figcaption').after(' ');
  return normalize($.root().text());
}

/**
 * Bantin's titles and summaries are plain text; feedparser's are HTML when the feed says so.
 * Either reading of the expected value may match.
 */
function sameText(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  const value = normalize(actual);
  return value === normalize(expected) || value === htmlText(expected);
}

/** As sameText, and a summary made from long content may be cut short with an ellipsis. */
function sameSummary(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  if (sameText(actual, expected)) return true;
  const value = normalize(actual);
  return value.endsWith('…') && value.length > 1 && htmlText(expected).startsWith(value.slice(0, -1));
}

function sameUrl(actual: string | undefined, expected: string): boolean {
  if (actual === undefined) return false;
  const trimmed = expected.trim();
  try {
    return actual === new URL(trimmed).href;
  } catch {
    return actual === trimmed;
  }
}

function sameInstant(actual: string | null | undefined, expected: DateTime): boolean {
  if (!actual || !expected.isValid) return false;
  return DateTime.fromISO(actual, { setZone: true }).toMillis() === expected.toMillis();
}

// ---------------------------------------------------------------------------------------------
// How a case is fed to parseFeed, as the ingest pipeline would receive it.

/** Where upstream's harness serves the corpus; expected absolute URIs in HTTP cases use it. */
export const CORPUS_ORIGIN = 'http://127.0.0.1:8097/';

/**
 * The feed URL and text for a case. Files whose path contains `http` are HTTP cases: their
 * Content-Location sets the base URL and a Content-type charset wins over the bytes, as it does
 * in discoverFromFeed (RFC 7303).
 */
export function caseInput(
  relativePath: string,
  header: CaseHeader,
): { url: string; contentType: string | undefined } {
  const served = new URL(relativePath, CORPUS_ORIGIN).href;
  if (!relativePath.includes('http')) return { url: served, contentType: undefined };
  const location = header.headers['content-location'];
  let url = served;
  if (location) {
    try {
      url = new URL(location, served).href;
    } catch {
      url = served;
    }
  }
  return { url, contentType: header.headers['content-type'] ?? 'text/xml' };
}

const ENTRY_OPENING = /<((?:[\w.-]+:)?)(item|entry)(\s[^<>]*)?>/g;
const IDENTIFIER = [
  /<(?:[\w.-]+:)?(?:guid|id)\b[^<>]*>\s*(?:<!\[CDATA\[\s*)?[^<\s]/,
  /<(?:[\w.-]+:)?link\b[^<>]*>\s*(?:<!\[CDATA\[\s*)?[^<\s]/,
  /<(?:[\w.-]+:)?link\b[^<>]*\bhref\s*=\s*["']\s*[^"'\s]/,
];

/**
 * Bantin skips entries with neither a link nor an id (it could not fetch them, and the tests
 * pin that), while most feedparser cases are single entries without either. So that the other
 * fields of those entries can still be compared, each such entry gets a synthetic
 * `<guid isPermaLink="false">` (RSS) or `<id>` (Atom) in its own namespace prefix.
 */
export function identifyEntries(text: string): { text: string; identified: number } {
  const out: string[] = [];
  let copied = 0;
  let identified = 0;
  let index = 0;
  for (const match of text.matchAll(ENTRY_OPENING)) {
    const [opening, prefix = '', name, attributes = ''] = match;
    if (attributes.trimEnd().endsWith('/') || /\brdf:about\s*=/.test(attributes)) continue;
    const start = match.index + opening.length;
    const close = text.indexOf(`</${prefix}${name}`, start);
    const body = text.slice(start, close < 0 ? undefined : close);
    index++;
    if (IDENTIFIER.some((pattern) => pattern.test(body))) continue;
    const id = `urn:feedparser-case:entry-${index}`;
    const element =
      name === 'entry'
        ? `<${prefix}id>${id}</${prefix}id>`
        : `<${prefix}guid isPermaLink="false">${id}</${prefix}guid>`;
    out.push(text.slice(copied, start), element);
    copied = start;
    identified++;
  }
  out.push(text.slice(copied));
  return { text: out.join(''), identified };
}
