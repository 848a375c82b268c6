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
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  }
  if (url.searchParams.size === 0) url.search = '';
  return url.href.length <= MAX_URL_LENGTH ? url.href : undefined;
}
