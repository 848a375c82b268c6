/**
 * What is not the article: generic name hints (class/id words) and the labels newspapers put
 * above related-news lists, comment boxes and share bars. Only generic words live here, never
 * one site's class names.
 */
import { attr, classAndId, type Element } from './dom.js';
import { cleanText, textKey } from './text.js';

/** Class/id words of page furniture (after Readability's list, plus Vietnamese ones). */
const UNLIKELY =
  /-ad-|\bads?\b|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|share|sharing|newsletter|subscribe|signup|cookie|consent|tinlienquan|lien-?quan|tin-?khac|other-?news|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|trending|recommend|quang-?cao|advert/;
/** Words that rescue an element that also carries an unlikely word. */
const MAYBE = /and|article|body|column|content|main|shadow|story|entry|post-?text|detail|chi-?tiet|noi-?dung/;
const POSITIVE =
  /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|detail|chi-?tiet|noi-?dung|bai-?viet|fck|cms/;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|tinlienquan|lien-?quan|tin-?khac|other|binh-?luan|y-?kien|xem-?them|most-?read|xem-?nhieu|author|byline|breadcrumb|navigation|nav\b|menu|toolbar|print|social|recommend|newsletter|quang-?cao|advert/;
const UNLIKELY_ROLES = new Set([
  'menu',
  'menubar',
  'complementary',
  'navigation',
  'alert',
  'alertdialog',
  'dialog',
]);

export function isUnlikelyByName(el: Element): boolean {
  const role = attr(el, 'role');
  if (role && UNLIKELY_ROLES.has(role)) return true;
  const name = classAndId(el);
  return name !== '' && UNLIKELY.test(name) && !MAYBE.test(name);
}

/** Readability's class weight: +25 for a content-like name, -25 for a furniture-like one, per attribute. */
export function classWeight(el: Element): number {
  let weight = 0;
  for (const value of [el.attribs.class, el.attribs.id]) {
    if (!value) continue;
    const v = value.toLowerCase();
    if (NEGATIVE.test(v)) weight -= 25;
    if (POSITIVE.test(v)) weight += 25;
  }
  return weight;
}

/**
 * Headings of blocks that follow or surround an article without being part of it: related
 * news, more from the section, comments, share and print bars, tags.
 */
const SECTION_LABELS = [
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
  'comments',
  'leave a comment',
  'leave a reply',
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
];
const LABEL_KEYS = new Set(SECTION_LABELS.map((label) => textKey(label)));
const LABEL_FIRST_WORDS = new Set([...LABEL_KEYS].map((key) => key.split(' ')[0]!));
/** Longer texts are never labels or controls: no need to fold them (most blocks are long). */
const LONGEST_LABEL = 120;

/** The first word of a text, lower case, NFC: a cheap test before folding the whole text. */
function firstWord(text: string): string {
  return /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)/u.exec(text.normalize('NFC'))?.[1]?.toLowerCase() ?? '';
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

/**
 * Openings of in-body prompts that send the reader elsewhere ("LE PUEDE INTERESAR: …", "Auch
 * auf …", "Xem thêm: …"): a short or link-heavy paragraph that starts with one is not prose.
 */
const PROMPTS = [
  ...SECTION_LABELS,
  'read more',
  'watch',
  'listen',
  'click here',
  'auch auf',
  'mehr dazu',
  'lire la suite',
  'a lire aussi',
  'en savoir plus',
  'ver más',
  'más información',
  'mời đọc',
  'mời quý độc giả',
  'baca selengkapnya',
  'saksikan juga',
  'tonton juga',
  'lees verder',
  'weiterlesen',
  'mira también',
  'veja mais',
].map(textKey);
const PROMPT_START = new RegExp(
  `^(?:${[...new Set(PROMPTS)]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'u',
);

const PROMPT_FIRST_WORDS = new Set(PROMPTS.map((p) => p.split(' ')[0]!));

/**
 * A prompt to read, watch or follow something else: it opens with a prompt word and the rest
 * is a link ("Auch auf X: <a>…</a>") or follows a colon ("Related: …"), and it is short.
 */
export function isPromptLine(text: string, linkShare: number): boolean {
  // Most lines do not open with any prompt's first word: no need to fold them.
  if (text.length > 300 || !PROMPT_FIRST_WORDS.has(firstWord(text.slice(0, 60)))) return false;
  const clean = cleanText(text);
  if (clean.length > 250) return false;
  const key = textKey(clean);
  const m = PROMPT_START.exec(key);
  if (!m) return false;
  // Right after the prompt: a colon ("Related: …"), or else a link for the rest of the line.
  const words = m[0].split(' ').length;
  const colon = new RegExp(
    `^(?:[^\\p{L}\\p{N}]*[\\p{L}\\p{N}]+){${words}}[^\\p{L}\\p{N}]*?[:：>»|]`,
    'u',
  ).test(clean);
  // A one-word prompt needs its colon: "Watch as the rocket lifts off" is prose.
  return (colon && clean.length <= 160) || (words > 1 && linkShare >= 0.3);
}

/**
 * Calls to subscribe, sign up for a newsletter or log in past a paywall, in the languages of
 * the pages Bantin reads. Phrases, not single words: an article may well talk about subscriptions.
 */
const SUBSCRIPTION_PHRASE = new RegExp(
  [
    '(?:our|free) (?:\\w+ )?newsletters?',
    'already a (?:subscriber|member)',
    '(?:log|sign) in to (?:read|continue|keep)',
    'to continue reading',
    'support (?:our|independent|local) journalism',
    'become a (?:member|subscriber)',
    '(?:straight|delivered|right) (?:to|in)(?:to)? your inbox',
    'đăng ký nhận',
    'nhận bản tin',
    'abonnez-vous',
    "lettre d'information",
    'réservé aux abonnés',
    'article vous est offert',
    'déjà abonné',
    'suscr[ií]bete',
    'nuestro bolet[ií]n',
    'ya eres suscriptor',
    'newsletter abonnieren',
    'jetzt abonnieren',
    'zum newsletter',
    'bereits abonnent',
    'iscriviti alla newsletter',
    'inscreva-se',
    // Paywall notices: the article is for subscribers, log in or subscribe to read on.
    '(?:only|exclusive(?:ly)?) (?:for|to) (?:subscribers|members)',
    'subscribe (?:now )?to (?:read|continue|keep reading|unlock)',
    'riservato agli abbonati',
    'sei già abbonato',
    'abbonati per (?:continuare|leggere)',
    'exclusivo para (?:suscriptores|socios|assinantes)',
    'já é assinante',
    'nur für abonnenten',
    'exklusiv für abonnenten',
    'alleen voor abonnees',
    'berlangganan (?:sekarang|untuk)',
  ].join('|'),
  'iu',
);
/** Imperatives that open a call to subscribe ("Sign up …", "Đăng ký …", "Abonnieren Sie …"). */
const SUBSCRIPTION_START =
  /^(?:sign up|subscribe|register|log in|đăng ký|inscrivez-vous|abonnez-vous|regístrate|suscríbete|assine|abonnieren|iscriviti|abbonati)(?![\p{L}\p{N}])/iu;

/** What such an imperative offers: a newsletter or a subscription (not "Sign up for a free account"). */
const SUBSCRIPTION_OBJECT = /newsletter|bản tin|bolet[ií]n|bulletin|abonn|suscrip|assinatura|subscri/iu;

/** A short call to subscribe or to log in: page furniture, not the article. */
/** Substrings every call to subscribe has one of: most texts have none and need no closer look. */
const SUBSCRIPTION_HINT =
  /newsletter|subscri|inbox|abonn|suscr|bolet|assin|inscr|iscriv|abbon|đăng ký|bản tin|log in|sign in|sign up|journalism|continue reading|already a|register|offert|cadastre|members|socios|berlangganan/i;

export function isSubscriptionPrompt(text: string): boolean {
  if (text.length > 1000 || !SUBSCRIPTION_HINT.test(text)) return false;
  const clean = cleanText(text);
  if (clean.length > 300) return false;
  return (
    SUBSCRIPTION_PHRASE.test(clean) || (SUBSCRIPTION_START.test(clean) && SUBSCRIPTION_OBJECT.test(clean))
  );
}

/** Words of a date line besides the numbers, in the languages of the pages Bantin reads. */
const DATE_LINE_WORDS = new Set(
  (
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october ' +
    'nov november dec december mon monday tue tues tuesday wed wednesday thu thurs thursday fri friday sat saturday ' +
    'sun sunday am pm a m p m at on the of by gmt utc est edt cst cdt pst pdt bst cet cest ict et pt ' +
    'published updated posted modified last update date time ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
    'lunes martes miércoles jueves viernes sábado domingo de del publicado actualizado el a las ' +
    'janeiro fevereiro março maio junho julho setembro outubro novembro dezembro segunda terça quarta quinta sexta ' +
    'feira às atualizado atualizada em ' +
    'janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi ' +
    'jeudi vendredi samedi dimanche le à publié mis jour h ' +
    'januar februar märz juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag ' +
    'uhr um veröffentlicht aktualisiert stand am ' +
    'thứ hai ba tư năm sáu bảy chủ nhật ngày tháng lúc giờ cập nhật đăng sa ch ' +
    'gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedì martedì mercoledì ' +
    'giovedì venerdì sabato domenica il alle ore pubblicato aggiornato ' +
    'januari februari maret mei agustus oktober desember senin selasa rabu kamis jumat sabtu minggu ' +
    'wib wita wit pukul diperbarui diterbitkan'
  ).split(' '),
);

/**
 * A line that is only a timestamp, in any of those languages, with or without a year:
 * "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM", "segunda-feira, 22 de janeiro de 2018 às 0:13".
 */
export function isTimestampLine(text: string): boolean {
  const clean = cleanText(text);
  if (clean.length > 100 || !/\d/.test(clean)) return false;
  const words = clean.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  return words.length > 0 && words.every((w) => DATE_LINE_WORDS.has(w));
}

/**
 * Lines that close an article without being part of it: follow-us and contact prompts, share
 * prompts, copyright notices, wire-service reporting credits.
 */
const CLOSING_LINE = new RegExp(
  [
    // "Follow Newsbeat on Instagram", "Email Tariq at … or follow him @…", "Síguenos en Twitter"
    '^(?:follow|email|e-mail|write to|reach|contact|connect with|join|like|find) .{0,160}(?:twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp|@\\w|\\w@\\w|forums?)',
    '^(?:síguenos|siga-nos|sigue|suivez|rejoignez|folgen sie|seguici|theo dõi|kết nối với|liên hệ).{0,160}(?:twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp|zalo|@\\w|\\w@\\w)',
    '^(?:like|enjoy(?:ed)?) this (?:story|article|post)\\?',
    '^share (?:this|it) with',
    '^have a (?:news )?tip\\?',
    '^(?:copyright|©|\\(c\\) ?\\d{4})',
    'all rights reserved\\.?$',
    'bản quyền thuộc',
    'todos los derechos reservados',
    'tous droits réservés',
    'alle rechte vorbehalten',
    'todos os direitos reservados',
    '^\\(?(?:additional )?(?:reporting|writing|editing) by ',
    'contributed to this (?:report|story)\\.?\\)?$',
  ].join('|'),
  'iu',
);

export function isClosingLine(text: string): boolean {
  const clean = cleanText(text);
  return clean.length <= 300 && CLOSING_LINE.test(clean);
}

/** Labels after which nothing is article text any more (comments, reader opinions). */
const TERMINAL_LABELS = new Set(
  [
    'ý kiến bạn đọc',
    'bình luận',
    'gửi bình luận',
    'gửi ý kiến',
    'viết bình luận',
    'comments',
    'leave a comment',
    'leave a reply',
  ].map((label) => textKey(label)),
);

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

/** Words in a class/id that mark a byline or date line. */
export const BYLINE_HINT =
  /byline|author|autor|auteur|writer|tac-?gia|reporter|contributor|signature|firma|verfasser/;
export const DATE_HINT = /date|time|publish|posted|pubdate|ngay|thoi-?gian|timestamp|dateline|meta|info/;
/** Words that mark the lead (sapo) of an article. */
export const LEAD_HINT =
  /(?:^|[^a-z])(?:lead|lede|description|desc|intro|dek|deck|subtitle|sub-title|subhead|teaser|abstract|mo-ta|bajada|copete|anriss|chapo)(?:$|[^a-z])|sapo|summary|tomtat|tom-tat|tom_tat|trichdan|trich-dan|standfirst|strapline|chapeau|excerpt|entradilla|sumario|linha-?fina|vorspann|sommario/;
/** Words that mark a caption or a photo credit line (not a picture wrapper). */
export const CREDIT_HINT = /caption|credit|copyright|figcaption|chu-?thich|chuthich|photo-?by|source-?img/;
/** Words that mark image captions. */
export const CAPTION_HINT =
  /caption|chu-?thich|chuthich|legend|figcaption|img-?desc|image-?desc|photo-?desc|desc-?img|image-?text|photo-?text|credit|(?:^|[^a-z])(image|photo|img|pic|picture|anh|hinh)(?:$|[^a-z])/;
