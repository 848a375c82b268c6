/**
 * Second pass over the content blocks: whatever the content element still holds that is not
 * the article's prose: the headline and date line repeated, bylines, captions (moved onto
 * their pictures), related-news lists, share bars, the lead (it becomes the summary) and the
 * reporter's signature and source line at the end (they become author and attribution).
 */
import { parseVietnameseDate } from '../date/parse-date.js';
import type { Block, ImageBlock, TextBlock } from './blocks.js';
import { BYLINE_HINT, CAPTION_HINT, CREDIT_HINT, LEAD_HINT } from './boilerplate.js';
import {
  EDITOR_INITIALS,
  isAppPromotion,
  isChannelAsk,
  isClosingLine,
  isEditorInitials,
  isErrorReportPrompt,
  isPromptLine,
  isReadingTimeLine,
  isSeriesMarker,
  isSubscriptionPrompt,
  isTimestampLine,
} from './boilerplate-lines.js';
import {
  BYLINE_PARTS,
  bylineAgency,
  cleanByline,
  closingAgency,
  closingBracketCredit,
  hasBylinePrefix,
  isSignedAddress,
  looksLikeName,
  parseAttribution,
  signatureName,
  splitNameAndSource,
} from './credits.js';
import {
  attr,
  classAndId,
  contains,
  descendants,
  type Element,
  isBlockish,
  isElement,
  nextElement,
  parentElement,
  previousElement,
  rawText,
} from './dom.js';
import { escapeHtml } from './inline-writer.js';
import { isControlText, isSectionLabel, isTerminalLabel, leadingSectionLabel } from './section-labels.js';
import {
  cleanText,
  describedBy,
  endsCut,
  endsSentence,
  isLabelLine,
  textKey,
  wordCount,
  wordsSupported,
} from './text.js';

export interface CleanupInput {
  blocks: Block[];
  title: string;
  timeZone: string;
  /** The page's meta description, '' if none. */
  description: string;
  /** A lead found outside the content elements (between headline and body), '' if none. */
  externalLead: string;
  /** The element that shows the headline, when the page has one. */
  headline?: Element;
  /**
   * The page follows the Vietnamese convention of a lead (sapo) printed apart from the body, so
   * a first paragraph equal to the description is the lead and leaves the body. Elsewhere such a
   * paragraph opens the article: it is the summary and stays in the body. A wholly bold first
   * paragraph over plain ones is the lead in every language (probe 42: Azerbaijani, Armenian,
   * Mongolian papers print it so; the extraction benchmark lost one page's recall, no F1).
   */
  leadApart: boolean;
  /** The names the site calls itself, as text keys (TitleFinder): a sign-off names the publication. */
  siteNames?: ReadonlySet<string>;
}

export interface CleanupResult {
  blocks: Block[];
  summary: string;
  /** Author from a byline line at the top of the body. */
  byline: string;
  /** The wire agency that byline names after the reporter ("Anna Schmidt, dpa"), or "". */
  bylineAgency: string;
  /** Author signed under the body. */
  signature: string;
  attribution: string;
}

const isText = (b: Block | undefined): b is TextBlock => b?.kind === 'text';

/**
 * Same text, or one a near-complete copy of the other (a lead repeated with a word changed);
 * `dateline`: also when one is the other behind a dateline ("HÀ NỘI - …", "(Dân trí) - …").
 */
function sameText(a: string, b: string, dateline = false): boolean {
  const ka = textKey(a);
  const kb = textKey(b);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  const [short, long] = ka.length < kb.length ? [ka, kb] : [kb, ka];
  if (short.length < 30) return false;
  return (
    (long.startsWith(short) && short.length / long.length >= 0.9) ||
    (dateline && long.endsWith(short) && short.length / long.length >= 0.8)
  );
}

// \b is ASCII-only even with /u, so Vietnamese words need letter lookarounds.
const DATE_WORDS = /(?<!\p{L})(?:published|updated|posted|modified|cập nhật|đăng|ngày|lúc)(?!\p{L})/giu;

/** "Thứ năm, 27/6/2019, 08:15 (GMT+7)", "Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM". */
export function isDateLine(text: string, timeZone: string): boolean {
  if (text.length > 120 || !/\p{Nd}/u.test(text) || !parseVietnameseDate(text, timeZone)) return false;
  const rest = text
    .replace(/\p{Nd}+/gu, ' ')
    .replace(/\b(?:GMT|UTC|[AP]M|at|on|[A-Z]{2,4}T)\b/g, ' ')
    .replace(DATE_WORDS, ' ');
  return wordCount(rest) <= 8;
}

/**
 * A meta line of short parts set side by side, one of them a date: "ณัฐวุฒิ ศรีสุข" "3 ธ.ค. 2567
 * 14:20 น." "อ่าน 12,408 ครั้ง" in three spans, which run together as one text. Gives the name of
 * the part named or written like a byline, if any; undefined when the block is no such line.
 */
function metaLine(block: TextBlock, timeZone: string): { byline: string } | undefined {
  // A line's box holds a few parts (a box of 40,000 lines broken by <br> is looked at no further).
  if (block.text.length > 160 || block.source.children.length > 13) return undefined;
  const parts = block.source.children.filter(isElement);
  if (parts.length < 2 || parts.length > 6) return undefined;
  const texts = parts.map((part) => cleanText(rawText(part)));
  if (texts.some((t) => t.length > 60) || !texts.some((t) => t && isDateLine(t, timeZone))) return undefined;
  // The parts are the whole line: no loose text of a sentence between them.
  const loose = block.source.children.filter((c) => !isElement(c)).map((c) => rawText(c));
  if (cleanText(loose.join(' ')).length > 3) return undefined;
  const signed = parts.find(
    (part, i) =>
      (BYLINE_HINT.test(classAndId(part)) || hasBylinePrefix(texts[i]!)) && !isDateLine(texts[i]!, timeZone),
  );
  const name = signed ? cleanByline(rawText(signed)) : '';
  return { byline: name && looksLikeName(name) ? name : '' };
}

/**
 * A count in a list of the article's facts whose other items give its date ("댓글 2",
 * "Comments 14", "Lượt xem: 1.204" beside "입력 2024.10.14 11:23"): a counter, not text.
 */
function isMetaCounter(block: TextBlock, timeZone: string): boolean {
  if (block.tag !== 'li' || block.text.length > 30) return false;
  if (!/^[\p{L}\p{M}][\p{L}\p{M} ]{0,19}[:：]?\s*\d[\d.,]*\s*\p{L}{0,6}$/u.test(block.text)) return false;
  const list = parentElement(block.source);
  if (!list || list.children.length > 13) return false;
  return list.children.some(
    (item) => isElement(item) && item !== block.source && isDateLine(cleanText(rawText(item)), timeZone),
  );
}

/**
 * A line that is mostly a `<time>` element: a date line, however its pieces run together
 * ("June 28, 20198:50 AM GMT+9Updated 3 years ago" from three spans).
 */
function isTimeElement(block: TextBlock): boolean {
  if (block.text.length > 160) return false;
  return timedLength(block.source) >= block.text.length / 2;
}

/**
 * The length of the text of an element's own `<time>` elements, worked out once per element: the
 * lines of a box broken by `<br>` are blocks of one source, and a box of 40,000 such lines made
 * each line walk the whole box again (65 s).
 */
const timedLengths = new WeakMap<Element, number>();
function timedLength(el: Element): number {
  let length = timedLengths.get(el);
  if (length === undefined) {
    length = timesIn(el).reduce((sum, time) => sum + cleanText(rawText(time)).length, 0);
    timedLengths.set(el, length);
  }
  return length;
}

/** The `<time>` elements of a block's own inline content (not those of the boxes inside it). */
function timesIn(el: Element): Element[] {
  if (el.name === 'time') return [el];
  const found: Element[] = [];
  for (const child of el.children) {
    if (isElement(child) && !isBlockish(child)) for (const time of timesIn(child)) found.push(time);
  }
  return found;
}

function isCaptionFor(image: ImageBlock, block: TextBlock): boolean {
  if (block.text.length > 350 || block.tag === 'li' || /^h\d$/.test(block.tag)) return false;
  // An ad slot's label or a control set centred under a picture ("Advert") captions nothing.
  if (isControlText(block.text)) return false;
  if (block.besideImage) return true;
  if (CAPTION_HINT.test(block.hints)) return true;
  // The line under a picture that says what its alt text says: its caption, however named.
  if (image.alt && textKey(image.alt) === textKey(block.text)) return true;
  if (!image.standalone || block.text.length > 250) return false;
  return block.italic >= 0.9 || block.align === 'center';
}

/** Moves captions written under pictures onto the pictures. */
function attachCaptions(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    if (block.kind === 'image' && !block.caption && isText(next) && isCaptionFor(block, next)) {
      block.caption = next.text.replace(/\n/g, ' ');
      i++;
    }
    // A credit line or a second copy of the caption under it belongs to the picture too.
    while (block.kind === 'image' && isText(blocks[i + 1]) && isStrayCaption(blocks[i + 1] as TextBlock)) i++;
    out.push(block);
  }
  // A picture without a caption has none: its alt text describes it for those who cannot see it
  // (it stays the <img>'s alt), and is no caption a reader sees (blind probe 34: four of twelve
  // papers' uncaptioned pictures were given their alt text as a caption).
  return out;
}

/** A line that is a caption or photo credit by its name or its words ("Photo: Hau Dinh, AP", "Ảnh: TTXVN"). */
function isStrayCaption(block: TextBlock): boolean {
  if (block.text.length > 400) return false;
  if (CREDIT_HINT.test(block.hints)) return true;
  return (
    block.text.length <= 120 &&
    /^(?:photo|image|picture|credit|ảnh|nguồn ảnh|hình|foto)\s*(?:credit)?\s*[:：]/iu.test(block.text)
  );
}

/** A link that shares a quote on a network, not one to another article. */
const SHARE_LINK = /href="[^"]*(?:\/share\b|\/sharer|\/intent\/|[?&]text=)/i;

/** Drops section labels with the link lists under them, comment sections, share bars, link-only lines. */
function dropFurniture(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let textSoFar = 0;
  const end = closingLinkRun(blocks);
  for (let i = 0; i < end; i++) {
    const block = blocks[i]!;
    if (!isText(block)) {
      out.push(block);
      continue;
    }
    // "Comments" after the article ends it; in the header's meta line it is only a link.
    if (isTerminalLabel(block.text) && textSoFar >= 300) break;
    if (isSectionLabel(block.text)) {
      // Skip the label and the run of links that follows it.
      while (isText(blocks[i + 1]) && (blocks[i + 1] as TextBlock).link >= 0.5) i++;
      continue;
    }
    const label = leadingSectionLabel(block.text);
    if (label && (block.link >= 0.4 || block.text.length - label.length < 120)) continue;
    if (isControlText(block.text) || isPromptLine(block.text, block.link) || isReadingTimeLine(block.text))
      continue;
    if (
      isSubscriptionPrompt(block.text) ||
      isAppPromotion(block.text, block.link) ||
      isChannelAsk(block.text) ||
      isErrorReportPrompt(block.text)
    )
      continue;
    if (block.link >= 0.8 || isLabelledLink(block)) continue;
    // A label on its own line over links dropped as such, in any language ("Хабарҳои марбут:"
    // above its link, DataLife Engine's related news: probe 47): it names them, and goes with them.
    // Not a sentence's lead-in to a quote the reader may share ("Here's the thing:" over a
    // click-to-tweet link): its line is the article's.
    const next = blocks[i + 1];
    if (
      block.link === 0 &&
      /[:：]$/u.test(block.text) &&
      wordCount(block.text) <= 4 &&
      isText(next) &&
      next.link >= 0.8 &&
      !SHARE_LINK.test(next.html)
    )
      continue;
    // Separators ("___", "* * *") and captions whose picture did not survive.
    if (!/[\p{L}\p{N}]/u.test(block.text) || isStrayCaption(block)) continue;
    textSoFar += block.text.length;
    out.push(block);
  }
  return out;
}

/**
 * A short label and another article's headline as a link, in any language: "یہ بھی پڑھیں: <a>…</a>",
 * "ተጨማሪ ያንብቡ፦ <a>…</a>", "Lue myös: <a>…</a>" (the read-also prompts of section-labels.ts are
 * one language at a time). A source line ("Nguồn: <a>Báo Hà Nam</a>") or a byline is no prompt,
 * nor is a link of one or two words (a phone number, a site, a name).
 */
function isLabelledLink(block: TextBlock): boolean {
  if (block.text.length > 250 || block.link < 0.5) return false;
  const m = /^([^:：፦՝\n]{1,40}?)\s*(?:[:：፦՝]\s+|[：፦])(.+)$/u.exec(block.text);
  if (!m || wordCount(m[1]!) > 4 || !isHeadlineLength(m[2]!)) return false;
  // The link is the rest of the line.
  if (block.link < (0.9 * m[2]!.length) / block.text.length) return false;
  return parseAttribution(block.text) === undefined && !hasBylinePrefix(block.text);
}

/** Three words at least (of letters: no phone number), or ten characters of a script written without spaces. */
function isHeadlineLength(text: string): boolean {
  const clean = text.trim();
  return (
    clean.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length >= 3 ||
    (clean.length >= 10 &&
      /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{P}\p{N}]+$/u.test(
        clean,
      ))
  );
}

/**
 * A line that is another article's headline as a link: mostly a link, short, no sentence (a date
 * may follow it), and no source line ("Theo <a>Reuters</a>" credits the text).
 */
function isHeadlineLink(block: TextBlock): boolean {
  return (
    block.link >= 0.5 &&
    block.text.length <= 200 &&
    !endsSentence(block.text) &&
    parseAttribution(block.text) === undefined
  );
}

/**
 * Where a run of two or more lines closing the text, each another article's headline as a link, starts (with the bullets
 * or thumbnails between them, pictures without a caption): other articles' headlines, whose label
 * stood apart ("Các tin khác:" in a table row of its own); else the end.
 */
function closingLinkRun(blocks: Block[]): number {
  let end = blocks.length;
  let lines = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    if (isText(block) && isHeadlineLink(block)) lines++;
    else if (!(block.kind === 'image' && block.caption === '')) break;
    end = i;
  }
  return lines >= 2 && blocks.slice(0, end).some(isText) ? end : blocks.length;
}

/**
 * Class words of a pull quote's box ("pullquote", "wp-block-pullquote", "quote-box", "callout").
 * Not "trich" (trích dẫn): Vietnamese papers name their lead box so (LEAD_HINT), and a lead the
 * first paragraph repeats with more words would go as a pull quote before takeLead reads it.
 */
const PULL_QUOTE_HINT = /quote|callout/i;
const QUOTE_BOXES = new Set(['blockquote', 'aside', 'figure']);

/**
 * Pull quotes: a passage of the article shown again, set large beside it. A quote block whose
 * words (40 characters or more) all stand, in order, in another paragraph of the body leaves,
 * with the speaker's line of its box; the paragraph keeps them.
 */
function dropPullQuotes(blocks: Block[]): Block[] {
  const texts = blocks.filter(isText);
  const candidates = texts
    .filter((b) => b.text.length >= 40 && b.text.length <= 600 && (b.quote || PULL_QUOTE_HINT.test(b.hints)))
    .slice(0, 50);
  if (candidates.length === 0) return blocks;
  const keys = new Map(texts.map((b) => [b, ` ${textKey(b.text)} `]));
  const dropped = new Set<Block>();
  for (const quote of candidates) {
    const key = keys.get(quote)!;
    const repeated = texts.some((other) => {
      const otherKey = keys.get(other)!;
      return other !== quote && !dropped.has(other) && otherKey.length > key.length && otherKey.includes(key);
    });
    if (!repeated) continue;
    dropped.add(quote);
    let box = parentElement(quote.source);
    while (box && !QUOTE_BOXES.has(box.name) && !PULL_QUOTE_HINT.test(classAndId(box)))
      box = parentElement(box);
    for (const other of texts) {
      if (box && other !== quote && other.text.length <= 100 && contains(box, other.source))
        dropped.add(other);
    }
  }
  return blocks.filter((b) => !dropped.has(b));
}

function dropHeadlineAndDateLines(
  blocks: Block[],
  title: string,
  timeZone: string,
): { blocks: Block[]; byline: string; bylineAgency: string; bylineLines: string[] } {
  let byline = '';
  let agency = '';
  const bylineLines: string[] = [];
  const titleKey = textKey(title);
  // The top of the body: the first six blocks, or more while no real paragraph has come yet.
  let firstParagraph = blocks.findIndex((b) => isText(b) && b.text.length >= 150);
  if (firstParagraph < 0) firstParagraph = blocks.length;
  // The first paragraph that is no lead (in its box, or bold): the text begins there.
  const isLead = (b: Block) => !isText(b) || b.text.length < 150 || LEAD_HINT.test(b.hints) || b.bold >= 0.9;
  const textStart = blocks.findIndex((b) => !isLead(b));
  const out = blocks.filter((block, index) => {
    if (!isText(block)) return true;
    const nearStart = index < Math.max(6, firstParagraph);
    const nearEnd = index >= blocks.length - 3;
    if (nearStart && titleKey && textKey(block.text) === titleKey) return false;
    if (nearStart && isMetaCounter(block, timeZone)) return false;
    const meta = nearStart ? metaLine(block, timeZone) : undefined;
    if (meta) {
      byline ||= meta.byline;
      if (meta.byline) bylineLines.push(block.text);
      return false;
    }
    if (
      (nearStart || nearEnd) &&
      (isDateLine(block.text, timeZone) || isTimestampLine(block.text) || isTimeElement(block))
    ) {
      // "Minh Hằng - 03/06/2019" under the text is a signature with its date, "(APA, 1.12.2026)" an
      // agency's credit with its day: takeCredits reads them.
      if (!(nearEnd && index > firstParagraph && (signatureName(block) || parseAttribution(block.text))))
        return false;
    }
    if (nearStart && block.text.length <= 100 && !block.besideImage) {
      const explicit = hasBylinePrefix(block.text);
      const named = cleanByline(block.text);
      // "Por Mariana Souza, g1 SP": after a byline's word, a name and then the desk or outlet: a
      // few words, a capital or a digit among them, no sentence's end ("By Friday, the storm had
      // passed." and "By Friday, officials said" are sentences).
      // So in a box named as a byline: "Rina Anggraini - kabarnusa Jateng", "Ayşe Demir / İzmir".
      const [before = '', ...after] = named.split(BYLINE_PARTS);
      const desk = after.join(', ');
      const isDesk =
        after.length === 1 &&
        desk.length <= 40 &&
        wordCount(desk) <= 5 &&
        /[\p{Lu}\d]/u.test(desk) &&
        !/[.!?…:;]$/.test(desk);
      const lead = (explicit || BYLINE_HINT.test(block.hints)) && isDesk ? before : '';
      const name = looksLikeName(named) ? named : lead && looksLikeName(lead) ? lead : '';
      // A name, or a paper's and an agency's ("20 Minutes avec AFP"), in a byline's place.
      const credit = name !== '' || bylineAgency(block.text) !== undefined;
      if ((BYLINE_HINT.test(block.hints) || explicit) && credit) {
        if (!byline) agency = bylineAgency(block.text) ?? '';
        byline ||= name || named;
        bylineLines.push(block.text);
        return false;
      }
    }
    // "TRẦN HẬU - THÙY DUNG" right-aligned or bold in capitals, right above the first paragraph:
    // the reporters sign at the top as others do at the end (probe 49), with no byline's word.
    // Names of two to four words each (a heading in capitals says more: "LOOK WHAT YOU MADE ME DO");
    // before the text: no paragraph above but the lead, and the text's first paragraph next.
    if (
      nearStart &&
      (textStart < 0 || index < textStart) &&
      block.text.length <= 60 &&
      !block.besideImage &&
      (block.align === 'right' || (block.bold >= 0.9 && !/\p{Ll}/u.test(block.text))) &&
      (blocks.slice(index + 1, index + 4).find(isText)?.text.length ?? 0) >= 150 &&
      block.text.split(BYLINE_PARTS).every((part) => wordCount(part) >= 2 && wordCount(part) <= 4)
    ) {
      const name = signatureName(block);
      if (name) {
        byline ||= name;
        bylineLines.push(block.text);
        return false;
      }
    }
    return true;
  });
  return { blocks: out, byline, bylineAgency: agency, bylineLines };
}

/**
 * A body taken from a box that also holds the headline starts below it: the headline and the
 * kicker, section label or date above it are not text (pictures above it stay).
 */
function dropAboveHeadline(blocks: Block[], headline: Element | undefined): Block[] {
  if (!headline) return blocks;
  const headlineText = rawText(headline);
  const headlineKey = textKey(headlineText);
  if (!headlineKey) return blocks;
  // Near the top only, before any real paragraph: the block that shows the headline, alone or
  // with a label beside it (a longer block is the body's own).
  const reach = Math.min(blocks.length, 8);
  let last = -1;
  for (let i = 0; i < reach; i++) {
    const block = blocks[i]!;
    if (!isText(block)) continue;
    if (block.text.length >= 150) break;
    const key = textKey(block.text);
    if (key.length > headlineKey.length + 80) continue;
    // Loose text in the headline's box shows it; a sentence quoting it (a repeated lead) does not.
    const shows =
      contains(headline, block.source) ||
      (contains(block.source, headline) &&
        key.includes(headlineKey) &&
        !(endsSentence(block.text) && !endsSentence(headlineText)));
    if (shows) last = i;
  }
  if (last < 0) return blocks;
  return blocks.filter((block, index) => index > last || !isText(block));
}

/** The lead-named box a block sits in: its own element or one of its two closest wrappers. */
function leadBox(block: TextBlock): Element | undefined {
  let el: Element | null = block.source;
  for (let depth = 0; el && depth < 3; depth++, el = parentElement(el)) {
    if (LEAD_HINT.test(classAndId(el))) return el;
  }
  return undefined;
}

/** The box of a paragraph (its parent, or its parent's parent) that also holds the headline. */
function headlineBoxOf(block: TextBlock, headline: Element): Element | undefined {
  let box = parentElement(block.source);
  for (let depth = 0; box && depth < 2; depth++, box = parentElement(box)) {
    if (contains(box, headline)) return box;
  }
  return undefined;
}

/**
 * Whether a paragraph stands apart from the text that follows it, as a lead set between the
 * headline and the text's own box does (with the picture between them, see takeLead): neither
 * its box nor its box's box is the text's (a body whose paragraphs each have a wrapper of their
 * own shares the wrappers' box).
 */
function outsideText(first: TextBlock, next: TextBlock): boolean {
  const box = parentElement(first.source);
  const textBox = parentElement(next.source);
  if (!box || !textBox || box === textBox || contains(textBox, first.source)) return false;
  return parentElement(box) !== parentElement(textBox);
}

/** The interviewer's label opening a question: "PV:", "Phóng viên:", "Hỏi:", "Q:". */
const INTERVIEWER = /^(?:pv|phóng viên|hỏi|q)\s*[:：]/iu;

/**
 * Headings that name a part of the article, not its words: the lead's ("सार", "Summary",
 * "Tóm tắt") and the text's after it ("विस्तार": details). Hindi papers set both over every
 * article. Only a heading or a bold line of these words alone, among the body's first lines.
 */
const LEAD_LABELS = new Set([
  'सार',
  'summary',
  'tóm tắt',
  'story highlights',
  'in brief',
  'resumo',
  'resumen',
  'résumé',
  'zusammenfassung',
  'özet',
  'ringkasan',
  '요약',
  '要約',
  '概要',
  'สรุป',
  'ملخص',
]);
/**
 * The words of a label over the text itself: "Chi tiết", "Full story", "विस्तार", and over a
 * podcast's transcript "Nội dung podcast", "Transcript", "Bản ghi nội dung" (blind probe 41). A
 * heading of other words heads a part of the text ("Των Τριών Ιεραρχών").
 */
const TEXT_LABEL_WORDS = new Set([
  ...[
    'chi',
    'tiết',
    'nội',
    'dung',
    'bản',
    'ghi',
    'toàn',
    'văn',
    'bài',
    'viết',
    'lời',
    'thoại',
    'phiên',
    'âm',
  ],
  ...['details', 'full', 'story', 'text', 'article', 'content', 'podcast', 'transcript', 'transcription'],
  ...['audio', 'video', 'episode', 'विस्तार'],
]);

/** A label of at most four words, each a word of TEXT_LABEL_WORDS. */
function isTextLabel(key: string): boolean {
  const words = key.split(' ').filter(Boolean);
  return words.length > 0 && words.length <= 4 && words.every((word) => TEXT_LABEL_WORDS.has(word));
}

/** The body without its part labels, and the paragraph a lead's label sets apart, if any. */
function withoutPartLabels(blocks: Block[]): { blocks: Block[]; labelledLead?: TextBlock } {
  const texts = blocks.filter(isText).slice(0, 4);
  const label = (b: TextBlock) => {
    if (b.text.length > 30 || !(/^h\d$/.test(b.tag) || b.bold >= 0.9)) return undefined;
    const key = textKey(b.text);
    return LEAD_LABELS.has(key) ? 'lead' : isTextLabel(key) ? 'text' : undefined;
  };
  // Only where the body opens with one: a "Summary" further on heads a part of the text.
  const first = texts[0];
  if (!first || label(first) === undefined) return { blocks };
  const next = texts[1];
  const labelledLead =
    label(first) === 'lead' && next && !label(next) && next.tag !== 'li' ? next : undefined;
  // The text's label comes right after the lead (or opens the body).
  const labels = new Set([first, ...texts.slice(1, labelledLead ? 3 : 2).filter((b) => label(b) === 'text')]);
  return { blocks: blocks.filter((b) => !labels.has(b as TextBlock)), labelledLead };
}

/**
 * A lead box opening the body (named so) with a label over its words in any language
 * ("Muhtasari", "Key points", "Tóm tắt", "摘要"), a paragraph or a few bullet points: its blocks,
 * the label apart.
 * Only when the box holds the lead alone (the text goes on after it) and at most one paragraph
 * (an "intro" box of several paragraphs is the text's first part).
 */
function boxedLead(blocks: Block[]): { lead: TextBlock[]; label?: TextBlock } | undefined {
  const texts = blocks.filter(isText);
  const first = texts[0];
  if (!first || !LEAD_HINT.test(first.hints) || CAPTION_HINT.test(first.hints)) return undefined;
  const box = leadBox(first);
  if (!box) return undefined;
  const inBox = texts.filter((b) => contains(box, b.source));
  if (inBox.length === texts.length || inBox.some((b, i) => texts[i] !== b)) return undefined;
  // Its label: a heading, or any short line (a span "摘要"), that says no sentence.
  const heading = inBox[0]!;
  const label =
    inBox.length > 1 && isLabelLine(heading.text, /^h\d$/.test(heading.tag) ? 40 : 24) ? heading : undefined;
  const lead = label ? inBox.slice(1) : inBox;
  // (Bullets with no label are the text's key points as often as its lead: "summary-list".)
  const bullets = lead.every((b) => b.tag === 'li');
  if (!label) return undefined;
  if (lead.length === 0 || lead.length > 6 || (!bullets && (lead.length > 1 || lead[0]!.tag !== 'p')))
    return undefined;
  const words = lead.map((b) => b.text).join(' ');
  return words.length >= 40 && words.length <= 1500 ? { lead, label } : undefined;
}

/** The lead: found outside the body, or the body's first paragraph when it is marked as one. */
/** Scripts told apart when a description is held against the text (the others count as Latin's). */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Khmer',
  'Myanmar',
  'Ethiopic',
  'Hangul',
  'Han',
].map((name) => ({ name, letters: new RegExp(`\\p{Script=${name}}`, 'gu') }));

/** The script most of a text's letters are written in (Japanese kana count as Han's). */
function mainScript(text: string): string | undefined {
  const sample = text.slice(0, 600).replace(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, '一');
  let best: { name: string; count: number } | undefined;
  for (const { name, letters } of SCRIPTS) {
    const count = sample.match(letters)?.length ?? 0;
    if (count > (best?.count ?? 0)) best = { name, count };
  }
  return best?.name;
}

/** Whether a description is written in the script of the text's first blocks (true when either has no letters). */
function sameScript(description: string, blocks: Block[]): boolean {
  const text = blocks
    .filter(isText)
    .slice(0, 4)
    .map((b) => b.text)
    .join(' ');
  const a = mainScript(description);
  const b = mainScript(text);
  return !a || !b || a === b;
}

/** Characters a dateline takes before the text a description was cut from, at most. */
const DATELINE_CHARS = 60;

/**
 * A description that is the text's first characters cut at a length, no sentence ended and no
 * ellipsis ("…27일 밝혔다.시는 이용 수요가 … 150곳을 새로": the paragraphs run together, the
 * last word cut): the CMS's excerpt of the text, no lead (probe 45).
 */
function isCutFromText(description: string, blocks: readonly Block[]): boolean {
  const cut = description.replace(/\s+/g, '');
  if (cut.length < 40 || endsSentence(description)) return false;
  // (After the text's dateline, which a description leaves out: "(서울=연합뉴스) 김민수 기자 =".)
  let opening = '';
  for (const block of blocks) {
    if (opening.length >= cut.length + DATELINE_CHARS) break;
    if (isText(block)) opening += block.text.replace(/\s+/g, '');
  }
  const at = opening.indexOf(cut);
  return at >= 0 && at <= DATELINE_CHARS;
}

/**
 * Whether a description the page does not show is the site's, not the article's: of its words
 * (three at least to judge by), none stands in the headline or the text's first two paragraphs,
 * and under 30 % anywhere in the text. A summary in other words still names what the article
 * is about.
 */
function describesSite(description: string, title: string, blocks: readonly Block[]): boolean {
  const texts = blocks.filter(isText).map((b) => b.text);
  const opening = wordsSupported(description, [title, ...texts.slice(0, 2)].join('\n'));
  if (opening === undefined || opening >= 0.1) return false;
  return (wordsSupported(description, [title, ...texts].join('\n')) ?? 1) < 0.3;
}

function takeLead(all: Block[], input: CleanupInput): { blocks: Block[]; summary: string } {
  const { blocks, labelledLead } = withoutPartLabels(all);
  const boxed = input.externalLead ? undefined : boxedLead(blocks);
  if (boxed) {
    const taken = new Set<Block>([...boxed.lead, ...(boxed.label ? [boxed.label] : [])]);
    const summary = boxed.lead.map((b) => b.text.replace(/\n/g, ' ')).join(' ');
    let seen = 0;
    // Nor may the text open by repeating it.
    const rest = blocks.filter((b) => {
      if (taken.has(b)) return false;
      if (!isText(b) || seen >= 3) return true;
      seen++;
      return !sameText(b.text, summary, true);
    });
    return { blocks: rest, summary };
  }
  let summary = input.externalLead;
  const firstTextIndex = blocks.findIndex(isText);
  const first = blocks[firstTextIndex] as TextBlock | undefined;
  let rest = blocks;
  let excerpt = false;
  // (A heading is looked at short too: a deck in a compact script says much in 30 characters.)
  if (!summary && first && first.tag !== 'li' && (first.text.length >= 40 || /^h\d$/.test(first.tag))) {
    // Named like a lead, and the box so named holds this paragraph alone (an "intro" box of
    // several paragraphs is the body's first part).
    const box = LEAD_HINT.test(first.hints) && !CAPTION_HINT.test(first.hints) ? leadBox(first) : undefined;
    const marked =
      first === labelledLead ||
      (box !== undefined &&
        !blocks.some((b, i) => i > firstTextIndex && isText(b) && contains(box, b.source)));
    // A heading opens the body as a lead only when named like one (`h2.sapo`), or given by the
    // meta description (below): headings are bold anyway.
    const heading = /^h\d$/.test(first.tag);
    // An interview's first question is bold too, and no lead: "PV: Thưa ông, …?".
    const question = /[?？]\s*$/.test(first.text) || INTERVIEWER.test(first.text);
    const bold = !heading && !question && first.bold >= 0.9 && blocks.slice(firstTextIndex + 1).some(isText);
    const described =
      input.description !== '' &&
      (sameText(first.text, input.description) || describedBy(first.text, input.description));
    // A description cut with an ellipsis from the first paragraph is the site's excerpt of the
    // text (Blogger, WordPress), no lead: the paragraph opens the body and the page has no summary.
    excerpt = described && !marked && !bold && endsCut(input.description);
    // A sentence in the headline's own box, whose text is in a box apart: the lead, named or not
    // (hashed class names, "c-3d0b").
    const next = blocks.slice(firstTextIndex + 1).find(isText);
    const headlineBox = input.headline && headlineBoxOf(first, input.headline);
    const underHeadline =
      !heading &&
      !question &&
      headlineBox !== undefined &&
      next !== undefined &&
      endsSentence(first.text) &&
      !contains(headlineBox, next.source);
    // The headline's deck: a smaller heading right under it in its box ("<h3>…</h3><h4>…</h4>"),
    // the text in a box apart.
    const deck =
      heading &&
      !question &&
      headlineBox !== undefined &&
      blocks.slice(firstTextIndex + 1).some((b) => isText(b) && !contains(headlineBox, b.source)) &&
      previousElement(first.source) === input.headline &&
      wordCount(first.text) >= 5;
    if (
      first === labelledLead ||
      (marked && (!heading || first.text.length >= 80)) ||
      bold ||
      underHeadline ||
      deck ||
      // A heading the meta description gives (or cuts short) is the standfirst under the headline.
      (described && !excerpt)
    ) {
      summary = first.text.replace(/\n/g, ' ');
      // Elsewhere the paragraph opens the article, unless the body then repeats it; a heading
      // (the standfirst the description gives) is no paragraph of it.
      const repeated = next !== undefined && sameText(next.text, first.text, true);
      const pictured =
        next !== undefined && blocks.slice(firstTextIndex + 1, blocks.indexOf(next)).some((b) => !isText(b));
      if (
        !heading &&
        !marked &&
        !bold &&
        !underHeadline &&
        !input.leadApart &&
        !repeated &&
        !(next && pictured && outsideText(first, next))
      ) {
        // A plain paragraph the description only begins (its first sentence) opens the text
        // and is no lead: the summary is the description, as the site wrote it. One the
        // description repeats whole stays the text's first block, so the page has no summary
        // (never both: probe 48).
        const opening = !bold && !sameText(first.text, input.description) && endsSentence(input.description);
        return { blocks, summary: opening ? input.description : '' };
      }
      rest = blocks.filter((b) => b !== first);
    }
  }
  // The body must not open by repeating the lead the page shows (within its first lines).
  const fromPage = summary !== '';
  // A description in another script than the text's is the site's SEO text, not this article's lead
  // (an English description on a Telugu page).
  if (
    !summary &&
    !excerpt &&
    sameScript(input.description, blocks) &&
    !isCutFromText(input.description, blocks) &&
    // The headline again, as a CMS fills an empty description: no lead (probe 46).
    textKey(input.description) !== textKey(input.title) &&
    // A description of the site, not of this article: none of its words in the headline or the
    // text's opening, few anywhere in the text (Joomla's site-wide "هەواڵ و ڕاپۆرتی ناوچەی
    // ڕاپەڕین", "news and reports of the Raparin area"; probe 48).
    !describesSite(input.description, input.title, blocks)
  )
    summary = input.description;
  if (summary && (fromPage || input.leadApart)) {
    let seen = 0;
    // Only the page's own lead is looked for past the first paragraph: a meta description often
    // quotes a later paragraph, which stays where it is.
    const reach = fromPage ? 3 : 1;
    rest = rest.filter((b) => {
      if (!isText(b) || seen >= reach) return true;
      seen++;
      return !sameText(b.text, summary, fromPage);
    });
  }
  return { blocks: rest, summary };
}

/**
 * "More stories" lists closing the body: a final list whose every item carries a link, with
 * the short heading above it.
 */
function dropTrailingLinkLists(blocks: Block[]): Block[] {
  const out = [...blocks];
  for (;;) {
    const last = out[out.length - 1];
    if (!isText(last) || last.tag !== 'li' || !last.list) return out;
    let start = out.length - 1;
    while (start > 0) {
      const prev = out[start - 1];
      if (!isText(prev) || prev.tag !== 'li' || prev.list?.id !== last.list.id) break;
      start--;
    }
    const items = out.slice(start) as TextBlock[];
    if (items.length < 2 || !items.every((b) => b.link > 0.25)) return out;
    out.splice(start);
    const heading = out[out.length - 1];
    if (isText(heading) && heading.text.length <= 80 && !/[.!?。]$/.test(heading.text)) out.pop();
  }
}

/**
 * Headings closing the body: a heading introduces what follows it, so one with nothing after it
 * headed a box that is gone ("More from the Herald" over related links removed before), unless
 * it is the reporter's name set apart as a signature.
 */
function dropTrailingHeadings(blocks: Block[]): Block[] {
  let end = blocks.length;
  for (;;) {
    const last = blocks[end - 1];
    if (end <= 1 || !isText(last) || !/^h[2-6]$/.test(last.tag) || signatureName(last)) break;
    end--;
  }
  return end === blocks.length ? blocks : blocks.slice(0, end);
}

/** Follow-us, share, copyright and reporting-credit lines closing the body; a newsletter's sign-off. */
function dropClosingLines(blocks: Block[], siteNames?: ReadonlySet<string>): Block[] {
  const out = [...blocks];
  for (let examined = 0; examined < 6 && out.length > 1; examined++) {
    const index = out.findLastIndex(isText);
    if (index <= 0) break;
    const block = out[index] as TextBlock;
    // The reporter's address with the name before it is a signature, for takeCredits.
    if (!(isClosingLine(block.text) || isSignOff(block, siteNames)) || isSignedAddress(block.text)) break;
    out.splice(index, 1);
  }
  return out;
}

/**
 * A newsletter's standing sign-off under the text, in any language: a short paragraph set apart
 * (wholly italic or bold) that names the publication and asks to subscribe or share, by a
 * button right under it or a link in it ("Dankie dat jy Karoo Brief lees! … stuur dit aan vir
 * ’n vriend" over Substack's Share button; "Thanks for reading X! Subscribe for free …"). A
 * closing paragraph that names the paper ("X asked the ministry …") is set in the text's type.
 */
function isSignOff(block: TextBlock, siteNames?: ReadonlySet<string>): boolean {
  if (!siteNames || siteNames.size === 0 || wordCount(block.text) > 60) return false;
  if (block.italic < 0.9 && block.bold < 0.9) return false;
  const key = ` ${textKey(block.text)} `;
  if (![...siteNames].some((name) => name.length >= 4 && key.includes(` ${name} `))) return false;
  if (descendants(block.source).some(isCallToAct)) return true;
  const next = nextElement(block.source);
  return next !== undefined && isCallButton(next);
}

/** Where a link asks to subscribe or to share: Substack's "?action=share", "/subscribe", a sign-up. */
const CALL_HREF = /subscribe|[?&](?:action|utm_content)=share|\/share(?:[/?#]|$)|sign-?up|newsletter/i;

/** A link or button asking to subscribe or share, or a form taking an e-mail address. */
function isCallToAct(el: Element): boolean {
  if (el.name === 'a') return CALL_HREF.test(attr(el, 'href'));
  if (el.name === 'form')
    return descendants(el).some((d) => d.name === 'input' && attr(d, 'type') === 'email');
  return false;
}

/** A small box (a few words) that is, or holds, a call to subscribe or share. */
function isCallButton(el: Element): boolean {
  if (wordCount(cleanText(rawText(el))) > 8) return false;
  return isCallToAct(el) || descendants(el).some(isCallToAct);
}

/** Signature and source lines under the last paragraph. */
/**
 * A credit's label and its value in two boxes side by side: Drupal's inline field ("Nguồn tin" |
 * "Báo Lào Cai"), a definition list's `dt`/`dd`, a table row's two cells. Near the end of the
 * text, a box holding only a source's keyword, followed by a short box of the same parent, is
 * read as the one line "Nguồn tin: Báo Lào Cai".
 */
function joinedCreditLabels(blocks: Block[]): Block[] {
  const out = [...blocks];
  for (let i = out.length - 2; i >= Math.max(0, out.length - 6); i--) {
    const label = out[i];
    const value = out[i + 1];
    if (!isText(label) || !isText(value) || value.text.length > 80 || label.text.length > 30) continue;
    if (parentElement(label.source) !== parentElement(value.source) || label.source === value.source)
      continue;
    const word = label.text.replace(/\s*[:：]\s*$/u, '');
    if (wordCount(word) > 3 || parseAttribution(`${word}: ${value.text}`) !== cleanText(value.text)) continue;
    out.splice(i, 2, {
      ...label,
      text: `${word}: ${value.text}`,
      html: `${escapeHtml(word)}: ${value.html}`,
    });
  }
  return out;
}

/**
 * A scholarly article's notes closing the text: a label ("Chú thích:", "Notes", "Anmerkungen",
 * "参考文献") and numbered entries ("(1) …", "[2] …", "3. …"). The credits come before them.
 */
const NOTES_LABEL =
  /^(?:chú thích|ghi chú|tài liệu tham khảo|notes?|footnotes?|endnotes?|references?|sources and notes|anmerkungen|fußnoten|einzelnachweise|quellen|notas|referencias|références|riferimenti|note|przypisy|примечания|примітки|参考文献|注釈|脚注|注)\s*[:：]?$/iu;
const NOTE_ENTRY = /^(?:[([]\d{1,3}[)\]]|\d{1,3}[.)])\s*\S/u;
function trailingNotes(blocks: readonly Block[]): number {
  for (let i = blocks.length - 2; i >= Math.max(1, blocks.length - 31); i--) {
    const block = blocks[i]!;
    if (!isText(block) || !NOTES_LABEL.test(block.text.trim())) continue;
    const entries = blocks.slice(i + 1);
    return entries.every((b) => isText(b) && NOTE_ENTRY.test(b.text)) ? i : blocks.length;
  }
  return blocks.length;
}

/** A link to a document to download: "x.pdf", "x.docx", "x.xlsx", "x.zip". */
const DOWNLOAD_LINK =
  /<a\b[^>]*\bhref\s*=\s*["'][^"']+\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z)(?:[?#][^"']*)?["']/i;

/** A file's name: "KH-45-ngay-hoi.pdf", "Báo cáo 2019.docx". */
const FILE_NAME = /^[^\s/]+(?:\s[^\s/]+){0,6}\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z)$/i;
/** Words that label attached files: "Tệp đính kèm:", "File đính kèm", "Attachments:", "Anhang:", "Download:". */
const ATTACHMENT_LABEL =
  /^(?:(?:tệp|tập tin|file|văn bản)\s+đính\s+kèm|đính\s+kèm|tải\s+về|attachments?|attached files?|downloads?|anh[aä]nge?|pi[eè]ces?\s+jointes?|adjuntos?|anexos?|lampiran|allegat[oi])\s*[:：]?$/iu;

/**
 * The files a page attaches under its text ("Tệp đính kèm: <a>KH-45.pdf</a>", "Attachment:
 * <a>report.docx</a>", a bare link to one): a short line of such links and a label of a few words
 * at most. They close the text after the signature, so they leave before the credits are read
 * (probe 48).
 */
function withoutTrailingDownloads(blocks: Block[]): Block[] {
  const out = [...blocks];
  for (let examined = 0; examined < 3 && out.length > 1; examined++) {
    const last = out.at(-1);
    if (!isText(last) || last.text.length > 150 || !DOWNLOAD_LINK.test(last.html)) break;
    const links = [...last.html.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/gi)].map((m) =>
      cleanText(m[1]!.replace(/<[^>]*>/g, ' ')),
    );
    const label = cleanText(last.html.replace(/<a\b[^>]*>[\s\S]*?<\/a>/gi, ' ').replace(/<[^>]*>/g, ' '));
    // The files by their names, or under a label that says they are attached ("Xem chi tiết tại
    // <a>Quyết định số 12</a>", see the decision, points the reader to a document: text).
    const named = links.length > 0 && links.every((text) => FILE_NAME.test(text));
    if (wordCount(label) > 4 || !(named || ATTACHMENT_LABEL.test(label))) break;
    out.pop();
  }
  return out;
}

function takeCredits(blocks: Block[]): { blocks: Block[]; signature: string; attribution: string } {
  const notesAt = trailingNotes(blocks);
  if (notesAt < blocks.length) {
    const credited = takeCredits(blocks.slice(0, notesAt));
    return { ...credited, blocks: [...credited.blocks, ...blocks.slice(notesAt)] };
  }
  let signature = '';
  let attribution = '';
  const out = withoutTrailingDownloads(joinedCreditLabels(blocks));
  // The source's line ends the article: the short lines a site sets after it ("VÍDEOS: tudo sobre
  // Campinas", a video's title, "Veja mais notícias da região") are its promotions, not text.
  for (let i = out.length - 2; i >= Math.max(1, out.length - 5); i--) {
    const block = out[i]!;
    const after = out.slice(i + 1);
    if (!after.every((b) => isText(b) && b.text.length <= 100 && !endsSentence(b.text))) break;
    if (isText(block) && block.text.length <= 150 && parseAttribution(block.text)) {
      out.length = i + 1;
      break;
    }
  }
  for (let examined = 0; examined < 4 && out.length > 1; examined++) {
    const last = out[out.length - 1];
    if (!isText(last)) break;
    const split = creditsAfterBreak(last, !signature, !attribution);
    if (split) {
      out[out.length - 1] = split.block;
      signature ||= split.signature;
      attribution ||= split.attribution;
      break;
    }
    if (last.text.length > 150) break;
    const source = parseAttribution(last.text);
    if (source && !attribution) {
      attribution = source;
      out.pop();
      continue;
    }
    const both = splitNameAndSource(last.text);
    if (both && !attribution && !signature) {
      attribution = both.source;
      signature = both.name;
      out.pop();
      continue;
    }
    const name = signature ? undefined : signatureName(last);
    if (name) {
      signature = name;
      out.pop();
      continue;
    }
    // "(Còn nữa)" over the signature: the series' marker goes too (isSeriesMarker).
    if (isSeriesMarker(last.text)) {
      out.pop();
      continue;
    }
    // "HỒNG THI<br>Nguồn: Báo Gia Lai": the signature and the source in one paragraph, a line each.
    const lines = creditLines(last, !signature, !attribution);
    if (lines) {
      signature ||= lines.signature;
      attribution ||= lines.attribution;
      out.pop();
      continue;
    }
    break;
  }
  // "…結ばれた。【川口伸明】": the reporters signing at the end of the last paragraph leave it.
  const signed = out.at(-1);
  const bracket = isText(signed) ? closingBracketCredit(signed.text) : undefined;
  if (
    isText(signed) &&
    bracket &&
    signed.html.trimEnd().endsWith(bracket.bracket) &&
    (bracket.name ? !signature : !attribution)
  ) {
    const html = signed.html.trimEnd();
    out[out.length - 1] = {
      ...signed,
      text: signed.text.slice(0, bracket.end).trimEnd(),
      html: html.slice(0, html.length - bracket.bracket.length).trimEnd(),
    };
    signature ||= bracket.name;
    attribution ||= bracket.agency;
  }
  // "… di Makassar. (ard/has)": editors' initials closing the last paragraph are no text (on a
  // line of their own, isClosingLine drops them: blind probe 41); agencies' tags ("(dpa/afp)") credit.
  const initialled = out.at(-1);
  if (isText(initialled)) {
    const initials = TRAILING_INITIALS.exec(initialled.text);
    const html = TRAILING_INITIALS_HTML.exec(initialled.html);
    if (initials && html && initials.index > 0 && isEditorInitials(initials[0].trim())) {
      out[out.length - 1] = {
        ...initialled,
        text: initialled.text.slice(0, initials.index).trimEnd(),
        html: initialled.html.slice(0, html.index).trimEnd(),
      };
    }
  }
  // "… lost trips. (NAN)", "… on Sunday. (PTI)": an agency closing the last paragraph credits
  // it, and stays in the text as the page shows it.
  const closing = out.at(-1);
  if (!attribution && closing && isText(closing)) attribution = closingAgency(closing.text) ?? '';
  return { blocks: out, signature, attribution };
}

/** Editors' initials closing a paragraph ("(ard/has)"), in its text and in its HTML (inline tags around them). */
const TRAILING_INITIALS = new RegExp(String.raw`\s${EDITOR_INITIALS}$`, 'u');
const INLINE_TAG = '(?:strong|b|em|i|span)';
const TRAILING_INITIALS_HTML = new RegExp(
  String.raw`\s*(?:<${INLINE_TAG}(?:\s[^<>]*)?>\s*)*${EDITOR_INITIALS}(?:\s*<\/${INLINE_TAG}>)*\s*$`,
  'u',
);

/** A paragraph of two or three lines, each a signature or a source line (one of each at most). */
function creditLines(
  block: TextBlock,
  wantsSignature: boolean,
  wantsAttribution: boolean,
): { signature: string; attribution: string } | undefined {
  const lines = block.text
    .split('\n')
    .map((line) => cleanText(line))
    .filter(Boolean);
  if (lines.length < 2 || lines.length > 3) return undefined;
  let signature = '';
  let attribution = '';
  for (const line of lines) {
    const source = !attribution && wantsAttribution ? parseAttribution(line) : undefined;
    if (source) attribution = source;
    else {
      const name = !signature && wantsSignature ? signatureName({ ...block, text: line }) : undefined;
      if (!name) return undefined;
      signature = name;
    }
  }
  return { signature, attribution };
}

/**
 * The share of each line's text (lines split at `<br>`) set in bold or italic: the inline writer
 * may open the emphasis before the break ("./.<strong><br>Minh Anh</strong>").
 */
function emphasisByLine(html: string): number[] {
  const lines: { all: number; marked: number }[] = [{ all: 0, marked: 0 }];
  let depth = 0;
  for (const token of html.split(/(<[^>]*>)/)) {
    const tag = /^<(\/?)([a-z\d]+)/i.exec(token);
    if (tag) {
      const name = tag[2]!.toLowerCase();
      if (name === 'br') lines.push({ all: 0, marked: 0 });
      else if (/^(?:b|strong|em|i)$/.test(name)) depth = Math.max(0, depth + (tag[1] ? -1 : 1));
      continue;
    }
    const length = cleanText(token).length;
    const line = lines.at(-1)!;
    line.all += length;
    if (depth > 0) line.marked += length;
  }
  return lines.map((line) => (line.all ? line.marked / line.all : 0));
}

/**
 * "…đạt từ 2,5 - 3%./.<br><b>Theo TTXVN</b>": the source line or the signature a page writes on
 * the last lines of the last paragraph, after a line break (probe 49). The one or two lines after
 * the last sentence, each short, a source line or a name set apart (bold or italic); the lines
 * above them stay the paragraph, and must end a sentence (a line under "… gồm" belongs to it).
 */
function creditsAfterBreak(
  block: TextBlock,
  wantsSignature: boolean,
  wantsAttribution: boolean,
): { block: TextBlock; signature: string; attribution: string } | undefined {
  const lines = block.text.split('\n');
  const htmlLines = block.html.split(/<br\s*\/?>/i);
  const emphasis = emphasisByLine(block.html);
  if (lines.length < 2 || htmlLines.length !== lines.length) return undefined;
  for (let taken = 1; taken <= Math.min(2, lines.length - 1); taken++) {
    const head = lines.slice(0, -taken).join('\n').trimEnd();
    if (!endsSentence(head)) continue;
    let signature = '';
    let attribution = '';
    const credited = lines.slice(-taken).every((line, i) => {
      const text = cleanText(line);
      if (!text || text.length > 80) return false;
      const source = !attribution && wantsAttribution ? parseAttribution(text) : undefined;
      if (source) attribution = source;
      else {
        const bold = emphasis[lines.length - taken + i]!;
        const name =
          !signature && wantsSignature ? signatureName({ ...block, text, bold, align: '' }) : undefined;
        if (!name) return false;
        signature = name;
      }
      return true;
    });
    if (!credited) continue;
    // Without the emphasis the break left open ("./.<strong>"), closing what the lines taken closed.
    const kept = htmlLines
      .slice(0, -taken)
      .join('<br>')
      .replace(/(?:\s*<(?:b|strong|em|i|span)\b[^>]*>)+\s*$/i, '');
    const open: string[] = [];
    for (const m of kept.matchAll(/<(\/?)(b|strong|em|i|span|a)\b[^>]*>/gi)) {
      if (m[1]) open.pop();
      else open.push(m[2]!.toLowerCase());
    }
    const html =
      kept +
      open
        .reverse()
        .map((tag) => `</${tag}>`)
        .join('');
    return {
      block: { ...block, text: head, html },
      signature,
      attribution,
    };
  }
  return undefined;
}

/** The label Chinese papers open a lead with: "【导读】", "【编者按】", "导读：". */
const LEAD_LABEL =
  /^(?:[【[]\s*(?:导读|導讀|摘要|提要|编者按|編者按|核心提示|内容提要)\s*[】\]]\s*[:：]?|(?:导读|導讀|摘要|提要|编者按|編者按|核心提示|内容提要)\s*[:：])\s*/u;

/**
 * The lead as the page shows it, without the label Chinese papers give it; its dateline ("(Dân
 * trí) - ", "TPO - ") stays, as shown: feeds and mail leave it out (withoutDateline).
 */
function asSummary(text: string): string {
  return text.replace(LEAD_LABEL, '');
}

/**
 * The reporter's line Taiwanese and Chinese papers open the first paragraph with, in brackets:
 * "〔記者林志宏／台北報導〕", "（本報記者 王明）", "（记者 张明 通讯员 李华）"; the reporter's name
 * (two to four Han characters) is its first part. Not "【記者會】" (a press conference).
 */
const REPORTER_OPENING =
  /^[〔【[（(]\s*(?:本[報报])?(?:記者|记者)(?![會会])\s*(\p{Script=Han}{2,4})(?:\s*(?:[、，,]\s*\p{Script=Han}{2,4})*)(?:\s*(?:[／/]|通讯员|通訊員|实习生|實習生)[^〔〕【】[\]（）()]{0,24})?\s*[〕】\]）)]\s*/u;

/**
 * A wire dateline naming its reporter, which Taiwanese and Chinese papers open the text with:
 * "（中央社記者陳家豪新竹18日電）" (CNA's reporter, the place, the day). The name runs into the
 * place: three characters are taken for it when the place keeps two (most names have three).
 * The dateline stays in the text, as a dateline does.
 */
const WIRE_REPORTER_DATELINE =
  /^[（(]\s*(?:中央社|中新社|新華社|新华社)?(?:記者|记者)\s*(\p{Script=Han}{2,3})\p{Script=Han}{2,4}\s*\d{1,2}\s*日\s*[電电]\s*[）)]/u;

/** The first paragraph without the reporter's line it opens with (REPORTER_OPENING), and the name. */
function takeOpeningByline(blocks: Block[]): { blocks: Block[]; reporter: string } {
  const index = blocks.findIndex(isText);
  const first = blocks[index];
  if (!isText(first)) return { blocks, reporter: '' };
  const wire = WIRE_REPORTER_DATELINE.exec(first.text);
  if (wire) return { blocks, reporter: wire[1]! };
  const m = REPORTER_OPENING.exec(first.text);
  const html = first.html.trimStart();
  // Only where the paragraph's markup opens with those very words, and words follow them.
  if (!m || !html.startsWith(m[0].trimEnd()) || first.text.length - m[0].length < 20)
    return { blocks, reporter: '' };
  const out = [...blocks];
  out[index] = {
    ...first,
    text: first.text.slice(m[0].length),
    html: html.slice(m[0].trimEnd().length).trimStart(),
  };
  return { blocks: out, reporter: m[1]!.trim() };
}

/** `text` without the first of `lines` it opens with (and the space after it). */
function withoutOpening(text: string, lines: readonly string[]): string {
  for (const line of lines) {
    if (line && text.startsWith(line) && text.length > line.length)
      return text.slice(line.length).trimStart();
  }
  return text;
}

export function cleanupBlocks(input: CleanupInput): CleanupResult {
  let blocks = attachCaptions(input.blocks);
  blocks = dropAboveHeadline(dropPullQuotes(dropFurniture(blocks)), input.headline);
  const headed = dropHeadlineAndDateLines(blocks, input.title, input.timeZone);
  // A description that opens with the byline taken off the text (Blogger's snippet, "Daga Aminu
  // Sani, Kano Gwamnatin …") is read without it, as the text now is (probe 47).
  const lead = takeLead(headed.blocks, {
    ...input,
    description: withoutOpening(input.description, headed.bylineLines),
  });
  const credits = takeCredits(
    dropTrailingHeadings(dropClosingLines(dropTrailingLinkLists(lead.blocks), input.siteNames)),
  );
  const opening = takeOpeningByline(credits.blocks);
  return {
    blocks: opening.blocks,
    summary: asSummary(lead.summary).replace(REPORTER_OPENING, ''),
    byline: headed.byline,
    bylineAgency: headed.bylineAgency,
    signature: credits.signature || opening.reporter,
    attribution: credits.attribution,
  };
}
