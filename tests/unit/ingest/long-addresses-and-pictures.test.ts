/** Addresses longer than a link may be (redirects, articles stored before the cap), and long pictures. */
import { describe, expect, it } from 'vitest';
import { reextractSource } from '../../../shared/admin/reextract-source.js';
import { SourceSchema } from '../../../shared/domain/source.js';
import type { FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';
import { makeRenditions } from '../../../shared/ingest/images/renditions.js';
import { ingestSource } from '../../../shared/ingest/ingest-source.js';
import { articleIdFor } from '../../../shared/ingest/normalize/identity.js';
import { readArticlePage } from '../../../shared/ingest/read-page.js';
import { picture } from '../../support/images.js';
import { MemoryArticles, MemoryContent, MemoryPublisher, MemorySources } from '../../support/in-memory.js';
import { FakeWeb, sourceInput } from '../../support/sample-site.js';

const source = SourceSchema.parse(sourceInput());
const html = `<html lang="vi"><head><title>Tọa đàm</title></head><body><article><h1>Tọa đàm về quảng canh</h1><p>${'Nội dung bài báo đủ dài để là phần chính của trang, với nhiều câu chữ. '.repeat(5)}</p></article></body></html>`;
const redirectedTo = (finalUrl: string) => ({
  allowLoopback: false,
  fetch: async (): Promise<FetchedResource> => ({
    url: finalUrl,
    status: 200,
    notModified: false,
    contentType: 'text/html; charset=utf-8',
    body: Buffer.from(html),
  }),
});

describe('canonicalizeUrl cap: callers', () => {
  it("keeps a listed link that redirected to another site's long address as the link's article", async () => {
    // A consent wall or tracker on another site, whose address carries the whole way back.
    const consent = `https://consent.example.com/?continue=${'x'.repeat(2100)}`;
    const listed = 'https://tonghop.example.com/d/hj1';
    const read = await readArticlePage(source, { url: listed, publishedAt: null }, redirectedTo(consent));
    expect(read.canonicalUrl).toBe(listed);
    expect(read.id).toBe(articleIdFor(listed));
  });

  it('re-extracts a source holding an article stored before the cap with a longer address', async () => {
    const sources = new MemorySources();
    const articles = new MemoryArticles();
    const content = new MemoryContent();
    const events = new MemoryPublisher();
    const now = () => new Date('2026-11-27T10:00:00Z');
    await sources.put(source);
    const web = new FakeWeb();
    await ingestSource('bao-ha-nam', {
      sources,
      articles,
      content,
      events,
      fetch: web.fetch,
      allowLoopback: false,
      now,
    });
    // One article stored by the previous version under a 2,100-character address (a same-site redirect).
    const [id, stored] = [...content.articles.entries()][0]!;
    content.articles.set(id, { ...stored, url: `${stored.url}?p=${'y'.repeat(2100)}` });
    const result = await reextractSource('bao-ha-nam', { sources, articles, content, events, now });
    expect(result.considered).toBeGreaterThan(1);
  });
});

describe('MAX_ASPECT_RATIO', () => {
  it('copies a long infographic of a Chinese paper (750×38,000: 28.5 Mpx, a 长图) rather than refusing it', async () => {
    const { feed, mail } = await makeRenditions(await picture('jpeg', 750, 38_000), 'a'.repeat(64), 'jpeg');
    expect(feed.height).toBeLessThanOrEqual(16_383);
    expect(mail.height).toBeLessThanOrEqual(16_383);
  });
});
