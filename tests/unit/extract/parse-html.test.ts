import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyNode } from 'domhandler';
import { textContent } from 'domutils';
import fc from 'fast-check';
import { DomHandler, Parser, Tokenizer } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { pageSnapshot } from '../../../shared/admin/page-snapshot.js';
import { discoverFromListing } from '../../../shared/ingest/discover/discover-from-listing.js';
import { parseSitemap } from '../../../shared/ingest/discover/discover-from-sitemap.js';
import {
  InnermostFirst,
  NestingSafeParser,
  nestingSafe,
} from '../../../shared/ingest/extract/nesting-safe-parser.js';
import {
  MAX_TREE_DEPTH,
  PARSER_OPTIONS,
  PageTokenizer,
  parseHtml,
  parseXml,
  XML_PARSER_OPTIONS,
} from '../../../shared/ingest/extract/parse-html.js';
import { htmlToText } from '../../../shared/ingest/feed-parser/item-fields.js';

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

/** htmlparser2 as it ships: its Parser (stacks included) and its Tokenizer. */
function stockTree(html: string | string[], options = PARSER_OPTIONS) {
  const handler = new DomHandler(undefined, options);
  const parser = new Parser(handler, options);
  for (const piece of typeof html === 'string' ? [html] : html) parser.write(piece);
  parser.end();
  return handler.root;
}

const stock = (html: string | string[]) => shape(stockTree(html));
const ours = (html: string | string[]) => shape(parseHtml(html));

/**
 * What `run` makes arrays do: the elements that unshift and shift move, and that indexOf and
 * lastIndexOf go over. htmlparser2's own stacks make that grow with the square of the nesting.
 */
function arrayWork(run: () => unknown): number {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const saved = {
    ...Object.fromEntries(['unshift', 'shift', 'indexOf', 'lastIndexOf'].map((k) => [k, proto[k]!])),
  };
  let work = 0;
  proto.unshift = function (this: unknown[], ...items: unknown[]) {
    work += this.length;
    return saved.unshift!.apply(this, items);
  };
  proto.shift = function (this: unknown[]) {
    work += Math.max(0, this.length - 1);
    return saved.shift!.apply(this);
  };
  proto.indexOf = function (this: unknown[], ...args: unknown[]) {
    const at = saved.indexOf!.apply(this, args) as number;
    work += at === -1 ? this.length : at + 1;
    return at;
  };
  proto.lastIndexOf = function (this: unknown[], ...args: unknown[]) {
    const at = saved.lastIndexOf!.apply(this, args) as number;
    work += at === -1 ? this.length : this.length - at;
    return at;
  };
  try {
    run();
  } finally {
    Object.assign(proto, saved);
  }
  return work;
}

/** Every node in document order with its depth: a tree compared without recursion. */
function preOrder(root: AnyNode): unknown[] {
  const nodes: unknown[] = [];
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    nodes.push([depth, node.type, 'name' in node ? node.name : 'data' in node ? node.data : '']);
    if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, depth + 1]);
    }
  }
  return nodes;
}

const depthOf = (root: AnyNode) => Math.max(...preOrder(root).map((entry) => (entry as [number])[0]));

/** Hostile nesting: n open elements, n closing tags that match none of them, n open <svg>s. */
const hostile = (n: number) =>
  `<html><body>${'<div>'.repeat(n)}<p>x</p>${'</span>'.repeat(n)}${'<svg>'.repeat(n)}</body></html>`;

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
  it('uses its own tokenizer and stacks with this htmlparser2', () => {
    expect(PageTokenizer).not.toBe(Tokenizer);
    expect(nestingSafe).toBe(true);
    const parser = new NestingSafeParser(null) as unknown as Record<string, unknown>;
    expect(parser.stack).toBeInstanceOf(InnermostFirst);
    expect(parser.foreignContext).toBeInstanceOf(InnermostFirst);
  });

  it('builds the same tree as the stock parser and tokenizer on every page of the fixtures, whole and in pieces', () => {
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
      // What the parser's stacks decide: implied closes, foreign content, stray closing tags.
      '<div>',
      '</div>',
      '</span>',
      '<li>',
      '</ul>',
      '<td>',
      '<svg>',
      '</svg>',
      '<path/>',
      '<foreignObject>',
      '</foreignObject>',
      '<br/>',
      '</br>',
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

  it('parses hostile nesting with array work that grows with the page, not its square', () => {
    const n = 5_000;
    const html = hostile(n);
    const unbounded = (parser: typeof Parser) => {
      const handler = new DomHandler(undefined, PARSER_OPTIONS);
      new parser(handler, PARSER_OPTIONS).end(html);
      return handler.root;
    };
    // The stock parser: about 3n²/2 element moves and scans.
    expect(arrayWork(() => unbounded(Parser))).toBeGreaterThan(n * n);
    let tree: ReturnType<typeof unbounded> | undefined;
    expect(arrayWork(() => (tree = unbounded(NestingSafeParser)))).toBeLessThan(20 * n);
    // The same tree: the text at the bottom of n <div>s, n nested <svg>s after it.
    expect(preOrder(tree!)).toEqual(preOrder(unbounded(Parser)));
    expect(depthOf(tree!)).toBe(2 * n + 2);
  });

  it('keeps NUL and other control characters out of texts and attribute values', () => {
    const tree = parseHtml('<p title="a\0b">Tin\0 mới\x01\x7F\tnhất\r\n</p>');
    const p = tree.children[0] as unknown as { attribs: Record<string, string> };
    expect(p.attribs.title).toBe('ab');
    expect(textContent(tree)).toBe('Tin mới\tnhất\r\n');
  });

  it('flattens nesting deeper than MAX_TREE_DEPTH to its text', () => {
    const tree = parseHtml(hostile(5_000));
    // The deepest element holds the text of all it held.
    expect(depthOf(tree)).toBe(MAX_TREE_DEPTH + 1);
    expect(textContent(tree).replace(/\s+/g, '')).toBe('x');
    // Markup as deep as a real page's is left as it is.
    const real = `${'<div>'.repeat(MAX_TREE_DEPTH - 2)}<p>a<b>b</b></p>`;
    expect(shape(parseHtml(real))).toEqual(stock(real));
  });

  it('builds the tree of the stock parser from XML documents (sitemaps), in linear time too', () => {
    const files = readdirSync(join(FIXTURES, 'discover')).filter((name) => name.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(2);
    for (const name of files) {
      const xml = readFileSync(join(FIXTURES, 'discover', name), 'utf8');
      expect(shape(parseXml(xml)), name).toEqual(shape(stockTree(xml, XML_PARSER_OPTIONS)));
    }
    const n = 5_000;
    const deep = `<urlset>${'<url>'.repeat(n)}${'</loc>'.repeat(n)}</urlset>`;
    expect(arrayWork(() => parseXml(deep))).toBeLessThan(20 * n);
    expect(depthOf(parseXml(deep))).toBe(MAX_TREE_DEPTH);
  });

  it('keeps every reader of fetched markup from growing with the square of its nesting', () => {
    const page = (body: string) => ({
      url: 'https://bao.example/',
      body: Buffer.from(body),
      contentType: 'text/html; charset=utf-8',
    });
    const readers: [string, (n: number) => unknown][] = [
      ["a feed item's text", (n) => htmlToText(hostile(n))],
      [
        'a listing page',
        (n) => discoverFromListing(page(hostile(n)) as never, { timeZone: 'Asia/Ho_Chi_Minh' }),
      ],
      ['an admin page snapshot', (n) => pageSnapshot(hostile(n), 'https://bao.example/')],
      [
        'a sitemap',
        (n) =>
          parseSitemap(
            page(`<urlset>${'<url>'.repeat(n)}${'</x>'.repeat(n)}</urlset>`) as never,
            'Asia/Ho_Chi_Minh',
          ),
      ],
    ];
    for (const [name, read] of readers) {
      // Four times the nesting: at most four times the work (sixteen with the stock stacks).
      const work = arrayWork(() => read(2_000));
      expect(
        arrayWork(() => read(8_000)),
        name,
      ).toBeLessThanOrEqual(4 * work + 1_000);
    }
  });
});

describe('InnermostFirst', () => {
  it('answers unshift, shift, indexOf, [0] and length as an array does', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('unshift' as const), item: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.record({ kind: fc.constant('shift' as const) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const array: string[] = [];
        const ours = new InnermostFirst<string>();
        for (const step of ops) {
          if (step.kind === 'unshift') expect(ours.unshift(step.item)).toBe(array.unshift(step.item));
          else if (step.kind === 'shift') expect(ours.shift()).toBe(array.shift());
          else {
            ours.length = 0;
            array.length = 0;
          }
          expect(ours.length).toBe(array.length);
          expect(ours[0]).toBe(array[0]);
          for (const item of ['a', 'b', 'c', 'd']) expect(ours.indexOf(item)).toBe(array.indexOf(item));
          expect(ours.toArray()).toEqual(array);
        }
      }),
      { numRuns: 500 },
    );
  });
});
