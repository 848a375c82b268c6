import { describe, expect, it } from 'vitest';
import { pageSnapshot } from '../../../shared/admin/page-snapshot.js';
import { spliceWork } from '../../support/work.js';

describe('pageSnapshot', () => {
  it('outlines selectors within one page’s budget, as the extraction runs them, and leaves the rest', () => {
    const html = `<html><body><div>${'<span>x</span>'.repeat(3000)}</div><p class="quang-cao">Quảng cáo</p></body></html>`;
    // Each costly selector stops at its own cap; two use up the page's budget.
    const costly = '*:has(~ *)';
    const cheap = pageSnapshot(html, 'https://bao.example/', { remove: ['p.quang-cao'] } as never);
    expect(cheap.html).toContain('data-bantin-removed');
    const after = pageSnapshot(html, 'https://bao.example/', {
      remove: [costly, costly, 'p.quang-cao'],
    } as never);
    expect(after.html).not.toMatch(/<p[^>]*data-bantin-removed/);
  });

  it('gives the text a reader sees, a line per block, without scripts, styles or the head', () => {
    const html =
      '<html><head><title>Tin</title><style>p{}</style></head><body><h1>Tiêu đề</h1><div>Một <b>câu</b> dài.<br>Dòng hai</div>' +
      '<script>var x = 1;</script><ul><li>Mục một</li><li>Mục hai</li></ul><p>Đoạn   cuối</p><noscript>Bật JS</noscript></body></html>';
    const snapshot = pageSnapshot(html, 'https://bao.example/');
    expect(snapshot.title).toBe('Tin');
    expect(snapshot.text.split('\n')).toEqual([
      'Tiêu đề',
      'Một câu dài.',
      'Dòng hai',
      'Mục một',
      'Mục hai',
      'Đoạn cuối',
    ]);
  });

  it('reads a page of many paragraphs in work that grows with their number (100,000 held a preview for minutes)', () => {
    const page = (n: number) => `<html><body>${'<p>Đoạn văn ngắn.</p>'.repeat(n)}</body></html>`;
    const work = spliceWork(() => pageSnapshot(page(2_000), 'https://bao.example/'));
    expect(spliceWork(() => pageSnapshot(page(8_000), 'https://bao.example/'))).toBeLessThanOrEqual(
      4 * work + 1_000,
    );
    expect(pageSnapshot(page(2_000), 'https://bao.example/').text.split('\n')).toHaveLength(2_000);
  });
});
