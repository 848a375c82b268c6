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

/** Every element of HTML a browser knows, old ones too, as a regular expression's alternatives. */
const ELEMENTS = [
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
].join('|');

/**
 * A tag of HTML in what should be plain text: an element of HTML, or a custom element, with an
 * attribute that has a value, in any case ("<script src=…>", "<form action=…>", "<ScRiPt
 * src=x>"); or bare, in small letters or capitals as HTML writes them ("<b>", "</span>", "<BR>",
 * "<my-card>"). Not a name in angle brackets ("<Mai>", "<Time>", "<COVID-19>", "<Spider-Man>",
 * "<Đời sống>") nor a comparison ("<5%", "a<b").
 */
const TAG_WITH_VALUES = new RegExp(`</?(?:${ELEMENTS}|[a-z][a-z0-9]*-[a-z0-9-]*)\\s[^<>=]*=[^<>]*>`, 'gi');
const BARE_TAG = new RegExp(
  `</?(?:${ELEMENTS}|${ELEMENTS.toUpperCase()}|[a-z][a-z0-9]*-[a-z0-9-]*)\\s*/?>`,
  'g',
);

/**
 * Elements whose insides are no text a reader was shown (a script, a style sheet, a form's text
 * area): with their tags, they go whole.
 */
const HIDDEN_ELEMENTS =
  'script|style|noscript|template|textarea|title|xmp|iframe|noembed|noframes|object|svg|math';
const HIDDEN_OPENING = new RegExp(`<(${HIDDEN_ELEMENTS})(?=[\\s/>])[^<>]*>`, 'gi');
/** The closing tag of each of them. */
const CLOSING = new Map(HIDDEN_ELEMENTS.split('|').map((name) => [name, new RegExp(`</${name}\\s*>`, 'gi')]));

/**
 * The text without what HIDDEN_OPENING's elements hold: from each opening tag to its closing one.
 * An element never closed loses its opening tag only. Linear in the text: each kind of element is
 * searched for its closing tag once past the last one found (a title of 100,000 `<script>`
 * took a backtracking expression 20 s).
 */
function withoutHiddenElements(text: string, replacement: string): string {
  if (!text.includes('<')) return text;
  const unclosedFrom = new Map<string, number>();
  let out = '';
  let at = 0;
  HIDDEN_OPENING.lastIndex = 0;
  for (let open = HIDDEN_OPENING.exec(text); open; open = HIDDEN_OPENING.exec(text)) {
    const name = open[1]!.toLowerCase();
    const after = open.index + open[0].length;
    let end = after;
    if (after < (unclosedFrom.get(name) ?? Number.POSITIVE_INFINITY)) {
      const closing = CLOSING.get(name)!;
      closing.lastIndex = after;
      const found = closing.exec(text);
      if (found) end = found.index + found[0].length;
      else unclosedFrom.set(name, after);
    }
    out += text.slice(at, open.index) + replacement;
    at = end;
    HIDDEN_OPENING.lastIndex = end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/** The text without its markup (hidden elements whole, then every tag), each as `replacement`. */
export function withoutMarkup(text: string, replacement = ' '): string {
  return withoutHiddenElements(text, replacement)
    .replace(TAG_WITH_VALUES, replacement)
    .replace(BARE_TAG, replacement);
}

/**
 * A name as plain text (an author, a credited source): a tag a paper let into it is no part of it
 * ("Lan Anh<img src=x onerror=…>" in its author meta), as in titles and categories.
 */
export function plainName(text: string): string {
  if (!text.includes('<')) return text;
  const plain = withoutMarkup(text);
  return plain === text ? text : plain.replace(/\s+/g, ' ').trim();
}

/** Whether the text holds a tag (TAG_WITH_VALUES, BARE_TAG). */
export function holdsMarkup(text: string): boolean {
  return text.includes('<') && withoutMarkup(text, '') !== text;
}

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
