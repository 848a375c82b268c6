import { describe, expect, it } from 'vitest';
import type { HostedImage } from '../../../shared/domain/image.js';
import { imageSources, rewriteImages, srcset } from '../../../shared/ingest/images/rewrite-html.js';

const BASE = 'https://bao.example.vn/thoi-su/bai-viet.html';
const rendition = (url: string, width: number) => ({ url, width, height: Math.round(width / 1.5) });
const copy = {
  feed: rendition('https://feeds.example/media/ab/feed.jpg', 1200),
  mail: rendition('https://feeds.example/media/ab/mail.jpg', 600),
} as unknown as HostedImage;

describe('rewriteImages', () => {
  it('points images at the copies and leaves the rest of the body as written, in UTF-8', () => {
    const body =
      '<p>Người dân&nbsp;đổ về &amp; “xem” &lt;hội&gt;</p>' +
      '<figure><img src="/anh/a.jpg" alt="Ảnh: Lê Hà &quot;A&quot;"><figcaption>Ảnh minh họa</figcaption></figure>';
    const out = rewriteImages(body, BASE, new Map([['https://bao.example.vn/anh/a.jpg', copy]]));
    expect(out).toBe(
      '<p>Người dân&nbsp;đổ về &amp; “xem” &lt;hội&gt;</p>' +
        '<figure><img src="https://feeds.example/media/ab/feed.jpg" alt="Ảnh: Lê Hà &quot;A&quot;" width="1200" height="800"' +
        ' srcset="https://feeds.example/media/ab/mail.jpg 600w, https://feeds.example/media/ab/feed.jpg 1200w">' +
        '<figcaption>Ảnh minh họa</figcaption></figure>',
    );
  });

  it('returns the body untouched when no image has a copy', () => {
    const body = '<p>Tiếng Việt</p><img src="x.jpg">';
    expect(rewriteImages(body, BASE, new Map())).toBe(body);
    expect(rewriteImages(body, BASE, new Map([['https://other.example/y.jpg', copy]]))).toBe(body);
  });

  it('takes refused images out of the body, with their figure when it holds no other', () => {
    const body =
      '<p>Mở đầu</p><figure><img src="/anh/bad.svg"><figcaption>Biểu đồ</figcaption></figure>' +
      '<figure><img src="/anh/a.jpg"><img src="http://10.0.0.1/x.jpg"></figure><p>Kết</p>';
    const out = rewriteImages(
      body,
      BASE,
      new Map(),
      new Set(['https://bao.example.vn/anh/bad.svg', 'http://10.0.0.1/x.jpg']),
    );
    expect(out).toBe('<p>Mở đầu</p><figure><img src="/anh/a.jpg"></figure><p>Kết</p>');
  });

  it('lists the absolute sources of the body', () => {
    expect(imageSources('<img src="/a.jpg"><img src="data:image/png;base64,AA">', BASE)).toEqual([
      'https://bao.example.vn/a.jpg',
    ]);
  });
});

describe('srcset', () => {
  it('names each width once: a small original’s two copies of one width give none', () => {
    expect(srcset(copy)).toBe(
      'https://feeds.example/media/ab/mail.jpg 600w, https://feeds.example/media/ab/feed.jpg 1200w',
    );
    const small = {
      feed: rendition('https://feeds.example/media/cd/feed.webp', 512),
      mail: rendition('https://feeds.example/media/cd/mail.jpg', 512),
    } as unknown as HostedImage;
    expect(srcset(small)).toBe('');
  });
});
