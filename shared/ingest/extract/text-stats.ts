/** Per-element text measurements, computed once per pass in one walk over the tree. */
import { type Element, isElement, isText, type ParentNode } from './dom.js';
import { commaCount } from './text.js';

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

export class StatsIndex {
  private readonly stats = new Map<Element, TextStats>();

  constructor(
    root: ParentNode,
    private readonly excluded: ReadonlySet<Element>,
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
        const collapsed = child.data.replace(/\s+/g, ' ');
        const length = collapsed === ' ' ? 0 : collapsed.trim().length + (collapsed.startsWith(' ') ? 1 : 0);
        total.length += length;
        if (length) total.commas += commaCount(collapsed);
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
