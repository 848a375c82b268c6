/**
 * Removes what can never be article text (scripts, styles, form controls, hidden elements,
 * comments) and recovers images that pages only show through `<noscript>` fallbacks.
 */
import {
  type AnyNode,
  attr,
  CONTROL_MARK,
  classAndId,
  type Element,
  EMBED_MARK,
  firstText,
  hasAncestor,
  isElement,
  isInline,
  type ParentNode,
  removeNodes,
  unwrapNodes,
} from './dom.js';
import { flattenToText } from './parse-html.js';

const JUNK_TAGS = new Set([
  'script',
  'style',
  'template',
  'link',
  'meta',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'applet',
  'input',
  'select',
  'textarea',
  'button',
  'option',
  'dialog',
  'map',
  'audio',
  'video',
  'track',
  'math',
  // Ruby annotations: a reading (furigana, pinyin) beside its text, not text of the sentence.
  'rp',
  'rt',
  'rtc',
]);

function isHidden(el: Element, pageHidden: ReadonlySet<string>): boolean {
  if (el.name === 'html' || el.name === 'body') return false;
  if (el.attribs.hidden !== undefined) return true;
  // aria-hidden hides from screen readers, not from sight: icons and repeated controls, as
  // Readability takes it, but not a caption, which pages hide from readers that say the alt.
  if (
    attr(el, 'aria-hidden') === 'true' &&
    el.name !== 'figcaption' &&
    !/fallback-image/.test(attr(el, 'class')) &&
    // A photographer's credit in the caption, hidden from readers that say it twice, is seen.
    !hasAncestor(el, (a) => a.name === 'figcaption')
  )
    return true;
  const style = el.attribs.style;
  if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  // Text for screen readers only ("Image caption, ", "Advertisement"): no reader sees it.
  const name = el.attribs.class;
  if (!name) return false;
  if (SCREEN_READER_ONLY.test(name)) return true;
  return pageHidden.size > 0 && name.split(/\s+/).some((one) => pageHidden.has(one));
}

/**
 * The classes the page's own style sheets (in its head) make screen-reader text: a rule of plain
 * class selectors that clips its box to nothing and sizes it 1px, the "visually hidden" pattern
 * under a generated name (probe 48: BBC's AMP pages label each caption "Image caption, " so, in
 * every language). Display rules are left alone: a class hidden here may be shown by a media query.
 */
function pageHiddenClasses(root: ParentNode): Set<string> {
  const classes = new Set<string>();
  const html = root.children.find((c): c is Element => isElement(c) && c.name === 'html');
  const head = (html ?? root).children.find((c): c is Element => isElement(c) && c.name === 'head');
  for (const style of head?.children ?? []) {
    if (!isElement(style) || style.name !== 'style') continue;
    const css = style.children.map((c) => (c.type === 'text' ? (c as { data: string }).data : '')).join('');
    for (const [, selectors = '', body = ''] of css.slice(0, MAX_STYLE_READ).matchAll(CSS_RULE)) {
      if (!CLIPPED.test(body) || !ONE_PIXEL.test(body)) continue;
      const names = selectors.split(',').map((one) => /^\s*\.([\w-]+)\s*$/.exec(one)?.[1]);
      if (names.every((one) => one !== undefined)) for (const one of names) classes.add(one!);
    }
  }
  return classes;
}
const MAX_STYLE_READ = 200_000;
const CSS_RULE = /([^{}]{1,500})\{([^{}]{0,1000})\}/g;
const CLIPPED = /\bclip\s*:\s*rect\(\s*(?:0|1px)|\bclip-path\s*:\s*inset\(\s*(?:50|100)%/i;
const ONE_PIXEL = /(?:^|[;\s])(?:width|height)\s*:\s*1px/i;

/**
 * The class names sites and CSS frameworks give text only screen readers read, also as the last
 * part of a generated name ("ssrcss-1hizfh0-VisuallyHidden"); not a field's "label-visually-hidden",
 * which says its label is hidden, not the field.
 */
const SCREEN_READER_ONLY =
  /(?:^|\s)(?:[\w-]*-)?(?<!label-)(?:sr-only|visually-?hidden|visuallyhidden|screen-?reader-?(?:text|only)|a11y-hidden|u-hidden-visually|element-invisible|offscreen)(?:\s|$)/i;

/**
 * Puts a space between the pieces of a caption set side by side (the caption, its credit, a
 * screen reader's label), which pages keep apart by style: "…on Friday. Jane Roe/AP", not
 * "…on Friday.Jane Roe/AP". Formatting inside a sentence (a link, bold, italics) is left as is.
 */
function spaceCaptionPieces(caption: Element): void {
  const visit = (el: Element, depth: number) => {
    let previous: AnyNode | undefined;
    for (const child of el.children) {
      if (isElement(child)) {
        if (previous && CAPTION_PIECES.has(child.name)) {
          const text = firstText(child);
          if (text && !/^\s/.test(text.data)) text.data = ` ${text.data}`;
        }
        if (depth < 4) visit(child, depth + 1);
      }
      previous = child;
    }
  };
  visit(caption, 0);
}
const CAPTION_PIECES = new Set(['span', 'div', 'p', 'small', 'cite', 'figcaption']);

/** The first `<img>` in a subtree. */
function firstImage(node: ParentNode): Element | undefined {
  for (const child of node.children) {
    if (!isElement(child)) continue;
    if (child.name === 'img') return child;
    const inner = firstImage(child);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Lazy-loading pages put the real `<img>` in a `<noscript>` beside a placeholder: the placeholder
 * takes its attributes and the `<noscript>` goes; one with no placeholder is unwrapped, one with
 * no picture goes. Each parent's children are rewritten once, whatever the number of `<noscript>`s.
 */
function resolveNoscripts(noscripts: readonly Element[]): void {
  const removed: Element[] = [];
  const unwrapped: Element[] = [];
  for (const noscript of noscripts) {
    const fallback = firstImage(noscript);
    if (!fallback) {
      removed.push(noscript);
      continue;
    }
    let prev: AnyNode | null = noscript.prev;
    while (prev && (!isElement(prev) || prev.name === 'noscript')) prev = prev.prev;
    const placeholder = prev && isElement(prev) ? (prev.name === 'img' ? prev : firstImage(prev)) : undefined;
    if (placeholder) {
      for (const [name, value] of Object.entries(fallback.attribs)) {
        if (name === 'src' || name === 'srcset' || !placeholder.attribs[name])
          placeholder.attribs[name] = value;
      }
      removed.push(noscript);
    } else {
      unwrapped.push(noscript);
    }
  }
  removeNodes(removed);
  unwrapNodes(unwrapped);
}

/**
 * Nesting deeper than any real page (hostile or broken markup) is flattened to its text, so
 * that every later walk over the tree has a bounded depth.
 */
const MAX_DEPTH = 120;

/** Players and posts from elsewhere: removed, with their box marked by EMBED_MARK (dom.ts). */
const EMBED_TAGS = new Set(['iframe', 'video', 'audio', 'embed', 'object']);
/** Form fields and buttons: removed, with their box marked by CONTROL_MARK (dom.ts). */
const FIELD_TAGS = new Set(['input', 'select', 'textarea']);

const AMP_IMAGES = new Set(['amp-img', 'amp-anim']);
/** Class words of the place or dateline stamped in front of a lead. */
const STAMP = /location-?stamp|dateline-?stamp|place-?stamp/;

const CARD_BLOCKS = new Set([
  'div',
  'p',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
]);

/**
 * A link holding two blocks of text or more (a title and a description: another page's card),
 * short, to a page (not a picture's file or an anchor), and holding no main heading (a headline
 * wrapped in a link to its own page stays).
 */
function isLinkCard(a: Element): boolean {
  const href = attr(a, 'href').trim();
  if (!href || href.startsWith('#') || /^(?:javascript|mailto|tel):/i.test(href)) return false;
  if (/\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(href)) return false;
  let blocks = 0;
  let chars = 0;
  const stack: AnyNode[] = [...a.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      chars += (node as { data: string }).data.length;
      if (chars > 600) return false;
      continue;
    }
    if (!isElement(node)) continue;
    if (node.name === 'h1') return false;
    // A block with text of its own (not a wrapper's: "<div><h2>…</h2></div>" is one block).
    if (
      CARD_BLOCKS.has(node.name) &&
      node.children.some((c) => c.type === 'text' && /\S/.test((c as { data: string }).data))
    )
      blocks++;
    stack.push(...node.children);
  }
  return blocks >= 2;
}

/**
 * A script that sets a video player up where it stands (JW Player, Video.js, Flowplayer, YouTube's
 * API): the player its box held, as an iframe's (blind probe 43: the box's description was read as
 * the text). Not data (JSON-LD naming a video's file), which plays nothing.
 */
function startsPlayer(el: Element): boolean {
  if (el.name !== 'script' || /json/i.test(el.attribs.type ?? '')) return false;
  const first = el.children[0];
  const code = first && first.type === 'text' ? (first as { data: string }).data.slice(0, 2000) : '';
  return PLAYER_SETUP.test(code);
}
const PLAYER_SETUP = /\b(?:jwplayer|videojs|flowplayer|Clappr\.Player|new\s+Plyr|YT\.Player)\s*\(/i;

export function prepareDocument(root: ParentNode): void {
  const noscripts: Element[] = [];
  const pageHidden = pageHiddenClasses(root);
  const visit = (node: ParentNode, depth: number) => {
    // Removed together once the children are read: one by one, each removal would search its
    // siblings (a page of 240,000 empty comments in one box took 70 s).
    const removed: AnyNode[] = [];
    for (const child of [...node.children]) {
      if (child.type === 'comment' || child.type === 'directive' || child.type === 'cdata') {
        removed.push(child);
      } else if (isElement(child)) {
        if (JUNK_TAGS.has(child.name) || child.type !== 'tag' || isHidden(child, pageHidden)) {
          // The box a player sat in stays marked: it interrupts an article without ending it.
          if ((EMBED_TAGS.has(child.name) || startsPlayer(child)) && isElement(node))
            node.attribs[EMBED_MARK] = '';
          // (Not a hidden input: ASP.NET keeps its state in some beside the text, no control.)
          const control =
            (FIELD_TAGS.has(child.name) && !/^hidden$/i.test(child.attribs.type ?? '')) ||
            child.name === 'button';
          if (isElement(node) && control) {
            if (node.attribs[CONTROL_MARK] !== 'field')
              node.attribs[CONTROL_MARK] = FIELD_TAGS.has(child.name) ? 'field' : 'button';
          }
          removed.push(child);
          continue;
        }
        if (depth >= MAX_DEPTH) {
          flattenToText(child);
          continue;
        }
        if (child.name === 'noscript') noscripts.push(child);
        // The place a page stamps in front of a lead ("<span class="location-stamp">Hà Nội</span>Giới
        // chức…") is set apart by its style, not its text: it would run into the lead's first word.
        if (isInline(child.name) && STAMP.test(classAndId(child))) {
          removed.push(child);
          continue;
        }
        // A link card (another page's title and description in one link: Ghost's bookmark card, a
        // teaser) is no article text, wherever it stands.
        if (child.name === 'a' && isLinkCard(child)) {
          removed.push(child);
          continue;
        }
        // AMP pages show their pictures as <amp-img> (a fallback picture or <noscript> inside).
        if (AMP_IMAGES.has(child.name)) {
          child.name = 'img';
          removeNodes(child.children);
          continue;
        }
        // A photo credit set beside its caption is read apart from it ("…on Friday. Jane Roe/AP").
        if (child.name === 'figcaption') spaceCaptionPieces(child);
        visit(child, depth + 1);
      }
    }
    if (removed.length > 0) removeNodes(removed);
  };
  visit(root, 0);
  resolveNoscripts(noscripts);
}
