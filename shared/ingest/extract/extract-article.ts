/**
 * The generic article extractor: one parse of the page, metadata first, then a
 * Readability-style search for the body, then a cleanup that turns leftovers into fields
 * (lead → summary, signature → author, "Nguồn: …" → attribution, captions → images).
 * Source selectors, when given, override it field by field.
 */

import { load } from 'cheerio/slim';
import { ARTICLE_LIMITS } from '../../domain/article.js';
import { truncate } from '../../domain/excerpt.js';
import { plainName } from '../../domain/plain-text.js';
import type { Selectors } from '../../domain/source.js';
import { DEFAULT_TIME_ZONE, toZonedIso } from '../../domain/time.js';
import { absoluteUrl } from '../../domain/web-url.js';
import { parseVietnameseDate } from '../date/parse-date.js';
import { type Block, BlockBuilder, type ImageBlock, type TextBlock } from './blocks.js';
import { cleanupBlocks, isDateLine } from './body-cleanup.js';
import { BYLINE_HINT, CAPTION_HINT, DATE_HINT, isUnlikelyByName, LEAD_HINT } from './boilerplate.js';
import { isEditorCredit } from './boilerplate-lines.js';
import { findCategories } from './categories.js';
import { selectContent } from './content-scoring.js';
import {
  BYLINE_PARTS,
  BYLINE_PREFIX,
  bylineAgency,
  cleanByline,
  datelineReporters,
  hasBylinePrefix,
  isNewsroom,
  isRoleAlone,
  isVietnameseOrganisation,
  joinedNames,
  KOREAN_REPORTER,
  looksLikeName,
  NAME_JOINER_WORDS,
  openingAgency,
  parseAttribution,
  wireAgencyName,
} from './credits.js';
import {
  attr,
  childElements,
  classAndId,
  contains,
  descendants,
  type Element,
  elementsAfter,
  firstText,
  hasAncestor,
  isBlockish,
  isElement,
  isInline,
  type ParentNode,
  parentElement,
  previousElement,
  rawText,
} from './dom.js';
import { labelledBoxes, unlikelyElements } from './exclusions.js';
import { galleryPictures } from './gallery.js';
import { imageUrl, isTinyImage, usefulAlt } from './images.js';
import { guessLanguage, isVietnameseTag, looksVietnamese } from './language.js';
import { metaValue, type PageMetadata, readMetadata } from './metadata.js';
import { stateDate } from './page-state.js';
import { pageTimeZone } from './page-zone.js';
import { MAX_PAGE_NODES, MAX_PAGE_TEXT, PARSER_OPTIONS, type ParseReport, parseHtml } from './parse-html.js';
import { prepareDocument } from './prepare.js';
import {
  type DateEvidence,
  metadataModified,
  metadataPublished,
  pagePublished,
  TIME_IN_DATETIME,
} from './published-date.js';
import { renderHtml, renderText } from './render.js';
import { SelectorReader } from './selectors.js';
import { cleanText, describedBy, endsSentence, isLabelLine, textKey, wordCount } from './text.js';
import { StatsIndex } from './text-stats.js';
import { headlineWithoutKicker, TitleFinder } from './title.js';

export interface ExtractOptions {
  url: string;
  /** Default: the zone of the page's country if it tells it (page-zone.ts), else Asia/Ho_Chi_Minh. */
  timeZone?: string;
  selectors?: Selectors;
  fallbackPublishedAt?: string;
}

export interface ExtractedArticle {
  title: string;
  url: string;
  canonicalUrl: string;
  publishedAt: string | null;
  updatedAt: string | null;
  author: string;
  summary: string;
  contentHtml: string;
  contentText: string;
  images: { url: string; caption: string }[];
  attribution: string;
  language: string;
  categories: string[];
}

export interface ExtractResult {
  article: ExtractedArticle;
  warnings: string[];
}

interface Pass {
  stripUnlikely: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

/** Readability's retry ladder: each pass relaxes one rule when the previous found too little text. */
const PASSES: Pass[] = [
  { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: false },
];
const ENOUGH_TEXT = 500;

interface BodyResult {
  blocks: Block[];
  nodes: Element[];
}

function textLength(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) if (b.kind === 'text') n += b.text.length + denseLetters(b.text);
  return n;
}

/**
 * Letters of the scripts that say in one what an alphabet says in two or three (Han, kana,
 * Hangul, Ethiopic, Yi): counted twice, so that "enough text" means as much in any script (probe
 * 45: five Amharic paragraphs, 481 letters, and a Japanese story, 351, fell short of
 * ENOUGH_TEXT, and a pass that kept an ad's label or Joomla's details box won).
 */
function denseLetters(text: string): number {
  return DENSE_SCRIPT.test(text) ? (text.match(DENSE_LETTERS)?.length ?? 0) : 0;
}
const DENSE_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Ethiopic}\p{Script=Yi}]/u;
const DENSE_LETTERS = new RegExp(DENSE_SCRIPT.source, 'gu');

/** Short lines that must survive Readability's removal of tiny boxes: signatures and source lines. */
function isCreditLine(text: string): boolean {
  return (
    text.length > 0 &&
    text.length < 60 &&
    (looksLikeName(cleanByline(text)) || /^\(?\s*(?:nguồn|theo)\b/i.test(text))
  );
}

function findBody(
  body: ParentNode,
  selected: Element[],
  baseUrl: string,
  protect: Element[],
  labelled: ReadonlySet<Element>,
): BodyResult {
  if (selected.length > 0) {
    const stats = new StatsIndex(body, labelled);
    const roots = new Set(selected);
    const blocks = new BlockBuilder({
      baseUrl,
      stats,
      excluded: labelled,
      scores: new Map(),
      cleanConditionally: false,
      weightClasses: false,
      roots,
      keepShort: isCreditLine,
    }).build(selected);
    return { blocks, nodes: selected };
  }
  const unlikely = unlikelyElements(body, protect);
  let best: (BodyResult & { length: number }) | undefined;
  for (const pass of PASSES) {
    const excluded = pass.stripUnlikely ? new Set([...labelled, ...unlikely]) : labelled;
    const stats = new StatsIndex(body, excluded);
    const selection = selectContent(body, stats, { ...pass, title: protect[0] });
    const blocks = new BlockBuilder({
      baseUrl,
      stats,
      excluded,
      scores: selection.scores,
      cleanConditionally: pass.cleanConditionally,
      weightClasses: pass.weightClasses,
      roots: new Set(selection.top ? [selection.top] : []),
      keepShort: isCreditLine,
    }).build(selection.nodes);
    const result = { blocks, nodes: selection.nodes, length: textLength(blocks) };
    if (process.env.DEBUG_EXTRACT)
      console.error(
        'pass',
        pass,
        selection.nodes.map((n) => `${n.name}.${n.attribs.class ?? ''}#${n.attribs.id ?? ''}`),
        result.length,
      );
    if (result.length >= ENOUGH_TEXT) return result;
    if (!best || result.length > best.length) best = result;
  }
  return best!;
}

/** The first `<body>` in the page (usually a child of `<html>`), without a selector query. */
function findBodyElement(node: ParentNode): Element | undefined {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (child.name === 'body') return child;
    const inner = findBodyElement(child);
    if (inner) return inner;
  }
  return undefined;
}

/** The element holding the body's first real paragraph (the first text, if none is long). */
function bodyStart(blocks: readonly Block[]): { source: Element; text: string } | undefined {
  const long = blocks.filter((b): b is TextBlock => b.kind === 'text' && b.text.length >= 80);
  // A paragraph ends a sentence; a headline, even a long one, rarely does.
  const sentence = long.find((b) => endsSentence(b.text));
  return sentence ?? long[0] ?? blocks.find((b): b is TextBlock => b.kind === 'text');
}

/** A lead printed between the headline and the body, named like one or equal to the meta description. */
/** A box holding a picture and at most its caption and credit. */
function isPictureBox(el: Element): boolean {
  return (
    (el.name === 'img' || descendants(el).some((d) => d.name === 'img')) &&
    cleanText(rawText(el)).length <= 300
  );
}

/**
 * The headline's deck: a smaller heading right under it ("<h1>…</h1><h2>The Commission invoked
 * …</h2>"), written as a sentence, not a section's name.
 */
function isDeck(el: Element, title: Element, timeZone: string): boolean {
  if (!/^h[2-4]$/.test(el.name)) return false;
  if (previousElement(el) !== title) return false;
  // Not a byline, a date line, a caption, a teaser's link or a label ("Read more: …") set there.
  const name = classAndId(el);
  if (BYLINE_HINT.test(name) || CAPTION_HINT.test(name) || DATE_HINT.test(name)) return false;
  if (descendants(el).some((d) => d.name === 'a')) return false;
  const text = cleanText(rawText(el));
  if (wordCount(text) < 5 || text.length > 400 || /^[^:：]{0,30}[:：]/.test(text)) return false;
  return !hasBylinePrefix(text) && !isDateLine(text, timeZone);
}

/**
 * A paragraph set bold as a whole, standing apart between the headline and the body: the lead as
 * many papers print it, whatever its box is called ("perilipsi", "tomtat", none). Written as
 * sentences, with no link, picture or label, and no byline, date or caption.
 */
function isBoldLead(el: Element, text: string, timeZone: string): boolean {
  if (wordCount(text) < 8 || !endsSentence(text) || /^[^:：]{0,30}[:：]/.test(text)) return false;
  const name = classAndId(el);
  if (BYLINE_HINT.test(name) || CAPTION_HINT.test(name) || DATE_HINT.test(name)) return false;
  const inner = descendants(el);
  if (inner.some((d) => d.name === 'a' || d.name === 'img' || (isBlockish(d) && d.name !== 'p')))
    return false;
  if (hasBylinePrefix(text) || isDateLine(text, timeZone)) return false;
  const bold = (node: Element) =>
    node.name === 'b' ||
    node.name === 'strong' ||
    /font-weight\s*:\s*(?:bold|[6-9]00)/i.test(node.attribs.style ?? '');
  // Every word of it inside a bold element within it (or it is bold itself).
  if (bold(el)) return true;
  const plain = cleanText(rawText(el, new Set(inner.filter(bold))));
  return plain === '' && inner.some(bold);
}

function findExternalLead(
  root: ParentNode,
  title: Element | undefined,
  found: { nodes: Element[]; blocks: Block[] },
  description: string,
  timeZone: string,
): string {
  const { nodes } = found;
  if (!title || nodes.length === 0) return '';
  const elements = descendants(root);
  const start = elements.indexOf(title);
  if (start < 0) return '';
  // A body box that holds the headline too (the whole <main>, whose header the text's blocks
  // leave out): a lead named so is looked for inside it, between the headline and the text's
  // first block after it.
  const holding = nodes.filter((node) => contains(node, title));
  // The lead may stand below the lead picture the body opens with, or below a box of the byline
  // and the date taken with the body: look down to its first text (a box with a paragraph's worth).
  const text = nodes.filter((node) => !isPictureBox(node) && !holding.includes(node));
  const firstText =
    text.find((node) => cleanText(rawText(node)).length >= 150) ??
    text[0] ??
    nodes.find((node) => !holding.includes(node));
  let end = firstText ? elements.indexOf(firstText) : elements.length;
  // Inside a box holding the headline, the text's first block after it ends the look, and the
  // boxes holding that block are the text's own ("video-desc": the whole text, no lead).
  let textStart: Element | undefined;
  if (holding.length > 0) {
    const sources = new Set(found.blocks.flatMap((block) => (block.kind === 'text' ? [block.source] : [])));
    for (let i = start + 1; i < end; i++) {
      if (!sources.has(elements[i]!)) continue;
      end = i;
      textStart = elements[i];
    }
  }
  if (end <= start) return '';
  for (let i = start + 1; i < end && i < start + 60; i++) {
    const el = elements[i]!;
    const inside = holding.some((n) => contains(n, el));
    if (textStart && contains(el, textStart)) continue;
    if (nodes.some((n) => !holding.includes(n) && (contains(el, n) || contains(n, el)))) continue;
    // A picture with its caption is no lead, whatever its box is named ("lead-art", "lead-image").
    if (el.name === 'figure' || descendants(el).some((d) => d.name === 'figure' || d.name === 'figcaption'))
      continue;
    const whole = cleanText(rawText(el));
    if (whole.length < 30 || whole.length > 3000) continue;
    const name = classAndId(el);
    // A share bar or a box of links is no lead, whatever else its name says ("item-summary share-box").
    if (TOOLS.test(name) || linkShare(el, whole) >= 0.5) continue;
    const marked =
      namedLead(el) || isDeck(el, title, timeZone) || (!inside && isBoldLead(el, whole, timeZone));
    // Inside the body's box only a lead named so is one.
    if (inside && !marked) continue;
    // A box named a lead that holds one named so reads as that one, which comes next: the outer
    // box may hold the credits too ("Nội dung: … Ảnh: …" beside an e-magazine's sapo: blind probe 40).
    if (marked && descendants(el).some((d) => namedLead(d) && cleanText(rawText(d)).length >= 30)) continue;
    if (!marked && !description) continue;
    const equalsDescription = (text: string) => describedBy(text, description);
    if (!marked && equalsDescription(whole)) return whole;
    // A lead box may hold its tags or a related link in a box of their own: not the lead's words.
    // Looked for only where they could matter: a lead box, or a box the description begins.
    const mayHoldLinks = marked || textKey(whole).startsWith(textKey(description));
    if (!mayHoldLinks) continue;
    const text = el.children.some(isElement)
      ? cleanText(rawText(el, new Set([...linkBoxes(el), ...leadLabel(el)])))
      : whole;
    if (text.length < 30 || text.length > 1500) continue;
    if (marked || equalsDescription(text)) return text;
  }
  return '';
}

/** A box named as a lead ("sapo", "lead", "intro"), not as a caption or a byline. */
function namedLead(el: Element): boolean {
  const name = classAndId(el);
  return LEAD_HINT.test(name) && !CAPTION_HINT.test(name) && !BYLINE_HINT.test(name);
}

/**
 * A source named with a colon in the line under the headline, where Chinese and Japanese papers
 * (and some others) print it beside the time: "来源：新华网", "Nguồn: TTXVN", "Source: AFP".
 */
function sourceNearHeadline(title: Element | undefined, bodyStart: Element | undefined): string {
  if (!title || !bodyStart) return '';
  for (const el of elementsAfter(title, 40)) {
    if (el === bodyStart) break;
    // A line, not a box of lines (a box holding the article would be read whole).
    if (el.children.some((c) => isElement(c) && isBlockish(c))) continue;
    // Not a share bar's or a text-size tool's letters ("AA" is Anadolu's name too), nor a
    // picture's credit ("Quelle: picture alliance/dpa" under the opening photo).
    // (A box that holds the headline too is the page's, whatever its name: "main tin-anh".)
    if (hasAncestor(el, (a) => TOOLS.test(classAndId(a)) || (isPictureCaption(a) && !contains(a, title))))
      continue;
    const text = cleanText(rawText(el));
    // A wire agency's bare name by the date ("共同通信", "AFP") credits it.
    const agency = text.length <= 30 ? wireAgencyName(text) : undefined;
    if (agency) return agency;
    const source = labelledSource(text);
    if (source) return source;
  }
  return '';
}

/** A picture's caption or credit: a figcaption, or a box named so in a figure. */
function isPictureCaption(el: Element): boolean {
  return (
    el.name === 'figcaption' ||
    el.name === 'figure' ||
    (CAPTION_HINT.test(classAndId(el)) && !/^(?:body|html|article|main)$/.test(el.name))
  );
}

/**
 * The label a lead box sets over its words ("<span class="label">Коротко</span><p>…</p>"): its
 * first element when that is a short line saying no sentence and a paragraph follows.
 */
function leadLabel(box: Element): Element[] {
  const children = childElements(box);
  const first = children[0];
  if (!first || !children.slice(1).some((c) => c.name === 'p' || isBlockish(c))) return [];
  // Only when the box opens with it (no words before it).
  const before = box.children.slice(0, box.children.indexOf(first));
  if (cleanText(before.map((n) => rawText(n)).join('')) !== '') return [];
  return isLabelLine(cleanText(rawText(first))) ? [first] : [];
}

/** The share of an element's text that is the text of its links. */
function linkShare(el: Element, text: string): number {
  const linked = descendants(el)
    .filter((d) => d.name === 'a')
    .reduce((sum, a) => sum + cleanText(rawText(a)).length, 0);
  return text.length > 0 ? linked / text.length : 0;
}

/** Names of the bars of buttons by a headline: sharing, text size, tools. */
const TOOLS = /share|sharing|social|toolbar|tools|font-?size|text-?size/;

/**
 * The source a short line names after a one-word label and a colon ("Nguồn: TTXVN", "Źródło: PAP"),
 * also with the date and time before or after it ("2019年06月27日08:15 来源：新华网",
 * "Source: Reuters | 10:45 GMT").
 */
function labelledSource(line: string): string | undefined {
  const text = line.replace(DATE_TIME_OPENING, '').replace(DATE_TIME_CLOSING, '');
  // One label: a line of several ("来源：… 作者：…") is read part by part, each in its element.
  // (Not a time's colon, a port's, nor an address's "://".)
  if (text.length > 60 || (text.match(/(?<!\d)[:：](?!\d|\/\/)/g) ?? []).length !== 1) return undefined;
  const source = parseAttribution(text);
  return source && /^[([]?\s*\S+\s*[:：]/u.test(text) ? source : undefined;
}

/** A date or a time as a line by a headline prints it: "2019年06月27日", "27/06/2019", "2024-08-19", "08:15". */
const DATE_TIME = String.raw`(?:\d{1,4}[-/.年月]\d{1,2}(?:[-/.月]\d{1,4})?日?|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)`;
/** Dates and times opening a line, before a label ("2019年06月27日08:15 ", "27/06/2019 08:15 | "). */
const DATE_TIME_OPENING = new RegExp(String.raw`^(?:${DATE_TIME}\s*(?:[|·,–-]\s*)?)+(?=\S)`, 'u');
/** Dates and times closing a line, after the source (" 2019-06-27 08:15", " | 10:45 GMT", " - 08:15"). */
const DATE_TIME_CLOSING = new RegExp(
  String.raw`(?:\s*[|·,–-])?\s+(?:${DATE_TIME}\s*)+(?:(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2})?)?$`,
  'u',
);

/**
 * A box named as the source ("link-source-wrapper": "Theo <span>Dân trí</span>", a copy button,
 * the original's address): the source its words name, without the buttons and the address.
 */
function namedSourceBox(box: Element): string | undefined {
  // "link-source-wrapper", "nguon-tin"; not "resources". A short box only: a line and its buttons.
  if (!/(?:^|[^a-z])(?:source|nguon)/.test(classAndId(box)) || rawText(box).length > 600) return undefined;
  const skip = new Set(
    descendants(box).filter(
      (el) =>
        el.name === 'button' ||
        /btn|button|copy/.test(classAndId(el)) ||
        /^https?:\/\/\S+$/.test(cleanText(rawText(el))),
    ),
  );
  const text = cleanText(rawText(box, skip));
  return text.length <= 80 ? parseAttribution(text) : undefined;
}

/**
 * A source line set right after the body's box ("<div class="article__source">Źródło: PAP</div>"):
 * one of the next two elements beside the box or its parent, a short line naming a source
 * with a colon.
 */
function sourceAfterBody(last: Element | undefined): string {
  for (
    let box: Element | null | undefined = last, depth = 0;
    box && depth < 2;
    box = parentElement(box), depth++
  ) {
    let next = box.next;
    for (let seen = 0; next && seen < 2; next = next.next) {
      if (!isElement(next)) continue;
      seen++;
      const source = labelledSource(cleanText(rawText(next))) ?? namedSourceBox(next) ?? sourceLineIn(next);
      if (source) return source;
    }
  }
  return '';
}

/**
 * The source line of a small box of credit lines ("<p>Autor: mjz</p><p>Źródło: PAP</p>"): one of
 * its two to four lines that names a source with a colon.
 */
function sourceLineIn(box: Element): string | undefined {
  const lines = box.children.filter(isElement);
  if (lines.length < 2 || lines.length > 4) return undefined;
  for (const line of lines) {
    const source = labelledSource(cleanText(rawText(line)));
    if (source) return source;
  }
  return undefined;
}

/**
 * The article's lead picture when it stands between the headline and the body's box, where the
 * body's search does not reach: the picture og:image names, or one with its caption beside it
 * (captionOf); else the featured picture above the headline, in the box that holds both headline
 * and body (WordPress themes put it there): the one og:image names or marked `wp-post-image`.
 * A picture that opens a gallery brings the gallery's pictures (leadGallery). Never one the body
 * shows already.
 */
function leadPicture(
  title: Element | undefined,
  found: { blocks: Block[]; nodes: Element[] },
  metadata: PageMetadata,
): ImageBlock[] {
  const start = found.nodes[0];
  if (!title || !start) return [];
  const shared = absoluteUrl(metaValue(metadata, 'og:image', 'twitter:image'), metadata.baseUrl);
  const bodyNodes = new Set(found.nodes);
  const shown = new Set(found.blocks.map((b) => (b.kind === 'image' ? b.url : '')));
  for (const el of elementsAfter(title, 60)) {
    if (el === start || bodyNodes.has(el)) break;
    // A box that holds the body too (the article's) is looked into, up to the body.
    if (el.name !== 'img' || isTinyImage(el)) continue;
    const url = imageUrl(el, metadata.baseUrl);
    if (!url || shown.has(url)) continue;
    // The captioned picture og:image names may link to the paper's photo page, or sit in a header
    // box named for all it holds ("…-share-author-dates-media"); any other (a linked banner) must
    // stand clear of both. The article's own header, the box of its headline, is no such place.
    const outOfPlace = (a: Element) => isOutwardLink(a) || (isUnlikelyByName(a) && !contains(a, title));
    if (hasAncestor(el, (a) => a.name === 'nav' || a.name === 'aside')) continue;
    let caption: string | undefined;
    const captioned = () => (caption ??= captionOf(el));
    if (hasAncestor(el, outOfPlace) && (url !== shared || captioned() === '')) continue;
    const gallery = leadGallery(el, title, start, metadata, shown);
    if (gallery) return gallery;
    if (url === shared || captioned() !== '') {
      return [{ kind: 'image', url, alt: usefulAlt(el), caption: captioned(), source: el, standalone: true }];
    }
  }
  const featured = featuredAbove(title, start, shared, metadata, shown);
  return featured ? [featured] : [];
}

/**
 * The gallery a picture above the body opens (a slider of captioned photos between headline
 * and text): its pictures, each with its own caption; undefined when the picture stands alone.
 */
function leadGallery(
  img: Element,
  title: Element,
  start: Element,
  metadata: PageMetadata,
  shown: ReadonlySet<string>,
): ImageBlock[] | undefined {
  let box = parentElement(img);
  for (let depth = 0; box && depth < 5; depth++, box = parentElement(box)) {
    if (contains(box, title) || contains(box, start)) return undefined;
    const pictures = galleryPictures(box, NOTHING_EXCLUDED);
    if (!pictures) continue;
    const blocks: ImageBlock[] = [];
    for (const { img: picture, caption } of pictures) {
      const url = imageUrl(picture, metadata.baseUrl);
      if (url && !shown.has(url) && !blocks.some((b) => b.url === url))
        blocks.push({
          kind: 'image',
          url,
          alt: usefulAlt(picture),
          caption,
          source: picture,
          standalone: true,
        });
    }
    return blocks.length > 0 ? blocks : undefined;
  }
  return undefined;
}

const NOTHING_EXCLUDED: ReadonlySet<Element> = new Set();

function featuredAbove(
  title: Element,
  start: Element,
  shared: string | undefined,
  metadata: PageMetadata,
  shown: ReadonlySet<string>,
): ImageBlock | undefined {
  let box = parentElement(title);
  while (box && !contains(box, start)) box = parentElement(box);
  if (!box || box.name === 'body' || box.name === 'html') return undefined;
  // In document order: what stands above the headline comes before it.
  for (const el of elementsAfter(box, 60)) {
    if (el === title || el === start) break;
    if (el.name !== 'img' || isTinyImage(el) || hasAncestor(el, isOutwardLink)) continue;
    const url = imageUrl(el, metadata.baseUrl);
    if (!url || shown.has(url)) continue;
    if (url === shared || /(?:^|\s)wp-post-image(?:\s|$)/.test(attr(el, 'class'))) {
      return { kind: 'image', url, alt: usefulAlt(el), caption: captionOf(el), source: el, standalone: true };
    }
  }
  return undefined;
}

/**
 * A link that leads away from the picture it holds (to another article, an ad); not one that
 * opens the picture itself, larger (a lightbox: its href is an image file).
 */
function isOutwardLink(el: Element): boolean {
  return el.name === 'a' && !/\.(?:jpe?g|png|webp|gif|avif)(?:[?#]|$)/i.test(attr(el, 'href'));
}

/**
 * The caption of a picture standing alone in its box: the figure's figcaption, or a
 * caption-named element beside it ("photo__caption"), in one of the three boxes around it, or
 * the caption-named box right after one of them (CMSs that keep the picture and its caption in
 * fields of their own).
 */
function captionOf(img: Element): string {
  const said = (d: Element) => {
    // A figure's `<details>` opens on its caption ("View image in fullscreen" is its summary).
    const folded = d.name === 'details' && hasAncestor(d, (a) => a.name === 'figure');
    if (d.name !== 'figcaption' && !folded && !CAPTION_HINT.test(classAndId(d))) return undefined;
    const summaries = new Set(folded ? childElements(d).filter((c) => c.name === 'summary') : []);
    const text = cleanText(rawText(d, summaries));
    return text ? text : undefined;
  };
  let box = img.parent;
  for (let depth = 0; box && isElement(box) && depth < 3; depth++, box = box.parent) {
    const inside = descendants(box);
    if (inside.filter((d) => d.name === 'img').length > 1) return '';
    // The first that says something: a wrapper named like a picture ("news-image") may hold none.
    const first = inside.find((d) => said(d) !== undefined);
    const text = first && said(first);
    if (text !== undefined && text.length <= 300) return text;
    if (text !== undefined) continue;
    let next = box.next;
    while (next && !isElement(next)) next = next.next;
    const beside = next && !descendants(next).some((d) => d.name === 'img') ? said(next) : undefined;
    if (beside !== undefined && beside.length <= 300) return beside;
  }
  return '';
}

/** The block-level boxes inside `el` that hold links and nothing else. */
function linkBoxes(el: Element): Set<Element> {
  const boxes = new Set<Element>();
  const letters = (node: Element) => rawText(node).replace(/\s/g, '').length;
  for (const box of descendants(el)) {
    if (isInline(box.name)) continue;
    const links = descendants(box).filter((d) => d.name === 'a');
    if (links.length === 0) continue;
    const total = letters(box);
    if (total > 0 && links.reduce((n, a) => n + letters(a), 0) >= total * 0.9) boxes.add(box);
  }
  return boxes;
}

/** Boxes whose names say their bylines belong to someone else (commenters, related stories). */
const FOREIGN_BYLINES = /comment|binh-?luan|y-?kien|reply|replies|related|lien-?quan|tin-?khac|sidebar/;

/**
 * A box of others' bylines (comments, related news, a sidebar); not `<body>` or `<html>`, whose
 * classes describe the layout ("right-sidebar" on every WordPress page of that theme).
 */
function isForeignBox(el: Element): boolean {
  return el.name !== 'body' && el.name !== 'html' && FOREIGN_BYLINES.test(classAndId(el));
}

/**
 * A byline word, then a colon or a capitalized name ("Tin tức" is a section): "Bài và ảnh: …" or
 * "Thực hiện: …" in an e-magazine's credits box after the text.
 */
const SIGNED_LINE =
  /^(?:(?:[Bb]y|[Ww]ritten by|[Pp]or|[Pp]ar|[Vv]on|di|[Oo]leh|[Dd]oor|[Dd]aga)\s+\p{Lu}|(?:[Gg]hi chép|[Pp]hóng sự|[Bb]út ký|[Kk]ý sự|[Tt]ản văn|[Tt]ùy bút|[Bb]ài viết|[Bb]ài|[Tt]ường thuật)\s+của\s+\p{Lu}|(?:[Ảả]nh|[Vv]ideo|[Cc]lip|[Đđ]ồ họa)(?:\s*(?:và|,|&|-|–|\/)\s*(?:ảnh|video|clip|đồ họa))*\s*(?:và|,|&|-|–|\/)\s*(?:bài|tin|nội dung|thực hiện)\s*[:：]|(?:[Bb]ài(?:\s*(?:và|,|&|-|–|\/)\s*(?:ảnh|video|clip))?|[Tt]in\s*(?:và|,|&)\s*ảnh|[Tt]hực hiện|[Nn]ội dung|[Tt]ác giả|[Pp]hóng viên|[Aa]uthor|[Aa]utor|[Aa]uteur|[Pp]enulis|[Mm]uhabir|[Yy]azar|[Аа]втор|[Ss]zerző|[Σσ]υντάκτ(?:ης|ρια)|מאת|نویسنده|लेखक|প্রতিবেদক|எழுதியவர்)\s*[:：])/u;

/**
 * A line that signs the article though nothing names it so: "By Sian Gard", "Por Ana Souza",
 * "Tác giả: Lan Anh", "부산=김지원 기자" (a Korean name before 기자, reporter, after the city).
 */
function isSignedLine(text: string): boolean {
  return SIGNED_LINE.test(text) || KOREAN_REPORTER.test(text);
}

/** The words a signed line opens with, in any case: a cheap look before the line is read whole. */
const SIGNED_START =
  /^(?:by|written|por|par|von|di|oleh|door|tác|phóng|bài|tin|thực|nội|ảnh|video|clip|đồ|ghi|bút|ký|tản|tùy|tường|truyện|author|autor|auteur|penulis|muhabir|yazar|автор|szerző|συντάκτ|מאת|نویسنده|लेखक|প্রতিবেদক|எழுதியவர்|\p{Script=Hangul}{1,8}\s*=|\p{Script=Hangul}{2,5}\s+기자)/iu;

/**
 * A link to an author's page ("/yazar/mehmet-yilmaz", "/penulis/rina-kurniawati", "/author/…"):
 * its text is the name, whatever the byline around it adds (a city, a label, a role).
 */
function isAuthorLink(el: Element): boolean {
  if (el.name !== 'a') return false;
  const href = attr(el, 'href');
  if (!href || href.startsWith('#') || /^(?:mailto|javascript):/i.test(href)) return false;
  const path = href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0]!;
  const folders = path.split('/').filter(Boolean).slice(0, -1);
  return folders.length > 0 && folders.length <= 3 && folders.some((folder) => AUTHOR_FOLDER.test(folder));
}

/** A folder of authors' pages, the whole name ("/autoridades/", "/writers-festival/" are none). */
const AUTHOR_FOLDER =
  /^(?:authors?|autor(?:es|en|i)?|auteurs?|autori|yazar(?:lar)?|penulis|wartawan|tac-?gia|phong-?vien|reporters?|journalists?|writers?|columnists?|contributors?|byline|redaktor(?:en)?|muhabir)$/i;

/** The parts of a byline box that hold no name: its label ("Текст:"), the place reported from, the date, the time. */
const BYLINE_OTHER_PART = /label|place|location|city|dateline|date|time|published|updated/;

/**
 * The byline nearest the headline (an element named so: rel=author, itemprop=author, class
 * "byline"/"author"; or a line that signs): its author's name and the wire agency it names, if any.
 */
function bylineNearby(root: ParentNode, anchor: Element | undefined): { name: string; agency?: string } {
  const elements = descendants(root);
  const at = anchor ? Math.max(0, elements.indexOf(anchor)) : 0;
  const named = (el: Element) =>
    attr(el, 'rel') === 'author' ||
    /author/i.test(attr(el, 'itemprop')) ||
    BYLINE_HINT.test(classAndId(el)) ||
    isAuthorLink(el);
  for (let distance = 0; distance < 300; distance++) {
    for (const index of distance === 0 ? [at] : [at - distance, at + distance]) {
      const box = elements[index];
      if (!box) continue;
      // Named like a byline, or a short line that opens like one ("By …" in a box of hashed class names).
      // The line is read whole only when its first words could sign it: most elements are not.
      const signed = () =>
        SIGNED_START.test(firstText(box)?.data.trimStart() ?? '') &&
        !box.children.some((c) => isElement(c) && isBlockish(c)) &&
        isSignedLine(cleanText(rawText(box)));
      if (!(named(box) || signed()) || hasAncestor(box, isForeignBox)) continue;
      // A byline box naming its author apart ("firma": the name, then the city): the name, from
      // the innermost element named so (a wrapper's text runs the name into the city).
      // (Not its other parts, named after the byline too: "byline__place" holds the city, "byline__date" the day.)
      const inner = descendants(box).filter(
        (d) => named(d) && !BYLINE_OTHER_PART.test(classAndId(d)) && cleanText(rawText(d)) !== '',
      );
      const el = inner.find((d) => !inner.some((other) => other !== d && contains(d, other))) ?? box;
      const text = cleanText(rawText(el));
      if (!text || text.length > 80) continue;
      // An author link in the editor's credit ("Edited By <a>Harpreet Kaur</a>"): no writer.
      const line = parentElement(box);
      if (isEditorCredit(rawText(box)) || (line && isEditorCredit(rawText(line)))) continue;
      const name = named(box) ? (soleLinkedName(box, text) ?? namedBylineName(text)) : cleanByline(text);
      if (!looksLikeName(name)) continue;
      const agency = bylineAgency(text) ?? bylineAgency(rawText(box));
      return { name: isAuthorLink(el) ? (coAuthors(el) ?? name) : name, ...(agency ? { agency } : {}) };
    }
  }
  return { name: '' };
}

/**
 * In a box named as a byline whose words do not read as a name, the text of its one link, when
 * that is a name and the few words before it are none: Somali "Waxaa qoray <a>Xaliimo Cali Yuusuf</a>"
 * (written by), Welsh "Gan <a>…</a>", whatever the language's words for "by" (probe 48).
 */
function soleLinkedName(box: Element, text: string): string | undefined {
  if (looksLikeName(cleanByline(text))) return undefined;
  const links = descendants(box).filter((d) => {
    const href = d.name === 'a' ? attr(d, 'href') : undefined;
    return (
      href && !href.startsWith('#') && !/^(?:mailto|javascript|tel):/i.test(href) && cleanText(rawText(d))
    );
  });
  if (links.length !== 1) return undefined;
  const name = cleanByline(cleanText(rawText(links[0]!)));
  // The words are the byline's before the name ("연합뉴스 <a>다른기사 보기</a>" is a name and a link
  // to more of its stories).
  const around = cleanText(rawText(box, new Set(links)));
  const before = cleanText(rawText(box)).startsWith(around);
  const few = wordCount(around) <= 4 && around.length <= 30 && !/\d/.test(around);
  return looksLikeName(name) && before && few && !looksLikeName(around) ? name : undefined;
}

/**
 * The name a box named as a byline holds, read whole, else from its first part: the words after a
 * label of its own ("रिपोर्ट: राहुल शर्मा | संपादन: अमित सिंह": report, then editing), before the
 * desk, outlet or place set after it ("Rina Anggraini - kabarnusa Jateng", "Ayşe DEMİR / İZMİR",
 * "Ana Souza, g1 Campinas").
 */
function namedBylineName(text: string): string {
  const whole = cleanByline(text);
  if (looksLikeName(whole)) return whole;
  const part = (text.split(/\s+[|·•]\s+/)[0] ?? '').replace(/^[^:：\d]{1,20}[:：]\s*/u, '');
  for (const candidate of [part, ...part.split(BYLINE_PARTS).slice(0, 1)]) {
    const name = cleanByline(candidate);
    if (looksLikeName(name)) return name;
  }
  return whole;
}

/**
 * The names of the author links beside `link` in its byline ("<a>Ngọc Phượng</a> - <a>Minh
 * Hòa</a>"), joined with commas; undefined when it stands alone.
 */
function coAuthors(link: Element): string | undefined {
  let box = parentElement(link);
  for (let depth = 0; box && depth < 2; depth++, box = parentElement(box)) {
    if (cleanText(rawText(box)).length > 200) return undefined;
    const links = descendants(box).filter(isAuthorLink);
    const names = [...new Set(links.map((a) => cleanByline(cleanText(rawText(a)))).filter(looksLikeName))];
    if (names.length > 6) return undefined;
    if (names.length < 2) continue;
    // Only the names and their joiners, after the byline's word ("By", "Bài:") or a first label
    // ("Penulis:"): "Penulis: A | Editor: B" credits an editor, no second author. (BYLINE_PREFIX
    // wants a space after its word, so the text is read with one more word, taken off after.)
    const around = `${cleanText(rawText(box, new Set(links)))} x`;
    const between = (
      BYLINE_PREFIX.test(around)
        ? around.replace(BYLINE_PREFIX, '')
        : around.replace(/^[^:：]{0,25}[:：]\s*/u, '')
    )
      .slice(0, -1)
      .trim();
    if (!ONLY_JOINERS.test(between)) return undefined;
    return names.join(', ');
  }
  return undefined;
}

/** The author's name with `agency`, unless their byline named one. */
function withAgencyOf(found: { name: string; agency?: string }, agency: string | undefined) {
  return found.agency || !agency ? found : { ...found, agency };
}

/** Whether a byline names each of `people` and someone more ("A - B" over a JSON-LD's "A"). */
/** Whether a byline names one of `people` (its words hold one's, in any case and accents). */
function namesAnyOf(shown: string, people: string[]): boolean {
  const words = ` ${textKey(shown)} `;
  return people.some((name) => words.includes(` ${textKey(name)} `));
}

function namesMore(shown: string, people: string[]): boolean {
  if (people.length === 0) return false;
  const parts = joinedNames(cleanByline(shown)).split(/\s*,\s*/);
  const names = parts.map(textKey);
  const others = parts.filter((part) => !people.some((name) => textKey(name) === textKey(part)));
  const shortest = Math.min(...people.map((name) => wordCount(name)));
  return (
    names.length > people.length &&
    people.every((name) => names.includes(textKey(name))) &&
    // Each more a person: "Tim Childers - Live Science Contributor" names one. A shorter name
    // than any the JSON-LD lists is the correspondent's town: "Mahmudul Hasan, Khulna" (blind probe
    // 40; names written without spaces, "김철수, 이영희", are one word each and count alike).
    others.every((part) => looksLikeName(part) && !ROLE_WORD.test(part) && wordCount(part) >= shortest)
  );
}

/**
 * A byline's name without the town it was filed from: "Aminu Abdullahi, Kano" (blind probe 43),
 * a name of two words or more and one word after its comma. Two people are two names of a
 * word or more each ("Sutrisno, Rahmat" stays).
 */
function withoutTown(name: string): string {
  const parts = name.split(/\s*,\s*/);
  if (parts.length !== 2 || wordCount(parts[0]!) < 2 || wordCount(parts[1]!) !== 1) return name;
  return /^\p{Lu}/u.test(parts[1]!) && looksLikeName(parts[0]!) ? parts[0]! : name;
}

/** A reporter's role written where a second name could stand. */
const ROLE_WORD =
  /(?<!\p{L})(?:contributors?|correspondents?|reporters?|writers?|editors?|columnists?|staff|photographers?|producers?|desk)(?!\p{L})/iu;

/**
 * A Vietnamese organisation's name and nothing more ("Đài Phát thanh - Truyền hình Quảng Ngãi"):
 * a short line opening with its kind, its words capitalised as a name's are, not a sentence's.
 */
function namesOrganisationOnly(text: string): boolean {
  if (!isVietnameseOrganisation(text) || /[.!?…]\s*$/.test(text)) return false;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
  if (words.length > 10) return false;
  return words.filter((word) => /^\p{Lu}/u.test(word)).length >= 0.7 * words.length;
}

/**
 * The paper's name and a word or two more, first: its desk, in any language ("ಕರಾವಳಿ ವಾರ್ತೆ
 * ಬ್ಯೂರೋ", "Karavali Varte Bureau", "Báo Hà Nam Online"), no one's name (probe 47: a Kannada
 * portal's JSON-LD author beat the reporter's signature). A name that ends with the paper's
 * ("Nguyễn Hà Nam" at "Hà Nam") is a person's.
 */
function isPapersDesk(name: string, paperNames: (string | undefined)[]): boolean {
  const key = textKey(name);
  return paperNames.some((paper) => {
    const own = textKey(paper ?? '');
    if (own.length < 3 || !key.startsWith(`${own} `)) return false;
    return wordCount(key.slice(own.length)) <= 2;
  });
}

/** The accounts CMSs install, which post for whoever wrote. */
const CMS_ACCOUNT =
  /^(?:administrator|admin|super ?user|webmaster|web master|root|editor|author|guest|system|quản trị(?: viên)?|quan ?tri)$/iu;

/** The author's name, and the wire agency their byline names ("Von Anna Schmidt, dpa"). */
function findAuthor(
  metadata: PageMetadata,
  root: ParentNode,
  anchor: Element | undefined,
  cleaned: { signature: string; byline: string; bylineAgency: string; blocks: Block[] },
  namesPaper: (name: string) => boolean,
  namesNoOne: (name: string) => boolean,
): { name: string; agency?: string } {
  // A login name ("admin", "bientap01") is the account that posted, not the author: WordPress
  // writes it into the JSON-LD and the meta tags alike; so is a CMS's default account
  // ("Viết bởi Administrator", Joomla's: blind probe 43), however it is written.
  const isLogin = (name: string) => /^[a-z0-9._-]+$/.test(name) || CMS_ACCOUNT.test(name.trim());
  // Cleaned as a byline is: "김서연 기자", "By Jane Doe" in JSON-LD give the name.
  const linked = metadata.linkedData.authors
    .filter((name) => !isLogin(name))
    .map((name) => cleanByline(name))
    .filter(Boolean);
  // An agency listed as an author ("Petra Nováková", "ČTK") is the source, not a person; the
  // paper listed as the author ("VTV.vn", "Dân trí") is no one, and the page's byline is read.
  // A newsroom listed as the author ("Ban Biên tập", WordPress's account for the desk) names no one:
  // the page's byline or signature may.
  const people = linked.filter((name) => !wireAgencyName(name) && !namesPaper(name) && !namesNoOne(name));
  const fromLinkedData = people.length > 1 ? people.join(', ') : (people[0] ?? '');
  // An agency the JSON-LD lists, or names beside the paper ("20 Minutes avec AFP").
  // (Read before cleanByline, which takes the agency off.)
  const linkedAgency = [...linked, ...metadata.linkedData.authors, ...metadata.linkedData.organizations]
    .map((name) => wireAgencyName(name) ?? bylineAgency(name))
    .find(Boolean);
  // A role signed for a name (namesNoOne) is passed over: another byline, or the meta tags, may name the author.
  if (cleaned.byline && !namesNoOne(cleaned.byline) && !isLogin(cleaned.byline)) {
    const agency = cleaned.bylineAgency || linkedAgency;
    // The JSON-LD's spelling of the byline's name; not a name the byline leaves out, which is a
    // site's default author ("Gohebydd Bro" on every post of a Hugo site, the text signed "Gan Elin
    // Jones": probe 47).
    const name =
      fromLinkedData && !namesMore(cleaned.byline, people) && namesAnyOf(cleaned.byline, people)
        ? fromLinkedData
        : withoutTown(cleaned.byline);
    return { name, ...(agency ? { agency } : {}) };
  }
  const nearby = bylineNearby(root, anchor);
  // The page's byline or signature naming every author the JSON-LD lists, and more (the JSON-LD
  // listed the first of two reporters: blind probe 39).
  const fuller = [nearby.name, cleaned.signature].find((shown) => shown && namesMore(shown, people));
  if (fromLinkedData && fuller && !namesNoOne(fuller)) return withAgencyOf({ name: fuller }, linkedAgency);
  if (fromLinkedData) {
    // The page's byline may name the agency the JSON-LD leaves out ("Aminata Ouédraogo (AIB)").
    const agency =
      (nearby.agency && textKey(nearby.name) === textKey(fromLinkedData) ? nearby.agency : undefined) ??
      linkedAgency;
    return { name: fromLinkedData, ...(agency ? { agency } : {}) };
  }
  // The JSON-LD's agency, when the page names none by its author.
  const withAgency = (found: { name: string; agency?: string }) => withAgencyOf(found, linkedAgency);
  if (nearby.name && !namesNoOne(nearby.name) && !isLogin(nearby.name))
    return withAgency({ ...nearby, name: withoutTown(nearby.name) });
  if (cleaned.signature && !namesNoOne(cleaned.signature)) return withAgency({ name: cleaned.signature });
  const opening = cleaned.blocks.find((b) => b.kind !== 'image');
  const dateline = opening?.kind === 'text' ? datelineReporters(opening.text) : undefined;
  if (dateline) return { name: dateline.names, ...(dateline.agency ? { agency: dateline.agency } : {}) };
  const meta = metaValue(
    metadata,
    'author',
    'article:author',
    'dc.creator',
    'byl',
    'sailthru.author',
    'parsely-author',
    'content_author',
  );
  const siteName = metaValue(metadata, 'og:site_name');
  if (
    meta &&
    !isLogin(meta) &&
    !/^https?:/i.test(meta) &&
    textKey(meta) !== textKey(siteName) &&
    !namesPaper(meta)
  )
    return withAgency({ name: cleanByline(meta) });
  return withAgency({ name: '' });
}

/**
 * One copy of each picture: a lead picture the body shows again (a theme's header photo, then the
 * same photo in the text) is the copy with a caption, else the first.
 */
function withoutRepeatedPictures(blocks: Block[]): Block[] {
  const kept = new Map<string, ImageBlock>();
  for (const block of blocks) {
    if (block.kind !== 'image') continue;
    const first = kept.get(block.url);
    if (!first || (first.caption === '' && block.caption !== '')) kept.set(block.url, block);
  }
  if (kept.size === blocks.filter((b) => b.kind === 'image').length) return blocks;
  return blocks.filter((b) => b.kind !== 'image' || kept.get(b.url) === b);
}

/**
 * The text without the author's box after it: a closing paragraph that opens with an author's
 * name and says who they are ("Ananya Verma is a Principal Correspondent with The Times of
 * India…", "Jane Doe covers housing…"), and the name alone above it.
 */
function withoutAuthorBio(blocks: Block[], author: string): Block[] {
  const names = author
    .split(/\s*(?:,|&|\band\b|\bund\b|\bet\b)\s*/u)
    .map((name) => name.trim())
    .filter((name) => wordCount(name) >= 2);
  if (names.length === 0) return blocks;
  const bio = (text: string) =>
    names.some(
      (name) =>
        text.startsWith(`${name} `) &&
        /^(?:is|was|has been|covers|writes|reports|joined)\b/i.test(text.slice(name.length + 1)),
    );
  let end = blocks.length;
  const last = () => blocks.slice(0, end).findLastIndex((b) => b.kind === 'text');
  const at = last();
  if (at < 0 || at < blocks.length - 3) return blocks;
  const block = blocks[at] as Extract<Block, { kind: 'text' }>;
  if (!bio(block.text)) return blocks;
  end = at;
  const before = last();
  if (before >= 0 && names.includes((blocks[before] as Extract<Block, { kind: 'text' }>).text)) end = before;
  return [...blocks.slice(0, end), ...blocks.slice(at + 1)];
}

/** What joins names on a byline: credits' words, and the marks of scripts that write them closed up. */
const NAME_JOINERS = `(?:,|&|/|-|–|${NAME_JOINER_WORDS}|ו|و|、|・)`;
/** Joiners of names and nothing else ("-", " and ", "、"). */
const ONLY_JOINERS = new RegExp(`^(?:\\s*${NAME_JOINERS}\\s*)*$`, 'iu');

/** Selector, metadata, the date line nearest the headline, then the caller's fallback (the feed's date). */
function findPublished(
  selected: string,
  options: ExtractOptions,
  timeZone: string,
  metadata: PageMetadata,
  body: ParentNode,
  anchor: Element | undefined,
  stats: StatsIndex,
  warnings: string[],
  zoneKnown: boolean,
  titles: readonly string[],
): string | null {
  if (selected) {
    const value = parseVietnameseDate(selected, timeZone);
    if (value) return value;
    warnings.push(
      `selector "${options.selectors?.date}" for date gave "${selected}", which is not a date; used the generic result`,
    );
  }
  const stated = metadataPublished(metadata, timeZone) ?? statePublished(metadata, options, titles, timeZone);
  const printed = () => pagePublished(body, anchor, timeZone, (el) => stats.get(el).length);
  // Metadata that gives only the day ("2024-12-03") yields to the page's line of that day with a time;
  // metadata with a time, to the page's line when it is plainly misdated (misdated), if the zone
  // the line is read in is the page's (else an hour's difference is the zones').
  // (The page's line is read only where it can change the answer: a body walk per page.)
  const line = stated && (!stated.hasTime || zoneKnown) ? printed() : undefined;
  const evidence =
    line?.hasTime &&
    (stated!.hasTime
      ? misdated(stated!.value, line.value, metadataModified(metadata, timeZone), timeZone)
      : localDay(line.value, timeZone) === localDay(stated!.value, timeZone))
      ? line
      : (stated ?? printed());
  const fallback = options.fallbackPublishedAt
    ? parseVietnameseDate(options.fallbackPublishedAt, timeZone)
    : null;
  // A date line without a time of day is less precise than the feed's timestamp for the same day.
  if (
    evidence &&
    !evidence.hasTime &&
    fallback &&
    localDay(fallback, timeZone) === localDay(evidence.value, timeZone)
  ) {
    return fallback;
  }
  return evidence?.value ?? fallback ?? urlDay([options.url, metadata.canonicalUrl], timeZone);
}

/**
 * The publication date the page's scripts hand to the browser (`__NEXT_DATA__`, `_preloads`),
 * read as metadata when no `<meta>` or JSON-LD states one: the date of the object whose title is
 * the page's headline or whose slug ends its address (page-state.ts), never any date in the blob.
 */
function statePublished(
  metadata: PageMetadata,
  options: ExtractOptions,
  titles: readonly string[],
  timeZone: string,
): DateEvidence | undefined {
  if (metadata.stateScripts.length === 0) return undefined;
  let hasTime = false;
  const value = stateDate(metadata.stateScripts, titles, [options.url, metadata.canonicalUrl], (raw) => {
    const read = parseVietnameseDate(raw, timeZone);
    if (read && TIME_IN_DATETIME.test(raw)) hasTime = true;
    return read;
  });
  return value ? { value, hasTime, from: 'metadata' } : undefined;
}

/**
 * The day an article's address states, as the last resort when nothing else dates the page:
 * WordPress's permalinks and many other CMSes' ("/2024/06/15/slug/", "/news/2024-06-15-slug",
 * "/20240615/slug"). Midnight of that day in the page's zone, as a date line without a time
 * reads (probe 48). Only a real day from 1995 to tomorrow: an id of eight digits is no date.
 */
function urlDay(urls: readonly (string | undefined)[], timeZone: string): string | null {
  const tomorrow = Date.now() + 86_400_000;
  for (const url of urls) {
    if (!url) continue;
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      continue;
    }
    const m =
      /\/((?:19|20)\d\d)\/(\d\d)\/(\d\d)(?=\/|$|[-_.])/.exec(path) ??
      /\/(?:[^/]*[-_])?((?:19|20)\d\d)-(\d\d)-(\d\d)(?=[-_/.]|$)/.exec(path) ??
      /\/((?:19|20)\d\d)(\d\d)(\d\d)(?=\/|$)/.exec(path);
    if (!m) continue;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const time = Date.UTC(year, month - 1, day);
    const real = new Date(time).getUTCMonth() === month - 1 && new Date(time).getUTCDate() === day;
    if (!real || year < 1995 || time > tomorrow) continue;
    const value = parseVietnameseDate(`${m[1]}-${m[2]}-${m[3]}`, timeZone);
    if (value) return value;
  }
  return null;
}

/**
 * Whether the metadata's time is plainly a mistake beside the page's printed date and time (blind
 * probe 43): the printed day and time in another year (a typed year), or the last change's time
 * given as the publication's, a day or more after what the page prints (a CMS writing its crawl or save time
 * into both). (An hour's difference is left alone: which side wrote the zone wrong cannot be told.)
 */
function misdated(stated: string, printed: string, modified: string | null, timeZone: string): boolean {
  const [s, p] = [Date.parse(stated), Date.parse(printed)];
  if (s === p) return false;
  const [sw, pw] = [toZonedIso(s, timeZone), toZonedIso(p, timeZone)];
  // (A printed date always names its year: a line without one is no date.)
  if (sw.slice(4) === pw.slice(4)) return true;
  return modified !== null && Date.parse(modified) === s && p < s - 86_400_000;
}

function localDay(iso: string, timeZone: string): string {
  return toZonedIso(iso, timeZone).slice(0, 10);
}

function pageUrlOf(options: ExtractOptions, metadata: PageMetadata): { url: string; canonicalUrl: string } {
  const url = absoluteUrl(options.url, options.url, { allowFile: true }) ?? options.url;
  return { url, canonicalUrl: metadata.canonicalUrl || url };
}

/**
 * The article in a page's HTML, given whole or in pieces (decodeBodyPieces: a large page need
 * never be one large string).
 */
export function extractArticle(html: string | readonly string[], options: ExtractOptions): ExtractResult {
  const warnings: string[] = [];
  const parsed: ParseReport = {};
  const $ = load(parseHtml(html, undefined, parsed), { xml: PARSER_OPTIONS });
  if (parsed.truncated) {
    warnings.push(
      `the page holds more than ${MAX_PAGE_NODES.toLocaleString('en')} elements and texts or ${MAX_PAGE_TEXT.toLocaleString('en')} characters of text: the rest was not read`,
    );
  }
  const root: ParentNode = $.root()[0]!;
  const metadata = readMetadata($, options.url);
  /** The zone the page's times are read in, and whether it is known (given, or the page's country's). */
  const knownZone = (language: string) =>
    options.timeZone ??
    pageTimeZone({
      language,
      locale: metaValue(metadata, 'og:locale'),
      url: metadata.canonicalUrl || options.url,
    });
  const statedZone = knownZone(metadata.language);
  const timeZone = statedZone ?? DEFAULT_TIME_ZONE;
  const selectors = new SelectorReader($, options.selectors, warnings);
  selectors.removeAll();
  const chosen = {
    title: selectors.text('title'),
    date: selectors.text('date'),
    author: selectors.text('author'),
    summary: selectors.text('summary'),
    body: selectors.elements('body'),
  };
  prepareDocument(root);
  const body: ParentNode = findBodyElement(root) ?? root;

  const titles = new TitleFinder(root, metadata, options.url);
  let titleResult = titles.fromMetadata();
  const protect = titleResult.element ? [titleResult.element] : [];
  const plainStats = new StatsIndex(body, new Set());
  const labelled = labelledBoxes(body, plainStats, protect);

  const found = findBody(body, chosen.body, metadata.baseUrl, protect, labelled);
  titleResult = titles.shownAboveBody(titleResult, found.nodes[0]);
  if (!titleResult.settled) {
    const start = bodyStart(found.blocks);
    const element = start && titles.aboveBody(start.source, start.text);
    if (element) titleResult = { title: cleanText(rawText(element)), element, settled: true };
  }
  const statedTitles = [metaValue(metadata, 'og:title', 'twitter:title'), metadata.linkedData.headline];
  const title =
    chosen.title ||
    (titleResult.element && headlineWithoutKicker(titleResult.element, statedTitles)) ||
    titleResult.title;
  const stated =
    metaValue(metadata, 'og:description', 'description', 'twitter:description') ||
    metadata.linkedData.description;
  // A description naming only the site (a CMS's default: "Đài Phát thanh - Truyền hình Quảng
  // Ngãi", blind probe 43), or the site and its tagline, describes no article: no summary, no lead.
  const description = titles.isSiteDescription(stated) || namesOrganisationOnly(stated) ? '' : stated;
  const externalLead =
    chosen.summary || findExternalLead(body, titleResult.element, found, description, timeZone);
  const pictures = chosen.body.length > 0 ? [] : leadPicture(titleResult.element, found, metadata);
  const cleaned = cleanupBlocks({
    blocks: [...pictures, ...found.blocks],
    title,
    timeZone,
    description,
    externalLead,
    headline: chosen.title ? undefined : titleResult.element,
    leadApart: metadata.language ? isVietnameseTag(metadata.language) : looksVietnamese(title),
    siteNames: titles.siteNameKeys,
  });

  const contentText = renderText(cleaned.blocks);
  if (!contentText) warnings.push('no article text found');
  // What the page says, else what its text is written in, else Bantin's first language.
  const language = metadata.language || guessLanguage(`${title}\n${contentText}`) || 'vi';
  // A page that does not say its language is dated in the zone of the one it is written in.
  const shownZone = metadata.language ? statedZone : knownZone(language);
  const datesZone = metadata.language ? timeZone : (shownZone ?? DEFAULT_TIME_ZONE);
  // An instant is told in the page's own zone when it is known ("01:30:00Z" of a Vietnamese page
  // is 08:30:00+07:00), else with the offset the page gave.
  const inShownZone = (iso: string | null) => (iso && shownZone ? toZonedIso(iso, shownZone) : iso);
  const publishedAt = findPublished(
    chosen.date,
    options,
    datesZone,
    metadata,
    body,
    titleResult.element ?? found.nodes[0],
    plainStats,
    warnings,
    shownZone !== undefined,
    [title, ...statedTitles],
  );
  if (!publishedAt) warnings.push('no publication date found');

  // A newsroom signing as itself ("নিজস্ব প্রতিবেদক", "Staff"), or a Vietnamese paper's reporter's
  // role signed where a name goes ("PV", "Nhóm PV"), names no one (elsewhere "By CTV" is a
  // broadcaster's byline).
  const namesNoOne = (name: string) =>
    isNewsroom(name) || (isVietnameseTag(language) && (isRoleAlone(name) || isVietnameseOrganisation(name)));
  const byline = chosen.author
    ? { name: cleanByline(chosen.author), agency: bylineAgency(chosen.author) }
    : findAuthor(
        metadata,
        body,
        titleResult.element ?? found.nodes[0],
        cleaned,
        // The site's name, or a host name ("VTV.vn", "Dantri.com.vn"): a first label of two letters
        // or more and a top-level domain in small letters, not a name with an initial ("Q.Anh", "J.Smith").
        (name) =>
          titles.namesSite(name) ||
          /^[\p{L}\d-]{2,}(?:\.[\p{L}\d-]+)*\.[a-z]{2,6}$/u.test(name) ||
          isPapersDesk(name, [metaValue(metadata, 'og:site_name'), metadata.linkedData.publisher]),
        namesNoOne,
      );
  // A byline that is only an agency ("MTI") or a source line ("Theo TTXVN") credits it as the
  // source and names no author. "Theo" opens an English name too ("Theo Walcott"): a source line
  // on a Vietnamese page, or one naming an agency.
  const source = byline.name ? parseAttribution(byline.name) : undefined;
  const bylineIsAgency =
    wireAgencyName(byline.name) ??
    (source && source !== byline.name && (wireAgencyName(source) || isVietnameseTag(language))
      ? source
      : undefined);
  const credited = bylineIsAgency ? { name: '', agency: byline.agency ?? bylineIsAgency } : byline;
  const author = namesNoOne(credited.name) ? '' : withoutOwnCredit(credited.name, titles);
  const blocks = withoutRepeatedPictures(withoutAuthorBio(cleaned.blocks, author));
  // One block a picture (withoutRepeatedPictures).
  const images = blocks.flatMap((block) =>
    block.kind === 'image'
      ? [{ url: block.url, caption: truncate(block.caption, ARTICLE_LIMITS.captionChars) }]
      : [],
  );
  const { url, canonicalUrl } = pageUrlOf(options, metadata);
  // A page read from a file (the CLI without --url): pictures at addresses relative to its site
  // have no web address to be kept at, and were left out without a word (newcomer run 49).
  if (images.length === 0 && metadata.baseUrl.startsWith('file:')) {
    const relative = found.nodes
      .flatMap((node) => [node, ...descendants(node)])
      .filter((el) => el.name === 'img' && /^(?![a-z][a-z\d+.-]*:)\S/i.test(attr(el, 'src').trim())).length;
    if (relative > 0) {
      warnings.push(
        `${relative} picture${relative > 1 ? 's' : ''} of the text left out: ${relative > 1 ? 'their addresses are' : 'its address is'} relative to the page's site, which a file's path does not give; pass the page's address with --url`,
      );
    }
  }

  const article: ExtractedArticle = {
    title: cleanText(title),
    url,
    canonicalUrl,
    publishedAt: inShownZone(publishedAt),
    updatedAt: inShownZone(metadataModified(metadata, datesZone)),
    author: truncate(joinedNames(cleanText(plainName(author))), ARTICLE_LIMITS.authorChars),
    summary: cleanText(cleaned.summary),
    contentHtml: renderHtml(blocks),
    contentText: blocks === cleaned.blocks ? contentText : renderText(blocks),
    images,
    attribution: cleanText(
      plainName(
        cleaned.attribution ||
          sourceNearHeadline(titleResult.element, found.nodes[0]) ||
          sourceAfterBody(found.nodes.at(-1)) ||
          credited.agency ||
          openingAgency(blocks.find((b) => b.kind === 'text')?.text ?? '') ||
          '',
      ),
    ),
    language,
    categories: findCategories(root, metadata),
  };
  return { article, warnings };
}

/**
 * A byline without the paper's own name. The paper signing as itself ("ABS-CBN News") names no
 * author; "City - Paper" ("عمّان - الغد", "Roma - Il Tempo") is a dateline, the paper's staff
 * writing from there: no author. Only a lone word beside the paper's name is taken for the
 * place (not in scripts written without spaces, where one run is a name); anything longer may
 * be a person or a place ("Hà Nội - Báo Hà Nam"), and the byline is kept as written.
 */
function withoutOwnCredit(name: string, titles: TitleFinder): string {
  if (titles.namesSite(name)) return '';
  const parts = name.split(/\s+[-–—|/]\s+/);
  if (parts.length !== 2) return name;
  const others = parts.filter((part) => !titles.namesSite(part));
  if (others.length !== 1) return name;
  const other = others[0]!.trim();
  const unspaced = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
  return /\s/.test(other) || unspaced.test(other) ? name : '';
}
