import { describe, expect, it, vi } from 'vitest';
import { MAX_PREVIEW_BYTES, previewSource } from '../../../shared/admin/preview-source.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import { FakeWeb, FEED_URL, fakeResolve, ORIGIN, SLUGS, sourceInput } from '../../support/sample-site.js';

const checks = { allowLoopback: false, resolve: fakeResolve() };
const now = () => new Date('2026-11-27T10:00:00Z');

describe('previewSource', () => {
  it('reads the listing and extracts the first articles with every field, fetching with a short deadline', async () => {
    const web = new FakeWeb();
    const result = await previewSource(sourceInput(), { fetch: web.fetch, checks, now }, { articles: 2 });
    expect(result.listing).toMatchObject({ ok: true, linksFound: 6, httpStatus: 200 });
    expect(result.listing.links[0]).toMatchObject({ url: `${ORIGIN}/tin-tuc/toa-dam-qcdc.html` });
    expect(result.articles).toHaveLength(2);
    const [first] = result.articles;
    expect(first).toMatchObject({
      ok: true,
      problems: [],
      missing: [],
      url: `${ORIGIN}/tin-tuc/toa-dam-qcdc.html`,
    });
    expect(first!.article).toMatchObject({
      sourceId: 'bao-ha-nam',
      title: expect.stringContaining('Tọa đàm'),
      publishedAt: '2019-06-27T08:15:00+07:00',
      categories: ['Chính trị'],
      id: expect.stringMatching(/^[a-f0-9]{24}$/),
    });
    expect(first!.article!.contentText.length).toBeGreaterThan(500);
    expect(first!.extracted?.title).toBe(first!.article!.title);
    expect(first!.page?.text).toContain('Tọa đàm');
    expect(first!.page?.html).not.toMatch(/<script|<style|onclick/i);
    expect(web.calls.every((c) => (c.options?.timeoutMs ?? Infinity) <= 8000)).toBe(true);
  });

  it('answers within the API’s 30 s: pages left when its time is spent are neither fetched nor read, and say so', async () => {
    // No clock: each fetch moves the mocked time 7 s on, as a slow paper (or a long read) would.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const web = new FakeWeb();
      const slow = async (...args: Parameters<typeof web.fetch>) => {
        const answer = await web.fetch(...args);
        vi.setSystemTime(Date.now() + 7_000);
        return answer;
      };
      const result = await previewSource(sourceInput(), { fetch: slow, checks, now }, { articles: 4 });
      expect(result.listing).toMatchObject({ ok: true, linksFound: 6 });
      expect(result.articles.map((a) => a.ok)).toEqual([true, false, false, false]);
      expect(result.articles[1]!.error).toMatch(/not fetched: the preview's first 12 s were spent/);
      // A page fetched past 18 s is not read.
      const slower = async (...args: Parameters<typeof web.fetch>) => {
        const answer = await web.fetch(...args);
        vi.setSystemTime(Date.now() + 10_000);
        return answer;
      };
      const late = await previewSource(sourceInput(), { fetch: slower, checks, now }, { articles: 2 });
      expect(late.articles[0]!.error).toMatch(/not read: the preview's first 18 s were spent/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows what the selectors matched and warns about those that match nothing', async () => {
    const web = new FakeWeb();
    const result = await previewSource(
      sourceInput({ selectors: { body: '.news-content', title: 'h1.nope', remove: ['.other-news'] } }),
      { fetch: web.fetch, checks, now },
      { articles: 1 },
    );
    const [preview] = result.articles;
    expect(preview!.warnings).toContain(
      'selector "h1.nope" for title matched nothing; used the generic result',
    );
    expect(preview!.page!.html).toContain('data-bantin-field="body"');
    expect(preview!.page!.html).toContain('data-bantin-removed="remove"');
  });

  it('previews one given article page, and a configuration without id, name or homepage yet', async () => {
    const web = new FakeWeb();
    const result = await previewSource(
      { kind: 'feed', urls: [FEED_URL] },
      { fetch: web.fetch, checks, now },
      { articleUrl: `${ORIGIN}/tin-tuc/le-hoi-van-hoa.html` },
    );
    expect(result.source).toMatchObject({ id: 'preview', homepage: `${ORIGIN}/` });
    expect(result.articles.map((a) => a.url)).toEqual([`${ORIGIN}/tin-tuc/le-hoi-van-hoa.html`]);
    expect(result.articles[0]!.article?.categories).toEqual(['Văn hóa']);
  });

  it("sends the administrator's browser to no address Bantin refuses: private, link-local, loopback", async () => {
    const web = new FakeWeb();
    const url = `${ORIGIN}/tin-tuc/le-hoi-van-hoa.html`;
    const refused = [
      'http://192.168.1.1/cgi-bin/reboot',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8799/x.jpg',
      'http://localhost/x.jpg',
    ];
    const pictures = refused
      .map((src) => `<p><img src="${src}" width="600" height="400" alt="x"></p>`)
      .join('');
    web.pages.set(url, web.pages.get(url)!.replace(/(<p[ >])/, `${pictures}$1`));
    const result = await previewSource(
      { kind: 'feed', urls: [FEED_URL] },
      { fetch: web.fetch, checks, now },
      { articleUrl: url },
    );
    const shown = JSON.stringify(result.articles[0]);
    for (const address of ['192.168.1.1', '169.254.169.254', '[::1]', 'localhost'])
      expect(shown).not.toContain(address);
    expect(result.articles[0]!.page?.html).toContain('<img');
  });

  it('reports a listing that fails and a page that fails, as values', async () => {
    const web = new FakeWeb();
    web.pages.delete(`${ORIGIN}/tin-tuc/toa-dam-qcdc.html`);
    const broken = await previewSource(sourceInput(), { fetch: web.fetch, checks, now }, { articles: 1 });
    expect(broken.articles[0]).toMatchObject({ ok: false, error: expect.stringContaining('404') });

    web.pages.delete(FEED_URL);
    const result = await previewSource(sourceInput(), { fetch: web.fetch, checks, now });
    expect(result.listing).toMatchObject({ ok: false, error: expect.stringContaining('404') });
    expect(result.articles).toEqual([]);
  });

  it('says why an article would not be stored', async () => {
    const web = new FakeWeb();
    web.pages.set(
      `${ORIGIN}/tin-tuc/toa-dam-qcdc.html`,
      '<html><head><title></title></head><body></body></html>',
    );
    const result = await previewSource(sourceInput(), { fetch: web.fetch, checks, now }, { articles: 1 });
    expect(result.articles[0]!.ok).toBe(false);
    expect(result.articles[0]!.problems.map((p) => p.path)).toContain('contentText');
  });

  it('names the fields source health would count as missing, as ingest judges them', async () => {
    const web = new FakeWeb();
    web.pages.set(
      `${ORIGIN}/tin-tuc/toa-dam-qcdc.html`,
      '<html lang="vi"><head><title>Tin ngắn</title></head><body><article><h1>Tin ngắn</h1><p>Sáng nay …</p><p>…</p></article></body></html>',
    );
    const result = await previewSource(sourceInput(), { fetch: web.fetch, checks, now }, { articles: 1 });
    // Stored (the listing gives the date), but too short to count as a whole article.
    expect(result.articles[0]).toMatchObject({ ok: true, missing: ['body'] });
  });

  it('refuses a private address before fetching anything', async () => {
    const web = new FakeWeb();
    await expect(
      previewSource(sourceInput({ urls: ['http://169.254.169.254/latest/meta-data/'] }), {
        fetch: web.fetch,
        checks,
        now,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(web.calls).toEqual([]);
  });

  it(`fits one response (${MAX_PREVIEW_BYTES} bytes) however long the pages, saying what it cut`, async () => {
    const web = new FakeWeb();
    const paragraph = `<p>${'Người dân tỉnh Hà Nam đổ về trung tâm để xem lễ hội văn hóa. '.repeat(20)}</p>`;
    for (const slug of SLUGS.slice(0, 5)) {
      web.pages.set(
        `${ORIGIN}/tin-tuc/${slug}.html`,
        `<html lang="vi"><head><title>Bài dài</title></head><body><article><h1>Bài dài ${slug}</h1>${paragraph.repeat(250)}</article></body></html>`,
      );
    }
    const result = await previewSource(sourceInput(), { fetch: web.fetch, checks, now }, { articles: 5 });
    expect(result.articles).toHaveLength(5);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(MAX_PREVIEW_BYTES);
    for (const preview of result.articles) {
      expect(preview.ok).toBe(true);
      expect(preview.article!.title).toBe(`Bài dài ${preview.url.split('/').pop()!.replace('.html', '')}`);
      expect(preview.article!.contentText.endsWith('…')).toBe(true);
      expect(preview.article!.contentText.length).toBeGreaterThan(40_000);
      expect(preview.warnings).toContain(
        'contentText shown cut to fit the preview (5 MB in all); the article is stored whole',
      );
    }
  });
});
