/**
 * Lines that are not the article, by their text: in-body prompts ("Xem thêm:", "Read more"),
 * calls to subscribe, date lines and closing lines, in the languages of the pages Bantin reads.
 * Section labels and controls: section-labels.ts.
 */
import { parseAttribution } from './credits.js';
import { firstWord, SECTION_LABELS } from './section-labels.js';
import { cleanText, textKey } from './text.js';

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
 * The site's ask to report a typo, in any language: "Помітили помилку? Виділіть текст і натисніть
 * Ctrl+Enter", "Found a mistake? Select it and press Ctrl+Enter" (the Orphus script's line). Short:
 * an article about keyboards may name the keys in a sentence of its own.
 */
export function isErrorReportPrompt(text: string): boolean {
  return text.length <= 250 && /ctrl\s*\+\s*enter/i.test(text) && cleanText(text).split(/\s+/).length <= 25;
}

/** Downloading the paper's app: "點我下載APP", "Tải ứng dụng …", "Download our app", "アプリをダウンロード". */
const APP_DOWNLOAD =
  /(?:下載|下载)\s*app|app\s*(?:下載|下载)|アプリ(?:を)?(?:ダウンロード|インストール)|앱\s*(?:을\s*)?(?:다운로드|설치)|tải (?:ngay )?(?:ứng dụng|app)|\b(?:download|get|install|scarica|descarga|baixe|télécharge[rz]?|lade)\b.{0,40}\b(?:apps?|l'app|la app|o app)\b/iu;

/** The paper asking its reader: "點我", "按我", "our app", a line opening with the verb. */
const APP_CALL =
  /點我|按我|点我|點擊|点击|\b(?:our|my) app\b|^(?:download|get|install|tải|scarica|descarga|baixe|télécharge)/iu;

/**
 * A line in the text that advertises the paper's app: short, with a link to it, asking the reader
 * to download it ("不用抽 不用搶 現在用APP看新聞 … 點我下載APP 按我看活動辦法", "Download our app")
 * or all but a link. A sentence of news about an app ("Residents can get the alerts on <a>the
 * FloodWatch app</a>, the mayor said") asks no one.
 */
export function isAppPromotion(text: string, linkShare: number): boolean {
  if (linkShare < 0.15 || text.length > 160 || !APP_DOWNLOAD.test(text)) return false;
  return linkShare >= 0.6 || APP_CALL.test(text.trim());
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
    // What is received: news and newsletters, not the land or aid a paragraph may say was registered for.
    'đăng ký nhận (?:tin|bản tin|thông báo|email|e-mail|bài viết)',
    'nhận bản tin',
    'abonnez-vous',
    "lettre d'information",
    // What a newsletter box promises: "… recevez l'essentiel … dans votre boîte mail".
    'dans votre boîte (?:mail|e-?mail|de réception|aux lettres électronique)',
    'in (?:your|their) inbox',
    'direkt in ihr (?:postfach|e-mail-postfach)',
    'en tu (?:bandeja de entrada|correo)',
    'na sua caixa de entrada',
    'nella tua casella (?:di posta|email)',
    'vào hộp thư của bạn',
    // A newsletter box's heading: "Newsletter « Lyon Matin »".
    '^newsletters?(?:\\s+[^\\s.!?]+){0,4}$',
    'réservé aux abonnés',
    'article vous est offert',
    'déjà abonné',
    'suscr[ií]bete',
    'nuestro bolet[ií]n',
    // What a newsletter box offers to send: "Recibe cada tarde el boletín …", "Get our … newsletter".
    'recib[ea] (?:\\S+ ){0,3}(?:el |nuestro |la |nuestra )?(?:bolet[ií]n|newsletter)',
    'receba (?:\\S+ ){0,3}(?:a |nossa )?newsletter',
    'recevez (?:\\S+ ){0,3}(?:la |notre )?(?:newsletter|lettre)',
    'ricevi (?:\\S+ ){0,3}(?:la |nostra )?newsletter',
    '(?:get|receive) (?:\\S+ ){0,3}newsletter',
    'ya eres suscriptor',
    'newsletter abonnieren',
    'jetzt abonnieren',
    'zum newsletter',
    'bereits abonnent',
    'iscriviti alla newsletter',
    'inscreva-se',
    // Paywall notices: the article is for subscribers, log in or subscribe to read on.
    '(?:only|exclusive(?:ly)?) (?:for|to) (?:subscribers|members)',
    'for (?:subscribers|members) only',
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
    // Appeals for money: the reader-revenue box under many articles.
    'small favou?r to ask',
    // "…could support the Guardian’s journalism", "support our independent journalism": the paper's own, not a grant's.
    "support (?:our|the [\\p{L}.-]+['’]s)(?: [\\p{L}-]+){0,2} journalism",
    'make a (?:one-off |small )?(?:contribution|donation)',
    'from as little as',
    'donate (?:now|today)',
    'faire un don',
    'soutenez (?:notre|nos|le|la) ',
    'jetzt (?:unterstützen|spenden)',
    'ủng hộ (?:báo|tòa soạn)',
    '후원해\\s*주세요',
    // Japanese paywalls: "この記事は会員限定です。続きは会員登録（無料）でお読みいただけます。"
    '会員限定',
    '有料会員',
    '続きは(?:会員|有料|ログイン|無料)',
    '会員登録(?:（無料）|\\(無料\\))?(?:で|すると|して|が必要)',
    '후원하기',
  ].join('|'),
  'iu',
);
/**
 * Imperatives that open a call to subscribe ("Sign up …", "Đăng ký …", "Abonnieren Sie …"), at
 * the start or after the box's short heading ("Boletines EL TIEMPO Regístrese en …").
 */
const SUBSCRIPTION_START =
  /^(?:[^.,;:!?]{1,60}\s)??(sign up|subscribe|register|log in|đăng ký|inscrivez-vous|abonnez-vous|regístrate|regístrese|suscríbete|suscríbase|inscríbase|assine|inscreva-se|cadastre-se|abonnieren|registrieren sie sich|melden sie sich|iscriviti|registrati|abbonati|zapisz się|subskrybuj)(?![\p{L}\p{N}])/iu;

/** The imperative opens the text, or a sentence after a heading with no punctuation: capitalized there ("… you can sign up" is prose). */
function opensWithCall(clean: string): boolean {
  const m = SUBSCRIPTION_START.exec(clean);
  return m !== null && (m.index === 0 && m[0] === m[1] ? true : /^\p{Lu}/u.test(m[1]!));
}

/** What such an imperative offers: a newsletter or a subscription (not "Sign up for a free account"). */
const SUBSCRIPTION_OBJECT = /newsletter|bản tin|bolet[ií]n|bulletin|abonn|suscrip|assinatura|subscri/iu;

/** A short call to subscribe or to log in: page furniture, not the article. */
/** Substrings every call to subscribe has one of: most texts have none and need no closer look. */
const SUBSCRIPTION_HINT =
  /newsletter|subscri|inbox|boîte|postfach|bandeja|caixa|casella|hộp thư|abonn|suscr|bolet|assin|inscr|iscriv|abbon|đăng ký|bản tin|log in|sign in|sign up|journalism|continue reading|already a|register|offert|cadastre|members|socios|berlangganan|favou?r|contribution|donat|little as| don|soutenez|unterstützen|spenden|ủng hộ|후원|会員/i;

export function isSubscriptionPrompt(text: string): boolean {
  if (text.length > 1000 || !SUBSCRIPTION_HINT.test(text)) return false;
  const clean = cleanText(text);
  if (clean.length > 300) return false;
  return SUBSCRIPTION_PHRASE.test(clean) || (opensWithCall(clean) && SUBSCRIPTION_OBJECT.test(clean));
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
 * A line that only says how long the article takes to read: "Lesedauer: 4 Minuten", "5 min read",
 * "Thời gian đọc: 3 phút", "Temps de lecture : 2 min".
 */
export function isReadingTimeLine(text: string): boolean {
  const clean = cleanText(text);
  return clean.length <= 60 && (READING_TIME_LABELLED.test(clean) || READING_TIME_READ.test(clean));
}
const READING_TIME_LABELLED =
  /^(?:reading time|read time|lesedauer|lesezeit|thời gian đọc|temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd|lästid|læsetid|lesetid|lukuaika|czas czytania|doba čtení|okuma süresi|время чтения|час читання|waktu baca)\s*[:：]?\s*(?:ca\.\s*)?\p{Nd}{1,3}\s*\p{L}{0,12}\.?$/iu;
const READING_TIME_READ =
  /^\p{Nd}{1,3}\s*(?:min(?:ute)?s?\.?|minutes?)\s+(?:read|de lectura|de lecture|di lettura|Lesezeit)$/iu;

/** What a page counts under an article: views, comments, shares. */
const COUNTER =
  '(?:views?|reads?|comments?|shares?|lượt xem|lượt đọc|bình luận|lượt chia sẻ|просмотр\\p{L}*|комментари\\p{L}*|aufrufe|kommentare|visualizaciones|visualizações|comentarios|comentários|vues|lectures|commentaires|visualizzazioni|commenti|görüntülenme|okunma|yorum|dilihat|komentar|wyświetle\\p{L}*|odsłon\\p{L}*)';

/**
 * The ask to join the paper's channel, in the reader's language: "Mari bergabung di saluran
 * WhatsApp Warta Nusantara", "Подписывайтесь на наш Telegram-канал", "Tham gia nhóm Zalo của báo",
 * "📲 Participe do canal do g1 Campinas no WhatsApp".
 */
const CHANNEL_ASK =
  '(?:bergabung|gabung|subscribe|abonniere|abonnez|tham gia|đăng ký|присоединяйтесь|подписывайтесь|подпишитесь|katılın|takip edin|inscreva-se|participe|junte-se|acompanhe|únete|suscríbete|iscriviti|volg ons|följ oss|kövessen).{0,120}(?:whatsapp|telegram|zalo|viber|signal)';

/** The ask to join the paper's channel, anywhere in the text: a short line that is only that. */
export function isChannelAsk(text: string): boolean {
  return text.length <= 120 && !/[.!?…]$/.test(text.trim()) && CHANNEL_ASK_LINE.test(text);
}
const CHANNEL_ASK_LINE = new RegExp(CHANNEL_ASK, 'iu');

/**
 * The editor's credit under the text: "Toimetaja: Merilin Pärli" (Estonian), "Urednik: …",
 * "Biên tập: …", "Editor: …", and without a colon after a phrase that ends in its preposition,
 * "Edited By Harpreet Kaur". The writer's credit is the byline; an editor's is no author's.
 */
const EDITOR_CREDIT =
  "^(?:(?:toimetaja|toimittaja|urednik|urednica|redaktor|redaktorka|redaktør|redaktör|szerkesztő|biên tập(?: viên)?|editor|edited by|editado por)\\s*[:：]|(?:edited by|editado por)\\s)\\s*\\p{Lu}[\\p{L}.'’ -]{1,60}$";
const EDITOR_CREDIT_LINE = new RegExp(EDITOR_CREDIT, 'iu');

/** Whether a line is an editor's credit ("Edited By Harpreet Kaur"): its name is no byline's. */
export function isEditorCredit(text: string): boolean {
  return text.length <= 80 && EDITOR_CREDIT_LINE.test(cleanText(text));
}

/**
 * Lines that close an article without being part of it: follow-us and contact prompts, share
 * prompts, copyright notices, wire-service reporting credits.
 */
const CLOSING_LINE = new RegExp(
  [
    // "Follow Newsbeat on Instagram", "Email Tariq at … or follow him @…", "Síguenos en Twitter"
    '^(?:follow|email|e-mail|write to|reach|contact|connect with|join|like|find) .{0,160}(?:twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp|@\\w|\\w@\\w|forums?)',
    // "Puedes seguir a EL PAÍS Clima en Facebook y X, o apuntarte aquí para recibir nuestra newsletter".
    '^(?:síguenos|siga-nos|sigue|puedes seguir|pode seguir|vous pouvez suivre|you can follow|suivez|rejoignez|folgen sie|seguici|theo dõi|kết nối với|liên hệ).{0,160}(?:twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp|zalo|@\\w|\\w@\\w)',
    // The video a page embeds after the text, announced: "Simak juga Video 'Suasana …':" (Indonesian papers).
    '^(?:simak|tonton|saksikan|lihat) juga video\\b',
    '^(?:like|enjoy(?:ed)?) this (?:story|article|post)\\?',
    // App and news-reader promotions: "Download the KBRV 7 News app …", "… follow us on Google News".
    '^(?:download|get|install) (?:the|our) .{0,60}\\bapps?\\b',
    'google news|গুগল নিউজ|गूगल न्यूज़|گوگل نیوز',
    CHANNEL_ASK,
    '^share (?:this|it) with',
    // A newsletter's ask under the text: "Don't miss out on the latest news and information."
    "^don[’']t miss (?:out on )?(?:the latest|our) (?:news|stories|updates)",
    // An editor's initials after a slash, closing the text as Philippine papers do: "/cb", "/jpv/atm".
    '^/[a-z]{2,4}(?:/[a-z]{2,4})*$',
    // The reporter's tagline: "Jane Doe covers housing for The Oregonian. Reach her at jdoe@….".
    '(?:^|[.!] )reach (?:him|her|them) (?:at|by|on) ',
    "^\\p{Lu}[\\p{L}.'’-]+(?: \\p{Lu}[\\p{L}.'’-]+){1,3} (?:covers|reports on|writes about) .{3,120} (?:for|at) (?:the )?\\p{Lu}",
    // The paper thanking its reader at the end: "Thanks for reading", "Dziękujemy, że przeczytałaś/eś…".
    "^(?:thanks?|thank you) for reading|^dziękujemy,? że (?:przeczyta|doczyta)|^(?:xin )?cảm ơn (?:bạn|quý (?:vị|độc giả)) đã (?:đọc|theo dõi)|^(?:danke|vielen dank),? (?:fürs lesen|für ihr interesse|dass sie .{0,30}gelesen)|^merci (?:de nous avoir lu|d'avoir lu)|^gracias por (?:leer|tu lectura)|^obrigad[oa] por (?:ler|ter lido)|^grazie per (?:aver letto|la lettura)|^terima kasih (?:telah|sudah) membaca|^okuduğunuz için teşekkür",
    '^(?:have|got) a (?:news )?(?:tip|story)\\?',
    // The same ask in the reader's language: "Heb je een tip of zie je iets gebeuren? Stuur het ons via
    // WhatsApp", "Haben Sie einen Hinweis?", "Vous avez une info ?", "¿Tienes una noticia?".
    '^(?:heb je|heeft u) (?:een )?tip|^tip (?:ons|de redactie)|^(?:haben sie|hast du) (?:einen )?(?:hinweis|tipp)|^(?:vous avez|tu as) une? (?:info|information|tuyau)|^¿?(?:tienes|tiene usted) (?:una )?(?:noticia|información|pista)|^hai una segnalazione',
    '^(?:copyright|©|\\(c\\) ?\\d{4})',
    'all rights reserved\\.?$',
    'bản quyền thuộc',
    // Print editions and trust labels under an article.
    '^a version of this article (?:appears|appeared) in print',
    // "Een versie van dit artikel verscheen ook in NRC op 2 december", "Dieser Artikel erschien in
    // der Printausgabe …", "Cet article est paru dans l'édition du …": the paper's print edition.
    '^een versie van dit artikel verscheen',
    '^dieser (?:artikel|beitrag|text) (?:ist|erschien) .{0,60}(?:print|ausgabe)',
    "^cet article (?:est )?paru dans (?:l'|l’)?édition",
    // "(With inputs from agencies)": no agency named, nothing to credit.
    '^\\(?with (?:additional )?inputs? from (?:agencies|wires|news agencies)\\)?\\.?$',
    '^conforme a los criterios de',
    'todos los derechos reservados',
    'tous droits réservés',
    'alle rechte vorbehalten',
    'todos os direitos reservados',
    // "<저작권자 © 한일일보, 무단 전재 및 재배포 금지>", "無断転載を禁じます", "版权所有，未经授权不得转载".
    '무단\\s*(?:전재|복제|배포)',
    '無断(?:転載|複製)',
    '版权所有|版權所有|未经(?:授权|许可|允许)|未經(?:授權|許可|允許)',
    '^\\(?(?:additional )?(?:reporting|writing|editing) by ',
    'contributed to this (?:report|story)\\.?\\)?$',
    // The reporter's address on the last line, alone or after the paper's name: "kimcs@yna.co.kr",
    // "◎공감언론 뉴시스 kimms@newsis.com".
    '^(?:\\S+\\s+){0,3}[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+$',
    // A line of counters only: "Просмотров: 1 245 | Комментариев: 3", "Lượt xem: 1.024".
    `^(?:${COUNTER}\\s*[:：]?\\s*\\d[\\d\\s.,]*[kKmM]?\\s*[|•·,]?\\s*)+$`,
    // The ask to comment under Indian papers' articles: "ਨੋਟ - ਇਸ ਖ਼ਬਰ ਬਾਰੇ ਆਪਣੀ ਰਾਏ ਕੁਮੈਂਟ ਕਰਕੇ ਜ਼ਰੂਰ
    // ਦਿਓ।", "नोट: इस खबर पर अपनी राय कमेंट बॉक्स में दें", "Note: share your views in the comments".
    '^(?:note|नोट|ਨੋਟ|نوٹ|নোট)\\s*[-–—:：]\\s*.{0,160}(?:comment|कमेंट|कॉमेंट|ਕੁਮੈਂਟ|ਕਮੈਂਟ|टिप्पणी|ਟਿੱਪਣੀ|کمنٹ|تبصر|কমেন্ট|মন্তব্য)',
    // "End of message": the line Iranian agencies close their dispatches with.
    '^انتهای پیام',
    // The editor's credit under the text (EDITOR_CREDIT).
    EDITOR_CREDIT,
    // The editor's credit Chinese papers close with: "[责任编辑：王明]", "【纠错】[责任编辑:王明]".
    '^(?:[【\\[(（]\\s*纠错\\s*[】\\])）]\\s*)?[【\\[(（]?\\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\\s*[:：]',
  ].join('|'),
  'iu',
);

/**
 * A series' part ending on a "to be continued" line, in brackets (probe 49): "(Còn nữa)", "(Còn
 * tiếp)", "(Hết)", "(Kỳ sau: …)", "(Bài 3: …)", "(To be continued)", "(À suivre)", "(Fortsetzung
 * folgt)", "(Continuará)", "(Continua)", "(Bersambung)", "(Wordt vervolgd)", "(Ciąg dalszy
 * nastąpi)", "(Продолжение следует)", "(Далі буде)", "(Va urma)", "（待续）", "（つづく）". Navigation
 * between the parts, not text.
 */
const SERIES_MARKER =
  /^[(（[]\s*(?:còn nữa|còn tiếp|hết|(?:kỳ|bài) (?:sau|tới|cuối|\d{1,2})\s*[:：.].{0,120}|to be continued|continued (?:tomorrow|next week)|concluded|(?:à|a) suivre|fin|fortsetzung folgt|schluss|continuará|continuara|continua|(?:fine|segue)|bersambung|tamat|wordt vervolgd|ciąg dalszy nastąpi|pokračování příště|va urma|folytatjuk|devam edecek|продолжение следует|окончание следует|далі буде|未完待续|待续|待續|つづく|続く)\s*[.…]*\s*[)）\]]$/iu;
export function isSeriesMarker(text: string): boolean {
  return SERIES_MARKER.test(cleanText(text));
}

/** The editors' initials Indonesian papers close with, in small letters: "(rdp/imk)". */
export const EDITOR_INITIALS = String.raw`\((?:\p{Ll}{2,4}\/){1,3}\p{Ll}{2,4}\)`;
const INITIALS_LINE = new RegExp(`^${EDITOR_INITIALS}$`, 'u');

/** Editors' initials, not an agency's tags ("(dpa/afp)" credits dpa and AFP). */
export function isEditorInitials(text: string): boolean {
  return INITIALS_LINE.test(text) && parseAttribution(text) === undefined;
}

export function isClosingLine(text: string): boolean {
  const clean = cleanText(text);
  if (clean.length > 300) return false;
  return CLOSING_LINE.test(clean) || isEditorInitials(clean) || isSeriesMarker(clean);
}
