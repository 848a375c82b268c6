/**
 * Turns the chosen content elements into a flat list of blocks (paragraphs, headings, list
 * items, pictures, data tables), dropping the furniture Readability's "clean conditionally"
 * step would drop: link lists, form-heavy boxes, picture strips without text.
 */
import { CAPTION_HINT, classWeight } from './boilerplate.js';
import { isSubscriptionPrompt } from './boilerplate-lines.js';
import { isDataTable } from './data-tables.js';
import {
  type AnyNode,
  attr,
  CONTROL_MARK,
  childElements,
  classAndId,
  contains,
  descendants,
  type Element,
  hasAncestor,
  isBlockish,
  isElement,
  parentElement,
  rawText,
} from './dom.js';
import { type GalleryPicture, galleryPictures, MAX_GALLERY, withoutCounter } from './gallery.js';
import { imageUrl, isAdImage, isAdPicture, isTinyImage, titleCaption, usefulAlt } from './images.js';
import { escapeHtml, InlineWriter, type TextSegment } from './inline-writer.js';
import { cleanText } from './text.js';
import type { StatsIndex } from './text-stats.js';

export type TextTag = 'p' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'pre' | 'li';

export interface TextBlock {
  kind: 'text';
  tag: TextTag;
  text: string;
  html: string;
  /** The element whose inline content this is. */
  source: Element;
  list?: { id: number; ordered: boolean };
  quote: boolean;
  bold: number;
  italic: number;
  link: number;
  align: string;
  /** Class/id words of the source, its close ancestors and the inline wrappers holding the text. */
  hints: string;
  /** The paragraph is a picture and this line under it (a caption written in the same `<p>`). */
  besideImage: boolean;
}

export interface ImageBlock {
  kind: 'image';
  url: string;
  alt: string;
  caption: string;
  source: Element;
  /** Alone in its paragraph, as pictures with a caption underneath usually are. */
  standalone: boolean;
}

export interface TableBlock {
  kind: 'table';
  html: string;
  rows: string[];
  source: Element;
}

export type Block = TextBlock | ImageBlock | TableBlock;

export interface BlockOptions {
  baseUrl: string;
  stats: StatsIndex;
  excluded: ReadonlySet<Element>;
  scores: ReadonlyMap<Element, number>;
  /** Drop link lists and other furniture inside the content (off when selectors chose the body). */
  cleanConditionally: boolean;
  weightClasses: boolean;
  /** Elements exempt from cleaning (the content roots). */
  roots: ReadonlySet<Element>;
  /** Short texts worth keeping even in a tiny box (author and source lines). */
  keepShort: (text: string) => boolean;
}

const CONDITIONAL = new Set([
  'div',
  'section',
  'header',
  'footer',
  'aside',
  'ul',
  'ol',
  'table',
  'form',
  'fieldset',
  'nav',
  'dl',
]);
const HEADING_TAGS: Record<string, TextTag> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h5', h6: 'h6' };

/**
 * An inline element that wraps paragraphs, tables or boxes (ASP.NET renders a Label as a
 * `<span>` around the whole article; old pages wrap it in `<font>`): a box like any other, not
 * a run of text, or the article would come out as one paragraph.
 */
function holdsBlocks(el: Element): boolean {
  return el.children.some(
    (child) => isElement(child) && child.type === 'tag' && (isBlockish(child) || holdsBlocks(child)),
  );
}

/** Names of a box of pictures set together as one. */
const ALBUM_NAME = /album|gallery|galerie|galeria|slideshow|lightbox/;

export class BlockBuilder {
  readonly blocks: Block[] = [];
  private listCounter = 0;
  private readonly galleries = new Map<Element, GalleryPicture[] | undefined>();

  constructor(private readonly options: BlockOptions) {}

  build(nodes: readonly Element[]): Block[] {
    for (const node of nodes) this.walk(node, false);
    return this.blocks;
  }

  private walk(el: Element, quote: boolean, list?: TextBlock['list']): void {
    const { excluded, cleanConditionally, roots } = this.options;
    if (excluded.has(el) || el.type !== 'tag') return;
    if (cleanConditionally && !roots.has(el) && CONDITIONAL.has(el.name) && this.isFurniture(el)) return;
    if (this.gallery(el)) return;
    if (el.name === 'figure' || (!roots.has(el) && this.isFigureLike(el))) {
      if (this.figure(el)) return;
    }
    switch (el.name) {
      case 'img':
        this.image(el, true);
        return;
      case 'br':
      case 'hr':
        return;
      case 'ul':
      case 'ol': {
        const info = { id: ++this.listCounter, ordered: el.name === 'ol' };
        for (const child of childElements(el)) {
          if (child.name === 'li' && !this.options.excluded.has(child))
            this.container(child, 'li', quote, info);
          else this.walk(child, quote, info);
        }
        return;
      }
      case 'table':
        if (isDataTable(el)) this.table(el);
        else this.container(el, 'p', quote);
        return;
      case 'blockquote':
        this.container(el, 'p', true);
        return;
      case 'pre':
        this.container(el, 'pre', quote);
        return;
      case 'p':
        this.container(el, 'p', quote, list);
        return;
      default: {
        const heading = HEADING_TAGS[el.name];
        this.container(el, heading ?? 'p', quote, list);
      }
    }
  }

  /** Inline runs become paragraphs; block children are walked in turn. */
  private container(el: Element, tag: TextTag, quote: boolean, list?: TextBlock['list']): void {
    let run: AnyNode[] = [];
    const flushRun = () => {
      if (run.length) this.inline(run, el, tag, quote, list);
      run = [];
    };
    for (const child of el.children) {
      if (isElement(child) && child.type === 'tag' && (isBlockish(child) || holdsBlocks(child))) {
        flushRun();
        this.walk(child, quote, tag === 'li' ? list : undefined);
      } else {
        run.push(child);
      }
    }
    flushRun();
  }

  private inline(
    run: AnyNode[],
    source: Element,
    tag: TextTag,
    quote: boolean,
    list?: TextBlock['list'],
  ): void {
    // A line of a form ("Đánh giá bài viết: ( ) Tốt ( ) Bình thường [Gửi]"): its controls' labels, no
    // text (a page inside ASP.NET's one <form> keeps no <form> to leave out).
    if (isFormLine(run, source)) return;
    const splitAtEveryBreak =
      !(tag === 'p' && (source.name === 'p' || source.name === 'blockquote')) && tag !== 'li';
    const segments = new InlineWriter(this.options.baseUrl, this.options.excluded, splitAtEveryBreak).write(
      run,
    );
    const hasText = segments.some((s) => s.kind === 'text');
    // "<p><img><br>Caption</p>": a picture with one line of text under it.
    const pictureWithLine =
      segments.length === 2 && segments[0]!.kind === 'image' && segments[1]!.kind === 'text';
    for (const segment of segments) {
      if (segment.kind === 'image') this.image(segment.img, !hasText);
      else this.text(segment, source, tag, quote, list, pictureWithLine);
    }
  }

  private text(
    segment: TextSegment,
    source: Element,
    tag: TextTag,
    quote: boolean,
    list: TextBlock['list'] | undefined,
    besideImage: boolean,
  ): void {
    this.blocks.push({
      kind: 'text',
      tag,
      text: segment.text,
      html: segment.html,
      source,
      list: tag === 'li' ? list : undefined,
      quote,
      bold: boldBlock(source, this.options.roots) ? 1 : segment.bold,
      italic: segment.italic,
      link: segment.link,
      align: segment.align || alignOf(source, this.options.roots),
      hints: `${hintsOf(source, this.options.roots)} ${segment.hints}`.trim(),
      besideImage,
    });
  }

  private image(img: Element, standalone: boolean, caption = ''): void {
    const url = imageUrl(img, this.options.baseUrl);
    if (
      !url ||
      isTinyImage(img) ||
      isAdImage(url) ||
      isAdPicture(img, this.options.baseUrl) ||
      isPortraitOfAuthor(img, this.options.roots)
    )
      return;
    this.blocks.push({
      kind: 'image',
      url,
      alt: usefulAlt(img),
      caption: caption || titleCaption(img),
      source: img,
      standalone,
    });
  }

  /** `<figure>` or a wrapper holding pictures and a short caption. False when it holds no picture. */
  private figure(el: Element): boolean {
    const images = findAll(el, (e) => e.name === 'img', this.options.excluded);
    if (images.length === 0) return false;
    const { excluded } = this.options;
    const captionEl = findAll(el, (e) => e.name === 'figcaption', excluded)[0];
    // A gallery numbers its pictures ("2/5 Artisti di strada…"): the number is no part of the caption.
    const caption = withoutCounter(
      captionEl ? cleanText(rawText(captionEl, excluded)) : boxCaption(el, excluded),
    );
    for (const img of images) this.image(img, true, caption);
    return true;
  }

  /** A gallery's pictures, each with its own caption; false when `el` is no gallery. */
  private gallery(el: Element): boolean {
    const pictures = this.galleryOf(el);
    for (const { img, caption } of pictures ?? []) this.image(img, true, caption);
    return pictures !== undefined;
  }

  /**
   * galleryPictures, looked for only in a box with pictures and no more text than their captions;
   * once per box (the furniture check and the walk both ask).
   */
  private galleryOf(el: Element): GalleryPicture[] | undefined {
    if (this.galleries.has(el)) return this.galleries.get(el);
    const s = this.options.stats.get(el);
    const pictures =
      s.images < 2 || s.images > MAX_GALLERY || s.length > s.images * 320
        ? undefined
        : galleryPictures(el, this.options.excluded);
    this.galleries.set(el, pictures);
    return pictures;
  }

  /** A layout table or a caption-named box with one to four pictures and a line or two of text. */
  private isFigureLike(el: Element): boolean {
    const s = this.options.stats.get(el);
    if (s.images < 1 || s.images > 4 || s.length === 0 || s.length > 300 || s.paragraphs > 2) return false;
    if (el.name === 'table') return !isDataTable(el);
    if (!['div', 'span', 'p', 'center', 'section', 'dl', 'a'].includes(el.name)) return false;
    if (CAPTION_HINT.test(classAndId(el))) return true;
    // A figcaption is a caption wherever it stands: Wix's viewer sets one in a box of hashed names
    // (one in a <figure> is that figure's, read with it).
    return findAll(
      el,
      (e) =>
        ((e.name === 'figcaption' && !hasAncestor(e, (a) => a.name === 'figure' && contains(el, a))) ||
          CAPTION_HINT.test(classAndId(e))) &&
        !e.children.some((c) => isElement(c) && c.name === 'img'),
      this.options.excluded,
    ).some((e) => cleanText(rawText(e, this.options.excluded)).length > 0);
  }

  private table(el: Element): void {
    const rows: string[] = [];
    let html = '';
    // Its title ("Тарифы для населения, руб."): the first line, as the table shows it.
    const captionEl = childElements(el).find((c) => c.name === 'caption' && !this.options.excluded.has(c));
    const title = captionEl ? cleanText(rawText(captionEl, this.options.excluded)) : '';
    if (title) {
      rows.push(title);
      html += `<caption>${escapeHtml(title)}</caption>`;
    }
    for (const tr of findAll(el, (e) => e.name === 'tr', this.options.excluded)) {
      const cells = childElements(tr).filter(
        (c) => (c.name === 'td' || c.name === 'th') && !this.options.excluded.has(c),
      );
      const texts = cells.map((c) => cleanText(rawText(c, this.options.excluded)));
      if (texts.every((t) => !t)) continue;
      rows.push(texts.join(' | '));
      html += `<tr>${cells.map((c, i) => `<${c.name}>${escapeHtml(texts[i] ?? '')}</${c.name}>`).join('')}</tr>`;
    }
    if (rows.length > (title ? 1 : 0)) {
      const caption = title ? html.slice(0, html.indexOf('</caption>') + '</caption>'.length) : '';
      const body = html.slice(caption.length);
      this.blocks.push({
        kind: 'table',
        html: `<table>${caption}<tbody>${body}</tbody></table>`,
        rows,
        source: el,
      });
    }
  }

  /**
   * A box around one paragraph of prose (pages that wrap each paragraph in a card): judged by
   * its links as the paragraph is, not as a box of links.
   */
  private isWrappedParagraph(el: Element): boolean {
    const { stats } = this.options;
    const s = stats.get(el);
    if (s.paragraphs > 1 || s.listItems > 0 || s.headingLength > 0 || s.length < 80) return false;
    if (stats.linkDensity(el) > 0.5) return false;
    return SENTENCE_END.test(cleanText(rawText(el, this.options.excluded)));
  }

  /** Readability's conditional cleaning, plus: a list that is mostly links is a related-news list. */
  /**
   * Pictures each in a `<figure>` with its caption, or each in an item of its own with its own
   * caption (galleryPictures): the article's gallery, not a row of ads or thumbnails.
   */
  private isGallery(el: Element): boolean {
    const { excluded } = this.options;
    if (this.galleryOf(el)) return true;
    const figures = findAll(el, (e) => e.name === 'figure', excluded);
    if (figures.length < 2) return false;
    const captioned = figures.every((figure) =>
      findAll(figure, (e) => e.name === 'figcaption', excluded).some((c) => cleanText(rawText(c)) !== ''),
    );
    return captioned && findAll(el, (e) => e.name === 'img', excluded).every(hasFigureAncestor);
  }

  /**
   * Pictures set side by side with one caption or none ("LayoutAlbum"): a few lines of text at
   * most, no heading, and no link but to a picture's own file (a lightbox), unlike a row of
   * teasers, whose pictures link to other articles.
   */
  private isAlbum(el: Element): boolean {
    const { excluded, stats } = this.options;
    const s = stats.get(el);
    if (s.images < 2 || s.images > MAX_GALLERY || s.length > 300 || s.headingLength > 0) return false;
    const links = findAll(el, (e) => e.name === 'a', excluded).map((a) => attr(a, 'href').trim());
    const opensPicture = (href: string) => /\.(?:jpe?g|png|webp|gif|avif)(?:[?#]|$)/i.test(href);
    // Named an album, or its links open the pictures (a lightbox): pictures with no link at all,
    // or "#" ones, may be an advertiser's row.
    const named = ALBUM_NAME.test(classAndId(el)) || (el.attribs.type ?? '').toLowerCase().includes('album');
    return links.every(opensPicture) && (links.length > 0 || named);
  }

  /**
   * A box holding one picture with its caption and nothing else, no link: the article's photo,
   * whatever the box is named (`widget-image`).
   */
  private isCaptionedFigure(el: Element): boolean {
    const { excluded, stats } = this.options;
    // A picture as a definition list: the picture its term, the caption its description
    // (`<dl class="image"><dt><img></dt><dd>…</dd></dl>`, Báo Đà Nẵng's CMS).
    if (el.name === 'dl') {
      const descriptions = findAll(el, (e) => e.name === 'dd', excluded);
      return (
        stats.get(el).images === 1 &&
        stats.get(el).length <= 300 &&
        stats.linkDensity(el) === 0 &&
        descriptions.length === 1 &&
        cleanText(rawText(descriptions[0]!)) !== '' &&
        findAll(el, (e) => e.name === 'dt', excluded).some((dt) => stats.get(dt).images === 1)
      );
    }
    const figures = el.name === 'figure' ? [el] : findAll(el, (e) => e.name === 'figure', excluded);
    if (figures.length !== 1 || stats.get(el).images !== 1 || stats.linkDensity(el) > 0) return false;
    const figure = figures[0]!;
    const caption = findAll(figure, (e) => e.name === 'figcaption', excluded)[0];
    return (
      caption !== undefined &&
      cleanText(rawText(caption)) !== '' &&
      stats.get(figure).length === stats.get(el).length
    );
  }

  private isFurniture(el: Element): boolean {
    const { stats, scores, weightClasses, keepShort } = this.options;
    const s = stats.get(el);
    const weight = weightClasses ? classWeight(el) : 0;
    if (weight + (scores.get(el) ?? 0) < 0) return !this.isCaptionedFigure(el);
    if (s.commas >= 10) return false;
    const isList =
      el.name === 'ul' || el.name === 'ol' || (s.length > 0 && s.listTextLength / s.length > 0.9);
    const linkDensity = stats.linkDensity(el);
    const inFigure = hasFigureAncestor(el);
    const headingDensity = s.length ? s.headingLength / s.length : 0;
    const p = s.paragraphs;
    // A small box calling to subscribe or sign up goes whole, its heading and button with it.
    if (s.length > 0 && s.length <= 400 && isSubscriptionPrompt(rawText(el, this.options.excluded)))
      return true;
    // The article's gallery: its pictures with their captions and a line naming it, no more; or
    // an album of pictures under one caption, whose links open the pictures themselves.
    if (s.images > 1 && (this.isGallery(el) || this.isAlbum(el))) return false;
    // Paragraphs, and text set in lines with <br><br> and no <p> (DataLife Engine's, uCoz's: probe
    // 47), counted by its length: a box of prose beside its pictures is no box of pictures.
    const prose = p + Math.floor(s.length / PROSE_PER_PARAGRAPH);
    const remove =
      (s.images > 1 && prose / s.images < 0.5 && !inFigure) ||
      (!isList && s.listItems - 100 > p) ||
      s.inputs > Math.floor(p / 3) ||
      (!isList &&
        headingDensity < 0.9 &&
        s.length < 25 &&
        (s.images === 0 || s.images > 2) &&
        !inFigure &&
        !keepShort(cleanText(rawText(el, this.options.excluded)))) ||
      (!isList && weight < 25 && linkDensity > 0.2 && !this.isWrappedParagraph(el)) ||
      (weight >= 25 && linkDensity > 0.5) ||
      (isList && linkDensity > 0.5) ||
      (s.embeds === 1 && s.length < 75) ||
      s.embeds > 1;
    if (remove && isList) {
      // Keep simple lists of pictures.
      const items = childElements(el);
      if (items.length > 0 && items.every((li) => stats.get(li).images === 1 && stats.get(li).length < 200))
        return false;
    }
    return remove;
  }
}

/** Characters of text counted as one paragraph where a box sets none apart (isFurniture). */
const PROSE_PER_PARAGRAPH = 400;

/** Sentence ends: a paragraph of prose has at least one. */
const SENTENCE_END = /[.!?。…]["'”’»)]*(?:\s|$)/;

function findAll(root: Element, test: (el: Element) => boolean, excluded: ReadonlySet<Element>): Element[] {
  const out: Element[] = [];
  const visit = (el: Element) => {
    for (const child of el.children) {
      if (!isElement(child) || excluded.has(child)) continue;
      if (test(child)) out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}

function hasFigureAncestor(el: Element): boolean {
  for (let p = parentElement(el); p; p = parentElement(p)) if (p.name === 'figure') return true;
  return false;
}

function hintsOf(el: Element, roots: ReadonlySet<Element>): string {
  const parts: string[] = [];
  let current: Element | null = el;
  for (let depth = 0; current && depth < 3; depth++) {
    if (roots.has(current) && depth > 0) break;
    const name = classAndId(current);
    if (name) parts.push(name);
    if (roots.has(current)) break;
    current = parentElement(current);
  }
  return parts.join(' ');
}

/**
 * Inline content whose box held a form's fields (prepare.ts took them out and marked it
 * CONTROL_MARK) and no more words than their labels: at most 150 characters.
 */
function isFormLine(run: readonly AnyNode[], source: Element): boolean {
  const held = (el: Element) => el.attribs[CONTROL_MARK] === 'field';
  const fields =
    held(source) || run.some((node) => isElement(node) && (held(node) || descendants(node).some(held)));
  return fields && cleanText(run.map((node) => rawText(node)).join(' ')).length <= 150;
}

/**
 * A reporter's or author's picture: in a close box named for the writer or a profile (a byline
 * card with the name, a mail link, a follow button), not the article's.
 */
function isPortraitOfAuthor(img: Element, roots: ReadonlySet<Element>): boolean {
  let current = parentElement(img);
  for (
    let depth = 0;
    current && depth < 3 && !roots.has(current);
    depth++, current = parentElement(current)
  ) {
    if (current.name === 'figure') return false;
    if (PORTRAIT_BOX.test(classAndId(current)) && cleanText(rawText(current)).length <= 300) return true;
  }
  return false;
}
const PORTRAIT_BOX =
  /(?:^|[^a-z])(?:writer|author|byline|reporter|journalist|columnist|profile|avatar|headshot)/;

/** The whole paragraph is set bold by its own element or a close wrapper (`<p style="font-weight:bold">`, `<b><p>`). */
function boldBlock(el: Element, roots: ReadonlySet<Element>): boolean {
  let current: Element | null = el;
  for (let depth = 0; current && depth < 3; depth++) {
    if (current.name === 'b' || current.name === 'strong') return true;
    if (/font-weight\s*:\s*(?:bold|[6-9]00)/i.test(current.attribs.style ?? '')) return true;
    if (roots.has(current)) break;
    current = parentElement(current);
  }
  return false;
}

function alignOf(el: Element, roots: ReadonlySet<Element>): string {
  let current: Element | null = el;
  for (let depth = 0; current && depth < 3; depth++) {
    const style = (current.attribs.style ?? '').toLowerCase();
    const m = /text-align\s*:\s*(left|right|center|justify)/.exec(style);
    if (m) return m[1]!;
    const align = (current.attribs.align ?? '').toLowerCase();
    if (align && current.name !== 'table') return align;
    if (current.name === 'center') return 'center';
    if (roots.has(current)) break;
    current = parentElement(current);
  }
  return '';
}

/** Boxes that credit a picture (its photographer, agency or rights) rather than describe it. */
const PICTURE_CREDIT =
  /copyright|credit|cr[eé]dito|photographer|fotograf|bildnachweis|author|autor|source|fotos?$/;

/** A caption's buttons and the lightbox that repeats it (NPR's "hide caption", "enlarge_html"). */
const CAPTION_CONTROL = /(?:hide|toggle|show|expand|collapse)[-_]?caption|(?:^|[^a-z])enlarge(?:$|[^a-z])/;

/**
 * The caption of a box holding a picture and no figcaption: its text, less the credit it sets in
 * a box of its own beside the caption ("<p class="photo-desc">…</p><p class="photo-author">foto:
 * …</p>"). A credit inside the caption's own element stays, as the page shows it there.
 */
function boxCaption(box: Element, shown: ReadonlySet<Element>): string {
  const inside = descendants(box);
  // Not the caption's buttons ("hide caption", "toggle caption") nor the lightbox's copy of it.
  const controls = inside.filter((d) => CAPTION_CONTROL.test(classAndId(d)));
  const excluded = controls.length > 0 ? new Set([...shown, ...controls]) : shown;
  const whole = cleanText(rawText(box, excluded));
  // The elements that hold a picture: its ancestors inside the box, found once.
  const holding = new Set<Element>();
  for (const img of inside) {
    if (img.name !== 'img') continue;
    for (let up = parentElement(img); up && up !== box && !holding.has(up); up = parentElement(up))
      holding.add(up);
  }
  const holdsPicture = (d: Element) => holding.has(d);
  const describes = (d: Element) => CAPTION_HINT.test(classAndId(d)) && !PICTURE_CREDIT.test(classAndId(d));
  const described = inside.some(
    (d) => describes(d) && !holdsPicture(d) && cleanText(rawText(d, excluded)) !== '',
  );
  /** Inside the caption's own element, below the box. */
  const withinCaption = (d: Element) => {
    for (let up = parentElement(d); up && up !== box; up = parentElement(up)) if (describes(up)) return true;
    return false;
  };
  const credits = described
    ? inside.filter(
        (d) =>
          PICTURE_CREDIT.test(classAndId(d)) &&
          !holdsPicture(d) &&
          !withinCaption(d) &&
          !descendants(d).some(describes),
      )
    : [];
  if (credits.length === 0) return whole;
  return cleanText(rawText(box, new Set([...excluded, ...credits]))) || whole;
}
