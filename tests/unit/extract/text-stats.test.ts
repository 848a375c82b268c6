import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstWord } from '../../../shared/ingest/extract/section-labels.js';
import { cleanLines, cleanText, commaCount, textKey } from '../../../shared/ingest/extract/text.js';
import { isSpace, measureText, visibleLength } from '../../../shared/ingest/extract/text-stats.js';

/** The definition measureText counts without building strings: whitespace runs collapsed, the end trimmed. */
function byCollapsing(data: string): { length: number; commas: number } {
  const collapsed = data.replace(/\s+/g, ' ');
  const length = collapsed === ' ' ? 0 : collapsed.trim().length + (collapsed.startsWith(' ') ? 1 : 0);
  return { length, commas: length ? commaCount(collapsed) : 0 };
}

/** Every character `\s` matches, commas of several scripts, letters, and a lone surrogate. */
const CHARACTERS = [
  ...' \t\n\v\f\r\u00a0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
  ...',，、،',
  ...'aZ9.éẫ中\u0301\u200b\u180e',
  '\ud83d',
];

/** `actual` gives what `definition` gives on texts drawn from CHARACTERS and `extra`. */
function agreesOnAnyText<T>(
  actual: (text: string) => T,
  definition: (text: string) => T,
  { extra = [] as string[], maxLength = 40, numRuns = 2000 } = {},
): void {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...CHARACTERS, ...extra), { maxLength }), (chars) => {
      const text = chars.join('');
      expect(actual(text)).toEqual(definition(text));
    }),
    { numRuns },
  );
}

describe('isSpace and visibleLength', () => {
  it('isSpace is \\s for every UTF-16 code unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      expect.soft(isSpace(code), `U+${code.toString(16)}`).toBe(/\s/.test(String.fromCharCode(code)));
    }
  });

  it('visibleLength is the length without whitespace, on any text', () => {
    agreesOnAnyText(visibleLength, (text) => text.replace(/\s+/g, '').length);
  });
});

describe('measureText', () => {
  it('counts a text node as its collapsed, end-trimmed text', () => {
    expect(measureText('')).toEqual({ length: 0, commas: 0 });
    expect(measureText(' \n\t ')).toEqual({ length: 0, commas: 0 });
    expect(measureText('  Hà Nội,  ngày 5 ')).toEqual({ length: 15, commas: 1 });
    expect(measureText('a\u00a0\u3000b，c、d،e')).toEqual({ length: 9, commas: 3 });
  });

  it('agrees with collapsing the whitespace and trimming, on any text', () => {
    agreesOnAnyText(measureText, byCollapsing);
  });
});

/**
 * Without the invisible characters cleanText drops, nor controls, noncharacters and lone
 * surrogates, then NFC: one of them between a letter and its mark must not keep them apart.
 */
const visibleNfc = (text: string) =>
  text
    .replace(/[\u00ad\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, '')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\p{Noncharacter_Code_Point}\p{Cs}]/gu, '')
    .normalize('NFC');

describe('cleanText', () => {
  it('is NFC without invisible characters, whitespace runs as one space, trimmed, on any text', () => {
    const byDefinition = (text: string) => visibleNfc(text).replace(/\s+/g, ' ').trim();
    expect(cleanText(' Hà\u00a0 Nội\u200b,\n ngày ')).toBe('Hà Nội, ngày');
    agreesOnAnyText(cleanText, byDefinition, {
      extra: [
        '\u00ad',
        '\u2060',
        '\u202e',
        '\u2067',
        '\u200c',
        '\u200d',
        '\u0000',
        '\ufdd0',
        '\u0301',
        '\u1161',
      ],
    });
    expect(cleanText('Tin \u202Emới\u202C nhất')).toBe('Tin mới nhất');
    // An isolate left open reorders every word after it.
    expect(cleanText('Giá vàng \u2067hôm nay tăng')).toBe('Giá vàng hôm nay tăng');
    // Joiners spell words: Persian "می‌شود", Bengali "র‍্যাব".
    expect(cleanText('می\u200cشود')).toBe('می\u200cشود');
    expect(cleanText('র\u200d্যাব')).toBe('র\u200d্যাব');
  });
});

describe('cleanLines', () => {
  it('is cleanText line by line, blank lines dropped, on any text', () => {
    const byDefinition = (text: string) =>
      visibleNfc(text)
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n');
    expect(cleanLines(' Hà\u00a0 Nội\u200b,\n\n  ngày ')).toBe('Hà Nội,\nngày');
    expect(cleanLines(' one line ')).toBe('one line');
    agreesOnAnyText(cleanLines, byDefinition, { extra: ['\u00ad', '\u2060', 'e\u0301'] });
  });
});

describe('firstWord', () => {
  it('is the first run of letters (with their marks) and digits, NFC and folded as keys are, on any text', () => {
    const byDefinition = (text: string) =>
      textKey(/^[^\p{L}\p{N}]*([\p{L}\p{M}\p{N}\u200c\u200d]+)/u.exec(text.normalize('NFC'))?.[1] ?? '');
    expect(firstWord('  “Xem thêm: …')).toBe('xem');
    expect(firstWord('Tin lie\u0302n quan')).toBe('tin');
    expect(firstWord('Cafe\u0301 sáng')).toBe('café');
    expect(firstWord('संबंधित खबरें')).toBe('संबंधित');
    expect(firstWord('İLGİLİ HABERLER')).toBe('ilgili');
    agreesOnAnyText(firstWord, byDefinition, { extra: ['Ab', '-', ':', '“'], maxLength: 20, numRuns: 3000 });
  });
});
