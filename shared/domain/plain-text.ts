/**
 * Characters no text Bantin stores or sends may hold: C0 controls but the whitespace ones (tab,
 * LF, VT, FF, CR: a text's own rules collapse or keep those); DEL and C1 controls; noncharacters (U+FDD0–U+FDEF, and U+FFFE and U+FFFF of every plane); lone
 * surrogates. None is text a reader can see, none is allowed in XML 1.0 (feeds, OPML), and
 * strict JSON readers (an aggregator's webhook receiver) refuse a lone surrogate.
 */
const UNSAFE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\p{Cs}]/gu;

/** Any of them, or any surrogate (most texts have none, and are not copied). */
const MAYBE_UNSAFE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

export function withoutUnsafeCharacters(text: string): string {
  return MAYBE_UNSAFE.test(text) ? text.replace(UNSAFE, '') : text;
}

/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), as a
 * character class's insides: they make a title read backwards ("Trojan Source"; an isolate left
 * open reorders all that follows), and right-to-left text needs none of them (its marks stay).
 */
export const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';
/** Zero-width space and byte-order mark, likewise: invisible, they split words and names. */
export const ZERO_WIDTH = '\\u200b\\ufeff';

const BIDI_OR_ZERO_WIDTH = new RegExp(`[${BIDI_CONTROLS}${ZERO_WIDTH}]`, 'g');

export function withoutBidiAndZeroWidth(text: string): string {
  return text.replace(BIDI_OR_ZERO_WIDTH, '');
}

/**
 * A tag of HTML in what should be plain text ("<b>", "</span>", "<script src=…>", "<form
 * action=…>", "<my-widget>"): an element of HTML (every one a browser knows, old ones too) or a
 * custom element, then its attributes; not a comparison ("<5%") nor a name in angle brackets
 * ("<Mai>", "<Đời sống>").
 */
export const MARKUP_TAG = new RegExp(
  `</?(?:${[
    'a|abbr|acronym|address|applet|area|article|aside|audio',
    'b|base|basefont|bdi|bdo|bgsound|big|blink|blockquote|body|br|button',
    'canvas|caption|center|cite|code|col|colgroup',
    'data|datalist|dd|del|details|dfn|dialog|dir|div|dl|dt',
    'em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset',
    'h[1-6]|head|header|hgroup|hr|html|i|iframe|image|img|input|ins|isindex|kbd|keygen',
    'label|legend|li|link|listing|main|map|mark|marquee|math|menu|menuitem|meta|meter',
    'nav|nobr|noembed|noframes|noscript|object|ol|optgroup|option|output',
    'p|param|picture|plaintext|pre|progress|q|rb|rp|rt|rtc|ruby',
    's|samp|script|search|section|select|slot|small|source|spacer|span|strike|strong|style|sub|summary|sup|svg',
    'table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|xmp',
    '[a-z][a-z0-9]*-[a-z0-9-]*',
  ].join('|')})(?=[\\s/>])(?:\\s[^<>]*)?/?>`,
  'gi',
);

/**
 * Elements whose insides are no text a reader was shown ("<script>alert(1)</script>", a style
 * sheet, a form's text area): with a tag, they go whole.
 */
const HIDDEN_ELEMENT =
  /<(script|style|noscript|template|textarea|title|xmp|iframe|noembed|noframes|object|svg|math)(?=[\s/>])[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** The text without its markup (HIDDEN_ELEMENT whole, then every MARKUP_TAG), as `replacement`. */
export function withoutMarkup(text: string, replacement = ' '): string {
  return text.replace(HIDDEN_ELEMENT, replacement).replace(MARKUP_TAG, replacement);
}

/**
 * A name as plain text (an author, a credited source): a tag a paper let into it is no part of it
 * ("Lan Anh<img src=x onerror=…>" in its author meta), as in titles and categories.
 */
export function plainName(text: string): string {
  return holdsMarkup(text) ? withoutMarkup(text).replace(/\s+/g, ' ').trim() : text;
}

/** Whether the text holds a tag (MARKUP_TAG). */
export function holdsMarkup(text: string): boolean {
  return HOLDS_MARKUP.test(text);
}

const HOLDS_MARKUP = new RegExp(MARKUP_TAG.source, 'i');

/** A character reference left as text: the mark of a CMS that escaped the text twice. */
const ESCAPED_TWICE = /&(?:(amp|quot|apos|lt|gt|nbsp)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi;
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

/**
 * Text a paper escaped twice ("Lãi suất &amp; tỷ giá", "&quot;kép&quot;" in og:title, h1 and
 * feed alike), unescaped once more; any other text as it is. The references such text holds
 * (the five of XML, nbsp, numeric ones), by hand: a library's table of every named reference
 * would weigh on every function's start.
 */
export function unescapedOnceMore(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    ESCAPED_TWICE,
    (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name.toLowerCase()]!;
      const code = dec ? Number(dec) : Number.parseInt(hex!, 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    },
  );
}
