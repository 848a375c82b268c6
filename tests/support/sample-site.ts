/** The Báo Hà Nam fixture site (its feed and six article pages) as a fake fetch, for unit tests. */
import { FetchError, type FetchedResource, type FetchOptions } from '../../shared/ingest/fetch/fetcher.js';
import { fixture } from './fixtures.js';

export const ORIGIN = 'https://baohanam.example.vn';
export const FEED_URL = `${ORIGIN}/rss/tin-moi-nhat.rss`;
/** The six stories of the fixture site, as slugs of their pages. */
export const SLUGS = [
  'toa-dam-qcdc',
  'thu-hoach-lua-xuan',
  'thi-vao-lop-10',
  'ngay-moi-truong',
  'xuc-tien-dau-tu',
  'le-hoi-van-hoa',
];

export class FakeWeb {
  pages = new Map<string, string>();
  calls: { url: string; options?: FetchOptions }[] = [];
  /** When set, every fetch fails as a server that is down would. */
  down = false;
  /** Pages taken down for good: answered 410 Gone. */
  gone = new Set<string>();
  constructor() {
    this.pages.set(FEED_URL, fixture('feeds/provincial.rss'));
    for (const slug of SLUGS) {
      this.pages.set(`${ORIGIN}/tin-tuc/${slug}.html`, fixture(`pages/provincial/${slug}.html`));
    }
  }
  fetch = async (url: string, options?: FetchOptions): Promise<FetchedResource> => {
    this.calls.push({ url, options });
    if (this.down) throw new FetchError(url, 'connect ECONNREFUSED');
    if (this.gone.has(url)) throw new FetchError(url, 'HTTP 410 Gone', 410);
    const body = this.pages.get(url);
    if (body === undefined) throw new FetchError(url, 'HTTP 404 Not Found', 404);
    return {
      url,
      status: 200,
      notModified: false,
      contentType: url.endsWith('.rss') ? 'application/rss+xml; charset=utf-8' : 'text/html; charset=utf-8',
      body: Buffer.from(body),
    };
  };
}

/** Resolves every name to a public documentation address, except those given. */
export function fakeResolve(names: Record<string, string[]> = {}) {
  return async (hostname: string): Promise<string[]> => {
    if (hostname in names) return names[hostname]!;
    if (hostname.endsWith('.invalid')) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    }
    return ['203.162.4.190'];
  };
}

export function sourceInput(overrides: Record<string, unknown> = {}) {
  return {
    id: 'bao-ha-nam',
    name: 'Báo Hà Nam',
    homepage: `${ORIGIN}/`,
    kind: 'feed',
    urls: [FEED_URL],
    ...overrides,
  };
}
