/**
 * What is not the article, by its name: generic class/id words of page furniture and of the
 * parts of an article (byline, date, lead, caption). Only generic words live here, never one
 * site's class names. The lines that are not the article, by their text: boilerplate-lines.ts.
 */
import { attr, classAndId, type Element, EMBED_MARK, isElement } from './dom.js';

/**
 * Class/id words of page furniture (after Readability's list, plus Vietnamese ones, and a footer
 * named in its language: Italian `piede`, Portuguese `rodape`, German `fusszeile`, Spanish
 * `pie-de-pagina`, French `pied-de-page`, Vietnamese `chan-trang`). Not a style's
 * word: `--font-extra`, `extra-bold` set a heading's type, not an extra box.
 */
const UNLIKELY =
  /-ad-|(?<![a-z0-9])(?:ads?|adv)(?![a-z0-9])|ai2html|banner|breadcrumb|combx|comment|comentari|komment|komentar|commenti|community|cover-wrap|disqus|(?<!font-|text-)extra(?!-?(?:bold|light|large|small|wide))|footer|(?:^|[^a-z])(?:piede|rodape|fusszeile|chan-?trang)(?:$|[^a-z])|pie-?de-?pagina|pied-?de-?page|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|sharing|newsletter|subscribe|signup|uutiskirje|nyhetsbrev|nieuwsbrief|hirlevel|infolettre|tamogass|tamogatas-?(?:doboz|box|felhivas)|wesprzyj|cookie|consent|tinlienquan|lien-?quan|tin-?khac|cung-?chu-?de|cung-?chuyen-?muc|other-?news|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|trending|recommend|quang-?cao|advert|reklam|(?:^|[^a-z])oglas|publicidad|pubblicit|werbung|anzeige|donat(?:e|ion)|support-?(?:us|box)|reader-?revenue|reactions|contributions|(?:^|[^a-z])cmt(?:$|[^a-z])/;
/**
 * Furniture whatever else its name says: a class that ends in a vote or rating word
 * ("detail-votes", "binh-chon"), not one that merely holds it ("post-ratings-enabled").
 */
const ALWAYS_UNLIKELY = /(?:^|\s)(?:[\w-]*[-_])?(?:votes?|ratings?|binh-?chon)(?=\s|$)/;
/**
 * A box asking readers to follow the paper ("line-follow-box", "follow-us"). Not a post embedded
 * from elsewhere (a tweet's `blockquote.twitter-tweet`): the text quotes it, as the article
 * benchmark's truth keeps it (removing them took its recall from 0.980 to 0.974).
 */
const FOLLOW_BOX = /(?:^|[^a-z])follow-?(?:us|box|banner)(?:$|[^a-z])/;
/** A video player's box ("video-embed", "article-video", "vid-embed"): the player, and its title under it. */
const VIDEO_BOX = /(?:^|[^a-z])(?:video|vid)(?:$|[^a-z])/;

/** Words that rescue an element that also carries an unlikely word. */
const MAYBE = /and|article|body|column|content|main|shadow|story|entry|post-?text|detail|chi-?tiet|noi-?dung/;
const POSITIVE =
  /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|detail|chi-?tiet|noi-?dung|bai-?viet|fck|cms/;
/** `hidden`, but not Drupal's `field--label-hidden` (or `-visually_hidden`) on every field: the field's label is hidden, not the field. */
const NEGATIVE =
  /-ad-|(?<!label-|label-visually_|title-)hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|(?:^|[^a-z])(?:piede|rodape|fusszeile|chan-?trang)(?:$|[^a-z])|pie-?de-?pagina|pied-?de-?page|gdpr|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|tinlienquan|lien-?quan|tin-?khac|cung-?chu-?de|cung-?chuyen-?muc|other|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|author|byline|reporter|breadcrumb|navigation|nav\b|menu|toolbar|print|social|recommend|newsletter|quang-?cao|advert/;
const UNLIKELY_ROLES = new Set([
  'menu',
  'menubar',
  'complementary',
  'navigation',
  'alert',
  'alertdialog',
  'dialog',
]);

/**
 * Page furniture by its name or role. `ignoring` takes words out of the name first: a headline
 * sits in an article's header ("taglib-header", "news-header") as often as in the page's.
 * Never `<body>` or `<html>` (as Readability): their classes describe the whole page's layout
 * ("right-sidebar" on every page of a WordPress theme).
 */
export function isUnlikelyByName(el: Element, ignoring?: RegExp): boolean {
  if (el.name === 'body' || el.name === 'html') return false;
  const role = attr(el, 'role');
  if (role && UNLIKELY_ROLES.has(role)) return true;
  let name = classAndId(el);
  if (ignoring) name = name.replace(ignoring, ' ');
  // A subheading named as one ("h2.b-header", Arc XP's blocks; "section-header") is no page header.
  if (/^h[2-6]$/.test(el.name)) name = name.replace(/header/g, ' ');
  if (FOLLOW_BOX.test(name)) return true;
  // Joomla's `<dl class="article-info">`: the article's details (section, date, views), no text of it.
  if (el.name === 'dl' && /article-info/.test(name)) return true;
  if (VIDEO_BOX.test(name) && isVideoPlayerBox(el)) return true;
  // A BEM name ("article__reactions", "story__related") is named by its element, not its block:
  // the block word "article" rescues none of its parts.
  if (ALWAYS_UNLIKELY.test(name)) return true;
  return (
    name.trim() !== '' && UNLIKELY.test(name) && !MAYBE.test(withoutBemBlocks(withoutOtherStories(name)))
  );
}

/**
 * Names of boxes of other stories, whose content word names what they hold, not the article:
 * "related-articles", "relatedArticles", "tin-lien-quan-news", "recommended_posts" (blind probe 43:
 * "article" rescued a box of four related stories' excerpts, read as the text).
 */
const OTHER_STORIES =
  /(?:^|\s|[-_])(?:related|recommend(?:ed|ation)?s?|trending|most-?read|popular|xem-?them|tin-?khac|cung-?chu-?de|cung-?chuyen-?muc|lien-?quan)[-_]?(?:articles?|stor(?:y|ies)|posts?|news|entries|contents?|items?)(?=$|[\s-_])/g;
function withoutOtherStories(name: string): string {
  return name.replace(OTHER_STORIES, ' ').replace(AD_POSITION, ' ');
}

/**
 * Names of advertisements by where they sit: "adinarticle ad-in-article" (adInArticle), "in-article-ad",
 * "ad-content-middle", "article-ads" (probe 45: "article" rescued a slot's "PR" label).
 */
const AD_POSITION =
  /(?:^|\s|[-_])(?:(?:ads?|adv|advert)[-_]?(?:in[-_]?)?(?:article|content|story|body|post|text)(?:[-_]?(?:top|middle|mid|bottom|end|\d+))?|(?:in[-_]?)?(?:article|content|story|body|post|text)[-_]?(?:ads?|adv|advert))(?=$|[\s-_])/g;

/**
 * Furniture inside a layout table, where a name says less (a cell's "header", "menu" or
 * "commentary" may frame the article in an old CMS): only a small box of a page's tools, the print,
 * mail and share buttons of "cong-cu" (công cụ: tools), "tien-ich" (tiện ích), "toolbar".
 */
export function isTableFurniture(el: Element): boolean {
  const name = classAndId(el);
  if (name.trim() === '' || !TABLE_FURNITURE.test(name) || MAYBE.test(withoutBemBlocks(name))) return false;
  return isSmallBox(el, TOOLS_BOX);
}
/** The most a box of a page's tools holds ("In bài viết Gửi email Chia sẻ Facebook Lượt xem: 1.245", icons). */
const TOOLS_BOX = { chars: 200, nodes: 120 };
const TABLE_FURNITURE = /share|sharing|toolbar|(?:^|[^a-z])tools?(?:$|[^a-z])|cong-?cu|tien-?ich/;

/** A box that held a video player (an iframe or a video) and no more text than its title. */
function isVideoPlayerBox(el: Element): boolean {
  // The player itself is gone (prepare.ts): its box, or a box inside it, is marked.
  let player = el.attribs[EMBED_MARK] !== undefined;
  const small = isSmallBox(el, PLAYER_BOX, (inner) => {
    if (inner.attribs[EMBED_MARK] !== undefined) player = true;
  });
  return small && player;
}
/** The most a video player's box holds besides the player: a title, a credit, a few wrappers. */
const PLAYER_BOX = { chars: 200, nodes: 60 };

/**
 * Whether `el` holds at most `limit.chars` characters of text in at most `limit.nodes` nodes, read
 * no further than that (a large box costs no more than a small one, at any depth); `visit` sees
 * each element inside.
 */
function isSmallBox(
  el: Element,
  limit: { chars: number; nodes: number },
  visit?: (inner: Element) => void,
): boolean {
  let chars = 0;
  let nodes = 0;
  const stack = [...el.children];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (++nodes > limit.nodes) return false;
    if (node.type === 'text') {
      chars += node.data.trim().length;
      if (chars > limit.chars) return false;
    } else if (isElement(node)) {
      visit?.(node);
      stack.push(...node.children);
    }
  }
  return true;
}

/**
 * The class names without their BEM blocks and `__`: "reactions" of "article__reactions". Word
 * by word, in time linear in the names' length (a regular expression looking for `__` from every
 * letter of a long hostile class name took time growing with its square).
 */
function withoutBemBlocks(names: string): string {
  return names
    .split(/\s+/)
    .map((name) => {
      const cut = name.lastIndexOf('__');
      return cut > 0 && cut + 2 < name.length ? name.slice(cut + 2) : name;
    })
    .join(' ');
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

/** Words in a class/id that mark a byline or date line. */
/** (A pull quote's speaker, "quote-author", is no byline: probe 46.) */
export const BYLINE_HINT =
  /byline|(?<!(?:quote|cite|testimonial)[-_]?)(?:author|autor|auteur)|writer|tac-?gia|reporter|journalist|contributor|signature|firma|verfasser|muhabir|yazar|penulis|wartawan|mwandishi|szerzo|egile|marubuci/;
export const DATE_HINT = /date|time|publish|posted|pubdate|ngay|thoi-?gian|timestamp|dateline|meta|info/;
/** Words that mark the lead (sapo) of an article. */
export const LEAD_HINT =
  /(?:^|[^a-z])(?:lead|lede|description|desc|intro|dek|deck|subtitle|sub-title|sub-?head(?:line|ing)?|teaser|abstract|mo-ta|bajada|copete|anriss|chapo|perex|opener|preview)(?:$|[^a-z])|sapo|summary|introtext|ingress|__overview|einleitung|tomtat|tom-tat|tom_tat|trichdan|trich-dan|standfirst|strapline|chapeau|excerpt|entradilla|sumario|linha-?fina|vorspann|sommario|subtitulo|sottotitolo|untertitel|sarrera|sous-?titre/;
/** Words that mark a caption or a photo credit line (not a picture wrapper). */
export const CREDIT_HINT = /caption|credit|copyright|figcaption|chu-?thich|chuthich|photo-?by|source-?img/;
/** Words that mark image captions. */
export const CAPTION_HINT =
  /caption|chu-?thich|chuthich|legend|figcaption|img-?desc|image-?desc|photo-?desc|desc-?img|image-?text|photo-?text|credit|(?:^|[^a-z])(image|photo|foto|img|pic|picture|anh|hinh)(?:$|[^a-z])/;
