/** Per-element text measurements, computed once per pass in one walk over the tree. */
import { CONTROL_MARK, type Element, isElement, isText, type ParentNode } from './dom.js';

export interface TextStats {
  /** Characters of visible text, whitespace runs counted as one. */
  length: number;
  /** Of which inside links (same-page `#` links count 30%, as in Readability). */
  linkLength: number;
  commas: number;
  paragraphs: number;
  images: number;
  listItems: number;
  inputs: number;
  embeds: number;
  headingLength: number;
  listTextLength: number;
}

const EMPTY: TextStats = {
  length: 0,
  linkLength: 0,
  commas: 0,
  paragraphs: 0,
  images: 0,
  listItems: 0,
  inputs: 0,
  embeds: 0,
  headingLength: 0,
  listTextLength: 0,
};

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** The characters of JavaScript's `\s` (and of String.prototype.trim), tested in the order text meets them. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  if (code < 0x1680) return code === 0xa0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Commas, the full-width and ideographic ones too (as commaCount in text.ts). */
function isComma(code: number): boolean {
  return code === 0x2c || (code >= 0x060c && (code === 0xff0c || code === 0x3001 || code === 0x060c));
}

/** Characters other than whitespace: `text.replace(/\s+/g, '').length` without the new string. */
export function visibleLength(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) length++;
  return length;
}

/**
 * A text node's visible length (a run of whitespace counts one, none at the end) and its commas,
 * counted in one loop: every pass measures every text node, and building the collapsed string
 * each time was a seventh of all the extractor's allocations.
 */
export function measureText(data: string): { length: number; commas: number } {
  let length = 0;
  let commas = 0;
  let space = false;
  for (let i = 0; i < data.length; i++) {
    const code = data.charCodeAt(i);
    if (isSpace(code)) {
      space = true;
      continue;
    }
    length += space ? 2 : 1;
    space = false;
    if (isComma(code)) commas++;
  }
  return { length, commas };
}

export class StatsIndex {
  private readonly stats = new Map<Element, TextStats>();

  constructor(
    root: ParentNode,
    readonly excluded: ReadonlySet<Element>,
  ) {
    this.visit(root);
  }

  get(el: Element): TextStats {
    return this.stats.get(el) ?? EMPTY;
  }

  linkDensity(el: Element): number {
    const s = this.get(el);
    return s.length === 0 ? 0 : Math.min(1, s.linkLength / s.length);
  }

  isExcluded(el: Element): boolean {
    return this.excluded.has(el);
  }

  private visit(node: ParentNode): TextStats {
    const total: TextStats = { ...EMPTY };
    for (const child of node.children) {
      if (isText(child)) {
        const { length, commas } = measureText(child.data);
        total.length += length;
        total.commas += commas;
      } else if (isElement(child) && child.type === 'tag' && !this.excluded.has(child)) {
        const s = this.visit(child);
        total.length += s.length;
        total.linkLength += s.linkLength;
        total.commas += s.commas;
        total.paragraphs += s.paragraphs;
        total.images += s.images;
        total.listItems += s.listItems;
        total.inputs += s.inputs;
        total.embeds += s.embeds;
        total.headingLength += s.headingLength;
        total.listTextLength += s.listTextLength;
      }
    }
    if (isElement(node)) {
      // Its fields are gone (prepareDocument): the mark they left counts them.
      if (node.attribs[CONTROL_MARK] === 'field') total.inputs += 1;
      switch (node.name) {
        case 'a': {
          const href = node.attribs.href ?? '';
          total.linkLength = href.startsWith('#') && href.length > 1 ? total.length * 0.3 : total.length;
          break;
        }
        case 'p':
          total.paragraphs += 1;
          break;
        case 'img':
          total.images += 1;
          break;
        case 'li':
          total.listItems += 1;
          break;
        case 'ul':
        case 'ol':
          total.listTextLength = total.length;
          break;
        case 'input':
        case 'select':
        case 'textarea':
        case 'button':
          total.inputs += 1;
          break;
        case 'object':
        case 'embed':
        case 'iframe':
        case 'video':
          total.embeds += 1;
          break;
        default:
          if (HEADINGS.has(node.name)) total.headingLength = total.length;
      }
      this.stats.set(node, total);
    }
    return total;
  }
}
