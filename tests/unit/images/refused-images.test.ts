import { describe, expect, it } from 'vitest';
import { withoutRefusedImages } from '../../../shared/ingest/images/refused-images.js';

const PAGE = 'https://baohanam.example.vn/tin-tuc/a.html';
const PRIVATE = [
  'http://192.168.1.10/a.jpg',
  'http://169.254.169.254/latest/meta-data/iam.jpg',
  'http://[::1]:22/c.jpg',
  'http://localhost:6379/d.jpg',
  'http://localhost.:6379/d2.jpg',
  // Names only a private network knows.
  'http://intranet/e.jpg',
  'http://printer.local/f.jpg',
  'http://router.home.arpa/g.jpg',
  'http://metadata.google.internal/h.jpg',
  'http://nas.lan/i.jpg',
];

describe('pictures left on the paper’s servers', () => {
  it('lose those at addresses Bantin refuses, from the list and the body (a body-only one too)', async () => {
    const article = {
      url: PAGE,
      images: [...PRIVATE, 'https://baohanam.example.vn/anh/1.jpg'].map((url) => ({ url, caption: 'Ảnh' })),
      contentHtml: [
        ...PRIVATE.map((url) => `<figure><img src="${url}" alt="x"><figcaption>Ảnh</figcaption></figure>`),
        '<p>Đoạn văn.</p><img src="http://10.0.0.5/chi-trong-bai.jpg">',
        '<figure><img src="/anh/1.jpg" alt="Ảnh"></figure>',
      ].join(''),
    };
    const safe = await withoutRefusedImages(article, false);
    expect(safe.images.map((i) => i.url)).toEqual(['https://baohanam.example.vn/anh/1.jpg']);
    expect(safe.contentHtml).toBe('<p>Đoạn văn.</p><figure><img src="/anh/1.jpg" alt="Ảnh"></figure>');
  });

  it('refuse a picture whose URL does not parse, without failing', async () => {
    const article = {
      url: PAGE,
      images: [{ url: 'http://[::1' }, { url: 'http://192.168.1.10/a.jpg' }],
      contentHtml: '<p>x</p>',
    };
    expect((await withoutRefusedImages(article, false)).images).toEqual([]);
  });

  it('keep loopback ones in local mode, and an article with none is returned as it is', async () => {
    const local = {
      url: PAGE,
      images: [{ url: 'http://127.0.0.1:8790/anh/1.jpg' }],
      contentHtml: '<img src="http://127.0.0.1:8790/anh/1.jpg">',
    };
    expect(await withoutRefusedImages(local, true)).toBe(local);
    const plain = {
      url: PAGE,
      // A public name that merely contains the words ("local", "lan") stays.
      images: [
        { url: 'https://baohanam.example.vn/anh/1.jpg' },
        { url: 'https://local.lan-news.vn/anh/2.jpg' },
      ],
      contentHtml: '<p>x</p>',
    };
    expect(await withoutRefusedImages(plain, false)).toBe(plain);
  });
});
