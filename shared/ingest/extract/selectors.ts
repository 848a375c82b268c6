/**
 * A source's CSS selectors, applied field by field over the generic result. A selector that
 * is invalid or matches nothing leaves a warning and the generic value, never an empty field.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { select } from 'cheerio-select';
import { parse, type Selector } from 'css-what';
import * as DomUtils from 'domutils';
import type { Selectors } from '../../domain/source.js';
import { attr, type Element, hasAncestor, rawText, removeNodes } from './dom.js';
import { isTinyImage } from './images.js';
import { cleanText } from './text.js';

export type SelectorField = 'title' | 'date' | 'author' | 'summary' | 'body';

export class SelectorReader {
  /** The steps this page's selections took so far (MAX_PAGE_SELECTOR_STEPS at most). */
  private readonly meter = { steps: 0 };

  constructor(
    private readonly $: CheerioAPI,
    private readonly selectors: Selectors | undefined,
    private readonly warnings: string[],
  ) {}

  /** The matches of `selector`, or undefined (with a warning) when it does not parse or is refused. */
  private select(selector: string, field: string): Element[] | undefined {
    const left = MAX_PAGE_SELECTOR_STEPS - this.meter.steps;
    if (left <= 0) {
      this.warnings.push(
        `selector "${selector}" for ${field} was not run: the source's selectors took more than ${MAX_PAGE_SELECTOR_STEPS.toLocaleString('en')} steps on this page; used the generic result`,
      );
      return undefined;
    }
    const refusal = selectorRefusal(selector);
    if (refusal) {
      this.warnings.push(
        `selector "${selector}" for ${field} is refused (${refusal}); used the generic result`,
      );
      return undefined;
    }
    try {
      return selectWithin(this.$, selector, Math.min(MAX_SELECTOR_STEPS, left), this.meter);
    } catch (error) {
      if (error instanceof SelectorCostError) {
        this.warnings.push(`selector "${selector}" for ${field} ${error.message}; used the generic result`);
        return undefined;
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.warnings.push(
        `selector "${selector}" for ${field} is invalid (${reason}); used the generic result`,
      );
      return undefined;
    }
  }

  /** Deletes the `remove` selectors' matches (an optional box missing from one page is no news). */
  removeAll(): void {
    for (const selector of this.selectors?.remove ?? []) {
      removeNodes(this.select(selector, 'remove') ?? []);
    }
  }

  /** The outermost elements the selector for `field` matches; [] when it is unset, invalid or unmatched. */
  elements(field: SelectorField): Element[] {
    const selector = this.selectors?.[field];
    if (!selector) return [];
    const all = this.select(selector, field);
    if (!all) return [];
    if (all.length === 0) {
      this.warnings.push(`selector "${selector}" for ${field} matched nothing; used the generic result`);
    }
    // The outermost matches: one walk up from each (a page with 40,000 matching paragraphs
    // took a minute when each was compared with every other).
    const matched = new Set(all);
    const outermost = all.filter((el) => !hasAncestor(el, (ancestor) => matched.has(ancestor)));
    if (field === 'body') this.notePicturesLeftOut(outermost, selector);
    return outermost;
  }

  /**
   * A body selector takes the article's pictures, captions and credits from its matches only:
   * one naming the text's paragraphs (`.noidung p`) rather than their box silently dropped the
   * photo beside them (newcomer run 49). Pictures in the box around the matches that none of them
   * holds are named in a warning (icons and linked thumbnails apart).
   */
  private notePicturesLeftOut(matches: Element[], selector: string): void {
    if (matches.length < 2) return;
    const box = commonAncestor(matches);
    if (!box || box.name === 'body' || box.name === 'html') return;
    const inMatch = new Set<Element>(matches);
    const left = DomUtils.findAll(
      (el) =>
        (el.name === 'img' || el.name === 'amp-img') &&
        !isTinyImage(el) &&
        !hasAncestor(el, (a) => inMatch.has(a) || (a.name === 'a' && !IMAGE_FILE.test(attr(a, 'href')))),
      box.children,
    );
    if (left.length === 0) return;
    const where = `<${box.name}${attr(box, 'class') ? ` class="${attr(box, 'class').trim()}"` : ''}>`;
    this.warnings.push(
      `selector "${selector}" for body leaves out ${left.length} picture${left.length > 1 ? 's' : ''} of the ${where} around its matches: the body's matches are also where its pictures, captions and credits are read; if they belong to the article, name that box instead`,
    );
  }

  /** Text of the first match (the attribute value for `<meta>`/`<time>`); '' when there is none. */
  text(field: Exclude<SelectorField, 'body'>): string {
    const el = this.elements(field)[0];
    if (!el) return '';
    const raw =
      field === 'date'
        ? attr(el, 'datetime') || attr(el, 'content') || rawText(el)
        : el.name === 'meta'
          ? attr(el, 'content')
          : rawText(el);
    const value = cleanText(raw);
    if (!value) {
      this.warnings.push(
        `selector "${this.selectors?.[field]}" for ${field} matched only empty text; used the generic result`,
      );
    }
    return value;
  }
}

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/** The deepest element holding every one of `elements`. */
function commonAncestor(elements: Element[]): Element | undefined {
  const chain: Element[] = [];
  for (let p = elements[0]?.parent; p; p = p.parent) if (p.type === 'tag') chain.push(p as Element);
  let deepest = 0;
  const index = new Map(chain.map((el, i) => [el, i]));
  for (const el of elements.slice(1)) {
    let p = el.parent;
    while (p && !index.has(p as Element)) p = p.parent;
    if (!p) return undefined;
    deepest = Math.max(deepest, index.get(p as Element)!);
  }
  return chain[deepest];
}

/**
 * Why Bantin will not run a selector that parses, or undefined. A `:has()` inside another
 * `:has()` costs the page's size times its depth, twice over: `:has(:has(span))` took 48 s on a
 * page 2,000 elements deep, where `div:has(p)` took 0.1 s, and an extraction must not hold a poll
 * or the local server that long. (Chains of combinators cost no such thing: the engine caches.)
 */
/**
 * Steps (the selector engine's walks up, across and down the tree) one selection may take. A
 * selector of a few parts takes some tens of thousands on a heavy page; some the engine reads
 * in time that grows with a power of the page (`*:has(~ * ~ * ~ *)`: 72 s on 400 siblings) and
 * would hold the poll, or the whole local server, for minutes.
 */
export const MAX_SELECTOR_STEPS = 5_000_000;
/**
 * Steps all of a source's selectors may take on one page: 55 selectors each stopped at the cap
 * above held a preview 18 s and a poll of 8 pages 39 s (and the local server with them).
 */
export const MAX_PAGE_SELECTOR_STEPS = 2 * MAX_SELECTOR_STEPS;

/** A selection that went past MAX_SELECTOR_STEPS. */
export class SelectorCostError extends Error {
  constructor(limit = MAX_SELECTOR_STEPS) {
    super(
      limit < MAX_SELECTOR_STEPS
        ? `takes more than the ${limit.toLocaleString('en')} steps the source's selectors had left on this page`
        : `takes more than ${limit.toLocaleString('en')} steps on this page`,
    );
    this.name = 'SelectorCostError';
  }
}

/**
 * The elements `selector` matches in the page, as `$(selector)` finds them, within
 * MAX_SELECTOR_STEPS (else a SelectorCostError); an invalid selector throws the engine's error.
 */
export function selectWithin(
  $: CheerioAPI,
  selector: string,
  maxSteps = MAX_SELECTOR_STEPS,
  meter: { steps: number } = { steps: 0 },
): Element[] {
  const root = $.root().toArray();
  return select(selector, root, { adapter: countingAdapter(maxSteps, meter), root: root[0] as never }).filter(
    (node): node is Element => node.type === 'tag',
  );
}

/** The tree functions css-select reads the page with (its default adapter is domutils). */
const TREE_FUNCTIONS = [
  'existsOne',
  'findAll',
  'findOne',
  'getAttributeValue',
  'getChildren',
  'getName',
  'getParent',
  'getSiblings',
  'getText',
  'hasAttrib',
  'isTag',
  'prevElementSibling',
  'removeSubsets',
] as const;
type TreeAdapter = Pick<typeof DomUtils, (typeof TREE_FUNCTIONS)[number]>;

/** Characters of text read that count as one step (about what a step of the tree costs). */
const TEXT_STEP = 16;

/**
 * The tree adapter css-select uses, counting each call and refusing to go past `maxSteps`;
 * `meter` adds the steps up across selections.
 */
function countingAdapter(maxSteps: number, meter: { steps: number }): TreeAdapter {
  let steps = 0;
  const counted: Record<string, unknown> = {};
  for (const name of TREE_FUNCTIONS) {
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: each of css-select's tree functions is wrapped, and cheerio loads all of domutils anyway.
    const read = DomUtils[name] as (...args: unknown[]) => unknown;
    counted[name] = (...args: unknown[]) => {
      meter.steps++;
      if (++steps > maxSteps) throw new SelectorCostError(maxSteps);
      const result = read(...args);
      // :contains() reads a box's whole text: a step for every TEXT_STEP characters it read.
      if (name === 'getText' && typeof result === 'string' && result.length > TEXT_STEP) {
        const more = Math.floor(result.length / TEXT_STEP);
        meter.steps += more;
        steps += more;
        if (steps > maxSteps) throw new SelectorCostError(maxSteps);
      }
      return result;
    };
  }
  return counted as TreeAdapter;
}

export function selectorRefusal(selector: string): string | undefined {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch {
    return undefined; // the engine's own error names what is wrong
  }
  if (nestsHas(parsed, false))
    return 'a :has() inside another :has() takes time that grows with the cube of the page; use one :has()';
  if (hasChains(parsed))
    return 'a :has() of more than one combinator takes time that grows with a power of the page; use at most one inside it';
  if (parsed.some((tokens) => tokens.filter((t) => t.type === 'sibling').length > 1))
    return 'more than one ~ takes time that grows with a power of the page; use one';
  return undefined;
}

const COMBINATORS = new Set(['descendant', 'child', 'sibling', 'adjacent', 'parent', 'column-combinator']);

/** A :has() whose argument chains more than one combinator (`:has(~ * ~ *)`, `:has(a b c)`). */
function hasChains(selectors: Selector[][]): boolean {
  return selectors.some((tokens) =>
    tokens.some((token) => {
      if (token.type !== 'pseudo' || !Array.isArray(token.data)) return false;
      if (
        token.name === 'has' &&
        token.data.some((inner) => inner.filter((t) => COMBINATORS.has(t.type)).length > 1)
      )
        return true;
      return hasChains(token.data);
    }),
  );
}

function nestsHas(selectors: Selector[][], insideHas: boolean): boolean {
  return selectors.some((tokens) =>
    tokens.some((token) => {
      if (token.type !== 'pseudo' || !Array.isArray(token.data)) return false;
      const has = token.name === 'has';
      return (has && insideHas) || nestsHas(token.data, insideHas || has);
    }),
  );
}
