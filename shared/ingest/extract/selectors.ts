/**
 * A source's CSS selectors, applied field by field over the generic result. A selector that
 * is invalid or matches nothing leaves a warning and the generic value, never an empty field.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { parse, type Selector } from 'css-what';
import type { Selectors } from '../../domain/source.js';
import { attr, type Element, hasAncestor, rawText, removeNodes } from './dom.js';
import { cleanText } from './text.js';

export type SelectorField = 'title' | 'date' | 'author' | 'summary' | 'body';

export class SelectorReader {
  constructor(
    private readonly $: CheerioAPI,
    private readonly selectors: Selectors | undefined,
    private readonly warnings: string[],
  ) {}

  /** The matches of `selector`, or undefined (with a warning) when it does not parse or is refused. */
  private select(selector: string, field: string): Element[] | undefined {
    const refusal = selectorRefusal(selector);
    if (refusal) {
      this.warnings.push(
        `selector "${selector}" for ${field} is refused (${refusal}); used the generic result`,
      );
      return undefined;
    }
    try {
      return this.$(selector)
        .toArray()
        .filter((node): node is Element => node.type === 'tag');
    } catch (error) {
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
    return all.filter((el) => !hasAncestor(el, (ancestor) => matched.has(ancestor)));
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

/**
 * Why Bantin will not run a selector that parses, or undefined. A `:has()` inside another
 * `:has()` costs the page's size times its depth, twice over: `:has(:has(span))` took 48 s on a
 * page 2,000 elements deep, where `div:has(p)` took 0.1 s, and an extraction must not hold a poll
 * or the local server that long. (Chains of combinators cost no such thing: the engine caches.)
 */
export function selectorRefusal(selector: string): string | undefined {
  let parsed: Selector[][];
  try {
    parsed = parse(selector);
  } catch {
    return undefined; // the engine's own error names what is wrong
  }
  return nestsHas(parsed, false)
    ? 'a :has() inside another :has() takes time that grows with the cube of the page; use one :has()'
    : undefined;
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
