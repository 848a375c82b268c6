import { describe, expect, it } from 'vitest';
import {
  canonicalizeUrl,
  parametersDroppedBy,
  withoutParameters,
} from '../../../shared/ingest/normalize/canonical-url.js';
import { articleIdFor, contentFingerprint } from '../../../shared/ingest/normalize/identity.js';

describe('canonicalizeUrl', () => {
  it('drops tracking parameters and leaves the rest of the query as the paper wrote it (attack run 23)', () => {
    for (const [raw, canonical] of [
      ['https://x.vn/index.php?/tin-tuc/abc-123&utm_source=zalo', 'https://x.vn/index.php?/tin-tuc/abc-123'],
      ['https://x.vn/a.aspx?12345&utm_source=fb', 'https://x.vn/a.aspx?12345'],
      ['https://x.vn/a?id=1;page=2&fbclid=x', 'https://x.vn/a?id=1;page=2'],
      ['https://x.vn/a?q=a+b&gclid=1', 'https://x.vn/a?q=a+b'],
      ['https://x.vn/a?utm%5Fsource=1&id=2', 'https://x.vn/a?id=2'],
      ['https://x.vn/a?utm_source=x#top', 'https://x.vn/a'],
    ]) {
      expect(canonicalizeUrl(raw!), raw).toBe(canonical);
    }
  });

  it('drops fragments and tracking parameters, keeps the rest', () => {
    expect(
      canonicalizeUrl('HTTPS://BaoHaNam.com.vn:443/tin-tuc/a.html?utm_source=fb&id=7&fbclid=x#top'),
    ).toBe('https://baohanam.com.vn/tin-tuc/a.html?id=7');
  });

  it('resolves relative links against a base', () => {
    expect(canonicalizeUrl('/tin-tuc/a.html', 'https://baohanam.com.vn/rss')).toBe(
      'https://baohanam.com.vn/tin-tuc/a.html',
    );
  });

  it('refuses what is not http(s)', () => {
    expect(canonicalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalizeUrl('not a url')).toBeUndefined();
  });
});

describe('article identity', () => {
  it('derives a stable 24-hex id from the canonical URL', () => {
    const id = articleIdFor('https://baohanam.com.vn/tin-tuc/a.html');
    expect(id).toMatch(/^[a-f0-9]{24}$/);
    expect(articleIdFor('https://baohanam.com.vn/tin-tuc/a.html')).toBe(id);
    expect(articleIdFor('https://baohanam.com.vn/tin-tuc/b.html')).not.toBe(id);
  });

  it('fingerprints the words, not their Unicode form, case or punctuation', () => {
    const composed = contentFingerprint('Tọa đàm', 'Sáng 26/6, Tỉnh ủy tổ chức tọa đàm.');
    const decomposed = contentFingerprint(
      'Tọa đàm'.normalize('NFD'),
      'SÁNG 26/6 — Tỉnh ủy tổ chức  tọa đàm'.normalize('NFD'),
    );
    expect(decomposed).toBe(composed);
    expect(contentFingerprint('Tọa đàm', 'Chiều 26/6')).not.toBe(composed);
  });
});

describe('volatile query parameters', () => {
  it.each([
    ['https://bao.vn/a.html?v=17', 'https://bao.vn/a.html', ['v']],
    ['https://bao.vn/a.aspx?id=7&v=17&t=1', 'https://bao.vn/a.aspx?id=7', ['v', 't']],
    ['https://bao.vn/a.aspx?id=7', 'https://bao.vn/a.aspx?id=7', []],
    // Another address, or a parameter the canonical URL has and the link lacks: nothing learned.
    ['https://bao.vn/a.html?v=17', 'https://bao.vn/b.html', []],
    ['https://bao.vn/a.aspx?id=7', 'https://bao.vn/a.aspx?id=8', []],
    ['https://bao.vn/a.aspx?v=1', 'https://bao.vn/a.aspx?id=8', []],
  ])(
    'the link %s, whose page names %s, has %j parameters that choose no article',
    (link, canonical, names) => {
      expect(parametersDroppedBy(link, canonical)).toEqual(names);
    },
  );

  it('cuts only the named parameters, the rest as written', () => {
    const v = new Set(['v']);
    expect(withoutParameters('https://bao.vn/a.html?v=17', v)).toBe('https://bao.vn/a.html');
    expect(withoutParameters('https://bao.vn/index.php?/tin/abc&v=2', v)).toBe(
      'https://bao.vn/index.php?/tin/abc',
    );
    expect(withoutParameters('https://bao.vn/a.aspx?id=7&v=1#top', v)).toBe('https://bao.vn/a.aspx?id=7#top');
    expect(withoutParameters('https://bao.vn/a.aspx?vv=1', v)).toBe('https://bao.vn/a.aspx?vv=1');
    expect(withoutParameters('https://bao.vn/a.aspx?id=7', new Set())).toBe('https://bao.vn/a.aspx?id=7');
  });

  it('never cuts the number that chooses the article on a path without one, whatever was learned (attack run 32)', () => {
    const learned = new Set(['id', 'p', 'v']);
    for (const origin of ['https://bao.vn', 'http://127.0.0.1:9032', 'https://24h.com.vn']) {
      expect(withoutParameters(`${origin}/p2/news.php?id=4&v=9`, learned)).toBe(`${origin}/p2/news.php?id=4`);
      expect(withoutParameters(`${origin}/?p=123`, learned)).toBe(`${origin}/?p=123`);
    }
    // A path that names the article itself keeps what was learned.
    expect(withoutParameters('https://bao.vn/tin/abc-123.html?id=4', learned)).toBe(
      'https://bao.vn/tin/abc-123.html',
    );
  });
});
