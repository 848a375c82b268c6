/**
 * Labels and controls that are not the article, by their text: the headings of related-news
 * lists, comment boxes, share and print bars and tags ("Tin liên quan", "Các tin khác"), the
 * labels after which nothing is article text, and share or print controls.
 */
import { cleanText, textKey } from './text.js';

/** Headings of readers' comments: after them, nothing is article text any more. */
const COMMENT_LABELS = [
  'ý kiến bạn đọc',
  'bình luận',
  'gửi bình luận',
  'gửi ý kiến',
  'viết bình luận',
  'comments',
  'comentarios',
  'comentários',
  'commentaires',
  'kommentare',
  'commenti',
  'reacties',
  'komentarze',
  'komentar',
  'kommentarer',
  'yorumlar',
  'комментарии',
  'коментарі',
  'leave a comment',
  'leave a reply',
];

/**
 * Headings of blocks that follow or surround an article without being part of it: related
 * news, more from the section, comments, share and print bars, tags.
 */
export const SECTION_LABELS = [
  'các tin khác',
  'tin khác',
  'tin liên quan',
  'bài liên quan',
  'tin cùng chuyên mục',
  'bài viết cùng chuyên mục',
  'cùng chuyên mục',
  'bài viết liên quan',
  'tin bài liên quan',
  'các tin đã đưa',
  'tin đã đưa',
  'tin mới',
  'tin mới nhất',
  'tin mới hơn',
  'tin cũ hơn',
  'tin nổi bật',
  'tin đọc nhiều',
  'đọc nhiều',
  'xem nhiều',
  'xem thêm',
  'đọc thêm',
  'có thể bạn quan tâm',
  'bạn có thể quan tâm',
  'ý kiến bạn đọc',
  'ý kiến',
  'bình luận',
  'gửi bình luận',
  'gửi ý kiến',
  'viết bình luận',
  'từ khóa',
  'từ khoá',
  'tags',
  'tag',
  'chia sẻ',
  'related',
  'related articles',
  'related stories',
  'related news',
  'related posts',
  'related content',
  'related coverage',
  'more stories',
  'more news',
  'more from',
  'read more',
  'read next',
  'see also',
  'you may also like',
  'you might also like',
  'recommended',
  'recommended for you',
  'most popular',
  'most read',
  'trending',
  ...COMMENT_LABELS,
  'share this',
  'share this article',
  'share this story',
  'advertisement',
  'filed under',
  'categories',
  'topics',
  // The same labels in the other languages of the pages Bantin reads.
  'xem tiếp',
  'đọc tiếp',
  'mời xem',
  'mời bạn đọc xem',
  'tin cùng chủ đề',
  'cùng chủ đề',
  'chủ đề',
  'chuyên mục',
  'danh mục',
  'thẻ',
  'đừng bỏ lỡ',
  'có thể bạn chưa đọc',
  'also read',
  'read also',
  'related article',
  'related articles',
  'related links',
  'further reading',
  'more on this story',
  'more on this topic',
  "don't miss",
  'must read',
  'category',
  'tagged',
  'posted in',
  'keywords',
  'le puede interesar',
  'te puede interesar',
  'también te puede interesar',
  'lea también',
  'lee también',
  'lea además',
  'ver también',
  'noticias relacionadas',
  'notas relacionadas',
  'artículos relacionados',
  'te recomendamos',
  'etiquetas',
  'categoría',
  'lo más leído',
  'leia também',
  'leia mais',
  'veja também',
  'saiba mais',
  'notícias relacionadas',
  'mais lidas',
  'categoria',
  'lire aussi',
  'à lire aussi',
  'lire également',
  'à lire également',
  'voir aussi',
  'à voir aussi',
  'sur le même sujet',
  'articles liés',
  'les plus lus',
  'mots-clés',
  'catégorie',
  'catégories',
  'kapcsolódó',
  'kapcsolódó cikkek',
  'citește și',
  'citeste si',
  'přečtěte si také',
  'čtěte také',
  'czytaj też',
  'czytaj także',
  'читайте также',
  'читайте також',
  'läs också',
  'baca juga',
  'lesen sie auch',
  'lesen sie mehr',
  'auch interessant',
  'das könnte sie auch interessieren',
  'mehr zum thema',
  'zum thema',
  'siehe auch',
  'weitere artikel',
  'meistgelesen',
  'schlagwörter',
  'kategorie',
  'leggi anche',
  'vedi anche',
  'potrebbe interessarti',
  'articoli correlati',
  'lees ook',
  'zie ook',
  'baca juga',
  'berita terkait',
  'artikel terkait',
  'simak juga',
  'lihat juga',
  'guarda anche',
  'lees meer',
  'czytaj też',
  'czytaj także',
  'czytaj również',
  'zobacz też',
  'zobacz także',
  'читайте также',
  'смотрите также',
  'čtěte také',
  'přečtěte si také',
  'citește și',
  'läs också',
  'läs även',
  'læs også',
  'les også',
  'ilgili haberler',
  'ayrıca okuyun',
  'you may like',
  'you might like',
  'you may also be interested in',
  'related reading',
  'related topics',
  'more like this',
  'popular posts',
  'recent posts',
  'você pode gostar',
  'você também pode gostar',
  'você pode se interessar',
  'posts relacionados',
  'artigos relacionados',
  'matérias relacionadas',
  'mais notícias',
  'también te podría interesar',
  'te podría interesar',
  'quizás te interese',
  'entradas relacionadas',
  'publicaciones relacionadas',
  'más noticias',
  'lo más visto',
  'vous aimerez aussi',
  'vous aimerez peut-être aussi',
  'à découvrir aussi',
  'articles similaires',
  'dans la même rubrique',
  'das könnte dich auch interessieren',
  'ähnliche artikel',
  'verwandte artikel',
  'weitere beiträge',
  'ti potrebbe interessare',
  'potrebbe interessarti anche',
  'articoli simili',
  'i più letti',
  'gerelateerde artikelen',
  'meer nieuws',
  'meest gelezen',
  'artikel lainnya',
  'berita lainnya',
  'terpopuler',
  'читайте також',
  'дивіться також',
  'новини по темі',
  'схожі новини',
  'по теме',
  'διαβάστε επίσης',
  'διαβάστε ακόμη',
  'σχετικά άρθρα',
  'δείτε επίσης',
  'קראו עוד',
  'קראו גם',
  'כתבות נוספות',
  'اقرأ أيضا',
  'اقرأ أيضاً',
  'مواضيع ذات صلة',
  'أخبار ذات صلة',
  'بیشتر بخوانید',
  'اخبار مرتبط',
  'مطالب مرتبط',
  'यह भी पढ़ें',
  'ये भी पढ़ें',
  'संबंधित खबरें',
  'আরও পড়ুন',
  'আরো পড়ুন',
  'อ่านเพิ่มเติม',
  'ข่าวที่เกี่ยวข้อง',
  'बड़ी खबरें',
  'benzer haberler',
  'bunlar da ilginizi çekebilir',
  'powiązane artykuły',
  'polecane',
  'gerelateerd',
  'relaterade artiklar',
  'relaterat',
  'aiheesta lisää',
  'lue myös',
  '관련기사',
  '관련 기사',
  '関連記事',
  '関連ニュース',
  '相关新闻',
  '相关阅读',
  '延伸阅读',
];
const LABEL_KEYS = new Set(SECTION_LABELS.map((label) => textKey(label)));
const LABEL_FIRST_WORDS = new Set([...LABEL_KEYS].map((key) => key.split(' ')[0]!));
/** Longer texts are never labels or controls: no need to fold them (most blocks are long). */
const LONGEST_LABEL = 120;

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The first word of a text, lower case, NFC: a cheap test before folding the whole text. */
export function firstWord(text: string): string {
  // Most texts open with an ASCII word: read it without NFC and a Unicode expression, unless a
  // character past ASCII comes first or right after it (a letter, a combining accent).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) break;
    if (!isAsciiAlnum(c)) continue;
    let end = i + 1;
    while (end < text.length && isAsciiAlnum(text.charCodeAt(end))) end++;
    if (end < text.length && text.charCodeAt(end) >= 128) break;
    return text.slice(i, end).toLowerCase();
  }
  const word = /^[^\p{L}\p{N}]*([\p{L}\p{M}\p{N}\u200c\u200d]+)/u.exec(text.normalize('NFC'))?.[1] ?? '';
  return textKey(word);
}

/** Whether a text opens with a section label's first word (it may be one; most texts are not). */
export function startsLikeLabel(text: string): boolean {
  return LABEL_FIRST_WORDS.has(firstWord(text.slice(0, 60)));
}

/** True when `text` is just a section label such as "Tin liên quan:" or "TIN LIÊN QUAN". */
export function isSectionLabel(text: string): boolean {
  if (text.length > LONGEST_LABEL || !startsLikeLabel(text)) return false;
  const key = textKey(text);
  return key !== '' && key.length <= 40 && LABEL_KEYS.has(key);
}

/** The label a text starts with ("Xem thêm: …"), or undefined. */
export function leadingSectionLabel(text: string): string | undefined {
  if (!startsLikeLabel(text)) return undefined;
  const clean = cleanText(text);
  const m = /^([^:：>»\n]{2,40})\s*[:：>»]/.exec(clean);
  if (m && isSectionLabel(m[1]!)) return m[1]!;
  return undefined;
}

/** Labels after which nothing is article text any more (comments, reader opinions). */
const TERMINAL_LABELS = new Set(COMMENT_LABELS.map((label) => textKey(label)));

export function isTerminalLabel(text: string): boolean {
  return text.length <= LONGEST_LABEL && TERMINAL_LABELS.has(textKey(text));
}

/** Short strings that are controls, not prose ("Chia sẻ Facebook", "In bài viết", "Advertisement"). */
const CONTROL_TEXTS = new Set(
  [
    'chia sẻ',
    'chia sẻ facebook',
    'chia sẻ bài viết',
    'in bài viết',
    'in bài',
    'gửi bài viết',
    'lưu bài viết',
    'quay lại',
    'về đầu trang',
    'lên đầu trang',
    'quảng cáo',
    'advertisement',
    'advert',
    'sponsored',
    'sharing is caring',
    'order reprints',
    'print article',
    'this slideshow requires javascript',
    'share',
    'tweet',
    'print',
    'email',
    'facebook',
    'twitter',
    'back to top',
    'publicité',
    'publicitate',
    'reklám',
    'hirdetés',
    'reklama',
    'reklam',
    'annons',
    'publicidad',
    'publicidade',
    'anuncio',
    'anzeige',
    'werbung',
    'pubblicità',
    'iklan',
    'sponsored content',
    'contenido patrocinado',
    'contenu sponsorisé',
    // "Advertisement" in other scripts, and the prompts ad boxes leave in the text.
    'реклама',
    'إعلان',
    '广告',
    '廣告',
    '広告',
    '광고',
    'โฆษณา',
    'विज्ञापन',
    'scroll to continue with content',
    'scroll to resume content',
    'διαφήμιση',
    'פרסומת',
    'تبلیغات',
    'বিজ্ঞাপন',
    'விளம்பரம்',
    'ప్రకటన',
    'ಜಾಹೀರಾತು',
    'പരസ്യം',
    'जाहिरात',
    'اشتہار',
    'patalastas',
    'annonce',
    'mainos',
    'advertentie',
    'dalszy ciąg materiału pod wideo',
    'dalsza część artykułu pod materiałem wideo',
    'artykuł kontynuowany poniżej',
    'haberin devamı',
    'продовження після реклами',
    'продолжение после рекламы',
    'scroll to continue reading',
    'continue reading below',
    'article continues below',
    'story continues below',
    'lanjutkan membaca',
  ].map((t) => textKey(t)),
);

export function isControlText(text: string): boolean {
  if (text.length > LONGEST_LABEL) return false;
  const key = textKey(text);
  if (CONTROL_TEXTS.has(key)) return true;
  // "Chia sẻ Facebook In bài viết": every word belongs to a control phrase.
  const words = key.split(' ');
  return words.length <= 8 &&
    /^(chia sẻ|in bài viết|facebook|twitter|zalo|email|print|share|tweet)( |$)/.test(key)
    ? words.every((w) =>
        /^(chia|sẻ|in|bài|viết|facebook|twitter|zalo|email|print|share|tweet|gửi|lưu)$/.test(w),
      )
    : false;
}
