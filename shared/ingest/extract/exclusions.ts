/**
 * Elements the content search skips: boxes that open with a related-news or comments label,
 * and (in the first pass) elements whose names say they are page furniture.
 */
import { isTableFurniture, isUnlikelyByName } from './boilerplate.js';
import {
  attr,
  contains,
  descendants,
  type Element,
  isElement,
  isText,
  nextElement,
  type ParentNode,
  parentElement,
  previousElement,
  rawText,
} from './dom.js';
import { isSectionLabel, startsLikeLabel } from './section-labels.js';
import { cleanText } from './text.js';
import type { StatsIndex } from './text-stats.js';

const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer']);

/** Elements named like furniture (sidebar, related, share…), unless they hold the headline. */
export function unlikelyElements(root: ParentNode, protect: readonly Element[]): Set<Element> {
  const out = new Set<Element>();
  // Inside a table only a small box of tools goes (isTableFurniture); inside code, nothing.
  const visit = (node: ParentNode, inTable: boolean, inCode: boolean) => {
    for (const child of node.children) {
      if (!isElement(child) || child.type !== 'tag') continue;
      const name = child.name;
      if (
        !inCode &&
        name !== 'body' &&
        name !== 'html' &&
        name !== 'a' &&
        (inTable
          ? isTableFurniture(child)
          : (FURNITURE_TAGS.has(name) && !isFactBox(child)) ||
            isUnlikelyByName(child) ||
            isAdSlotBox(child)) &&
        !protect.some((p) => contains(child, p))
      ) {
        out.add(child);
        continue;
      }
      visit(child, inTable || name === 'table', inCode || name === 'code');
    }
  };
  visit(root, false, false);
  return out;
}

/**
 * An ad server's slot: AdSense's `<ins class="adsbygoogle">`, Google Ad Manager's
 * `div-gpt-ad-…`, and any element given an ad unit's attributes.
 */
function isAdSlot(el: Element): boolean {
  if (el.name === 'ins' && /(?:^|\s)adsbygoogle(?:\s|$)/.test(attr(el, 'class'))) return true;
  if (/^(?:div-gpt-ad|gpt-ad|google_ads_)/.test(attr(el, 'id'))) return true;
  return 'data-ad-slot' in el.attribs || 'data-ad-client' in el.attribs || 'data-ad-unit' in el.attribs;
}

/**
 * An ad slot, or a small box holding one beside its label ("Reklamë", "Hysbyseb", "Publicidad":
 * whatever the language, a few words and no link next to the slot are the slot's).
 */
function isAdSlotBox(el: Element): boolean {
  if (isAdSlot(el)) return true;
  const children = el.children.filter((c): c is Element => isElement(c) && c.type === 'tag');
  if (children.length > 4 || !children.some(isAdSlot)) return false;
  if (descendants(el).some((d) => d.name === 'a' && rawText(d).trim() !== '')) return false;
  return rawText(el).trim().split(/\s+/).filter(Boolean).length <= 3;
}

/**
 * An `<aside>` set between two paragraphs of the text, with next to no links and no quote: a fact
 * box ("Uimahalli lukuina" over four figures) is the article's, where a sidebar of related links,
 * a share bar, a newsletter box (those go by their name or their links) or a pull quote is not.
 */
function isFactBox(el: Element): boolean {
  if (el.name !== 'aside') return false;
  const paragraph = (sibling: Element | undefined) =>
    sibling?.name === 'p' && rawText(sibling).trim().length >= 40;
  if (!paragraph(previousElement(el)) || !paragraph(nextElement(el))) return false;
  const text = rawText(el).replace(/\s+/g, ' ').trim();
  if (text.length < 20 || text.length > 1500) return false;
  // A pull quote repeats the text (it may trim a word: no rule later could tell it apart).
  const inside = descendants(el);
  if (/^["“„«‘'「『]/u.test(text) || inside.some((d) => d.name === 'blockquote' || d.name === 'q'))
    return false;
  const linked = inside
    .filter((d) => d.name === 'a')
    .reduce((sum, a) => sum + rawText(a).replace(/\s+/g, ' ').trim().length, 0);
  return linked / text.length < 0.1;
}

/** The text an element opens with: its first non-empty child, descended into while long. */
function openingText(el: Element, stats: StatsIndex): { text: string; holder: Element } | undefined {
  for (const child of el.children) {
    if (isText(child)) {
      const text = cleanText(child.data);
      if (text) return { text, holder: el };
    } else if (isElement(child) && child.type === 'tag') {
      // The measured length says whether the child is short; its text is read only then.
      const length = stats.get(child).length;
      if (length === 0) continue;
      if (length > 60) return openingText(child, stats);
      const text = cleanText(rawText(child));
      if (!text) continue;
      if (text.length <= 60) return { text, holder: child };
      return openingText(child, stats);
    }
  }
  return undefined;
}

/** The first non-blank text inside an element (its opening words), '' if none. */
function firstText(el: Element): string {
  for (const child of el.children) {
    if (isText(child)) {
      if (/\S/.test(child.data)) return child.data.trimStart();
    } else if (isElement(child) && child.type === 'tag') {
      const inner = firstText(child);
      if (inner) return inner;
    }
  }
  return '';
}

/**
 * Boxes headed by a section label ("Tin liên quan", "Bài viết cùng chuyên mục", "Ý kiến bạn
 * đọc", "Related"): the outermost ancestor of the label that still opens with it and is mostly
 * links or little more than the label.
 */
export function labelledBoxes(
  root: ParentNode,
  stats: StatsIndex,
  protect: readonly Element[],
): Set<Element> {
  const out = new Set<Element>();
  for (const el of descendants(root)) {
    if (el.type !== 'tag' || out.has(el)) continue;
    const length = stats.get(el).length;
    if (length === 0 || length > 60) continue;
    // Most short elements do not open with a label's first word: no need to read all their text.
    if (!startsLikeLabel(firstText(el))) continue;
    const label = cleanText(rawText(el));
    if (!isSectionLabel(label)) continue;
    let box: Element | undefined;
    for (let p = parentElement(el); p && p.name !== 'body' && p.name !== 'html'; p = parentElement(p)) {
      const opening = openingText(p, stats);
      if (!opening || opening.text !== label) break;
      if (protect.some((x) => contains(p, x))) break;
      const rest = stats.get(p).length - length;
      if (stats.linkDensity(p) < 0.3 && rest > 200) break;
      box = p;
    }
    if (box) out.add(box);
  }
  return out;
}
