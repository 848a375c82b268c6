import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bodySimilarity,
  CLAIM_GRACE_MS,
  claimBelievable,
  foldedWords,
  isSameBody,
  precedes,
  storyKeyFor,
} from '../../../shared/ingest/dedupe/same-story.js';

function paragraphs(template: string, slug: string): string {
  const url = new URL(`../../fixtures/pages/${template}/${slug}.expected.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { paragraphs: string[] }).paragraphs.join('\n\n');
}

describe('storyKeyFor', () => {
  it('is blind to tone-mark placement, Unicode form, case, quotes and punctuation', () => {
    const key = storyKeyFor('Tọa đàm “Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở”');
    expect(key).toMatch(/^[a-f0-9]{24}$/);
    expect(storyKeyFor('TOẠ ĐÀM "Nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở"')).toBe(key);
    expect(
      storyKeyFor('Tọa đàm: nâng cao chất lượng thực hiện quy chế dân chủ ở cơ sở'.normalize('NFD')),
    ).toBe(key);
  });

  it('tells different headlines apart, and gives none for a headline without words', () => {
    expect(storyKeyFor('Khai mạc Tuần Văn hóa - Du lịch năm 2019')).not.toBe(
      storyKeyFor('Khai mạc Tuần Văn hóa - Du lịch năm 2020'),
    );
    expect(storyKeyFor('… !!! …')).toBe('');
  });

  it('folds đ and every diacritic to the base letter', () => {
    expect(foldedWords('Đầu tư, Đoàn viên; ĐƯỜNG phố')).toEqual([
      'dau',
      'tu',
      'doan',
      'vien',
      'duong',
      'pho',
    ]);
  });
});

describe('isSameBody', () => {
  const original = paragraphs('provincial', 'toa-dam-qcdc');

  it('matches the national paper’s copy of each fixture story', () => {
    for (const slug of ['toa-dam-qcdc', 'thu-hoach-lua-xuan', 'thi-vao-lop-10', 'le-hoi-van-hoa']) {
      expect(isSameBody(paragraphs('provincial', slug), paragraphs('national', slug))).toBe(true);
    }
  });

  it('survives edited words, a dropped paragraph and an added credit line', () => {
    const edited = original
      .replace('Phó Bí thư Thường trực Tỉnh ủy', 'Phó Bí thư thường trực Tỉnh uỷ')
      .replace(/tỉnh/g, 'Tỉnh')
      .split('\n\n')
      .slice(0, -2)
      .concat(['Theo Báo Hà Nam'])
      .join('\n\n');
    expect(bodySimilarity(original, edited).jaccard).toBeGreaterThan(0.5);
    expect(isSameBody(original, edited)).toBe(true);
  });

  it('matches a short copy that keeps the first half of a long story', () => {
    const half = original.split('\n\n').slice(0, 5).join('\n\n');
    const { jaccard, containment } = bodySimilarity(original, half);
    expect(jaccard).toBeLessThan(0.5);
    expect(containment).toBe(1);
    expect(isSameBody(original, half)).toBe(true);
  });

  it('does not match different stories', () => {
    for (const other of ['thu-hoach-lua-xuan', 'thi-vao-lop-10', 'xuc-tien-dau-tu']) {
      expect(isSameBody(original, paragraphs('national', other))).toBe(false);
    }
    // A one-line notice is not "contained" in a story just because it shares a few words.
    expect(isSameBody('Tỉnh ủy tổ chức tọa đàm.', original)).toBe(false);
  });
});

describe('precedes', () => {
  const original = { publishedAt: '2019-06-27T08:15:00+07:00', attribution: 'Báo Hà Nam' };

  it('credits the copy published first, comparing instants across offsets', () => {
    expect(precedes({ publishedAt: '2019-06-27T01:00:00Z', sourceName: 'X' }, original)).toBe(true);
    expect(precedes({ publishedAt: '2019-06-27T01:30:00Z', sourceName: 'X' }, original)).toBe(false);
  });

  it('does not credit a copy dated to the day only (midnight) over an original timed that day', () => {
    expect(precedes({ publishedAt: '2019-06-27T00:00:00+07:00', sourceName: 'X' }, original)).toBe(false);
    // The day before is earlier whatever its precision.
    expect(precedes({ publishedAt: '2019-06-26T00:00:00+07:00', sourceName: 'X' }, original)).toBe(true);
    // A timed copy a minute past midnight is earlier than 08:15.
    expect(precedes({ publishedAt: '2019-06-27T00:01:00+07:00', sourceName: 'X' }, original)).toBe(true);
  });

  it('at the same instant, credits the paper the original names as its source', () => {
    expect(precedes({ publishedAt: '2019-06-27T01:15:00Z', sourceName: 'BÁO HÀ NAM' }, original)).toBe(true);
    expect(precedes({ publishedAt: '2019-06-27T01:15:00Z', sourceName: 'Báo Nam Định' }, original)).toBe(
      false,
    );
    expect(
      precedes(
        { publishedAt: original.publishedAt, sourceName: 'Báo Hà Nam' },
        { ...original, attribution: '' },
      ),
    ).toBe(false);
  });
});

describe('claimBelievable', () => {
  const copy = {
    publishedAt: '2026-11-27T08:00:00+07:00',
    sourceName: 'Báo Nam Định',
    pollIntervalMinutes: 15,
  };
  const original = { attribution: '' };
  const at = (iso: string) => new Date(iso);

  it(`believes a copy's date when it was found within its paper's interval and ${CLAIM_GRACE_MS / 3_600_000} h of it`, () => {
    expect(claimBelievable(copy, original, at('2026-11-27T08:20:00+07:00'))).toBe(true);
    expect(claimBelievable(copy, original, at('2026-11-27T10:15:00+07:00'))).toBe(true);
    expect(
      claimBelievable({ ...copy, pollIntervalMinutes: 240 }, original, at('2026-11-27T13:59:00+07:00')),
    ).toBe(true);
  });

  it('does not believe a date claimed long before the copy was found: a back-dated copy takes no credit (attack run 34)', () => {
    expect(claimBelievable(copy, original, at('2026-11-27T10:16:00+07:00'))).toBe(false);
    expect(
      claimBelievable(
        { ...copy, publishedAt: '2026-11-25T08:00:00+07:00' },
        original,
        at('2026-11-27T08:20:00+07:00'),
      ),
    ).toBe(false);
    // Unless the original names the copy's paper as its source.
    expect(claimBelievable(copy, { attribution: 'BÁO NAM ĐỊNH' }, at('2026-12-27T08:00:00+07:00'))).toBe(
      true,
    );
  });
});
