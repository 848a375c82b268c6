/**
 * An article whose images stay on the paper's servers (a source with `rehostImages: false`, or
 * no media store) still sends no reader where Bantin itself would not go: a picture at a
 * private, loopback, link-local or metadata address (`http://192.168.1.10/a.jpg`,
 * `http://169.254.169.254/…`) leaves the image list and the body, as a refused re-hosting does.
 */
import type { Article } from '../../domain/article.js';
import { refusedByHost } from '../fetch/address-guard.js';

/** Loaded only for a body that holds such a picture: most never need the HTML parser. */
const htmlRewriter = () => import('./rewrite-html.js');

export async function withoutRefusedImages<
  T extends Pick<Article, 'url' | 'contentHtml'> & { images: { url: string }[] },
>(article: T, allowLoopback: boolean): Promise<T> {
  const refused = (url: string) => refusedByHost(new URL(url, article.url).href, allowLoopback);
  const listed = article.images.filter((image) => safeRefused(refused, image.url));
  // Every <img> the renderer wrote has a double-quoted src; an odd one is read by the parser below.
  const inBody = [...article.contentHtml.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)].some((m) =>
    safeRefused(refused, decodeAmp(m[1]!)),
  );
  if (listed.length === 0 && !inBody) return article;
  const { imageSources, rewriteImages } = await htmlRewriter();
  const absolute = (url: string) => (URL.canParse(url, article.url) ? new URL(url, article.url).href : url);
  const refusedUrls = new Set(
    [...article.images.map((i) => i.url), ...imageSources(article.contentHtml, article.url)]
      .map(absolute)
      .filter((url) => safeRefused(refused, url)),
  );
  return {
    ...article,
    images: article.images.filter((image) => !refusedUrls.has(absolute(image.url))),
    contentHtml: rewriteImages(article.contentHtml, article.url, new Map(), refusedUrls),
  };
}

/** A URL that does not parse is refused too. */
function safeRefused(refused: (url: string) => boolean, url: string): boolean {
  try {
    return refused(url);
  } catch {
    return true;
  }
}

const decodeAmp = (value: string) => value.replace(/&amp;/g, '&');
