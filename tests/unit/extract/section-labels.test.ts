import { describe, expect, it } from 'vitest';
import {
  isControlText,
  isSectionLabel,
  leadingSectionLabel,
} from '../../../shared/ingest/extract/section-labels.js';

describe('section labels in the languages of the pages Bantin reads', () => {
  it.each([
    'Tin liên quan',
    'İLGİLİ HABERLER',
    'Читайте також',
    'Διαβάστε επίσης',
    'קראו עוד',
    'اقرأ أيضاً',
    'بیشتر بخوانید',
    'यह भी पढ़ें',
    'संबंधित खबरें',
    'আরও পড়ুন',
    'อ่านเพิ่มเติม',
    '관련기사',
    '関連記事',
    '相關新聞',
    '延伸閱讀',
    '今日熱門',
    'Comentarios',
    'Comentários',
    'Kommentare',
  ])('%j labels a block that is not the article', (label) => {
    expect(isSectionLabel(label)).toBe(true);
    expect(isSectionLabel(`${label}:`)).toBe(true);
  });

  it('reads the label a line opens with, in any script', () => {
    expect(leadingSectionLabel('Читайте також: Уряд ухвалив нові правила')).toBe('Читайте також');
    expect(leadingSectionLabel('Διαβάστε επίσης: Νέα μέτρα για την ακρίβεια')).toBe('Διαβάστε επίσης');
    expect(leadingSectionLabel('यह भी पढ़ें: दिल्ली में बारिश')).toBe('यह भी पढ़ें');
    expect(leadingSectionLabel('Ilgili kişiler: toplantıya katıldı')).toBeUndefined();
  });

  it.each([
    'Reklama',
    'REKLAMA',
    'Dalszy ciąg materiału pod wideo',
    'פרסומת',
    'Διαφήμιση',
    'Haberin Devamı',
    'விளம்பரம்',
    'اشتہار',
    'Annons',
    'AD',
    'Ads',
  ])('%j is a control, not prose', (text) => {
    expect(isControlText(text)).toBe(true);
  });
});
