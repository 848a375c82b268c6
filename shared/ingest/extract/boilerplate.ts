/**
 * What is not the article: generic name hints (class/id words) and the labels newspapers put
 * above related-news lists, comment boxes and share bars. Only generic words live here, never
 * one site's class names.
 */
import { attr, classAndId, type Element } from './dom.js';
import { cleanText, textKey } from './text.js';

/** Class/id words of page furniture (after Readability's list, plus Vietnamese ones). */
const UNLIKELY =
  /-ad-|\bads?\b|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|sharing|newsletter|subscribe|signup|cookie|consent|tinlienquan|lien-?quan|tin-?khac|other-?news|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|trending|recommend|quang-?cao|advert/;
/** Words that rescue an element that also carries an unlikely word. */
const MAYBE = /and|article|body|column|content|main|shadow|story|entry|post-?text|detail|chi-?tiet|noi-?dung/;
const POSITIVE =
  /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|detail|chi-?tiet|noi-?dung|bai-?viet|fck|cms/;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|tinlienquan|lien-?quan|tin-?khac|other|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|author|byline|breadcrumb|navigation|nav\b|menu|toolbar|print|social|recommend|newsletter|quang-?cao|advert/;
const UNLIKELY_ROLES = new Set([
  'menu',
  'menubar',
  'complementary',
  'navigation',
  'alert',
  'alertdialog',
  'dialog',
]);

export function isUnlikelyByName(el: Element): boolean {
  const role = attr(el, 'role');
  if (role && UNLIKELY_ROLES.has(role)) return true;
  const name = classAndId(el);
  return name !== '' && UNLIKELY.test(name) && !MAYBE.test(name);
}

/** Readability's class weight: +25 for a content-like name, -25 for a furniture-like one, per attribute. */
export function classWeight(el: Element): number {
  let weight = 0;
  for (const value of [el.attribs.class, el.attribs.id]) {
    if (!value) continue;
    const v = value.toLowerCase();
    if (NEGATIVE.test(v)) weight -= 25;
    if (POSITIVE.test(v)) weight += 25;
  }
  return weight;
}

/**
 * Headings of blocks that follow or surround an article without being part of it: related
 * news, more from the section, comments, share and print bars, tags.
 */
const SECTION_LABELS = [
  'các tin khác',
  'tin khác',
  'tin liên quan',
  'bài liên quan',
  'tin cùng chuyên mục',
  'bài viết cùng chuyên mục',
  'cùng chuyên mục',
  'bài viết liên quan',
  'tin bài liên quan',
  'các tin đã đưa',
  'tin đã đưa',
  'tin mới',
  'tin mới nhất',
  'tin mới hơn',
  'tin cũ hơn',
  'tin nổi bật',
  'tin đọc nhiều',
  'đọc nhiều',
  'xem nhiều',
  'xem thêm',
  'đọc thêm',
  'có thể bạn quan tâm',
  'bạn có thể quan tâm',
  'ý kiến bạn đọc',
  'ý kiến',
  'bình luận',
  'gửi bình luận',
  'gửi ý kiến',
  'viết bình luận',
  'từ khóa',
  'từ khoá',
  'tags',
  'tag',
  'chia sẻ',
  'related',
  'related articles',
  'related stories',
  'related news',
  'related posts',
  'related content',
  'related coverage',
  'more stories',
  'more news',
  'more from',
  'read more',
  'read next',
  'see also',
  'you may also like',
  'you might also like',
  'recommended',
  'recommended for you',
  'most popular',
  'most read',
  'trending',
  'comments',
  'leave a comment',
  'leave a reply',
  'share this',
  'share this article',
  'share this story',
  'advertisement',
  'filed under',
  'categories',
  'topics',
];
const LABEL_KEYS = new Set(SECTION_LABELS.map((label) => textKey(label)));

/** True when `text` is just a section label such as "Tin liên quan:" or "TIN LIÊN QUAN". */
export function isSectionLabel(text: string): boolean {
  const key = textKey(text);
  return key !== '' && key.length <= 40 && LABEL_KEYS.has(key);
}

/** The label a text starts with ("Xem thêm: …"), or undefined. */
export function leadingSectionLabel(text: string): string | undefined {
  const clean = cleanText(text);
  const m = /^([^:：>»\n]{2,40})\s*[:：>»]/.exec(clean);
  if (m && isSectionLabel(m[1]!)) return m[1]!;
  return undefined;
}

/** Labels after which nothing is article text any more (comments, reader opinions). */
const TERMINAL_LABELS = new Set(
  [
    'ý kiến bạn đọc',
    'bình luận',
    'gửi bình luận',
    'gửi ý kiến',
    'viết bình luận',
    'comments',
    'leave a comment',
    'leave a reply',
  ].map((label) => textKey(label)),
);

export function isTerminalLabel(text: string): boolean {
  return TERMINAL_LABELS.has(textKey(text));
}

/** Short strings that are controls, not prose ("Chia sẻ Facebook", "In bài viết", "Advertisement"). */
const CONTROL_TEXTS = new Set(
  [
    'chia sẻ',
    'chia sẻ facebook',
    'chia sẻ bài viết',
    'in bài viết',
    'in bài',
    'gửi bài viết',
    'lưu bài viết',
    'quay lại',
    'về đầu trang',
    'lên đầu trang',
    'quảng cáo',
    'advertisement',
    'advert',
    'sponsored',
    'sharing is caring',
    'order reprints',
    'print article',
    'this slideshow requires javascript',
    'share',
    'tweet',
    'print',
    'email',
    'facebook',
    'twitter',
    'back to top',
  ].map((t) => textKey(t)),
);

export function isControlText(text: string): boolean {
  const key = textKey(text);
  if (CONTROL_TEXTS.has(key)) return true;
  // "Chia sẻ Facebook In bài viết": every word belongs to a control phrase.
  const words = key.split(' ');
  return words.length <= 8 &&
    /^(chia sẻ|in bài viết|facebook|twitter|zalo|email|print|share|tweet)( |$)/.test(key)
    ? words.every((w) =>
        /^(chia|sẻ|in|bài|viết|facebook|twitter|zalo|email|print|share|tweet|gửi|lưu)$/.test(w),
      )
    : false;
}

/** Words in a class/id that mark a byline or date line. */
export const BYLINE_HINT = /byline|author|writer|tac-?gia|reporter|contributor/;
export const DATE_HINT = /date|time|publish|posted|pubdate|ngay|thoi-?gian|timestamp|dateline|meta|info/;
/** Words that mark the lead (sapo) of an article. */
export const LEAD_HINT =
  /(?:^|[^a-z])(sapo|lead|lede|summary|description|desc|excerpt|intro|standfirst|dek|deck|subtitle|sub-title|subhead|teaser|chapeau|abstract|tomtat|tom-tat|tom_tat|trichdan|trich-dan)(?:$|[^a-z])/;
/** Words that mark a caption or a photo credit line (not a picture wrapper). */
export const CREDIT_HINT = /caption|credit|copyright|figcaption|chu-?thich|chuthich|photo-?by|source-?img/;
/** Words that mark image captions. */
export const CAPTION_HINT =
  /caption|chu-?thich|chuthich|legend|figcaption|img-?desc|image-?desc|photo-?desc|desc-?img|image-?text|photo-?text|credit|(?:^|[^a-z])(image|photo|img|pic|picture|anh|hinh)(?:$|[^a-z])/;
