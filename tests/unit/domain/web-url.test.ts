import { describe, expect, it } from 'vitest';
import { absoluteUrl } from '../../../shared/domain/web-url.js';

describe('absoluteUrl', () => {
  const base = 'https://baohanam.example.vn/tin-tuc/a.html';

  it('resolves relative references against the base, trimming white space', () => {
    expect(absoluteUrl(' ../anh/1.jpg\n', base)).toBe('https://baohanam.example.vn/anh/1.jpg');
    expect(absoluteUrl('//cdn.example.vn/x.png', base)).toBe('https://cdn.example.vn/x.png');
    expect(absoluteUrl('http://other.example/b', base)).toBe('http://other.example/b');
    expect(absoluteUrl('https://baohanam.example.vn/c')).toBe('https://baohanam.example.vn/c');
  });

  it('refuses what is not a link to a web resource', () => {
    for (const href of [
      '',
      '   ',
      '#binh-luan',
      'javascript:alert(1)',
      'data:image/png;base64,AA',
      'mailto:a@b.vn',
    ]) {
      expect(absoluteUrl(href, base), href).toBeUndefined();
    }
    expect(absoluteUrl('http://[::1', base)).toBeUndefined();
    expect(absoluteUrl('/relative')).toBeUndefined();
    expect(absoluteUrl(undefined, base)).toBeUndefined();
    expect(absoluteUrl(42, base)).toBeUndefined();
  });

  it('accepts file URLs only when asked (pages read from disk)', () => {
    expect(absoluteUrl('anh.jpg', 'file:///tmp/trang/a.html')).toBeUndefined();
    expect(absoluteUrl('anh.jpg', 'file:///tmp/trang/a.html', { allowFile: true })).toBe(
      'file:///tmp/trang/anh.jpg',
    );
  });
});
