/**
 * The publication date a page keeps only in the state its scripts hand to the browser: Next.js's
 * `<script id="__NEXT_DATA__" type="application/json">`, Substack's `window._preloads =
 * JSON.parse("…")`, `window.__INITIAL_STATE__ = {…}`, Arc's `Fusion.globalContent = {…}` and the
 * like (probe 48: a Next.js page printing only "3 saacadood kahor", its date in `publishedAt`).
 *
 * Such a blob dates every article it lists (related stories, the most read): only the date of the
 * object that describes this page's article is read, the one whose title is the page's headline
 * or whose slug is the last segment of the page's address.
 */
import { attr, type Element, rawText } from './dom.js';

type JsonObject = Record<string, unknown>;

/** A script's text read at most: a page's state may weigh megabytes, most of it no date. */
const MAX_SCRIPT_CHARS = 8_000_000;
/** Objects visited at most in one page's state. */
const MAX_OBJECTS = 200_000;
/** Nesting followed at most. */
const MAX_DEPTH = 40;

/**
 * Keys naming the first publication, lowercased without "_" and "-", in order of preference
 * (the first publication before a publication date that may be a republication's).
 */
const PUBLISHED_KEYS = [
  'firstpublishedat',
  'firstpublished',
  'firstpublishdate',
  'firstpublisheddate',
  'datepublished',
  'publishedat',
  'publisheddate',
  'publishdate',
  'publishedtime',
  'publishtime',
  'publishedon',
  'publicationdate',
  'pubdate',
  'postdate',
];
const PUBLISHED_KEY_SET = new Set(PUBLISHED_KEYS);
/** Keys whose value names the article (`headlines: { basic }` is Arc's). */
const TITLE_KEY = /^(?:title|headline|headlines|name|seotitle|ogtitle|basic|main|text)$/;
/** Keys whose value is the article's address or its last segment. */
const SLUG_KEY = /^(?:slug|url|path|permalink|canonicalurl|canonical|link|href|websiteurl|canonicalpath)$/;

/** The texts of the scripts that may hold a page's state (not JSON-LD, not code loaded from elsewhere). */
export function stateScripts(scripts: readonly Element[]): Element[] {
  return scripts.filter((script) => {
    if (script.attribs.src !== undefined) return false;
    const type = attr(script, 'type').trim().toLowerCase();
    return type === '' || type === 'application/json' || /javascript|ecmascript/.test(type);
  });
}

const normKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/** A headline's words, to compare: lowercased, without punctuation. */
function normTitle(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** The JSON values a script's text holds: the whole text, `JSON.parse("…")`'s string, and `= {…}`. */
function jsonValues(text: string): unknown[] {
  const out: unknown[] = [];
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    const whole = tryParse(trimmed);
    if (whole !== undefined) return [fromDevalue(whole)];
  }
  // `JSON.parse("{\"post\": …}")`: a string literal holding the JSON.
  for (const m of text.matchAll(/JSON\.parse\(\s*("(?:[^"\\]|\\.)*")\s*\)/g)) {
    const inner = tryParse(m[1]!);
    if (typeof inner === 'string') {
      const value = tryParse(inner);
      if (value !== undefined) out.push(value);
    }
    if (out.length >= 8) return out;
  }
  // `window.__INITIAL_STATE__ = {…};`: an object literal, JSON or a script's (Nuxt 2's
  // `window.__NUXT__=(function(a,b){return {…}}(…))`, its keys unquoted, some values parameters).
  const assignment = /(?:=|\breturn)\s*\{/g;
  let m: RegExpExecArray | null;
  let tries = 0;
  // biome-ignore lint/suspicious/noAssignInExpressions: a regex walk
  while ((m = assignment.exec(text)) && tries++ < 16) {
    const start = m.index + m[0].length - 1;
    const end = objectEnd(text, start);
    if (end < 0) continue;
    const literal = text.slice(start, end + 1);
    const value = tryParse(literal) ?? readLiteral(literal);
    if (value !== undefined) {
      out.push(value);
      assignment.lastIndex = end + 1;
    }
  }
  return out;
}

/**
 * Nuxt 3's `__NUXT_DATA__` (devalue): one array whose first item is the state, every object's
 * and array's values given as indexes into it (`[["ShallowReactive",1],{"data":2},…]`). Other
 * values are returned as they are.
 */
function fromDevalue(value: unknown): unknown {
  if (!Array.isArray(value) || value.length < 2) return value;
  const root = value[0];
  const wrapped = Array.isArray(root) && typeof root[0] === 'string' && /Reactive|Ref$/.test(root[0]);
  const indexed = isObject(root) && Object.values(root).every((v) => Number.isInteger(v));
  if (!wrapped && !indexed) return value;
  const done = new Map<number, unknown>();
  let budget = MAX_OBJECTS;
  const at = (index: unknown, depth: number): unknown => {
    if (typeof index !== 'number' || index < 0 || index >= value.length || depth > MAX_DEPTH || budget-- < 0)
      return undefined;
    if (done.has(index)) return done.get(index);
    const item = value[index];
    let out: unknown = item;
    if (Array.isArray(item)) {
      // ["Reactive", i], ["Date", "…"]: a wrapper or a typed value; else a list of indexes.
      if (typeof item[0] === 'string') out = item[0] === 'Date' ? item[1] : at(item[1], depth + 1);
      else out = item.map((i) => at(i, depth + 1));
    } else if (isObject(item)) {
      const object: JsonObject = {};
      for (const [key, i] of Object.entries(item)) object[key] = at(i, depth + 1);
      out = object;
    }
    done.set(index, out);
    return out;
  };
  return at(0, 0);
}

/**
 * A script's object literal read as data: keys bare or quoted, strings in either quotes, numbers,
 * true, false, null; any other expression (a parameter's name, a call) reads as undefined.
 * Undefined when it is not such a literal.
 */
function readLiteral(text: string): unknown {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const quote = text[i++];
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] === '\\') {
        const c = text[i + 1]!;
        if (c === 'u') {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += c === 'n' ? '\n' : c === 't' ? '\t' : c;
        i += 2;
      } else out += text[i++];
    }
    i++;
    return out;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new Error('deep');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const object: JsonObject = {};
      for (space(); text[i] !== '}'; space()) {
        let key: string;
        if (text[i] === '"' || text[i] === "'") key = string();
        else {
          const m = /^[\w$]+/.exec(text.slice(i, i + 200));
          if (!m) throw new Error('key');
          key = m[0];
          i += key.length;
        }
        space();
        if (text[i++] !== ':') throw new Error(':');
        object[key] = value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error(',');
      }
      i++;
      return object;
    }
    if (c === '[') {
      i++;
      const list: unknown[] = [];
      for (space(); text[i] !== ']'; space()) {
        list.push(value(depth + 1));
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Error(',');
      }
      i++;
      return list;
    }
    if (c === '"' || c === "'") return string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|true|false|null|void 0|[\w$.]+)/i.exec(
      text.slice(i, i + 64),
    );
    if (!m) throw new Error('value');
    i += m[0].length;
    const word = m[0];
    if (word === 'true' || word === 'false') return word === 'true';
    if (/^-?\d/.test(word)) return Number(word);
    return word === 'null' ? null : undefined;
  };
  try {
    const out = value(0);
    return isObject(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Where the object literal opened at `start` closes (strings skipped), or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first publication key's value in `object` or one of its direct child objects. */
function publishedValue(object: JsonObject): string | undefined {
  const found = new Map<string, string>();
  const read = (o: JsonObject) => {
    for (const [key, value] of Object.entries(o)) {
      const k = normKey(key);
      if (!PUBLISHED_KEY_SET.has(k) || found.has(k)) continue;
      const date = dateValue(value);
      if (date) found.set(k, date);
    }
  };
  read(object);
  for (const value of Object.values(object)) if (isObject(value)) read(value);
  for (const key of PUBLISHED_KEYS) if (found.has(key)) return found.get(key);
  return undefined;
}

/** An ISO date ("2024-03-11T07:45:00.000Z", "2024-03-11 07:45:00") or a Unix time in s or ms, as text. */
function dateValue(value: unknown): string | undefined {
  if (typeof value === 'string') return /^\s*\d{4}-\d{2}-\d{2}/.test(value) ? value.trim() : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value < 1e11 ? value * 1000 : value;
    if (ms < Date.UTC(1995, 0, 1) || ms > Date.now() + 86_400_000) return undefined;
    return new Date(ms).toISOString();
  }
  return undefined;
}

/** Whether `object` (or a direct child object: Arc's `headlines.basic`) names the page's article. */
function namesArticle(object: JsonObject, titles: ReadonlySet<string>, slug: string): boolean {
  const matches = (o: JsonObject, deeper: boolean): boolean => {
    for (const [key, value] of Object.entries(o)) {
      const k = normKey(key);
      if (typeof value === 'string') {
        if (TITLE_KEY.test(k) && titles.has(normTitle(value))) return true;
        if (slug && SLUG_KEY.test(k) && lastSegment(value) === slug) return true;
      } else if (deeper && isObject(value) && TITLE_KEY.test(k) && matches(value, false)) return true;
    }
    return false;
  };
  return matches(object, true);
}

/** An address's or path's last non-empty segment, lowercased and decoded ("…/dekedda-berbera/" → "dekedda-berbera"). */
export function lastSegment(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1).replace(/\.(?:html?|php|aspx?)$/i, '');
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/**
 * The publication date, as the page's state writes it, of the object naming the page's article:
 * its title is one of `titles` (the headline, og:title), or its slug or address ends in the
 * page's address's last segment (a slug of a few words, not an id). Undefined when no script
 * holds such an object, or they disagree. `read` turns a raw value into the instant returned.
 */
export function stateDate(
  scripts: readonly Element[],
  titles: readonly string[],
  pageUrls: readonly string[],
  read: (raw: string) => string | null,
): string | undefined {
  const wanted = new Set(titles.map(normTitle).filter((t) => t.length >= 10));
  const slugs = pageUrls
    .map((url) => {
      try {
        return lastSegment(new URL(url).pathname);
      } catch {
        return '';
      }
    })
    // A slug of words ("dekedda-berbera-shixnadihii"), not a number or a short id.
    .filter((s) => /\p{L}/u.test(s) && /[-_]/.test(s) && s.length >= 12);
  const slug = slugs[0] ?? '';
  if (wanted.size === 0 && !slug) return undefined;
  const dates = new Set<string>();
  let visited = 0;
  const visit = (value: unknown, depth: number) => {
    if (depth > MAX_DEPTH || visited > MAX_OBJECTS) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    visited++;
    const date = publishedValue(value);
    const instant = date && namesArticle(value, wanted, slug) ? read(date) : null;
    if (instant) dates.add(instant);
    for (const child of Object.values(value)) if (typeof child === 'object') visit(child, depth + 1);
  };
  for (const script of scripts) {
    const text = rawText(script.children[0] ?? script);
    if (text.length > MAX_SCRIPT_CHARS) continue;
    // Cheap first: no publication key, nothing to parse.
    if (!/publi|pubdate|post_?date/i.test(text)) continue;
    for (const value of jsonValues(text)) visit(value, 0);
  }
  // Two objects naming the article with different dates (a story and its update's copy): no answer.
  return dates.size === 1 ? [...dates][0] : undefined;
}
