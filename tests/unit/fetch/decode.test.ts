import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { discoverFromListing } from '../../../shared/ingest/discover/discover-from-listing.js';
import { discoverFromFeed } from '../../../shared/ingest/discover/discover-links.js';
import {
  charsetFromContentType,
  charsetFromLabel,
  charsetFromMeta,
  charsetFromXmlDeclaration,
  decodeBody,
  decodeBodyPieces,
  detectCharset,
} from '../../../shared/ingest/fetch/decode.js';
import type { FetchedResource } from '../../../shared/ingest/fetch/fetcher.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/extract/pages/windows-1258/${name}`, import.meta.url));

/** Windows-1258 spells Vietnamese as base letter + combining tone mark; encode the way it does. */
function toWindows1258(text: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const spelled = [...text.normalize('NFC')]
    .map((ch) => {
      const parts = ch.normalize('NFD');
      return parts.replace(tones, '').normalize('NFC') + (parts.match(tones) ?? []).join('');
    })
    .join('');
  return iconv.encode(spelled, 'windows-1258');
}

const VIETNAMESE = 'Tiếng Việt có dấu: Khai mạc Tuần Văn hóa - Du lịch';
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('decodeBody', () => {
  it('decodes UTF-8 and returns NFC', () => {
    const html = `<p>${VIETNAMESE.normalize('NFD')}</p>`;
    const out = decodeBody(utf8(html));
    expect(out).toBe(`<p>${VIETNAMESE}</p>`);
    expect(out.normalize('NFC')).toBe(out);
  });

  it('uses the charset override first', () => {
    const bytes = toWindows1258(`<meta charset="utf-8"><p>${VIETNAMESE}</p>`);
    expect(decodeBody(bytes, 'text/html; charset=utf-8', 'windows-1258')).toContain(VIETNAMESE);
    expect(detectCharset(bytes, 'text/html; charset=utf-8', 'cp1258').from).toBe('override');
  });

  it('rejects an unknown override label', () => {
    expect(() => decodeBody(utf8('x'), undefined, 'no-such-charset')).toThrow(/unknown charset/);
  });

  it('uses the HTTP header before the page', () => {
    const bytes = toWindows1258(`<meta charset="utf-8"><p>${VIETNAMESE}</p>`);
    expect(decodeBody(bytes, 'text/html; charset="windows-1258"')).toContain(VIETNAMESE);
  });

  it('trusts a byte order mark over the header and strips it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`<p>${VIETNAMESE}</p>`, 'utf8')]);
    expect(detectCharset(bytes, 'text/html; charset=windows-1258').from).toBe('bom');
    expect(decodeBody(bytes, 'text/html; charset=windows-1258')).toBe(`<p>${VIETNAMESE}</p>`);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<p>Việt</p>', 'utf16le')]);
    expect(decodeBody(utf16)).toBe('<p>Việt</p>');
  });

  it('lets legacy bytes behind a UTF-8 byte order mark win over it, and drops the mark (attack run 34)', () => {
    // A PHP site's header file saved "with BOM" in front of a page in windows-1258.
    const page = toWindows1258(`<meta charset="windows-1258"><p>${VIETNAMESE}</p>`);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...page]);
    expect(detectCharset(bytes)).toEqual({ charset: 'windows-1258', from: 'meta' });
    expect(decodeBody(bytes)).toBe(`<meta charset="windows-1258"><p>${VIETNAMESE}</p>`);
    // Undeclared, the bytes are read in the fallback, Vietnamese's legacy charset.
    const bare = new Uint8Array([0xef, 0xbb, 0xbf, ...toWindows1258(`<p>${VIETNAMESE}</p>`)]);
    expect(detectCharset(bare, 'text/html; charset=utf-8')).toEqual({
      charset: 'windows-1258',
      from: 'bytes',
    });
    expect(decodeBodyPieces(bare).join('')).toBe(`<p>${VIETNAMESE}</p>`);
  });

  it('reads <meta charset> and http-equiv declarations, ignoring commented-out ones', () => {
    expect(charsetFromMeta(utf8('<head><meta charset="windows-1258">'))).toBe('windows-1258');
    expect(
      charsetFromMeta(utf8('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')),
    ).toBe('windows-1258');
    expect(charsetFromMeta(utf8('<!-- <meta charset="gbk"> --><meta charset=utf-8>'))).toBe('utf-8');
    expect(charsetFromMeta(utf8('<meta charset="utf-16">'))).toBe('utf-8');
    expect(charsetFromMeta(utf8(`${' '.repeat(5000)}<meta charset="windows-1258">`))).toBeUndefined();
  });

  it('decodes the declared windows-1258 fixture', () => {
    const bytes = fixture('khai-bao-charset.html');
    expect(detectCharset(bytes)).toEqual({ charset: 'windows-1258', from: 'meta' });
    expect(decodeBody(bytes)).toContain('Nông dân vùng bãi vào vụ thu hoạch cây ăn quả');
  });

  it('falls back to windows-1258 when undeclared bytes are not valid UTF-8', () => {
    const bytes = fixture('khong-khai-bao.html');
    expect(detectCharset(bytes)).toEqual({ charset: 'windows-1258', from: 'sniff' });
    const html = decodeBody(bytes);
    expect(html).toContain('Những ngày này, nông dân các xã ven sông Hồng');
    expect(html.normalize('NFC')).toBe(html);
  });

  it('sniffs undeclared valid UTF-8 as UTF-8', () => {
    expect(detectCharset(utf8(`<p>${VIETNAMESE}</p>`))).toEqual({ charset: 'utf-8', from: 'sniff' });
  });

  it('lets the bytes win over a label they contradict (attack run 21, F7)', () => {
    // UTF-8 bytes under a legacy label (the template's <meta>, the server's header): UTF-8.
    const page = utf8(`<meta charset="iso-8859-1"><p>${VIETNAMESE}</p>`);
    expect(detectCharset(page)).toEqual({ charset: 'utf-8', from: 'bytes' });
    expect(decodeBody(page)).toContain(VIETNAMESE);
    const feed = utf8(
      `<?xml version="1.0" encoding="windows-1252"?><rss><channel><title>${VIETNAMESE}</title></channel></rss>`,
    );
    expect(decodeBody(feed)).toContain(VIETNAMESE);
    expect(decodeBody(utf8(`<p>${VIETNAMESE}</p>`), 'text/html; charset=windows-1258')).toContain(VIETNAMESE);
    // Windows-1258 bytes under a UTF-8 header, not one UTF-8 sequence among them: the page's own
    // legacy declaration, else windows-1258.
    const legacy = toWindows1258(`<p>${VIETNAMESE}</p>`);
    expect(detectCharset(legacy, 'text/html; charset=utf-8')).toEqual({
      charset: 'windows-1258',
      from: 'bytes',
    });
    expect(decodeBody(legacy, 'text/html; charset=utf-8')).toContain(VIETNAMESE);
    const declared = toWindows1258(`<meta charset="windows-1252"><p>Café crème</p>`);
    expect(detectCharset(declared, 'text/html; charset=utf-8')).toEqual({
      charset: 'windows-1252',
      from: 'meta',
    });
    // Too little to tell: a short page's two legacy letters that happen to pair as UTF-8
    // (windows-1251 "Ні" is CD B3) keep their label (the review of this change).
    const short = iconv.encode('<meta charset="windows-1251"><title>Ні</title>', 'windows-1251');
    expect(decodeBody(short)).toContain('<title>Ні</title>');
    // A label the bytes do not contradict stands: ASCII alone, or UTF-8 with a stray byte.
    expect(detectCharset(utf8('<p>plain</p>'), 'text/html; charset=windows-1252').charset).toBe(
      'windows-1252',
    );
    const stray = new Uint8Array([...utf8(`<p>${VIETNAMESE}</p>`), 0xff]);
    expect(detectCharset(stray, 'text/html; charset=utf-8')).toEqual({ charset: 'utf-8', from: 'header' });
  });

  it('maps WHATWG labels and ignores unknown ones', () => {
    expect(charsetFromLabel('ISO-8859-1')).toBe('windows-1252');
    expect(charsetFromLabel(' "UTF8" ')).toBe('utf-8');
    expect(charsetFromLabel('bogus')).toBeUndefined();
    expect(charsetFromContentType('text/html; charset=bogus')).toBeUndefined();
    expect(decodeBody(utf8(`<p>${VIETNAMESE}</p>`), 'text/html; charset=bogus')).toContain(VIETNAMESE);
  });

  it('reads no page as UTF-7 or through a byte codec, whoever names it, as browsers never do', () => {
    const page = utf8('<meta charset="utf-7"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>');
    for (const label of ['utf-7', 'UTF7', 'utf-7-imap', 'unicode-1-1-utf-7', 'base64', 'hex']) {
      expect(charsetFromLabel(label)).toBeUndefined();
      expect(decodeBody(page, `text/html; charset=${label}`)).not.toContain('<script>');
      expect(() => decodeBody(page, undefined, label)).toThrow(/unknown charset/);
    }
    expect(detectCharset(page)).toEqual({ charset: 'utf-8', from: 'sniff' });
  });
});

const WINDOWS_1258_FEED = `<?xml version="1.0" encoding="windows-1258"?>
<rss version="2.0"><channel><title>Báo Hà Nam</title><link>https://baohanam.example.vn/</link>
<item><title>Tọa đàm chuyển đổi số</title><link>/tin/1.html</link><pubDate>27/06/2019 08:15</pubDate></item>
</channel></rss>`;

describe('decodeBody on feeds', () => {
  it('reads UTF-8 by default and drops a BOM', () => {
    expect(decodeBody(Buffer.from('\uFEFF<rss>Tọa đàm</rss>', 'utf8'))).toBe('<rss>Tọa đàm</rss>');
    expect(decodeBody(Buffer.from('<rss>Tọa đàm</rss>', 'utf8'))).toBe('<rss>Tọa đàm</rss>');
  });

  it('follows a UTF-16 byte-order mark', () => {
    expect(decodeBody(iconv.encode('<rss>Tọa đàm</rss>', 'utf-16le', { addBOM: true }))).toBe(
      '<rss>Tọa đàm</rss>',
    );
  });

  it('follows the encoding named by the XML declaration', () => {
    const bytes = toWindows1258(WINDOWS_1258_FEED);
    expect(charsetFromXmlDeclaration(bytes)).toBe('windows-1258');
    // windows-1258 spells some letters with combining marks: compare in NFC.
    expect(decodeBody(bytes).normalize('NFC')).toBe(WINDOWS_1258_FEED);
    const latin1 = iconv.encode("<?xml version='1.0' encoding='ISO-8859-1'?><rss>Café</rss>", 'latin1');
    expect(decodeBody(latin1)).toBe("<?xml version='1.0' encoding='ISO-8859-1'?><rss>Café</rss>");
  });

  it('falls back to UTF-8 for unknown labels and BOM-less UTF-16 declarations', () => {
    const text = '<?xml version="1.0" encoding="x-no-such-charset"?><rss>Tọa đàm</rss>';
    expect(decodeBody(Buffer.from(text, 'utf8'))).toBe(text);
    const utf16 = '<?xml version="1.0" encoding="UTF-16"?><rss>Tọa đàm</rss>';
    expect(decodeBody(Buffer.from(utf16, 'utf8'))).toBe(utf16);
  });
});

describe('decodeBody: one set of rules', () => {
  it('turns windows-1258 base letters and combining tone marks into precomposed NFC letters', () => {
    const bytes = toWindows1258(VIETNAMESE);
    // The bytes really carry combining marks: decoded without normalizing, the text is not NFC.
    expect(iconv.decode(bytes, 'windows-1258')).not.toBe(VIETNAMESE);
    expect(decodeBody(bytes, 'application/rss+xml; charset=windows-1258')).toBe(VIETNAMESE);
  });

  it('reads the other legacy encodings iconv-lite knows, by their WHATWG labels', () => {
    expect(decodeBody(iconv.encode('Café “déjà”', 'windows-1252'), 'text/xml; charset=iso-8859-1')).toBe(
      'Café “déjà”',
    );
    expect(decodeBody(iconv.encode('<p>中文</p>', 'gbk'), 'text/html; charset=gb2312')).toBe('<p>中文</p>');
  });

  it('returns NFC for decomposed UTF-8 whatever declared it', () => {
    const nfd = `<title>${VIETNAMESE.normalize('NFD')}</title>`;
    for (const bytes of [
      utf8(`<?xml version="1.0" encoding="utf-8"?>${nfd}`),
      utf8(`<meta charset="utf-8">${nfd}`),
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(nfd)]),
    ]) {
      expect(decodeBody(bytes)).toContain(`<title>${VIETNAMESE}</title>`);
    }
  });

  it('takes a BOM over the header, the header over the XML declaration, the declaration over meta', () => {
    const declared = '<?xml version="1.0" encoding="windows-1258"?><meta charset="gbk"><p>x</p>';
    expect(detectCharset(utf8(declared))).toEqual({ charset: 'windows-1258', from: 'xml-declaration' });
    expect(detectCharset(utf8(declared), 'text/xml; charset=utf-8')).toEqual({
      charset: 'utf-8',
      from: 'header',
    });
    const withBom = new Uint8Array([0xfe, 0xff, ...iconv.encode(declared, 'utf-16be')]);
    expect(detectCharset(withBom, 'text/xml; charset=utf-8')).toEqual({ charset: 'utf-16be', from: 'bom' });
    expect(decodeBody(withBom, 'text/xml; charset=utf-8')).toBe(declared);
  });

  it('recognises UTF-32 by its BOM and UTF-16/32 without one by how they spell `<?xml`', () => {
    const doc = '<?xml version="1.0"?><rss>Tọa đàm</rss>';
    expect(decodeBody(iconv.encode(doc, 'utf-32le', { addBOM: true }))).toBe(doc);
    expect(decodeBody(iconv.encode(doc, 'utf-32be', { addBOM: true }))).toBe(doc);
    for (const charset of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
      const bytes = iconv.encode(doc, charset, { addBOM: false });
      expect(detectCharset(bytes)).toEqual({ charset, from: 'xml-declaration' });
      expect(decodeBody(bytes)).toBe(doc);
    }
  });
});

describe('pages and feeds decode the same way', () => {
  const TITLE = 'Tọa đàm chuyển đổi số ở Hà Nam';
  const feedText = (prolog: string) =>
    `${prolog}<rss version="2.0"><channel><title>Báo</title><link>https://bao.example.vn/</link>` +
    `<item><title>${TITLE}</title><link>https://bao.example.vn/tin/1.html</link></item></channel></rss>`;
  const pageText = (prolog: string, meta = '') =>
    `${prolog}<html><head>${meta}<title>Báo</title></head><body>` +
    `<a class="tin" href="https://bao.example.vn/tin/1.html">${TITLE}</a></body></html>`;
  const resource = (body: Uint8Array, contentType: string): FetchedResource => ({
    url: 'https://bao.example.vn/',
    status: 200,
    notModified: false,
    contentType,
    body,
  });
  const utf16NoBom = (text: string) => iconv.encode(text, 'utf-16le', { addBOM: false });
  const withUtf8Bom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
  const nfd = (text: string) => utf8(text.normalize('NFD'));
  const xmlDeclaration = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>`;

  it.each([
    ['the header charset', toWindows1258, 'text/xml; charset=windows-1258', ''],
    ['a BOM over the header', withUtf8Bom, 'text/html; charset=windows-1258', ''],
    ['an XML declaration', toWindows1258, 'text/html', xmlDeclaration('windows-1258')],
    ['an XML declaration in UTF-16 without a BOM', utf16NoBom, '', xmlDeclaration('UTF-16')],
    ['a header UTF-16 without a BOM', utf16NoBom, 'application/rss+xml; charset=utf-16', ''],
    // A server's mislabel: the bytes are UTF-8 (attack run 24: the feed was unreadable).
    ['the bytes over a header UTF-16 (UTF-8)', utf8, 'application/rss+xml; charset=utf-16', ''],
    ['the bytes over a header UTF-32 (windows-1258)', toWindows1258, 'text/html; charset=utf-32', ''],
    [
      'a declaration over a header UTF-16',
      toWindows1258,
      'text/html; charset=UTF-16LE',
      xmlDeclaration('windows-1258'),
    ],
    ['no declaration at all (windows-1258 sniffed)', toWindows1258, '', ''],
    ['no declaration at all (UTF-8 sniffed, NFD)', nfd, 'application/octet-stream', ''],
  ])('by %s', (_, encode, contentType, prolog) => {
    const feed = discoverFromFeed(resource(encode(feedText(prolog)), contentType), 'Asia/Ho_Chi_Minh');
    const page = discoverFromListing(resource(encode(pageText(prolog)), contentType), {
      linksSelector: 'a.tin',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(feed.map((link) => link.title)).toEqual([TITLE]);
    expect(page.map((link) => link.title)).toEqual([TITLE]);
  });
});

describe('decodeBodyPieces', () => {
  /** Bytes that test the cuts: ASCII, Vietnamese precomposed and decomposed, invalid and cut-short sequences, a BOM. */
  const PARTS = [
    'a',
    ' ',
    '<p>',
    '\u0338',
    'ệ',
    'e\u0302\u0323',
    '中',
    '😀',
    '\ufeff',
    [0xff],
    [0xe1, 0xbb],
    [0xf0, 0x9f, 0x98],
    [0xc3],
  ].map((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : part));

  it('gives the text of decodeBody, wherever the pieces are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PARTS), { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (parts, bom, pieceBytes) => {
          const body = new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...parts.flat()]);
          const pieces = decodeBodyPieces(body, 'text/html; charset=utf-8', undefined, pieceBytes);
          expect(pieces.join('')).toBe(decodeBody(body, 'text/html; charset=utf-8'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('cuts a long page into pieces, and gives a legacy charset in one piece', () => {
    const page = utf8(`<p>${VIETNAMESE.normalize('NFD')}</p>\n`.repeat(2000));
    const pieces = decodeBodyPieces(page);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(decodeBody(page));
    const legacy = toWindows1258(`<p>${VIETNAMESE}</p>`.repeat(2000));
    expect(decodeBodyPieces(legacy, 'text/html; charset=windows-1258')).toEqual([
      decodeBody(legacy, 'text/html; charset=windows-1258'),
    ]);
  });
});
