/**
 * Galleries: a box of pictures, each in an item of its own with its own caption (a `<figure>`
 * and its figcaption, WordPress's `dl.gallery-item` and its `dd`, a slider's slide and its
 * caption box). Told apart from a row of related-news thumbnails, whose "captions" are links
 * to other pages, and from a collage under one caption.
 */
import { CAPTION_HINT } from './boilerplate.js';
import {
  classAndId,
  contains,
  descendants,
  type Element,
  elementsAfter,
  hasAncestor,
  parentElement,
  rawText,
} from './dom.js';
import { isTinyImage } from './images.js';
import { cleanText } from './text.js';

export interface GalleryPicture {
  img: Element;
  caption: string;
}

/** More than this many pictures is a page's grid of thumbnails, not an article's gallery. */
export const MAX_GALLERY = 60;
/** Elements a gallery's box holds at most: 60 items of a dozen elements, and room to spare. */
const MAX_GALLERY_ELEMENTS = 1_500;
/** What an item may say besides its caption: a counter ("2/5"), a button's arrow. */
const MAX_ITEM_EXTRA = 12;
const MAX_CAPTION = 300;
/** A box named for the photographer's credit, not the caption. */
const CREDIT_NAME = /credit|copyright|author|byline|source/;

/** A slide's counter before its caption ("2/5 Artisti di strada…", "1 de 3", "2 of 5"): no part of the caption. */
export function withoutCounter(caption: string): string {
  return caption.replace(
    /^\d{1,3}\s*(?:\/|de|of|von|sur|di|из|z|dari)\s*\d{1,3}\s*[-–—|:.]?\s+(?=\p{L})/u,
    '',
  );
}

/**
 * The pictures of `box` with their captions when it is a gallery: two or more pictures, each
 * alone in an item under `box` that holds a caption of its own (not a link) and little else,
 * and nothing of note in `box` besides its items (a text around a gallery is no gallery).
 */
export function galleryPictures(box: Element, excluded: ReadonlySet<Element>): GalleryPicture[] | undefined {
  // A gallery is a small box: a large one (a page's whole column) is not walked whole to learn it is none.
  if (
    elementsAfter(box, MAX_GALLERY_ELEMENTS + 1).filter((el) => contains(box, el)).length >
    MAX_GALLERY_ELEMENTS
  )
    return undefined;
  const inside = descendants(box).filter((d) => !excluded.has(d) && !hasExcludedAncestor(d, box, excluded));
  const images = inside.filter((d) => d.name === 'img' && !isTinyImage(d));
  if (images.length < 2 || images.length > MAX_GALLERY) return undefined;
  const pictureCount = new Map<Element, number>();
  for (const img of images) {
    for (let up = parentElement(img); up && up !== box; up = parentElement(up)) {
      pictureCount.set(up, (pictureCount.get(up) ?? 0) + 1);
    }
  }
  const pictures: GalleryPicture[] = [];
  let itemsText = 0;
  for (const img of images) {
    // The item: the largest box under `box` holding this picture alone.
    let item: Element = img;
    for (
      let up = parentElement(img);
      up && up !== box && pictureCount.get(up) === 1;
      up = parentElement(up)
    ) {
      item = up;
    }
    if (item === img) return undefined;
    // Its caption: a figcaption or dd, else a box named for a caption, a credit's box last.
    const saying = descendants(item).filter(
      (d) =>
        !excluded.has(d) &&
        !pictureCount.has(d) &&
        d.name !== 'img' &&
        (d.name === 'figcaption' || d.name === 'dd' || CAPTION_HINT.test(classAndId(d))) &&
        cleanText(rawText(d, excluded)) !== '',
    );
    const captionBox =
      saying.find((d) => d.name === 'figcaption' || d.name === 'dd') ??
      saying.find((d) => !CREDIT_NAME.test(classAndId(d))) ??
      saying[0] ??
      plainCaption(item, img, excluded);
    if (!captionBox || hasAncestor(captionBox, (a) => a.name === 'a' && contains(item, a))) return undefined;
    if (descendants(captionBox).some((d) => d.name === 'a')) return undefined;
    const said = cleanText(rawText(captionBox, excluded));
    const caption = withoutCounter(said);
    const whole = cleanText(rawText(item, excluded));
    // Besides its caption, an item may hold the photographer's credit and a counter or arrows.
    const creditBoxes = descendants(item).filter(
      (d) =>
        !excluded.has(d) &&
        !pictureCount.has(d) &&
        !contains(captionBox, d) &&
        !contains(d, captionBox) &&
        CREDIT_NAME.test(classAndId(d)),
    );
    // The outermost ones only: a credit's name inside its credit box is counted once.
    const credits = creditBoxes
      .filter((d) => !creditBoxes.some((other) => other !== d && contains(other, d)))
      .reduce((sum, d) => sum + cleanText(rawText(d, excluded)).length + 1, 0);
    if (caption.length > MAX_CAPTION || whole.length - said.length - credits > MAX_ITEM_EXTRA)
      return undefined;
    pictures.push({ img, caption });
    itemsText += whole.length;
  }
  // The box holds its items and little else (a counter, arrows): not paragraphs beside them.
  if (cleanText(rawText(box, excluded)).length - itemsText > MAX_ITEM_EXTRA * 2) return undefined;
  return pictures;
}

/** What a picture's link may lead to for its item's plain text to be its caption: the picture itself, larger. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

/**
 * An item's caption in a box named for nothing (a `<p>` under the picture, a city portal's photo
 * list): its one text that is no link, when the picture links nowhere or to itself in full size.
 * A teaser's picture links to its article, and its headline is no caption.
 */
function plainCaption(item: Element, img: Element, excluded: ReadonlySet<Element>): Element | undefined {
  const link = descendants(item).find((d) => d.name === 'a' && contains(d, img));
  if (link && !IMAGE_FILE.test(link.attribs.href ?? '')) return undefined;
  const texts = descendants(item).filter(
    (d) =>
      !excluded.has(d) &&
      TEXT_BOXES.has(d.name) &&
      !contains(d, img) &&
      !hasAncestor(d, (a) => TEXT_BOXES.has(a.name) && contains(item, a)) &&
      cleanText(rawText(d, excluded)) !== '',
  );
  return texts.length === 1 ? texts[0] : undefined;
}
const TEXT_BOXES = new Set(['p', 'span', 'div', 'small']);

function hasExcludedAncestor(el: Element, box: Element, excluded: ReadonlySet<Element>): boolean {
  for (let up = parentElement(el); up && up !== box; up = parentElement(up))
    if (excluded.has(up)) return true;
  return false;
}
