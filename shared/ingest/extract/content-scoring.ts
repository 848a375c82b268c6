/**
 * Finds the element that holds the article body, the way Readability does: every paragraph
 * scores its parent fully and its further ancestors less; a candidate's score is scaled by
 * how little of its text is links; the best candidate then takes in siblings that look like
 * more of the same.
 */
import { CAPTION_HINT, classWeight, isUnlikelyByName } from './boilerplate.js';
import {
  CONTROL_MARK,
  classAndId,
  contains,
  descendants,
  type Element,
  EMBED_MARK,
  isElement,
  isText,
  type ParentNode,
  parentElement,
} from './dom.js';
import { galleryPictures, MAX_GALLERY } from './gallery.js';
import type { StatsIndex } from './text-stats.js';

export interface ScoringOptions {
  /** Add +-25 for content-like or furniture-like class names. */
  weightClasses: boolean;
  /** The headline element: a candidate holding it is the article, whatever its neighbours score. */
  title?: Element;
}

export interface ContentSelection {
  /** The top candidate and the siblings taken in with it, in document order. */
  nodes: Element[];
  top: Element | undefined;
  scores: ReadonlyMap<Element, number>;
}

const MIN_PARAGRAPH_LENGTH = 25;
const SCORED_TAGS = new Set(['p', 'pre', 'td', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Tags that become a paragraph when they contain only inline content. */
const PARAGRAPH_LIKE = new Set([
  'div',
  'section',
  'article',
  'blockquote',
  'center',
  'font',
  'span',
  'dd',
  'main',
]);
/** Children that stop a div from counting as one paragraph (Readability's DIV_TO_P_ELEMS, widened). */
const BLOCK_CHILDREN = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dl',
  'div',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'img',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

function initialScore(el: Element, options: ScoringOptions): number {
  let score = 0;
  switch (el.name) {
    case 'div':
    case 'article':
    case 'main':
      score = 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      score = 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      score = -3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      score = -5;
      break;
  }
  return options.weightClasses ? score + classWeight(el) : score;
}

function hasBlockChild(el: Element, stats: StatsIndex): boolean {
  return el.children.some((c) => isElement(c) && BLOCK_CHILDREN.has(c.name) && !stats.isExcluded(c));
}

/** Length of text directly in `el` (text nodes and inline children), not inside block children. */
function inlineLength(el: Element, stats: StatsIndex): number {
  let length = stats.get(el).length;
  for (const c of el.children) {
    if (isElement(c) && BLOCK_CHILDREN.has(c.name)) length -= stats.get(c).length;
  }
  return length;
}

function paragraphScore(length: number, commas: number): number {
  return 1 + commas + Math.min(Math.floor(length / 100), 3);
}

export function selectContent(
  body: ParentNode,
  stats: StatsIndex,
  options: ScoringOptions,
): ContentSelection {
  const raw = new Map<Element, number>();
  const addScore = (start: Element | null, score: number) => {
    let el = start;
    for (let level = 0; el && level < 5; level++, el = parentElement(el)) {
      if (el.name === 'html' || el.name === 'body') break;
      const current = raw.get(el) ?? initialScore(el, options);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      raw.set(el, current + score / divider);
    }
  };

  const walk = (node: ParentNode) => {
    for (const child of node.children) {
      if (!isElement(child) || child.type !== 'tag' || stats.isExcluded(child)) continue;
      const s = stats.get(child);
      if (s.length < MIN_PARAGRAPH_LENGTH) continue;
      const leaf = !hasBlockChild(child, stats);
      if (leaf && (SCORED_TAGS.has(child.name) || PARAGRAPH_LIKE.has(child.name))) {
        addScore(parentElement(child), paragraphScore(s.length, s.commas));
        continue;
      }
      if (PARAGRAPH_LIKE.has(child.name) || child.name === 'td') {
        // Text sitting directly in a container with block children: an implicit paragraph.
        const direct = inlineLength(child, stats);
        if (direct >= MIN_PARAGRAPH_LENGTH)
          addScore(child, paragraphScore(direct, directCommas(child, stats)));
      }
      walk(child);
    }
  };
  walk(body);

  const scores = new Map<Element, number>();
  for (const [el, score] of raw) scores.set(el, score * (1 - stats.linkDensity(el)));

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  let top = ranked[0]?.[0];
  if (!top) {
    // Nothing reads like prose: hand back the whole page and let the cleanup sort it out.
    const nodes = isElement(body) ? [body] : body.children.filter(isElement);
    return { nodes, top: nodes[0], scores };
  }
  const topScore = ranked[0]![1];

  // Several close runners-up sharing an ancestor: the article is split; take the ancestor.
  const runnersUp = ranked
    .slice(1, 5)
    .filter(([, score]) => score / topScore >= 0.75)
    .map(([el]) => el);
  if (runnersUp.length >= 3 && !(options.title && contains(top, options.title))) {
    const topStem = classStem(top);
    for (let p = parentElement(top); p && p.name !== 'body'; p = parentElement(p)) {
      const below = runnersUp.filter((el) => el !== p && contains(p, el));
      // A runner-up that is itself the ancestor counts too, beside two boxes of top's kind below
      // it and holding the headline: an <article> of chapter boxes.
      const self =
        runnersUp.includes(p) &&
        below.filter((el) => classStem(el) === topStem).length >= 2 &&
        (!options.title || contains(p, options.title));
      if (below.length + (self ? 1 : 0) >= 3) {
        top = p;
        break;
      }
    }
  }

  // Climb while the parent scores better (the paragraphs are spread over its children), but not
  // out of an <article> holding the text and the headline: above it, a parent's score comes from
  // the comments and teasers beside the article, and the climb stops at the <article>.
  let lastScore = scores.get(top) ?? 0;
  const threshold = lastScore / 3;
  const article = articleHolding(top, options.title);
  for (let p = parentElement(top); p && p.name !== 'body'; p = parentElement(p)) {
    const parentScore = scores.get(p);
    if (parentScore === undefined) continue;
    if (parentScore < threshold) break;
    if (parentScore > lastScore) {
      top = article && p !== article && contains(p, article) ? article : p;
      break;
    }
    lastScore = parentScore;
  }
  // An only child says nothing on its own: use the parent.
  for (let p = parentElement(top); p && p.name !== 'body' && visibleChildren(p, stats).length === 1; ) {
    top = p;
    p = parentElement(p);
  }

  return { nodes: withSiblings(top, scores, stats), top, scores };
}

/** The smallest ancestor of `top` that holds the headline, when it is an `<article>`. */
function articleHolding(top: Element, title: Element | undefined): Element | undefined {
  if (!title || contains(top, title)) return undefined;
  for (let p = parentElement(top); p; p = parentElement(p)) {
    if (contains(p, title)) return p.name === 'article' ? p : undefined;
  }
  return undefined;
}

function directCommas(el: Element, stats: StatsIndex): number {
  let commas = stats.get(el).commas;
  for (const c of el.children) {
    if (isElement(c) && BLOCK_CHILDREN.has(c.name)) commas -= stats.get(c).commas;
  }
  return commas;
}

function visibleChildren(el: Element, stats: StatsIndex): Element[] {
  return el.children.filter(
    (c): c is Element => isElement(c) && c.type === 'tag' && !stats.isExcluded(c) && stats.get(c).length > 0,
  );
}

/** Class tokens without digits: `noidung-1` and `noidung-2`, `part part-3` and `part part-4` are one kind. */
function classStem(el: Element): string {
  const tokens = (el.attribs.class ?? '').toLowerCase().replace(/\d+/g, '').split(/\s+/).filter(Boolean);
  return [...new Set(tokens)].sort().join(' ');
}

/** Names of the boxes that interrupt an article: advertisements. */
const AD_NAME =
  /-ad-|(?:^|[^a-z])(?:ads?|adv)(?:$|[^a-z])|banner|advert|quang-?cao|sponsor|promo|(?:^|[^a-z])pub(?:$|[^a-z])|publicidad|werbung|anzeige|dfp|gpt/;

function withSiblings(top: Element, scores: ReadonlyMap<Element, number>, stats: StatsIndex): Element[] {
  const parent = top.parent;
  if (!parent || !isElement(parent) || parent.name === 'html') return [top];
  const chapters = chapterSections(top, parent, stats);
  if (chapters) return chapters;
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topStem = classStem(top);
  const siblings = parent.children.filter((c): c is Element => isElement(c) && c.type === 'tag');
  const taken = new Set<Element>();
  for (const sibling of siblings) {
    if (sibling === top) {
      taken.add(top);
      continue;
    }
    if (stats.isExcluded(sibling) || isControlBox(sibling, stats)) continue;
    const sameKind = topStem !== '' && classStem(sibling) === topStem && sibling.name === top.name;
    const bonus = sameKind ? topScore * 0.2 : 0;
    const score = scores.get(sibling);
    if (score !== undefined && score + bonus >= threshold) {
      taken.add(sibling);
    } else if (sameKind && stats.get(sibling).length >= 100 && stats.linkDensity(sibling) < 0.3) {
      // Another section of the same article, its paragraphs nested too deep to score it.
      taken.add(sibling);
    } else if (sibling.name === 'p') {
      const length = stats.get(sibling).length;
      const density = stats.linkDensity(sibling);
      const text = textOf(sibling);
      if (length > 80 && density < 0.25) taken.add(sibling);
      else if (length > 0 && length <= 80 && density === 0 && /\.( |$)/.test(text)) taken.add(sibling);
    }
  }
  // The article goes on in a box of its own after an advertisement or a picture.
  let last = siblings.findLastIndex((s) => taken.has(s));
  let interrupted = false;
  for (let i = last + 1; i < siblings.length; i++) {
    const sibling = siblings[i]!;
    const length = stats.get(sibling).length;
    // The article's photo gallery in a field of its own after the text belongs to it; an
    // advertisement, a picture or an embedded player interrupts the article without ending it.
    if (!stats.isExcluded(sibling) && isCaptionedGallery(sibling, stats)) {
      taken.add(sibling);
      last = i;
    } else if (
      AD_NAME.test(classAndId(sibling)) ||
      isPicture(sibling, stats) ||
      (length === 0 && isEmbed(sibling))
    ) {
      interrupted = true;
    } else if (stats.isExcluded(sibling)) {
      break;
    } else if (interrupted && isProse(sibling, top, stats)) {
      taken.add(sibling);
      last = i;
      interrupted = false;
    } else if (length > 0) {
      break;
    }
  }
  // Pictures between two parts of the article belong to it, each with the caption set after it.
  const first = siblings.findIndex((s) => taken.has(s));
  for (let i = first + 1; i < last; i++) {
    const sibling = siblings[i]!;
    if (stats.isExcluded(sibling) || !isPicture(sibling, stats)) continue;
    taken.add(sibling);
    const next = siblings[i + 1];
    if (next && i + 1 < last && isCaptionBox(next, stats)) taken.add(next);
  }
  return siblings.filter((s) => taken.has(s));
}

/**
 * The chapters of a long-form page (an "e-magazine"): the best box is the text of one section
 * among several of one kind (tag, and a class shared), others of which hold a text box of the best box's
 * kind. The article is those sections, with the pictures and quotes between them and the
 * pictures just before the first: the best box's siblings alone were its first chapter (blind
 * probe 40). Not sections that are articles of their own (an `<article>`, one with a headline
 * `<h1>`: the next story a page loads below the first).
 */
function chapterSections(top: Element, section: Element, stats: StatsIndex): Element[] | undefined {
  const container = section.parent;
  const topStem = classStem(top);
  const sectionStem = classStem(section);
  if (
    !container ||
    !isElement(container) ||
    topStem === '' ||
    sectionStem === '' ||
    section.name === 'article'
  )
    return undefined;
  const siblings = container.children.filter((c): c is Element => isElement(c) && c.type === 'tag');
  const sectionTokens = new Set(sectionStem.split(' '));
  // A section of the kind (its tag, a class shared), no story of its own (no <h1>), with a text
  // box of the best box's kind (tag and classes), of some length and few links.
  const holds = (sibling: Element) => {
    if (sibling === section) return true;
    if (sibling.name !== section.name || stats.isExcluded(sibling)) return false;
    if (
      !classStem(sibling)
        .split(' ')
        .some((token) => sectionTokens.has(token))
    )
      return false;
    let text = false;
    for (const d of descendants(sibling)) {
      if (d.name === 'h1') return false;
      text ||=
        d.name === top.name &&
        classStem(d) === topStem &&
        stats.get(d).length >= 100 &&
        stats.linkDensity(d) < 0.3;
    }
    return text;
  };
  const holders = siblings.flatMap((sibling, i) => (holds(sibling) ? [i] : []));
  if (holders.length < 2) return undefined;
  let first = holders[0]!;
  while (first > 0 && isPicture(siblings[first - 1]!, stats) && !stats.isExcluded(siblings[first - 1]!))
    first--;
  return siblings
    .slice(first, holders.at(-1)! + 1)
    .filter((s) => !stats.isExcluded(s) && !isControlBox(s, stats) && !AD_NAME.test(classAndId(s)));
}

/**
 * A short box with buttons or fields beside the article: a consent banner, a sign-up or a poll
 * asking for a click ("… zanim klikniesz „Przejdź do serwisu”…"), not a part of the text.
 */
function isControlBox(el: Element, stats: StatsIndex): boolean {
  // A box with a picture is more than a banner (an article's header: its share buttons, its photo).
  if (stats.get(el).length >= 500 || stats.get(el).images > 0) return false;
  const marked = (node: Element, depth: number): boolean =>
    node.attribs[CONTROL_MARK] !== undefined ||
    (depth < 3 && node.children.some((c) => isElement(c) && marked(c, depth + 1)));
  return marked(el, 0);
}

/** A short box of text, no link, named as a picture's caption. */
function isCaptionBox(el: Element, stats: StatsIndex): boolean {
  const s = stats.get(el);
  return (
    s.images === 0 &&
    s.length > 0 &&
    s.length <= 300 &&
    stats.linkDensity(el) === 0 &&
    CAPTION_HINT.test(classAndId(el))
  );
}

/** Running text like the article's: long enough, few links, in sentences, not named like furniture. */
function isProse(el: Element, top: Element, stats: StatsIndex): boolean {
  const s = stats.get(el);
  const density = stats.linkDensity(el);
  if (s.length < 80 || density > 0.2 || Math.abs(density - stats.linkDensity(top)) > 0.15) return false;
  if (classWeight(el) < 0 || s.headingLength / s.length > 0.5) return false;
  const sentences = textOf(el).match(/[.!?。…]["'”’»)]*(?:\s|$)/g)?.length ?? 0;
  return sentences >= 1 && s.length / sentences <= 400;
}

/** The box of a player or a post from elsewhere (its iframe or video is gone), two wrappers deep at most. */
function isEmbed(el: Element, depth = 0): boolean {
  if (el.attribs[EMBED_MARK] !== undefined) return true;
  return depth < 2 && el.children.some((c) => isElement(c) && isEmbed(c, depth + 1));
}

/** A picture with at most a caption, not an advertisement. */
function isPicture(el: Element, stats: StatsIndex): boolean {
  const s = stats.get(el);
  if (s.images < 1 || s.images > 4 || s.length > 300 || stats.linkDensity(el) > 0.5) return false;
  return classWeight(el) >= 0 && !isUnlikelyByName(el);
}

/**
 * A gallery: two pictures or more, each in a `<figure>` with its caption or in an item with a
 * caption of its own (galleryPictures), and nothing else of weight (no headlines, few links): not
 * a row of teasers, whose pictures link to other articles.
 */
/** The longest heading a gallery's box may carry: its label ("Hình ảnh", "Photo gallery"). */
const MAX_GALLERY_LABEL = 24;

function isCaptionedGallery(el: Element, stats: StatsIndex): boolean {
  const s = stats.get(el);
  if (s.images < 2 || stats.linkDensity(el) > 0.1 || classWeight(el) < 0) return false;
  // Its items captioned in boxes of their own ("media-block__caption"), under a line naming it
  // (a heading such as "相關照片", "Photos": a label, not a headline).
  if (
    s.headingLength <= MAX_GALLERY_LABEL &&
    s.images <= MAX_GALLERY &&
    s.length <= s.images * 320 &&
    galleryPictures(el, stats.excluded)
  )
    return true;
  if (s.headingLength > 0) return false;
  const inside = descendants(el);
  const figures = inside.filter((d) => d.name === 'figure');
  if (figures.length < 2) return false;
  const images = inside.filter((d) => d.name === 'img');
  return (
    images.every((img) => figures.some((figure) => contains(figure, img))) &&
    figures.every((figure) =>
      descendants(figure).some((d) => d.name === 'figcaption' && textOf(d).trim() !== ''),
    )
  );
}

function textOf(el: Element): string {
  let out = '';
  for (const c of el.children) {
    if (isText(c)) out += c.data;
    // A line break ends a sentence's line: "dân.<br>Bên" is two sentences, not "dân.Bên".
    else if (isElement(c)) out += c.name === 'br' ? ' ' : textOf(c);
  }
  return out.replace(/\s+/g, ' ').trim();
}
