import { describe, expect, it } from 'vitest';
import { absoluteUrl, siteOf, strictUrl } from '../../../shared/domain/web-url.js';

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

describe('siteOf', () => {
  it('tells papers apart by host, without www. and the root’s dot; on this machine by port', () => {
    expect(siteOf('https://www.baohanam.vn/a')).toBe('baohanam.vn');
    expect(siteOf('http://baohanam.vn./a')).toBe(siteOf('https://baohanam.vn/b'));
    expect(siteOf('http://localhost:8798/a')).toBe(siteOf('http://127.0.0.1:8798/b'));
    expect(siteOf('http://[::1]:8798/a')).toBe(siteOf('http://127.0.0.1:8798/b'));
    expect(siteOf('http://[::ffff:127.0.0.1]:8798/a')).toBe(siteOf('http://127.0.0.1:8798/b'));
    expect(siteOf('http://127.0.0.2:9311/a')).not.toBe(siteOf('http://127.0.0.1:8798/b'));
    expect(siteOf('https://other.vn/a')).not.toBe(siteOf('https://baohanam.vn/a'));
  });
});

describe('strictUrl', () => {
  it('percent-encodes what RFC 3986 leaves out of a path or query, keeping valid escapes', () => {
    expect(strictUrl('http://127.0.0.7:9311/u/a|b^c[d]e%60f.html')).toBe(
      'http://127.0.0.7:9311/u/a%7Cb%5Ec%5Bd%5De%60f.html',
    );
    expect(strictUrl('https://baohanam.vn/tin-tức/a b.html?q=a|b#x')).toBe(
      'https://baohanam.vn/tin-t%E1%BB%A9c/a%20b.html?q=a%7Cb#x',
    );
    expect(strictUrl('https://vi.wikipedia.org/wiki/H%C3%A0_N%E1%BB%99i')).toBe(
      'https://vi.wikipedia.org/wiki/H%C3%A0_N%E1%BB%99i',
    );
    expect(strictUrl('https://x.vn/a%zz')).toBe('https://x.vn/a%25zz');
    expect(strictUrl('http://[::1]:8080/x')).toBe('http://[::1]:8080/x');
    expect(strictUrl('https://x.vn/a?b=1#f#g')).toBe('https://x.vn/a?b=1#f%23g');
  });

  it('refuses a host that is no host name or address', () => {
    expect(strictUrl('http://a{b}.example/x.jpg')).toBeUndefined();
    expect(strictUrl('javascript:alert(1)')).toBeUndefined();
  });
});
