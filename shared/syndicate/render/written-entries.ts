/**
 * Entries as written, kept by their content. A rebuild writes each feed it touches whole, in
 * three formats, though nearly every one of its 50 entries is one it wrote before (a feed gains
 * a few articles a rebuild, and the same article sits in several feeds). An entry is kept as the
 * UTF-8 bytes it becomes in the file, so a feed is joined from bytes, never built as one long
 * text. Finding an entry again costs one JSON.stringify of the article, shared by the three
 * formats; the writers are pure functions of the article, so an equal article gives the same
 * bytes. Kept for the life of the process (a warm function's next rebuilds), within a bound.
 */
import type { FeedArticle } from './feed-article.js';
import type { FeedFormat } from './feed-document.js';

/** Bytes held (the articles' texts and their entries) before the least recently used go. */
export const writtenEntriesLimit = { bytes: 32 * 1024 * 1024 };

interface Kept {
  /** The article as JSON: an entry serves only an article whose text is equal. */
  text: string;
  /** By format, and for Atom by the updated the feed gave the entry (see distinctUpdates in atom.ts). */
  written: Record<string, Buffer>;
}

/** Each article's text, made once per object for the three formats. */
const texts = new WeakMap<FeedArticle, string>();
/** By article id and updatedAt (a short key: a Map hashes a long one at every lookup); least recently used first. */
const entries = new Map<string, Kept>();
let held = 0;

/**
 * The article's entry in `format` as UTF-8, written by `write` unless an equal article's is kept;
 * `variant` names what else the writing depends on (Atom: the entry's updated in that feed).
 */
export function writtenEntry(
  article: FeedArticle,
  format: FeedFormat,
  write: (article: FeedArticle) => string,
  variant = '',
): Buffer {
  let text = texts.get(article);
  if (text === undefined) {
    text = JSON.stringify(article);
    texts.set(article, text);
  }
  const key = `${article.id}\u0000${article.updatedAt}`;
  let entry = entries.get(key);
  if (entry) {
    entries.delete(key);
    if (entry.text !== text) {
      held -= size(entry);
      entry = undefined;
    }
  }
  if (!entry) {
    entry = { text, written: {} };
    held += text.length * 2;
  }
  entries.set(key, entry);
  const slot = variant ? `${format} ${variant}` : format;
  let written = entry.written[slot];
  if (written === undefined) {
    written = Buffer.from(write(article));
    entry.written[slot] = written;
    held += written.byteLength;
    letGo();
  }
  return written;
}

/** Drops the least recently used entries (never the one just used) while over the bound. */
function letGo(): void {
  for (const [key, entry] of entries) {
    if (held <= writtenEntriesLimit.bytes || entries.size <= 1) return;
    entries.delete(key);
    held -= size(entry);
  }
}

/** Bytes an entry holds (a text counted at two bytes a character). */
function size(entry: Kept): number {
  return (
    entry.text.length * 2 + Object.values(entry.written).reduce((sum, bytes) => sum + bytes.byteLength, 0)
  );
}

/** Lets every kept entry go (a benchmark of writing afresh). */
export function forgetWrittenEntries(): void {
  entries.clear();
  held = 0;
}

/** What is kept (tests). */
export function writtenEntriesHeld(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes: held };
}
