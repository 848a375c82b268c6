import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  charsetFromContentType,
  charsetFromLabel,
  charsetFromMeta,
  decodeHtml,
  detectCharset,
} from '../../../shared/ingest/fetch/decode.js';

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

describe('decodeHtml', () => {
  it('decodes UTF-8 and returns NFC', () => {
    const html = `<p>${VIETNAMESE.normalize('NFD')}</p>`;
    const out = decodeHtml(utf8(html));
    expect(out).toBe(`<p>${VIETNAMESE}</p>`);
    expect(out.normalize('NFC')).toBe(out);
  });

  it('uses the charset override first', () => {
    const bytes = toWindows1258(`<meta charset="utf-8"><p>${VIETNAMESE}</p>`);
    expect(decodeHtml(bytes, 'text/html; charset=utf-8', 'windows-1258')).toContain(VIETNAMESE);
    expect(detectCharset(bytes, 'text/html; charset=utf-8', 'cp1258').from).toBe('override');
  });

  it('rejects an unknown override label', () => {
    expect(() => decodeHtml(utf8('x'), undefined, 'no-such-charset')).toThrow(/unknown charset/);
  });

  it('uses the HTTP header before the page', () => {
    const bytes = toWindows1258(`<meta charset="utf-8"><p>${VIETNAMESE}</p>`);
    expect(decodeHtml(bytes, 'text/html; charset="windows-1258"')).toContain(VIETNAMESE);
  });

  it('trusts a byte order mark over the header and strips it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(`<p>${VIETNAMESE}</p>`, 'utf8')]);
    expect(detectCharset(bytes, 'text/html; charset=windows-1258').from).toBe('bom');
    expect(decodeHtml(bytes, 'text/html; charset=windows-1258')).toBe(`<p>${VIETNAMESE}</p>`);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<p>Việt</p>', 'utf16le')]);
    expect(decodeHtml(utf16)).toBe('<p>Việt</p>');
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
    expect(decodeHtml(bytes)).toContain('Nông dân vùng bãi vào vụ thu hoạch cây ăn quả');
  });

  it('falls back to windows-1258 when undeclared bytes are not valid UTF-8', () => {
    const bytes = fixture('khong-khai-bao.html');
    expect(detectCharset(bytes)).toEqual({ charset: 'windows-1258', from: 'sniff' });
    const html = decodeHtml(bytes);
    expect(html).toContain('Những ngày này, nông dân các xã ven sông Hồng');
    expect(html.normalize('NFC')).toBe(html);
  });

  it('sniffs undeclared valid UTF-8 as UTF-8', () => {
    expect(detectCharset(utf8(`<p>${VIETNAMESE}</p>`))).toEqual({ charset: 'utf-8', from: 'sniff' });
  });

  it('maps WHATWG labels and ignores unknown ones', () => {
    expect(charsetFromLabel('ISO-8859-1')).toBe('windows-1252');
    expect(charsetFromLabel(' "UTF8" ')).toBe('utf-8');
    expect(charsetFromLabel('bogus')).toBeUndefined();
    expect(charsetFromContentType('text/html; charset=bogus')).toBeUndefined();
    expect(decodeHtml(utf8(`<p>${VIETNAMESE}</p>`), 'text/html; charset=bogus')).toContain(VIETNAMESE);
  });
});
