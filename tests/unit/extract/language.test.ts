import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { guessLanguage } from '../../../shared/ingest/extract/language.js';
import { PARAGRAPHS } from './page-builder.js';

const TEXTS: [string, string][] = [
  ['vi', PARAGRAPHS.join(' ')],
  [
    'en',
    'The provincial council met on Thursday to discuss the new budget for schools and hospitals, and voted to build two bridges before the end of the year.',
  ],
  [
    'fr',
    'Le conseil régional s’est réuni jeudi pour discuter du nouveau budget des écoles et des hôpitaux, et a voté la construction de deux ponts avant la fin de l’année.',
  ],
  [
    'de',
    'Der Landtag hat am Donnerstag über den neuen Haushalt für Schulen und Krankenhäuser beraten und den Bau von zwei Brücken bis zum Jahresende beschlossen.',
  ],
  [
    'ru',
    'В четверг областной совет обсудил новый бюджет для школ и больниц и проголосовал за строительство двух мостов до конца года.',
  ],
  [
    'zh',
    '省议会星期四开会讨论学校和医院的新预算，并投票决定在年底前修建两座桥梁。会议还讨论了农村道路的维修问题。',
  ],
  [
    'ja',
    '県議会は木曜日に学校と病院の新しい予算について話し合い、年末までに二つの橋を建設することを決めました。',
  ],
  [
    'ar',
    'ناقش مجلس المحافظة يوم الخميس الميزانية الجديدة للمدارس والمستشفيات، وصوت على بناء جسرين قبل نهاية العام.',
  ],
];

describe('guessLanguage', () => {
  it.each(TEXTS)('tells %s from its text', (tag, text) => {
    expect(guessLanguage(text)).toBe(tag);
  });

  it('says nothing of a text too short to tell', () => {
    expect(guessLanguage('OK')).toBe('');
  });
});

describe('extractArticle: the language of a page that does not say it', () => {
  const page = (text: string, lang = '') =>
    `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head><title>T</title></head><body><article><h1>T</h1>${[1, 2, 3].map(() => `<p>${text}</p>`).join('')}</article></body></html>`;

  it.each(TEXTS)('is %s, read from its text', (tag, text) => {
    expect(extractArticle(page(text), { url: 'https://bao.example/a.html' }).article.language).toBe(tag);
  });

  it('is what the page says when it says it', () => {
    const [, english] = TEXTS[1]!;
    expect(extractArticle(page(english, 'vi'), { url: 'https://bao.example/a.html' }).article.language).toBe(
      'vi',
    );
  });
});
