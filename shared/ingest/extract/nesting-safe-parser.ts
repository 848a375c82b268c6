/**
 * htmlparser2's Parser in linear time however deep a page nests.
 *
 * The stock Parser keeps its open elements innermost first and puts each new one in front
 * (`Array#unshift`), which moves every other one; a closing tag looks its name up from the
 * innermost (`indexOf`). A hostile page of n nested elements costs n² moves (20,000 nested
 * `<div>`s 0.2 s, 40,000 0.8 s), and closing tags that match nothing cost a scan of the whole
 * stack each (20,000 `<div>`s then 20,000 `</span>`s: 1.6 s, and it grows with the square). This
 * Parser gives it stacks that keep the same order for the same calls with the innermost last:
 * putting in front and taking from the front cost nothing, and on a deep stack a name no open
 * element has is answered from a count without a scan (one that is open is found by a scan the
 * closes that follow pay for). The tree is the same (tests/unit/extract/parse-html.test.ts).
 *
 * It replaces two fields that htmlparser2's types call private, `stack` and `foreignContext`:
 * should a release rename them, the check below keeps the stock ones.
 */
import { Parser } from 'htmlparser2';

/**
 * Deeper than this, a stack counts its names, so that a closing tag matching no open element is
 * answered without a scan; shallower (every real page), a scan of its few names costs less than
 * the counting (a tenth of the parse).
 */
const COUNTED_FROM = 256;

/** A stack read innermost first, as htmlparser2 reads its arrays, and kept innermost last. */
export class InnermostFirst<T> {
  readonly #items: T[] = [];
  /** How many of each name are open, while the stack is deep (from COUNTED_FROM down to half of it). */
  #open: Map<T, number> | undefined;

  get length(): number {
    return this.#items.length;
  }

  /** The Parser only ever empties it (`length = 0`); a shorter length drops the innermost. */
  set length(length: number) {
    while (this.#items.length > length) this.shift();
  }

  /** The innermost element: the only index the Parser reads while it parses. */
  get 0(): T | undefined {
    return this.#items[this.#items.length - 1];
  }

  unshift(item: T): number {
    const length = this.#items.push(item);
    if (this.#open) this.#open.set(item, (this.#open.get(item) ?? 0) + 1);
    else if (length > COUNTED_FROM) {
      this.#open = new Map();
      for (const open of this.#items) this.#open.set(open, (this.#open.get(open) ?? 0) + 1);
    }
    return length;
  }

  shift(): T | undefined {
    if (this.#items.length === 0) return undefined;
    const item = this.#items.pop() as T;
    if (this.#open) {
      if (this.#items.length < COUNTED_FROM / 2) this.#open = undefined;
      else {
        const count = (this.#open.get(item) ?? 1) - 1;
        if (count === 0) this.#open.delete(item);
        else this.#open.set(item, count);
      }
    }
    return item;
  }

  /** How far from the innermost the nearest `item` is, -1 when none is open. */
  indexOf(item: T): number {
    if (this.#open && !this.#open.has(item)) return -1;
    const at = this.#items.lastIndexOf(item);
    return at === -1 ? -1 : this.#items.length - 1 - at;
  }

  /** Innermost first, as an array. */
  toArray(): T[] {
    return this.#items.toReversed();
  }
}

interface ParserStacks {
  stack: string[] | InnermostFirst<string>;
  foreignContext: boolean[] | InnermostFirst<boolean>;
}

function fieldsOf(parser: Parser): ParserStacks {
  return parser as unknown as ParserStacks;
}

/** Whether the stacks are ours: htmlparser2 still has the fields they replace. */
export const nestingSafe = (() => {
  const probe = fieldsOf(new Parser(null));
  return Array.isArray(probe.stack) && Array.isArray(probe.foreignContext);
})();

export class NestingSafeParser extends Parser {
  constructor(...args: ConstructorParameters<typeof Parser>) {
    super(...args);
    this.#install();
  }

  #install(): void {
    if (!nestingSafe) return;
    const fields = fieldsOf(this);
    for (const name of ['stack', 'foreignContext'] as const) {
      const stock = fields[name];
      if (stock instanceof InnermostFirst) continue;
      const ours = new InnermostFirst<never>();
      for (let i = stock.length - 1; i >= 0; i--) ours.unshift(stock[i] as never);
      fields[name] = ours;
    }
  }

  /** At the end the Parser closes what is still open reading every index: it gets an array. */
  override onend(): void {
    const fields = fieldsOf(this);
    if (fields.stack instanceof InnermostFirst) fields.stack = fields.stack.toArray();
    super.onend();
  }

  override reset(): void {
    super.reset();
    this.#install();
  }
}
