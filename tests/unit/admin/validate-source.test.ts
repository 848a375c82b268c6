import { describe, expect, it } from 'vitest';
import { validateSource } from '../../../shared/admin/validate-source.js';
import { ValidationError } from '../../../shared/domain/validation.js';
import { refuseLoopbackPorts } from '../../../shared/ingest/fetch/address-guard.js';
import { fakeResolve, sourceInput } from '../../support/sample-site.js';

const checks = { allowLoopback: false, resolve: fakeResolve() };

async function issuesOf(input: unknown, options = checks) {
  try {
    await validateSource(input, options);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('validateSource', () => {
  it('accepts a good source and fills the schema defaults', async () => {
    const source = await validateSource(sourceInput(), checks);
    expect(source).toMatchObject({
      id: 'bao-ha-nam',
      pollIntervalMinutes: 15,
      enabled: true,
      language: 'vi',
    });
  });

  it('names every bad field with its reason', async () => {
    const issues = await issuesOf(sourceInput({ id: 'Bad Id', urls: [], kind: 'rss', extra: 1 }));
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'id', 'kind', 'urls']);
    expect(issues.find((i) => i.path === 'id')?.message).toContain('lowercase letters');
  });

  it('says what is wrong with an address, and takes a missing homepage from the first good one (attack run 32)', async () => {
    const { homepage: _, ...withoutHomepage } = sourceInput();
    const urls = [
      'http://127.0.0.1:65536/x',
      'ftp://baohanam.example.vn/rss',
      'https://bao ha nam.vn/rss',
      'rss.xml',
      // Newcomer run 49: a long one was refused as "not http:".
      `http://baohanam.example.vn/${'a'.repeat(2030)}`,
    ];
    const issues = await issuesOf({ ...withoutHomepage, urls });
    expect(issues).toEqual([
      { path: 'homepage', message: 'is required' },
      { path: 'urls.0', message: 'is not a valid URL: port 65536 is above 65535' },
      { path: 'urls.1', message: 'must be an http:// or https:// address, not ftp:' },
      { path: 'urls.2', message: 'is not a valid URL: its host name holds a space' },
      { path: 'urls.3', message: 'is not a URL: it must start with http:// or https://' },
      { path: 'urls.4', message: 'is longer than 2,048 characters' },
    ]);
    const source = await validateSource(
      { ...withoutHomepage, urls: ['https://baohanam.example.vn/rss/tin-moi.rss'] },
      checks,
    );
    expect(source.homepage).toBe('https://baohanam.example.vn/');
    expect((await issuesOf({ ...sourceInput(), name: undefined }))[0]).toEqual({
      path: 'name',
      message: 'is required',
    });
  });

  it('refuses markup in a paper’s name, and keeps angle brackets that are no tag', async () => {
    expect(await issuesOf(sourceInput({ name: 'Báo <script>alert(1)</script>' }))).toEqual([
      { path: 'name', message: 'is plain text: no markup such as <b> or <script>' },
    ]);
    expect(await issuesOf(sourceInput({ name: 'Báo <Hà Nam> & bạn đọc' }))).toEqual([]);
    expect(await issuesOf(sourceInput({ name: 'Tuổi Trẻ <TTO>' }))).toEqual([]);
  });

  it("refuses the server's own zone as a paper's, and keeps zones that name a place", async () => {
    for (const zone of ['system', 'Local', 'default']) {
      expect(await issuesOf(sourceInput({ timeZone: zone }))).toEqual([
        { path: 'timeZone', message: expect.stringContaining("is the server's zone, not a place") },
      ]);
    }
    for (const zone of ['Asia/Bangkok', 'UTC', 'UTC+7']) {
      expect(await issuesOf(sourceInput({ timeZone: zone }))).toEqual([]);
    }
  });

  it('refuses CSS selectors the extractor cannot parse, naming the selector field', async () => {
    const issues = await issuesOf(
      sourceInput({ selectors: { body: 'div[class', remove: ['.ok', ':nosuch'] } }),
    );
    expect(issues).toEqual([
      { path: 'selectors.body', message: expect.stringContaining('"div[class" is not a valid CSS selector') },
      {
        path: 'selectors.remove.1',
        message: expect.stringContaining('":nosuch" is not a valid CSS selector'),
      },
    ]);
  });

  it('refuses a :has() inside another :has(), however it is wrapped, and keeps single ones', async () => {
    const nested = [':has(:has(span))', 'div:not(:has(p:is(:has(a))))', 'a, li:has(b, c:has(d))'];
    const issues = await issuesOf(
      sourceInput({ selectors: { body: 'article:has(h1):has(> p)', remove: ['.x:has(.ad)', ...nested] } }),
    );
    expect(issues).toEqual(
      nested.map((selector, i) => ({
        path: `selectors.remove.${i + 1}`,
        message: expect.stringContaining(`"${selector}" is refused: a :has() inside another :has()`),
      })),
    );
  });

  it('refuses selectors whose cost grows with a power of the page, and keeps their one-step forms', async () => {
    const costly = ['*:has(~ * ~ * ~ *)', ':has(* * * *)', 'li ~ li ~ li'];
    const issues = await issuesOf(
      sourceInput({
        selectors: { body: 'div:has(~ p)', remove: ['figure:has(> img)', 'h2 ~ p', ...costly] },
      }),
    );
    expect(issues).toEqual(
      costly.map((selector, i) => ({
        path: `selectors.remove.${i + 2}`,
        message: expect.stringMatching(
          new RegExp(`"${selector.replace(/[*()~]/g, '\\$&')}" is refused: .*grows with a power of the page`),
        ),
      })),
    );
  });

  it.each([
    ['http://10.1.2.3/rss', 'private'],
    ['http://192.168.1.1/rss', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://127.0.0.1:8080/rss', 'loopback'],
    ['http://[::1]/rss', 'loopback'],
    ['http://[fd00::1]/rss', 'uniqueLocal'],
    ['http://100.64.0.1/rss', 'carrierGradeNat'],
  ])('refuses %s at save time (%s)', async (url, range) => {
    const issues = await issuesOf(sourceInput({ urls: [`https://baohanam.example.vn/rss`, url] }));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('urls.1');
    expect(issues[0]!.message).toContain(`${range} address range`);
    expect(issues[0]!.message).toContain('SSRF');
  });

  it('resolves host names: one that points into the private network is refused with the address', async () => {
    const resolve = fakeResolve({ 'intranet.example.vn': ['203.162.4.191', '10.0.0.7'] });
    const issues = await issuesOf(sourceInput({ urls: ['http://intranet.example.vn/rss'] }), {
      allowLoopback: false,
      resolve,
    });
    expect(issues).toEqual([
      {
        path: 'urls.0',
        message: expect.stringContaining(
          'intranet.example.vn resolves to 10.0.0.7, which is in the private address range',
        ),
      },
    ]);
  });

  it('refuses a homepage into the private network too, and a host name that does not exist', async () => {
    const issues = await issuesOf(
      sourceInput({ homepage: 'http://localhost/', urls: ['https://nowhere.invalid/rss'] }),
      { allowLoopback: false, resolve: fakeResolve({ localhost: ['127.0.0.1'] }) },
    );
    expect(issues.map((i) => i.path)).toEqual(['homepage', 'urls.0']);
    expect(issues[1]!.message).toContain('does not exist');
  });

  it('allows loopback in local mode (the sample newspaper), still nothing else private', async () => {
    const local = { allowLoopback: true, resolve: fakeResolve({ localhost: ['127.0.0.1', '::1'] }) };
    await expect(
      validateSource(
        sourceInput({ homepage: 'http://localhost:8790/', urls: ['http://127.0.0.1:8790/rss'] }),
        local,
      ),
    ).resolves.toMatchObject({ id: 'bao-ha-nam' });
    expect(await issuesOf(sourceInput({ urls: ['http://10.0.0.1/rss'] }), local)).toHaveLength(1);
  });

  it('refuses, in local mode, the ports of the stand-ins of AWS, as the fetcher does (attack run 21, F4)', async () => {
    const local = { allowLoopback: true, resolve: fakeResolve({ localhost: ['127.0.0.1', '::1'] }) };
    const allow = refuseLoopbackPorts([44275]);
    try {
      const issues = await issuesOf(
        sourceInput({ urls: ['http://127.0.0.1:44275/bantin-content/feeds/all.rss'] }),
        local,
      );
      expect(issues).toEqual([
        {
          path: 'urls.0',
          message: expect.stringContaining('port 44275 is a local stand-in of AWS'),
        },
      ]);
      expect(await issuesOf(sourceInput({ homepage: 'http://localhost:44275/' }), local)).toHaveLength(1);
      // Whatever host names the port, as the fetcher refuses it (the review of this change).
      expect(
        await issuesOf(sourceInput({ urls: ['http://baohanam.example.vn:44275/rss'] }), local),
      ).toHaveLength(1);
    } finally {
      allow();
    }
  });

  it('refuses port 0, which no server listens on', async () => {
    const issues = await issuesOf(sourceInput({ urls: ['https://baohanam.example.vn:0/rss'] }));
    expect(issues[0]).toMatchObject({ path: 'urls.0', message: expect.stringContaining('port 0') });
  });

  it('refuses URLs with credentials', async () => {
    const issues = await issuesOf(sourceInput({ urls: ['https://user:secret@baohanam.example.vn/rss'] }));
    expect(issues[0]).toMatchObject({ path: 'urls.0', message: expect.stringContaining('password') });
  });
});
