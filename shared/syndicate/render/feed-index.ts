/**
 * The feed directory: `feeds/index.opml` (OPML 2.0, one outline per feed, for readers that
 * import a subscription list) and `feeds/index.html` (a page with `<link rel="alternate">`
 * autodiscovery for every feed in every format). Both depend only on the catalog, so they are
 * rewritten only when the set of feeds (or a title) changes.
 */
import { html, joinHtml } from '../../html.js';
import { xmlDocument } from './xml.js';

export interface CatalogFeed {
  /** `all`, `sources/{id}` or `categories/{slug}` */
  path: string;
  kind: 'all' | 'source' | 'category';
  title: string;
  /** The page the feed is about: the paper's homepage, or Bantin's. */
  homeUrl: string;
}

const FORMATS = [
  { ext: 'rss', type: 'application/rss+xml', name: 'RSS 2.0' },
  { ext: 'atom', type: 'application/atom+xml', name: 'Atom 1.0' },
  { ext: 'json', type: 'application/feed+json', name: 'JSON Feed 1.1' },
] as const;

const GROUPS = [
  { kind: 'all', label: 'Tất cả' },
  { kind: 'source', label: 'Theo báo' },
  { kind: 'category', label: 'Theo chuyên mục' },
] as const;

/** The catalog in its canonical order: all, then sources, then categories, each by path. */
export function sortCatalog(feeds: CatalogFeed[]): CatalogFeed[] {
  const order = { all: 0, source: 1, category: 2 } as const;
  return [...feeds].sort(
    (a, b) => order[a.kind] - order[b.kind] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

/**
 * A plain title as OPML text, which may hold HTML (readers render it so, and the W3C validator
 * checks it as such): only a "<" is written as HTML's "&lt;" ("Tin <Mai>", "Lãi <5%" are no
 * tags), so readers that show the text as it is show every other title unchanged ("A & B").
 */
function opmlText(title: string): string {
  return title.replaceAll('<', '&lt;');
}

export function renderOpml(feeds: CatalogFeed[], feedsBaseUrl: string): string {
  const sorted = sortCatalog(feeds);
  return xmlDocument({
    opml: {
      '@version': '2.0',
      head: { title: 'Bantin — nguồn cấp tin' },
      body: {
        outline: GROUPS.map((group) => ({
          '@text': opmlText(group.label),
          outline: sorted
            .filter((feed) => feed.kind === group.kind)
            .map((feed) => ({
              '@type': 'rss',
              '@text': opmlText(feed.title),
              '@title': opmlText(feed.title),
              '@xmlUrl': `${feedsBaseUrl}/${feed.path}.rss`,
              '@htmlUrl': feed.homeUrl,
            })),
        })).filter((group) => group.outline.length > 0),
      },
    },
  });
}

export function renderIndexHtml(feeds: CatalogFeed[], feedsBaseUrl: string): string {
  const sorted = sortCatalog(feeds);
  const alternates = sorted.flatMap((feed) =>
    FORMATS.map(
      (format) =>
        html`<link rel="alternate" type="${format.type}" title="${`${feed.title} (${format.name})`}" href="${feedsBaseUrl}/${feed.path}.${format.ext}">`,
    ),
  );
  const sections = GROUPS.map((group) => {
    const members = sorted.filter((feed) => feed.kind === group.kind);
    if (members.length === 0) return '';
    const rows = members.map((feed) => {
      const links = FORMATS.map(
        (format) => html`<a href="${feedsBaseUrl}/${feed.path}.${format.ext}">${format.name}</a>`,
      );
      return html`<li><a href="${feed.homeUrl}">${feed.title}</a> — ${joinHtml(links, ' · ')}</li>`;
    });
    return html`<h2>${group.label}</h2>\n<ul>\n${joinHtml(rows, '\n')}\n</ul>\n`;
  });
  return html`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bantin — nguồn cấp tin</title>
<link rel="alternate" type="text/x-opml" title="Danh sách nguồn cấp (OPML)" href="${feedsBaseUrl}/index.opml">
${joinHtml(alternates, '\n')}
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}li{margin:.3rem 0}</style>
</head><body><h1>Bantin — nguồn cấp tin</h1>
<p>Mọi nguồn cấp RSS, Atom và JSON Feed của Bantin. Danh sách để nhập vào trình đọc tin: <a href="${feedsBaseUrl}/index.opml">OPML</a>.</p>
${sections}</body></html>
`.toString();
}
