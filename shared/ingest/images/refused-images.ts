/**
 * An article whose images stay on the paper's servers (a source with `rehostImages: false`, or
 * no media store) still sends no reader where Bantin itself would not go: a picture at a
 * private, loopback, link-local or metadata address (`http://192.168.1.10/a.jpg`,
 * `http://169.254.169.254/…`) leaves the image list and the body, as a refused re-hosting does.
 */
import type { Article } from '../../domain/article.js';
import { absoluteUrl } from '../../domain/web-url.js';
import { refusedByHost } from '../fetch/address-guard.js';

/** Loaded only for a body that holds such a picture: most never need the HTML parser. */
const htmlRewriter = () => import('./rewrite-html.js');

export async function withoutRefusedImages<
  T extends Pick<Article, 'url' | 'contentHtml'> & { images: { url: string }[] },
>(article: T, allowLoopback: boolean): Promise<T> {
  const address = (url: string) => absoluteUrl(url, article.url) ?? url;
  // refusedByHost refuses a URL that does not parse too.
  const refused = (url: string) => refusedByHost(address(url), allowLoopback);
  // Every <img> the renderer wrote has a double-quoted src; an odd one is read by the parser below.
  const inBody = [...article.contentHtml.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)].some((m) =>
    refused(m[1]!.replace(/&amp;/g, '&')),
  );
  if (!inBody && !article.images.some((image) => refused(image.url))) return article;
  const { imageSources, rewriteImages } = await htmlRewriter();
  const refusedUrls = new Set(
    [...article.images.map((i) => i.url), ...imageSources(article.contentHtml, article.url)]
      .filter(refused)
      .map(address),
  );
  return {
    ...article,
    images: article.images.filter((image) => !refused(image.url)),
    contentHtml: rewriteImages(article.contentHtml, article.url, new Map(), refusedUrls),
  };
}
