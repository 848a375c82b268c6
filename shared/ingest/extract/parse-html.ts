/**
 * A page's tree, parsed by htmlparser2, given whole or in pieces (decodeBodyPieces: a large page
 * need never be one large string).
 *
 * htmlparser2's tokenizer reads a page one character at a time in JavaScript, but most characters
 * only move it on: the insides of scripts, styles and comments (more than half of a news page's
 * bytes), attribute values (a quarter) and text. Ours moves over those with
 * String.prototype.indexOf, which V8 runs as a vectorized search, to the next character that does
 * something; the tree is the same (tests/unit/extract/parse-html.test.ts). It reads three fields
 * that htmlparser2's types call private: should a release rename them, or the methods it
 * replaces, the check below falls back to the stock tokenizer.
 */
import type { AnyNode, Element, ParentNode, Text } from 'domhandler';
import { DomHandler, Tokenizer } from 'htmlparser2';
import { isElement, isText } from './dom.js';
import { NestingSafeParser } from './nesting-safe-parser.js';

// HTML mode: <noscript> content parsed as HTML.
export const PARSER_OPTIONS = { xmlMode: false, decodeEntities: true };
/** As cheerio reads XML (`load(text, { xml: true })`): sitemaps. */
export const XML_PARSER_OPTIONS = { xmlMode: true, decodeEntities: true };

const LT = 0x3c;
const AMP = 0x26;

/** The fields of htmlparser2's Tokenizer that its skipping methods read and move. */
interface TokenizerPosition {
  /** The piece being read. */
  buffer: string;
  /** Where the tokenizer is, counted from the start of the document. */
  index: number;
  /** Where `buffer` starts in the document. */
  offset: number;
}

type Method = (this: PageTokenizerState, ...args: number[]) => unknown;
const stock = Tokenizer.prototype as unknown as Record<
  'fastForwardTo' | 'stateText' | 'handleInAttributeValue',
  Method
>;

class IndexOfTokenizer extends Tokenizer {
  /**
   * Where the next of each character skipped to (`<`, `&`, a quote) is in the piece starting at
   * `nextPiece`, found once and reused until passed: a text or attribute value with many `&`
   * before its end is still read in linear time.
   */
  nextAt = new Map<string, number>();
  nextPiece = -1;
}
type PageTokenizerState = TokenizerPosition & Pick<IndexOfTokenizer, 'nextAt' | 'nextPiece'>;

/** Where the next `char` at or after `from` is in the piece (Infinity: none). */
function nextIndex(t: PageTokenizerState, char: string, from: number): number {
  if (t.nextPiece !== t.offset) {
    t.nextAt.clear();
    t.nextPiece = t.offset;
  }
  let at = t.nextAt.get(char);
  if (at === undefined || at < from) {
    const found = t.buffer.indexOf(char, from);
    at = found === -1 ? Number.POSITIVE_INFINITY : found;
    t.nextAt.set(char, at);
  }
  return at;
}

/** Moves to just before the next `stop` or `&` of the piece (or to its last character): the loop steps onto it. */
function skipToStopOrAmpersand(t: PageTokenizerState, stop: string): void {
  const from = t.index + 1 - t.offset;
  const end = Math.min(nextIndex(t, stop, from), nextIndex(t, '&', from), t.buffer.length);
  t.index = end - 1 + t.offset;
}

const methods: Record<keyof typeof stock, Method> = {
  /** Moves to the next `c` after the current character and says whether the piece has one. */
  fastForwardTo(c) {
    const at = this.buffer.indexOf(String.fromCharCode(c!), this.index + 1 - this.offset);
    this.index = (at === -1 ? this.buffer.length - 1 : at) + this.offset;
    return at !== -1;
  },
  /** Text: only `<` and `&` do something. */
  stateText(c) {
    if (c === LT || c === AMP) return stock.stateText.call(this, c);
    skipToStopOrAmpersand(this, '<');
  },
  /** A quoted attribute value: only its quote and `&` do something. */
  handleInAttributeValue(c, quote) {
    if (c === quote || c === AMP) return stock.handleInAttributeValue.call(this, c, quote!);
    skipToStopOrAmpersand(this, String.fromCharCode(quote!));
  },
};

function isCompatible(): boolean {
  const probe = new Tokenizer(PARSER_OPTIONS, {} as ConstructorParameters<typeof Tokenizer>[1]);
  const fields = probe as unknown as Partial<TokenizerPosition>;
  return (
    typeof fields.buffer === 'string' &&
    typeof fields.index === 'number' &&
    typeof fields.offset === 'number' &&
    Object.keys(methods).every((name) => typeof stock[name as keyof typeof stock] === 'function')
  );
}

const compatible = isCompatible();
if (compatible) {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(IndexOfTokenizer.prototype, name, { value });
  }
}

/** The tokenizer the parser uses: ours when htmlparser2 has the fields and methods it relies on, else the stock one. */
export const PageTokenizer: typeof Tokenizer = compatible ? IndexOfTokenizer : Tokenizer;

/**
 * The document tree of a page's HTML, in linear time however deep it nests (NestingSafeParser),
 * and no deeper than MAX_TREE_DEPTH. `load(parseHtml(html), { xml: PARSER_OPTIONS })` gives
 * cheerio the tree it would build itself from any real page.
 */
export function parseHtml(
  html: string | readonly string[],
  tokenizer: typeof Tokenizer = PageTokenizer,
  report?: ParseReport,
) {
  return parse(typeof html === 'string' ? [html] : html, tokenizer, PARSER_OPTIONS, report);
}

/** What a parse tells besides the tree. */
export interface ParseReport {
  /** The page held more than MAX_PAGE_NODES nodes or MAX_PAGE_TEXT characters of text: the tree ends where the budget ran out. */
  truncated?: boolean;
}

/**
 * Nodes (elements and texts) a page's tree keeps at most. A heavy news page has some 20,000; ten
 * megabytes of `x<br>` make four million, which took 3 GB and 45 s to extract. The rest of such
 * a page is not read.
 */
export const MAX_PAGE_NODES = 250_000;
/**
 * The same for an XML document: a sitemap of 50,000 URLs (the protocol's cap), each with its
 * date, frequency and priority on lines of their own, makes 750,000.
 */
export const MAX_XML_NODES = 1_500_000;
/**
 * Characters of text (outside scripts and styles) a page's tree keeps at most. The longest
 * article among the benchmark's and our fixtures' pages holds some 90,000; ten megabytes of
 * lines in one `<pre>` took 9 s and 800 MB to extract, and made an article too large to store.
 * Scripts do not count: a page's state in a script (`__NEXT_DATA__`) may weigh megabytes.
 */
export const MAX_PAGE_TEXT = 1_000_000;
/** Pieces are written this long at most, so that the budget is checked as the page is read. */
const WRITE_CHARS = 64 * 1024;

/**
 * Control characters no text shows (NUL, which the HTML tree builder drops, and the C0 controls
 * and DEL that are not white space). A careless CMS leaves them in pages; they would reach the
 * article's text, and XML (the feeds) cannot carry them.
 */
const CONTROL_CHAR = /[\0-\x08\x0B\x0E-\x1F\x7F]/;
const CONTROL_CHARS = new RegExp(CONTROL_CHAR.source, 'g');
const withoutControls = (text: string) => (CONTROL_CHAR.test(text) ? text.replace(CONTROL_CHARS, '') : text);

/** Elements whose text is code or data, not the page's text. */
const CODE_ELEMENTS = new Set(['script', 'style']);

/**
 * A tree builder that counts the nodes it adds and the characters of text, and keeps control
 * characters out of texts and attributes.
 */
class CountingHandler extends DomHandler {
  nodes = 0;
  textChars = 0;
  override addNode(node: Parameters<DomHandler['addNode']>[0]): void {
    this.nodes++;
    super.addNode(node);
  }
  override ontext(data: string): void {
    const parent = this.tagStack[this.tagStack.length - 1];
    if (!(parent && isElement(parent) && CODE_ELEMENTS.has(parent.name))) this.textChars += data.length;
    super.ontext(withoutControls(data));
  }
  override onopentag(name: string, attribs: Record<string, string>): void {
    for (const key in attribs) attribs[key] = withoutControls(attribs[key]!);
    super.onopentag(name, attribs);
  }
}

/** The tree of an XML document (a sitemap), as `load(text, { xml: true })` reads it, in linear time too. */
export function parseXml(xml: string) {
  return parse([xml], PageTokenizer, XML_PARSER_OPTIONS, undefined, MAX_XML_NODES, Number.POSITIVE_INFINITY);
}

function parse(
  pieces: readonly string[],
  tokenizer: typeof Tokenizer,
  options: typeof PARSER_OPTIONS | typeof XML_PARSER_OPTIONS,
  report?: ParseReport,
  maxNodes = MAX_PAGE_NODES,
  maxText = MAX_PAGE_TEXT,
) {
  const handler = new CountingHandler(undefined, options);
  const parser = new NestingSafeParser(handler, { ...options, Tokenizer: tokenizer });
  write: for (const piece of pieces) {
    for (let at = 0; at < piece.length; at += WRITE_CHARS) {
      if (handler.nodes > maxNodes || handler.textChars > maxText) {
        if (report) report.truncated = true;
        break write;
      }
      parser.write(at === 0 && piece.length <= WRITE_CHARS ? piece : piece.slice(at, at + WRITE_CHARS));
    }
  }
  parser.end();
  flattenBelow(handler.root, MAX_TREE_DEPTH);
  return handler.root;
}

/**
 * Nesting no real page has (hostile or broken markup) is flattened to its text: every walk and
 * query over a tree has a bounded depth, and each costs no more than the page's size allows
 * (domutils' `find`, under cheerio's queries, moves its whole stack at each level it enters).
 * Deeper than the extractor's own limit (prepareDocument), which decides what articles keep.
 */
export const MAX_TREE_DEPTH = 256;

/** Flattens each element `maxDepth` below the root to its text: no element is deeper. */
function flattenBelow(root: ParentNode, maxDepth: number): void {
  const visit = (node: ParentNode, depth: number) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (depth + 1 >= maxDepth) flattenToText(child);
      else visit(child, depth + 1);
    }
  };
  visit(root, 0);
}

const INLINE_FLAT = new Set(['a', 'b', 'strong', 'i', 'em', 'span', 'font', 'u', 'small', 'sub', 'sup']);

/** Replaces what an element holds with its text: a space where a block or line break was. */
export function flattenToText(el: Element): void {
  let text = '';
  let keep: Text | undefined;
  const stack: AnyNode[] = [...el.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) {
      text += node.data;
      keep ??= node;
    } else if (isElement(node) && node.type === 'tag') {
      if (node.name === 'br' || !INLINE_FLAT.has(node.name)) text += ' ';
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  el.children = [];
  if (keep) {
    keep.data = text;
    keep.parent = el;
    keep.prev = null;
    keep.next = null;
    el.children = [keep];
  }
}
