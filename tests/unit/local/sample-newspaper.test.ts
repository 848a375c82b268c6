import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleNewspaper, startSampleNewspaper } from '../../../infra/local/sample-newspaper.js';
import { fixturesDir } from '../../support/fixtures.js';
import { readImage } from '../../support/images.js';

let paper: SampleNewspaper;
const PHOTO = '/uploads/2019/06/27/toa-dam-1.jpg';

beforeAll(async () => {
  paper = await startSampleNewspaper({
    fixturesDir,
    dataDir: mkdtempSync(join(tmpdir(), 'bantin-sample-')),
    port: 0,
  });
});
afterAll(() => paper.stop());

const get = (path: string, referer?: string) =>
  fetch(`${paper.origin}${path}`, { headers: referer ? { referer } : {} });

describe('the sample newspaper’s photos', () => {
  it('are real JPEGs, the same bytes each time, different for each photo', async () => {
    const response = await get(PHOTO);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await response.arrayBuffer());
    const image = await readImage(bytes);
    expect(image.format).toBe('jpeg');
    expect(image.width).toBeGreaterThanOrEqual(800);
    expect(image.height).toBe(Math.round((image.width! * 2) / 3));
    expect(Buffer.from(await (await get(PHOTO)).arrayBuffer()).equals(bytes)).toBe(true);
    const other = Buffer.from(await (await get('/uploads/2019/06/27/toa-dam-2.jpg')).arrayBuffer());
    expect(other.equals(bytes)).toBe(false);
  });

  it('are given to the paper’s own pages and to direct loads (no Referer)', async () => {
    expect((await get(PHOTO, `${paper.origin}/tin-tuc/toa-dam-qcdc.html`)).status).toBe(200);
    expect((await get(PHOTO)).status).toBe(200);
  });

  it('are refused (403) to a page of another site, as real papers refuse hotlinks', async () => {
    const port = new URL(paper.origin).port;
    for (const referer of [
      'http://localhost:8787/feeds/all.json',
      'https://reader.example.com/',
      // The same address on another port is another site.
      `http://127.0.0.1:${Number(port) + 1}/`,
      'not a url',
    ]) {
      const response = await get(PHOTO, referer);
      expect(response.status, referer).toBe(403);
      expect(response.headers.get('content-type')).toContain('text/html');
    }
  });

  it('are linked from its article pages', async () => {
    const page = await (await get('/tin-tuc/toa-dam-qcdc.html')).text();
    expect(page).toContain(PHOTO);
  });
});

describe('the sample newspaper', () => {
  it('answers a method it does not serve with 405 and an Allow header', async () => {
    const page = await fetch(`${paper.origin}/`, { method: 'PUT' });
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('GET, HEAD');
    const publish = await fetch(`${paper.origin}/publish`, { method: 'DELETE' });
    expect(publish.status).toBe(405);
    expect(publish.headers.get('allow')).toBe('POST');
  });
});
