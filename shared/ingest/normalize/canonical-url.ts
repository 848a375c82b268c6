import { absoluteUrl } from '../../domain/web-url.js';

/** Query parameters that only track a click, never select content. */
const TRACKING_PARAMS =
  /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|yclid|zarsrc|_ga|_gl|mc_cid|mc_eid|igshid|ref_src|cmpid)$/i;

/**
 * The URL an article is known by: fragment and tracking parameters dropped, host lowercased,
 * default port removed. Returns undefined for anything that is not an http(s) URL.
 */
export function canonicalizeUrl(raw: string, base?: string): string | undefined {
  const absolute = absoluteUrl(raw, base);
  if (!absolute) return undefined;
  const url = new URL(absolute);
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  }
  if (url.searchParams.size === 0) url.search = '';
  return url.href;
}
