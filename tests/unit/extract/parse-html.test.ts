import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyNode } from 'domhandler';
import fc from 'fast-check';
import { Tokenizer } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { PageTokenizer, parseHtml } from '../../../shared/ingest/extract/parse-html.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith('.html') ? [path] : [];
  });
}

/** A tree as plain data: what a walk over it can see. */
function shape(node: AnyNode): unknown {
  const children = 'children' in node ? node.children.map(shape) : undefined;
  if ('attribs' in node) return [node.type, node.name, node.attribs, children];
  if ('data' in node) return [node.type, node.data];
  return [node.type, children];
}

const stock = (html: string | string[]) => shape(parseHtml(html, Tokenizer));
const ours = (html: string | string[]) => shape(parseHtml(html));

/** The tree of `html`, and how many characters String.prototype.indexOf went over to build it. */
function scannedWhileParsing(html: string): { scanned: number; tree: unknown } {
  const indexOf = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from = 0) {
    const at = indexOf.call(this, search, from);
    scanned += (at === -1 ? this.length : at) - from;
    return at;
  };
  try {
    const tree = ours(html);
    return { scanned, tree };
  } finally {
    String.prototype.indexOf = indexOf;
  }
}

/** Text cut into pieces at the given fractions of its length, as decodeBodyPieces cuts a page. */
function cut(text: string, at: number[]): string[] {
  const ends = [...new Set(at.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const end of [...ends, text.length]) {
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

describe('parseHtml', () => {
  it('uses its own tokenizer with this htmlparser2', () => {
    expect(PageTokenizer).not.toBe(Tokenizer);
  });

  it('builds the same tree as the stock tokenizer on every page of the fixtures, whole and in pieces', () => {
    const files = htmlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      expect(ours(html), file).toEqual(stock(html));
      const pieces = cut(html, [0.1, 0.33, 0.5, 0.9]);
      expect(ours(pieces), file).toEqual(stock(pieces));
    }
  });

  it('reads in linear time a text and an attribute value with many entities before their end', () => {
    // Looking for the end again after each entity would scan the rest of the piece each time.
    const entities = 'a&amp;'.repeat(20_000);
    for (const html of [`<p>${entities}`, `<p title="${entities}">x</p>`, `<p title='${entities}`]) {
      const { scanned, tree } = scannedWhileParsing(html);
      expect(scanned).toBeLessThan(5 * html.length);
      expect(tree).toEqual(stock(html));
    }
  });

  it('builds the same tree on any mix of markup, text, entities and the characters that end each', () => {
    const tokens = [
      '<script>',
      '<script type="application/ld+json">',
      '</script>',
      '</script',
      '<style>',
      '</style>',
      '<title>',
      '</title>',
      '<textarea>',
      '</textarea>',
      '<!--',
      '-->',
      '--->',
      '<![CDATA[',
      ']]>',
      '<!DOCTYPE html>',
      '<?xml?>',
      '<p class="a">',
      '<a href="/x?a=1&amp;b=2" title=\'it&#39;s\'>',
      '<img alt="a &lt; b" src=x&amp;y>',
      '<div data-x="',
      "<div data-y='",
      '=',
      '&#x41;',
      '&nbsp',
      '&notin;',
      '</p>',
      '<',
      '>',
      '-',
      '--',
      '&amp;',
      '&',
      '"',
      "'",
      'x',
      ' if (a < b) ',
      'văn bản',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...tokens), { maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        (parts, at) => {
          const html = parts.join('');
          expect(ours(html)).toEqual(stock(html));
          expect(ours(cut(html, at))).toEqual(stock(cut(html, at)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
