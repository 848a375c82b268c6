/**
 * A page's tree, parsed by htmlparser2, given whole or in pieces (decodeBodyPieces: a large page
 * need never be one large string).
 *
 * htmlparser2's tokenizer skips the insides of scripts, styles and comments, more than half of a
 * news page's bytes, one character at a time in JavaScript. Ours finds the character it skips to
 * with String.prototype.indexOf, which V8 runs as a vectorized search; the tree is the same
 * (tests/unit/extract/parse-html.test.ts). The skip reads three fields that htmlparser2's types
 * call private: should a release rename them, the check below falls back to the stock tokenizer.
 */
import { DomHandler, Parser, Tokenizer } from 'htmlparser2';

// HTML mode: linear time on hostile nesting, and <noscript> content parsed as HTML.
export const PARSER_OPTIONS = { xmlMode: false, decodeEntities: true };

/** The fields of htmlparser2's Tokenizer that its fastForwardTo reads and moves. */
interface TokenizerPosition {
  /** The piece being read. */
  buffer: string;
  /** Where the tokenizer is, counted from the start of the document. */
  index: number;
  /** Where `buffer` starts in the document. */
  offset: number;
}

/**
 * Tokenizer.fastForwardTo: moves to the next `c` after the current character and says whether
 * there is one in this piece; at the piece's end it stops on its last character, as the original.
 */
function fastForwardTo(this: TokenizerPosition, c: number): boolean {
  const at = this.buffer.indexOf(String.fromCharCode(c), this.index + 1 - this.offset);
  if (at !== -1) {
    this.index = at + this.offset;
    return true;
  }
  this.index = this.buffer.length + this.offset - 1;
  return false;
}

function hasPosition(tokenizer: object): boolean {
  const fields = tokenizer as Partial<TokenizerPosition>;
  return (
    typeof fields.buffer === 'string' &&
    typeof fields.index === 'number' &&
    typeof fields.offset === 'number' &&
    typeof (Tokenizer.prototype as unknown as Record<string, unknown>).fastForwardTo === 'function'
  );
}

/** The tokenizer the parser uses: ours when htmlparser2's fields are what it reads, else the stock one. */
export const PageTokenizer: typeof Tokenizer = (() => {
  if (!hasPosition(new Tokenizer(PARSER_OPTIONS, {} as ConstructorParameters<typeof Tokenizer>[1]))) {
    return Tokenizer;
  }
  const tokenizer = class extends Tokenizer {};
  Object.defineProperty(tokenizer.prototype, 'fastForwardTo', { value: fastForwardTo });
  return tokenizer;
})();

/** The document tree of a page's HTML. */
export function parseHtml(html: string | readonly string[], tokenizer: typeof Tokenizer = PageTokenizer) {
  const handler = new DomHandler(undefined, PARSER_OPTIONS);
  const parser = new Parser(handler, { ...PARSER_OPTIONS, Tokenizer: tokenizer });
  for (const piece of typeof html === 'string' ? [html] : html) parser.write(piece);
  parser.end();
  return handler.root;
}
