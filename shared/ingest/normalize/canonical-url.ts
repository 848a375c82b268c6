import { absoluteUrl, MAX_URL_LENGTH } from '../../domain/web-url.js';

/** Query parameters that only track a click, never select content. */
const TRACKING_PARAMS =
  /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|yclid|zarsrc|_ga|_gl|mc_cid|mc_eid|igshid|ref_src|cmpid)$/i;

/**
 * The URL an article is known by: fragment and tracking parameters dropped, host lowercased,
 * default port removed. Returns undefined for anything that is not an http(s) URL, or that is
 * longer than MAX_URL_LENGTH.
 */
export function canonicalizeUrl(raw: string, base?: string): string | undefined {
  // A text far longer than the cap is not parsed at all (a hostile sitemap's 2 MB `<loc>`): eight
  // times it leaves room for a fragment and tracking parameters the result drops, and for
  // characters that percent-encoding makes longer.
  if (raw.length > 8 * MAX_URL_LENGTH) return undefined;
  const absolute = absoluteUrl(raw, base);
  if (!absolute) return undefined;
  const url = new URL(absolute);
  url.hash = '';
  // Tracking parameters are cut out of the query's own text: the rest stays as the paper wrote it
  // (URLSearchParams would write it again, `?/tin-tuc/abc-123` as `?%2Ftin-tuc%2Fabc-123=`, a
  // link the paper's router no longer knows).
  const pairs = url.search.slice(1).split('&');
  const kept = pairs.filter((pair) => pair !== '' && !TRACKING_PARAMS.test(parameterName(pair)));
  if (kept.length !== pairs.length) url.search = kept.join('&');
  return url.href.length <= MAX_URL_LENGTH ? url.href : undefined;
}

/**
 * `url` without the query parameters named in `names`, the rest as written: a paper's
 * cache-busting parameter (`?v=1701234567`, new at every rendering of its listing), which its
 * pages' canonical links leave out (parametersDroppedBy).
 */
export function withoutParameters(url: string, names: ReadonlySet<string>): string {
  const query = url.indexOf('?');
  if (query < 0 || names.size === 0) return url;
  const hash = url.indexOf('#', query);
  const end = hash < 0 ? url.length : hash;
  const pairs = url.slice(query + 1, end).split('&');
  const numbered = !namesArticle(url.slice(0, query));
  const kept = pairs.filter(
    (pair) =>
      pair === '' ||
      !names.has(parameterName(pair)) ||
      (numbered && numbersArticle(parameterName(pair), pair.split('=')[1] ?? '')),
  );
  if (kept.length === pairs.length) return url;
  const search = kept.filter((pair) => pair !== '').join('&');
  return `${url.slice(0, query)}${search ? `?${search}` : ''}${url.slice(end)}`;
}

/**
 * Whether a query's parameter numbers the article on a path that names none itself (`news.php?id=12`,
 * `?ArticleID=12`, `?p=12`): never taken out of a link, whatever was learned (attack run 32: a
 * canonical URL without it taught ingest to drop `id`, and every later article was taken for one).
 */
export function numbersArticle(name: string, value: string): boolean {
  return ARTICLE_NUMBER.test(name) && /^\d+$/.test(value);
}
const ARTICLE_NUMBER = /id$|^(?:p|n|no|item|article|news|story|post)$/i;

/**
 * Whether an address's last path segment names an article by itself: a number in it
 * (`abc-123.html`), not in a folder or the host ("/p2/news.php", "24h.com.vn").
 */
export function namesArticle(address: string): boolean {
  const path = address.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '').split(/[?#]/, 1)[0] ?? '';
  return /\d/.test(path.replace(/\/+$/, '').split('/').pop() ?? '');
}

/**
 * The names of the query parameters a link has and the page's canonical URL leaves out, when the
 * canonical URL is the link without them (same address, its other parameters as written); else
 * none. The paper says so itself: those parameters do not choose the article.
 */
export function parametersDroppedBy(link: string, canonical: string): string[] {
  const [linkBase = '', linkQuery = ''] = link.split('#', 1)[0]!.split(/\?(.*)/s, 2);
  const [canonicalBase = '', canonicalQuery = ''] = canonical.split('#', 1)[0]!.split(/\?(.*)/s, 2);
  if (linkBase !== canonicalBase || linkQuery === canonicalQuery) return [];
  const linkPairs = linkQuery.split('&').filter(Boolean);
  const kept = new Set(canonicalQuery.split('&').filter(Boolean));
  if (![...kept].every((pair) => linkPairs.includes(pair))) return [];
  return [...new Set(linkPairs.filter((pair) => !kept.has(pair)).map(parameterName))];
}

/** The decoded name of a query's `name=value` pair (`utm%5Fsource` is `utm_source`). */
function parameterName(pair: string): string {
  const name = pair.split('=', 1)[0]!.replaceAll('+', ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
