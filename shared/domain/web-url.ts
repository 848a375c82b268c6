/**
 * `href` resolved against `base` when the result is a web (http, https) URL; otherwise undefined:
 * no text, an in-page `#fragment`, an unparsable value, or another scheme (`javascript:`, `data:`,
 * `mailto:`…). `allowFile` also accepts `file:` URLs, for pages read from disk (the CLI).
 */
export function absoluteUrl(
  href: unknown,
  base?: string,
  options: { allowFile?: boolean } = {},
): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  try {
    const url = new URL(trimmed, base);
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    return web || (options.allowFile && url.protocol === 'file:') ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The site of a URL, as Bantin tells papers apart: its host without `www.` (the same site over http and https, with and without it). */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
