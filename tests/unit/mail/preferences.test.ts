import { describe, expect, it } from 'vitest';
import {
  creditFor,
  matcherFor,
  preferenceKey,
  prepareClipping,
  selectItems,
} from '../../../shared/mail/preferences.js';
import { fold } from '../../../shared/mail/text.js';
import { clipping } from '../../support/mail-memory.js';

const choice = (p: { sources?: string[]; categories?: string[]; keywords?: string[] }) => ({
  sources: p.sources ?? [],
  categories: p.categories ?? [],
  keywords: p.keywords ?? [],
});

describe('matching preferences', () => {
  it('folds Vietnamese accents, đ and case', () => {
    expect(fold('Đường Hồ Chí Minh — HÀ NỘI!')).toBe('duong ho chi minh ha noi');
    expect(fold('Hà Nội'.normalize('NFD'))).toBe('ha noi');
  });

  it('matches keywords in title or summary without accents, as whole words', () => {
    const matches = matcherFor(choice({ keywords: ['ha noi', 'Giao Thông'] }));
    expect(matches(prepareClipping(clipping(1, { title: 'Khánh thành cầu ở Hà Nội' })))).toBe(true);
    expect(matches(prepareClipping(clipping(2, { summary: 'Dự án giao thông trọng điểm' })))).toBe(true);
    expect(matches(prepareClipping(clipping(3, { title: 'Hà Nam phát triển', summary: 'hanh chinh' })))).toBe(
      false,
    );
    expect(matches(prepareClipping(clipping(4, { title: 'Hanoi Times' })))).toBe(false);
  });

  it('matches a keyword word typed with its accents only as spelt, one typed without them in any spelling', () => {
    const storm = matcherFor(choice({ keywords: ['Bão'] }));
    expect(storm(prepareClipping(clipping(1, { title: 'Bão số 3 đổ bộ vào Quảng Ninh' })))).toBe(true);
    expect(storm(prepareClipping(clipping(2, { title: 'BÃO SỐ 3'.normalize('NFD') })))).toBe(true);
    expect(storm(prepareClipping(clipping(3, { title: 'Báo Hà Nam ra số đặc biệt' })))).toBe(false);
    expect(storm(prepareClipping(clipping(4, { summary: 'Túi bao bì tái chế' })))).toBe(false);
    const bare = matcherFor(choice({ keywords: ['bao'] }));
    for (const title of ['Bão số 3', 'Báo Hà Nam', 'bao bì']) {
      expect(bare(prepareClipping(clipping(5, { title })))).toBe(true);
    }
    // Mixed: the marked word as typed, the bare one in any spelling; still whole words in order.
    const mixed = matcherFor(choice({ keywords: ['Hà noi'] }));
    expect(mixed(prepareClipping(clipping(6, { title: 'Cầu mới ở Hà Nội' })))).toBe(true);
    expect(mixed(prepareClipping(clipping(7, { title: 'Hạ Nội dung' })))).toBe(false);
    expect(mixed(prepareClipping(clipping(8, { title: 'Nội Hà' })))).toBe(false);
    // Other scripts keep their marks inside the word: a Hindi matra is part of it.
    const hindi = matcherFor(choice({ keywords: ['भारत'] }));
    expect(hindi(prepareClipping(clipping(9, { title: 'भारत में चुनाव' })))).toBe(true);
    expect(hindi(prepareClipping(clipping(10, { title: 'भरत नाट्यम' })))).toBe(false);
  });

  it('matches a Vietnamese word whatever vowel its tone mark sits on: "hòa" is "hoà", "thủy" is "thuỷ" (attack run 29)', () => {
    const peace = matcherFor(choice({ keywords: ['hòa bình', 'thuỷ lợi'] }));
    expect(peace(prepareClipping(clipping(1, { title: 'Lễ hội hoà bình tại Phủ Lý' })))).toBe(true);
    expect(peace(prepareClipping(clipping(2, { summary: 'Công trình thủy lợi mới' })))).toBe(true);
    expect(peace(prepareClipping(clipping(3, { summary: 'CÔNG TRÌNH THUỶ LỢI'.normalize('NFD') })))).toBe(
      true,
    );
    // Still the tone as typed: "hóa" (chemistry, to become) is not "hòa".
    expect(peace(prepareClipping(clipping(4, { title: 'Hoá chất và hóa học' })))).toBe(false);
  });

  it('keeps a "+" or "#" that ends a word in it: C++ and C# are neither C nor each other', () => {
    const cpp = matcherFor(choice({ keywords: ['C++'] }));
    expect(cpp(prepareClipping(clipping(1, { title: 'Học C++ trong 30 ngày' })))).toBe(true);
    expect(cpp(prepareClipping(clipping(2, { title: 'Vitamin C giúp gì?' })))).toBe(false);
    expect(cpp(prepareClipping(clipping(3, { title: 'Lập trình C# cho người mới' })))).toBe(false);
    const c = matcherFor(choice({ keywords: ['c'] }));
    expect(c(prepareClipping(clipping(4, { title: 'Vitamin C, khoáng chất' })))).toBe(true);
    expect(c(prepareClipping(clipping(5, { title: 'Học C++ trong 30 ngày' })))).toBe(false);
    const hashtag = matcherFor(choice({ keywords: ['metoo'] }));
    expect(hashtag(prepareClipping(clipping(6, { title: 'Phong trào #MeToo' })))).toBe(true);
    expect(preferenceKey(choice({ keywords: ['C++'] }))).not.toBe(
      preferenceKey(choice({ keywords: ['C#'] })),
    );
  });

  it('narrows by sources and by categories (accent-insensitive); an empty list means all', () => {
    const everything = matcherFor(choice({}));
    const some = matcherFor(choice({ sources: ['bao-nam-dinh'], categories: ['van hoa'] }));
    const article = prepareClipping(clipping(1, { sourceId: 'bao-nam-dinh', categories: ['Văn hóa'] }));
    expect(everything(article)).toBe(true);
    expect(some(article)).toBe(true);
    expect(some(prepareClipping(clipping(2, { sourceId: 'bao-ha-nam', categories: ['Văn hóa'] })))).toBe(
      false,
    );
    expect(some(prepareClipping(clipping(3, { sourceId: 'bao-nam-dinh', categories: ['Thể thao'] })))).toBe(
      false,
    );
  });

  it("gives one key to choices that differ only in order, case, Unicode form, punctuation or duplicates, not in keywords' accents", () => {
    expect(preferenceKey(choice({ keywords: ['Hà Nội', 'giao thông'], sources: ['b', 'a'] }))).toBe(
      preferenceKey(
        choice({ keywords: ['giao thông', 'hà nội'.normalize('NFD'), 'HÀ  NỘI!'], sources: ['a', 'b'] }),
      ),
    );
    expect(preferenceKey(choice({ keywords: ['Hà Nội'] }))).not.toBe(
      preferenceKey(choice({ keywords: ['ha noi'] })),
    );
    expect(preferenceKey(choice({ keywords: ['ha noi'] }))).not.toBe(
      preferenceKey(choice({ keywords: ['ha nam'] })),
    );
  });

  it('lists two different stories under one headline as two items, crediting neither to the other (attack run 32)', () => {
    const gold = (n: number, sourceId: string) =>
      clipping(n, { title: 'Giá vàng hôm nay', storyKey: 'gia-vang-hom-nay', sourceId });
    const articles = [gold(1, 'bao-ha-nam'), gold(2, 'bao-ha-nam'), gold(3, 'bao-nam-dinh')].map(
      prepareClipping,
    );
    const { items, total } = selectItems(articles, () => true, 10);
    expect(total).toBe(3);
    expect(items.every((item) => item.alsoIn.length === 0)).toBe(true);
  });

  it('lists each story once, naming the other papers that ran it, newest first', () => {
    const articles = [
      clipping(1, { sourceId: 'bao-ha-nam', publishedAt: '2026-11-26T07:00:00+07:00' }),
      // Another paper's copy, clipped under the story's article.
      clipping(1, {
        sourceId: 'bao-nam-dinh',
        copyOf: 'bao-ha-nam',
        publishedAt: '2026-11-26T07:05:00+07:00',
      }),
      clipping(3, { publishedAt: '2026-11-26T09:00:00+07:00' }),
    ].map(prepareClipping);
    const { items, total } = selectItems(articles, () => true, 10);
    expect(total).toBe(2);
    expect(items.map((i) => [i.articleId, i.alsoIn])).toEqual([
      [clipping(3).articleId, []],
      [clipping(1).articleId, ['bao-nam-dinh']],
    ]);
  });

  it("shows a story and a paper's copy of it once: to a reader of both, crediting the copy's paper; to a reader of the copy's paper, as that paper's", () => {
    const story = clipping(4, { sourceId: 'bao-ha-nam' });
    const copy = {
      ...story,
      sourceId: 'bao-nam-dinh',
      url: 'https://baonamdinh.example/ban-sao.html',
      recordedAt: '2026-11-26T15:00:00.000Z',
      copyOf: 'bao-ha-nam',
    };
    const articles = [copy, story].map(prepareClipping);
    // A reader of both papers, or of every paper, is sent the story alone, and told of the copy.
    for (const sources of [['bao-ha-nam', 'bao-nam-dinh'], []]) {
      const preferences = choice({ sources });
      const both = selectItems(
        articles,
        matcherFor(preferences),
        10,
        articles.filter(creditFor(preferences)),
      );
      expect(both.items.map((i) => [i.sourceId, i.url, i.alsoIn])).toEqual([
        ['bao-ha-nam', story.url, ['bao-nam-dinh']],
      ]);
    }
    // A reader of the story's paper alone is not told of a paper they do not take.
    const haNam = choice({ sources: ['bao-ha-nam'] });
    expect(
      selectItems(articles, matcherFor(haNam), 10, articles.filter(creditFor(haNam))).items.map(
        (i) => i.alsoIn,
      ),
    ).toEqual([[]]);
    const namDinh = selectItems(articles, matcherFor(choice({ sources: ['bao-nam-dinh'] })), 10);
    expect(namDinh.items.map((i) => [i.sourceId, i.url, i.alsoIn])).toEqual([['bao-nam-dinh', copy.url, []]]);
    // The copy alone (its story went out before): only to readers who picked its paper and not the other.
    const [copyAlone] = [copy].map(prepareClipping);
    const gets = (sources: string[]) => matcherFor(choice({ sources }))(copyAlone!);
    expect(gets(['bao-nam-dinh'])).toBe(true);
    expect(gets([])).toBe(false);
    expect(gets(['bao-ha-nam', 'bao-nam-dinh'])).toBe(false);
    expect(gets(['bao-ha-nam'])).toBe(false);
    expect(matcherFor(choice({ sources: [] }))(prepareClipping(story))).toBe(true);
  });
});
