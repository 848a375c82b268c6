/**
 * The allowlist every contentHtml passes through last: structure and emphasis survive;
 * scripts, styles, frames, event handlers and javascript:/data: URLs do not.
 */
import sanitizeHtml from 'sanitize-html';
import { withoutBidiAndZeroWidth, withoutUnsafeCharacters } from '../../domain/plain-text.js';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'figure',
    'figcaption',
    'img',
    'a',
    'strong',
    'em',
    'u',
    's',
    'sub',
    'sup',
    'q',
    'mark',
    'small',
    'cite',
    'abbr',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'srcset', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    abbr: ['title'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  // No style attribute is allowed: never parse one (bundles leave postcss out, infra/bundling.ts).
  parseStyleAttributes: false,
};

export function sanitizeContentHtml(html: string): string {
  // Controls, noncharacters and lone surrogates go too: none is text (domain/plain-text.ts).
  // All are removed before composing: one between a letter and its mark would keep them apart.
  // Bidi overrides and isolates reorder what follows them ("giá \u202e000,05" shows 50,000),
  // and zero-width spaces and BOMs hide in words: none is text a reader should get.
  const cleaned = sanitizeHtml(html, OPTIONS).replace(
    /<(strong|em|u|s|sub|sup|q|mark|small|cite|abbr|code)>\s*<\/\1>/g,
    '',
  );
  return composedText(withoutUnsafeCharacters(withoutBidiAndZeroWidth(cleaned)));
}

/**
 * The markup with its text composed (NFC), never its markup: a mark opening a text
 * ("<em>&#x338; onfocus=…") composed with the tag's ">" into "≯" would leave the tag open and
 * make the text its attributes. Runs between `<` and `>` are composed one by one; in a tag, every
 * attribute value is quoted (sanitize-html writes them so), and nothing composes with a quote.
 */
function composedText(markup: string): string {
  return markup.replace(/[^<>]+/g, (run) => run.normalize('NFC'));
}
