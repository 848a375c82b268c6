/**
 * Who wrote the article and where it came from: bylines ("Bài và ảnh: Lan Anh", "By Jane
 * Doe"), the reporter's name signed under the text, and source lines ("Nguồn: Báo Hà Nam",
 * "Theo TTXVN", "(Theo VnExpress)", an agency's "(TTXVN/Vietnam+)"). These lines are metadata, so
 * they leave the body.
 */
import { PAPER_TAG } from '../../domain/excerpt.js';
import { BYLINE_HINT } from './boilerplate.js';
import { isControlText, isSectionLabel } from './section-labels.js';
import { cleanText, endsSentence, wordCount } from './text.js';

/**
 * Vietnamese roles credited together, in any order: "Ảnh, bài: …", "Bài - ảnh: …", "Video và
 * bài: …". With a role of the text among them the name is the author's; picture roles alone
 * ("Ảnh: …") credit a photographer.
 */
const VI_TEXT_ROLE = '(?:bài|tin|nội dung|thực hiện)';
const VI_ROLE = '(?:bài|tin|nội dung|thực hiện|ảnh|video|clip|đồ họa)';
const VI_ROLE_JOIN = '\\s*(?:và|,|&|-|–|/)\\s*';
const VI_ROLES = `(?:${VI_ROLE}${VI_ROLE_JOIN})*${VI_TEXT_ROLE}(?:${VI_ROLE_JOIN}${VI_ROLE})*`;

/** Byline words: a space follows them; in Chinese, Japanese and Korean, a colon may stand alone. */
export const BYLINE_PREFIX = new RegExp(
  `^(?:${VI_ROLES}\\s*[:：]\\s*|` +
    /(?:(?:bài\s*(?:và|,|&)?\s*ảnh|bài|tin\s*(?:và|,|&)?\s*ảnh|tin|nội dung\s*[:：]|tác giả|người viết|nhóm phóng viên|phóng viên|pv|thực hiện|viết bởi|bởi|by|gan|written by|posted by|words by|text by|story by|reporting by|author|penulis|wartawan|muhabir|daga|rozmawiał[a]?|автор|текст|беседовал[аи]?|интервью брал[аи]?|propos recueillis par|interview(?:ed)? by|interview\s*[:：]|das gespräch führten?|interview führten?|entrevista(?: de| por)?\s*[:：]?|a cura di|بقلم|كتب|نویسنده|خبرنگار|گزارشگر|מאת|συντάκτ(?:ης|ρια)|γράφ(?:ει|ουν)|szerző|írta|autor(?:ka)?|yazan|yazar|लेखक|संवाददाता|প্রতিবেদক|লেখক|எழுதியவர்|செய்தியாளர்|โดย|ผู้เขียน|ავტორი)\s*[:：]?\s+|(?:作者|记者|記者|撰文|기자)\s*[:：]\s*)/
      .source +
    ')',
  'iu',
);

/**
 * "Ghi chép của Hoàng Thủy", "Phóng sự của …": a Vietnamese genre, then của ("by") and the name.
 */
const GENRE_OF =
  /^(?:ghi chép|phóng sự|bút ký|ký sự|tản văn|tùy bút|bài viết|bài|tường thuật|truyện ngắn)\s+của\s+(?=\p{Lu})/iu;

/**
 * "Por Lucía", "Par Claire", "Von Jonas", "di Giulia", "de Andreea", "oleh Budi", Tagalog "ni Rhea": a preposition
 * only when a capitalized name follows ("Von der Leyen" stays; "Di", "De" and "Ni" open surnames,
 * so only "di", "de" and "ni"; a theme's box of "Ni" alone is a byline's word, BYLINE_WORD_ALONE).
 */
const NAME_PREFIX = /^(?:[Pp]or|[Pp]ar|[Vv]on|[Dd]oor|[Dd]a|di|de|[Oo]leh|ni)\s+(?=\p{Lu})/u;

/** The line opens with a byline word: "By …", "Tác giả: …", "Por …". */
export function hasBylinePrefix(text: string): boolean {
  const clean = cleanText(text);
  // Korean writes the title after the name: "홍길동 기자" is a byline as "By Jane Doe" is.
  return (
    BYLINE_PREFIX.test(clean) ||
    NAME_PREFIX.test(clean) ||
    GENRE_OF.test(clean) ||
    KOREAN_REPORTER.test(clean)
  );
}

/**
 * A Korean reporter's byline line: the name (2 to 5 syllables), then 기자 (reporter), after the
 * city reported from, if any ("부산=김지원 기자").
 */
export const KOREAN_REPORTER = /^(?:\p{Script=Hangul}{1,8}\s*=\s*)?\p{Script=Hangul}{2,5}\s+기자$/u;

/**
 * A byline word with no name after it: a theme's "By" box beside the name's own box
 * (`td-author-by` holds "By", `td-author-name` the name).
 */
const BYLINE_WORD_ALONE =
  /^(?:by|written by|posted by|bởi|viết bởi|tác giả|por|par|von|door|di|da|oleh|ni|daga|penulis|muhabir|autor|auteur|author|автор|текст|text|texto|testo|tekst|بقلم|نویسنده|מאת|συντάκτης|szerző|लेखक|প্রতিবেদক|எழுதியவர்|โดย|ผู้เขียน|作者|记者|記者|기자)\s*[:：]?$/iu;

/** The longest line read as a byline (names, roles, a date, an address). */
const MAX_BYLINE_CHARS = 400;

/**
 * Where a byline's name ends and its desk, outlet or place begins: "Ana Souza, g1 Campinas",
 * "Rina Anggraini - kabarnusa Jateng", "Ayşe DEMİR / İZMİR".
 */
export const BYLINE_PARTS = /\s*,\s*|\s+[/–—-]\s+/;

/** "By Jane Doe", "Tác giả: Lan Anh" → the name part. */
export function cleanByline(text: string): string {
  const clean = cleanText(text);
  // No byline runs so long; a page's author attribute may (hostile: the rules below would then
  // take time growing with its square).
  if (clean.length > MAX_BYLINE_CHARS || BYLINE_WORD_ALONE.test(clean)) return '';
  let name = clean.replace(GENRE_OF, '').replace(BYLINE_PREFIX, '').replace(NAME_PREFIX, '');
  // "澎湃新闻记者 王琳", "记者王琳": the paper and the role before a Chinese name.
  name = name.replace(
    /^\p{Script=Han}{0,12}?(?:记者|記者|通讯员|通訊員)\s*(?=\p{Script=Han}{2,4}(?:\s+\p{Script=Han}{2,4})*$)/u,
    '',
  );
  // Swahili "Na Amina Juma" in a box named as a byline ("Na" opens no byline elsewhere: Polish
  // and Czech "Na Slovensku" is "in Slovakia").
  name = name.replace(/^Na\s+(?=\p{Lu}\p{Ll}+\s+\p{Lu})/u, '');
  // "Phương Hằng - Ảnh: Huy Anh", "Jane Doe | Photos: John Roe": the photographer is credited apart.
  name = name.replace(
    /\s*[-–—|,;/]\s*(?:ảnh|hình|photos?|foto|fotos|video|đồ họa|graphics?)(?:\s+by)?\s*[:：].*$/iu,
    '',
  );
  // A follow button in the author's box: "Mai Phương Theo dõi", "Jane Doe Follow".
  name = name.replace(/\s+(?:\+\s*)?(?:theo dõi|follow|seguir|folgen|suivre|segui)$/iu, '');
  // A link to the author's other articles: "연합뉴스 다른기사 보기", "Jane Doe More articles by this
  // author", "Lan Anh Xem thêm bài của tác giả".
  name = name.replace(
    /\s+(?:다른\s*기사\s*(?:보기|더보기)?|기사\s*더\s*보기|more (?:articles|stories|posts)(?: (?:by|from) (?:this )?(?:author|writer|reporter))?|all (?:articles|stories|posts)(?: by this author)?|xem (?:thêm )?(?:các )?bài(?: viết)?(?: khác)?(?: của (?:tác giả|phóng viên))?|weitere artikel(?: von| des autors)?|plus d['’]articles(?: de l['’]auteur)?|más artículos(?: del autor)?|altri articoli(?: dell['’]autore)?|mais artigos(?: do autor)?)$/iu,
    '',
  );
  // "Jane Doe | June 27, 2019", "Quốc Tuấn•2 giờ trước" (spans run together) or "Lan Anh -
  // 27/06/2019": keep the part with the name.
  name = name.split(/\s*[|•]\s*|\s+·\s+/)[0]!;
  // "Justine Coleman - 11/18/19 11:04 PM EST": drop a trailing part that carries digits (a date).
  name = name.replace(/\s+[-–—,]\s+[^-–—,]*\d.*$/, '');
  // "佐藤健一　2024年8月18日 9時05分", "Jane Doe 2024-08-18": the date after a space too.
  name = name.replace(/\s+\d{4}\s*[年./-]\s*\d.*$/u, '');
  // "Rina Kusuma - kabarpesisir", "Jane Doe - example.com": a lower-case site handle after the name.
  name = name.replace(/\s+[-–—|]\s+\p{Ll}[\p{L}\p{N}.]*$/u, '');
  // "Jane Doe (jane@example.com)", "김철수 기자 kimcs@yna.co.kr", "A <a@b.vn>, B <b@b.vn>": addresses are no part of the names.
  if (name.includes('@')) {
    name = name
      .replace(/(?:^|\s*[(<]?|[(<])\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>]?/gu, '')
      .replace(/\s*,(?:\s*,)+/g, ',')
      .replace(/^[\s,]+|[\s,]+$/g, '');
  }
  // "Jane Chen, CNN", "Lan Anh, TTXVN", "Anna Schmidt, dpa": the paper or agency after the name is no part of it.
  name = name.replace(/,\s*(?:\p{Lu}[\p{Lu}\d+.&-]{1,9}|Reuters|Associated Press|Bloomberg)$/u, '');
  const agency = /,\s*(\p{Ll}{2,7})$/u.exec(name);
  if (agency && SMALL_AGENCY_TAGS.has(agency[1]!)) name = name.slice(0, agency.index);
  // "Ana Ferreira e Lusa", "Claire Dumont avec AFP": the agency the reporter wrote with (bylineAgency reads it).
  const wrote = trailingAgency(name);
  if (wrote && wrote.index > 0) name = name.slice(0, wrote.index);
  // "Rafael Souza, de Goiânia", "Jane Doe, in Kyiv": where the reporter wrote from is no part of the name.
  name = name.replace(
    /,\s*(?:de|da|do|desde|em|en|in|from|aus|à|a|à partir de)\s+\p{Lu}[\p{L}'’ -]{1,30}$/u,
    '',
  );
  // "(서울=연합뉴스) 김민지 기자", "[서울=뉴시스]김민수 기자", "세종=김민지 기자": where a Korean
  // reporter filed from, and the agency, before the name.
  name = name
    .replace(/^[([]\p{Script=Hangul}{1,8}\s*=\s*[^)\]]{1,12}[)\]]\s*/u, '')
    .replace(/^\p{Script=Hangul}{1,8}\s*=\s*(?=\p{Script=Hangul}{2,5}(?:\s+기자)?$)/u, '');
  // "김철수 기자" (Korean writes the title after the name): the name; the title alone is none.
  name = name.replace(/(?:^|\s+)기자$/u, '');
  if (KOREAN_AGENCY.test(name)) name = '';
  // "دبي: سارة المنصوري": Gulf papers put the city before the reporter's name.
  name = name.replace(/^\p{Script=Arabic}+(?:\s\p{Script=Arabic}+)?\s*[:：]\s*(?=\p{Script=Arabic})/u, '');
  // "Thanh Hà (thực hiện)", "Minh Anh (tổng hợp)": the reporter's part in the work, not the name.
  name = name.replace(/\s*\((?:thực hiện|ghi|tổng hợp|lược dịch|biên dịch|dịch)\)$/iu, '');
  // "Aminata Ouédraogo (AIB)": an agency's acronym after the name (bylineAgency reads it).
  if (bylineAcronym(name)) name = name.replace(/\s*\(\s*\p{Lu}{2,6}\s*\)$/u, '');
  // "記者王小明／台中報導", "聯合報／記者王小明／台北即時報導" (Taiwan): the reporter, then where they reported from.
  name = name.replace(
    /^(?:\p{Script=Han}{2,6}\s*[／/]\s*)?(?:記者|记者)\s*([\p{Script=Han}·]{2,5})\s*[／/]\s*\p{Script=Han}{1,8}(?:報導|报道)$/u,
    '$1',
  );
  // "Mariana Souza, Jornal do Agreste — Caruaru": the paper and the place after the name.
  name = name.replace(/,\s*\p{Lu}[^,]{1,60}\s[—–]\s\p{Lu}[\p{L}'’ -]{1,30}$/u, '');
  // "（山本美咲）": Japanese papers sign the text with the reporter's name in parentheses.
  const signed = JAPANESE_SIGNATURE.exec(name);
  if (signed && !wireAgencyName(signed[1]!) && !JAPANESE_AGENCY_SHORT.has(signed[1]!)) {
    // "（報道部・佐藤健一）", "（石巻支局・高橋一郎）": the reporter's desk before the name.
    name = signed[1]!.replace(JAPANESE_DESK, '');
  }
  // "Της Ελένης Παπαδοπούλου": a Greek byline's article before the name in the genitive (only in
  // a byline already found: "Του Αγίου Πνεύματος" opening a text is a feast's name, no byline).
  name = name.replace(/^(?:Της|Του|Των)\s+(?=\p{Lu})/u, '');
  // "Thu Hà (Phòng Công tác xã hội)": the writer's unit (a hospital's, a department's) after the name.
  name = name.replace(UNIT_IN_PARENTHESES, '');
  // "Luật sư Nguyễn Văn Hùng", "ThS. BS. Lê Thu Hà": a Vietnamese writer's profession or degree.
  for (let i = 0; i < 3 && VIETNAMESE_TITLE.test(name); i++) name = name.replace(VIETNAMESE_TITLE, '');
  // "Thu Trang (CTV)": the reporter's role in the newsroom is no part of the name.
  name = name.replace(/\s*\(\s*(?:PV|CTV|BTV|NV|TTV|PTV)\s*\)$/u, '');
  name = name.replace(/^[\s\-–—:]+|[\s\-–—:.,]+$/g, '');
  return name;
}

/**
 * A Vietnamese organisation's name, as a writer's unit: a department, a centre, a bar, a hospital,
 * a school… After the name in parentheses ("Thu Hà (Phòng Công tác xã hội)"), or on the line
 * under a signature ("Luật sư Nguyễn Văn Hùng⏎Đoàn Luật sư TP Hà Nội").
 */
const VIETNAMESE_UNIT =
  '(?:đoàn|trung tâm|phòng|sở|ban|bệnh viện|trường|công ty|văn phòng|bộ phận|đơn vị|viện|khoa|hội|ubnd|ủy ban|huyện ủy|tỉnh ủy|thành ủy|đảng ủy|báo|đài|công an|cục|chi cục|tổng cục|bộ|học viện|đại học|liên đoàn)';
const UNIT_LINE = new RegExp(`^${VIETNAMESE_UNIT}\\s`, 'iu');
const UNIT_IN_PARENTHESES = new RegExp(`\\s*\\(${VIETNAMESE_UNIT}\\s[^()]{1,60}\\)$`, 'iu');

/** A profession or degree before a Vietnamese name: lawyer, doctor, master's, doctorate, professor. */
const VIETNAMESE_TITLE =
  /^(?:luật sư|luật gia|bác sĩ|dược sĩ|kỹ sư|nhà báo|ls\.|bs\.|ths\.|ts\.|ks\.|p?gs\.?(?:\s*[,.]?\s*(?:tskh|ts)\.?)?)\s*(?=\p{Lu}\p{Ll})/iu;

/** A name in full-width parentheses, alone on its line: a Japanese paper's signature. */
const JAPANESE_SIGNATURE =
  /^（\s*([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}・ー　 ]{2,12}?)\s*）$/u;
/** A newsroom desk or bureau before a Japanese reporter's name ("報道部・", "石巻支局・", "報道センター　"). */
const JAPANESE_DESK =
  /^(?:\p{Script=Han}{1,6}(?:部|局|班|課|支社|本社)・|(?:[\p{Script=Han}\p{Script=Katakana}ー]{0,6}センター|(?:報道|社会|政治|経済|運動|文化|編集|写真|地域|生活)部|(?:支|総|本)局)[\s　]+)(?=\S)/u;
/** Agencies as Japanese papers credit them in parentheses ("（共同）"): sources, not reporters. */
const JAPANESE_AGENCY_SHORT = new Set(['共同', '時事', '新華社', '聯合', '連合']);

/**
 * The reporters' names in lenticular brackets closing a Japanese article's last paragraph
 * ("…直通で結ばれた。【川口伸明】", "【共同】"): where the text ends, and the names or the
 * agency. A bracket with "＝" is a dateline ("【ワシントン＝…】"), not a signature.
 */
export function closingBracketCredit(
  text: string,
): { end: number; bracket: string; name: string; agency: string } | undefined {
  const m =
    /[。」）!?！？]\s*(【([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}・ー、， ]{2,40})】|（([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}・ー、， ]{2,40})）)$/u.exec(
      text,
    );
  if (!m) return undefined;
  const inner = (m[2] ?? m[3]!).trim();
  // Each name as long as names are (2 to 12), and no label ("【関連記事】", "【写真特集】"); in
  // parentheses, no note ("（敬称略）", "（続く）") and the desk before a name ("（社会部・山田太郎）").
  const names = inner.split(/\s*[、，]\s*/).map((name) => (m[3] ? name.replace(JAPANESE_DESK, '') : name));
  if (
    !names.every((name) => name.length >= 2 && name.length <= 12) ||
    BRACKET_LABEL.test(inner) ||
    (m[3] !== undefined && PARENTHESIS_NOTE.test(inner))
  )
    return undefined;
  const agency = wireAgencyName(inner) ?? (JAPANESE_AGENCY_SHORT.has(inner) ? inner : undefined);
  return {
    end: m.index + m[0].length - m[1]!.length,
    bracket: m[1]!,
    name: agency ? '' : names.join('、'),
    agency: agency ?? '',
  };
}

/** Notes Japanese papers close a text with in parentheses: titles left out, an excerpt, to be continued. */
const PARENTHESIS_NOTE =
  /敬称|抜粋|要旨|続く|続き|つづく|完|終わり|おわり|了|参照|予定|提供|撮影|資料|出典|注/u;

/** Words of the labels Japanese papers set in lenticular brackets: related articles, photos, news flashes. */
const BRACKET_LABEL = /関連|記事|写真|動画|速報|詳報|特集|解説|訂正|ニュース|一覧|続報|号外|図解|映像/u;

/** A Japanese signature ("（山本美咲）"), set apart by its parentheses alone. */
export function isJapaneseSignature(text: string): boolean {
  const m = JAPANESE_SIGNATURE.exec(cleanText(text));
  return m !== null && !wireAgencyName(m[1]!) && !JAPANESE_AGENCY_SHORT.has(m[1]!);
}

const CONNECTORS = new Set([
  '-',
  '–',
  '—',
  '&',
  ',',
  'và',
  'and',
  'with',
  'de',
  'van',
  'von',
  // The other particles of Dutch, German, French, Portuguese, Italian and Malay names ("Sanne van
  // der Meer", "Jan ten Brink", "Ursula von der Leyen", "Siti binti Ahmad").
  'der',
  'den',
  'ten',
  'ter',
  'zu',
  'du',
  'do',
  'dos',
  'das',
  'della',
  'bin',
  'binti',
  'da',
  'di',
  'la',
  'le',
  'del',
  'e',
  'y',
  'et',
  'und',
  'en',
  'i',
]);

/**
 * A newsroom signing for no one in particular ("Por Redacción", "Staff", "Tòa soạn", "Haber
 * Merkezi", "ทีมข่าวภูมิภาค"): the article has no named author.
 */
const NEWSROOM =
  /^(?:নিজস্ব প্রতিবেদক|staff (?:reporter|writer|correspondent)|(?:हमारे|निज) संवाददाता|redacci[oó]n|reda[cç][aã]o|r[eé]daction|redazione|redaktion|redakcja|redakcija|uredni[sš]tvo|redac[tț]ia|staff|agencias|ag[eê]ncias|agences|newsroom|tòa soạn|ban biên tập|(?:web|news|online|city) desk|editorial(?: staff| team| desk)?|haber merkezi|redakce|redakcia|redactie|redaksi|tim redaksi|toimitus|szerkesztőség|σύνταξη|редакція|редакция|редакција|уредништво|فريق التحرير|ทีมข่าว\p{Script=Thai}*|กองบรรณาธิการ|编辑部|編輯部|編集部|एजेंसी|डेस्क)(?:\s+\p{L}+)?$/iu;

/**
 * A reporter's role signed where a name goes ("PV", "Nhóm PV", "Phóng viên", "PV - CTV" under a
 * Vietnamese article): the line is the signature (it leaves the body), and names no author.
 */
export function isRoleAlone(name: string): boolean {
  return ROLE_ALONE.test(cleanText(name));
}
const ROLE_ALONE =
  /^(?:(?:nhóm\s+)?(?:pv|phóng viên|ctv|cộng tác viên|btv|ptv)(?:\s*(?:[-–,/&+]|và)\s*(?:pv|ctv|btv|ptv))*|nhóm\s+(?:pv|phóng viên|ctv|cộng tác viên)\s+\p{Lu}[\p{L}\p{M}\s.-]{0,40})$/iu;

/**
 * A Vietnamese organisation signing where a name goes: the station or paper in short ("Đài TT-TH
 * Văn Chấn", a blog's account: blind probe 40), a portal, an office. No Vietnamese name starts
 * with these words.
 */
export function isVietnameseOrganisation(name: string): boolean {
  return VIETNAMESE_ORGANISATION.test(cleanText(name)) || VIETNAMESE_BOARD.test(cleanText(name));
}
const VIETNAMESE_ORGANISATION =
  /^(?:đài|báo|tạp chí|trung tâm|cổng thông tin|văn phòng|ủy ban|uỷ ban|ubnd|sở|phòng|huyện|xã|phường|tỉnh|thành phố|chi cục|tổng cục|cục|học viện|bệnh viện|công ty|liên đoàn|công an|đại học|viện)\s+\S/iu;
/** "Ban Tuyên giáo", "Hội Nông dân xã": a board's name has a word in small letters ("Ban Mai" is a pen name). */
const VIETNAMESE_BOARD = /^(?:[Bb]an|[Hh]ội|[Bb]ộ)\s+\S.*\s\p{Ll}/u;

/** A reporter's profile link or follow button beside the name ("기자 프로필", "구독"). */
const PROFILE_WORD = /(?<!\p{L})(?:프로필|구독|기자)(?!\p{L})/u;

/**
 * A newsroom signing for no one in particular (NEWSROOM: "Staff", "Tòa soạn"), with the city it
 * wrote from after a comma ("নিজস্ব প্রতিবেদক, ঢাকা": own correspondent, Dhaka).
 */
export function isNewsroom(name: string): boolean {
  const clean = cleanText(name);
  if (NEWSROOM.test(clean)) return true;
  // Only a place after the comma (one word): "Staff, Jane Doe" or "Redacción, María García" name her.
  const [first = '', ...rest] = clean.split(/\s*[,，]\s*/);
  return rest.length === 1 && !/\s/.test(rest[0]!) && NEWSROOM.test(first);
}

/** Words that join two authors' names on a byline, in the languages of the pages Bantin reads. */
export const NAME_JOINER_WORDS = 'and|und|et|y|e|i|en|og|och|ja|és|a|и|і|και|ve|và|dan|na';
/** Where a byline of several names is split (scripts whose joiners stick to the name are left whole). */
const NAME_JOINER = new RegExp(`\\s*,\\s*|\\s+(?:[-–—&/]|${NAME_JOINER_WORDS})\\s+`, 'iu');
/** NAME_JOINER, the joiners kept in the split. */
const NAME_JOINER_KEPT = new RegExp(`(${NAME_JOINER.source})`, 'iu');
/** Particles inside a name ("Ana de la Cruz", "Ludwig van Beethoven", "Siti binti Ahmad"). */
const NAME_PARTICLES = new Set(
  'de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ten|ter|zu|bin|binti|bint|al|el|y|e|i'.split('|'),
);

/**
 * A byline's parts between its joiners, where one word after a joining word continues the name
 * before it: Catalan, Spanish and Portuguese join two surnames so ("Jordi Puig i Serra", "José
 * Ortega y Gasset", "Ana Marques e Silva").
 */
function namesOf(byline: string): string[] {
  const pieces = byline.split(NAME_JOINER_KEPT);
  const parts = [pieces[0]!];
  for (let i = 1; i + 1 < pieces.length; i += 2) {
    const [joiner, part] = [pieces[i]!, pieces[i + 1]!];
    if (/^\s+\p{L}+\s+$/u.test(joiner) && !/\s/.test(part)) parts[parts.length - 1] += joiner + part;
    else parts.push(part);
  }
  return parts;
}

/**
 * Several authors in one form, whatever the page joined them with: "Laura Méndez y Diego Ríos",
 * "Hoàng Sơn - Thu Hằng", "Marco Bellini e Giulia Ferraro" → "Laura Méndez, Diego Ríos". Only when
 * every part is a person's name of one to five capitalized words (particles aside), in small
 * letters or two words at least in capitals ("HẢI NGUYỄN - TRÚC LINH"): "Lan Anh - TTXVN" (an
 * agency), "Báo Hà Nam" and "Jean-Pierre Dupont" stay as written.
 */
export function joinedNames(byline: string): string {
  const parts = namesOf(byline);
  if (parts.length < 2 || parts.length > 8) return byline;
  const isName = (part: string) => {
    const words = part.split(/\s+/).filter((word) => !NAME_PARTICLES.has(word.toLowerCase()));
    return (
      words.length >= 1 &&
      words.length <= 5 &&
      // Small letters, or two words in capitals ("HẢI NGUYỄN"): one word in capitals is an acronym.
      (/\p{Ll}/u.test(part) || words.length >= 2) &&
      !UNIT_LINE.test(part) &&
      !NEWSROOM.test(part) &&
      !wireAgencyName(part) &&
      words.every((word) => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(word))
    );
  };
  // Two one-word parts are a first and a last name as often as two people ("Ana y Luis" is rare,
  // "Jane, Doe" is a cataloguer's order): at least one part has two words.
  if (!parts.every(isName) || parts.every((part) => !/\s/.test(part))) return byline;
  return parts.join(', ');
}

/**
 * Two to eight capitalized words (or words of a script without capitals: أحمد علي, 王明), no
 * digits, no sentence punctuation: "Lan Anh", "Lan Anh - Thu Hà".
 */
export function looksLikeName(text: string): boolean {
  const clean = cleanText(text);
  if (!clean || clean.length > 70 || /\d|[!?;:"“”…]/.test(clean)) return false;
  if (isSectionLabel(clean) || isControlText(clean) || NEWSROOM.test(clean) || PROFILE_WORD.test(clean))
    return false;
  const words = clean.split(/\s+/).filter(Boolean);
  const meaningful = words.filter((w) => !CONNECTORS.has(w.toLowerCase()));
  if (meaningful.length < 1 || meaningful.length > 8) return false;
  // Georgian's letters are small ones (its capitals go unused): a name starts with any of them.
  // (Joiners inside a word: Sinhala's ප්‍ර and Persian's half-space are letters' glue, U+200D, U+200C,
  // and so is the Tibetan tsheg, U+0F0B/U+0F0C, between a name's syllables: probe 48.)
  return meaningful.every((w) =>
    /^[\p{Lu}\p{Lo}\p{Script=Georgian}](?:[\p{L}\p{M}'’.-]|\u200C|\u200D|\u0F0B|\u0F0C)*,?$/u.test(w),
  );
}

/**
 * "Source" in the languages of the pages Bantin reads, opening a source line: "Nguồn: Báo Hà
 * Nam", "(Theo VnExpress)", "Źródło: PAP", "Πηγή: ΑΠΕ", "מקור: וואלה", "स्रोत: एजेंसी", "Avots:
 * LETA", "ប្រភព៖ AKP" (Khmer's colon), "Աղբյուրը՝ Արմենպրես" (Armenian's), "Эх сурвалж: МОНЦАМЭ",
 * "ແຫຼ່ງຂ່າວ: ຂປລ", and (probe 48) Sorani "سەرچاوە: ئاژانسی ڕووداو", Kurmanji "Çavkanî", Somali
 * "Xigasho", Tatar "Чыганак", Tibetan "ཁུངས", Tigrinya "ምንጪ", Dhivehi "މަސްދަރު". Any but "Nguồn"
 * and "Theo" only before a colon.
 */
const SOURCE_LINE =
  /^[([]?\s*(nguồn(?:\s+tin)?(?=\s*[:：])|nguồn|theo|source|sources|via|quelle|fuente|fonte|font|iturria|источник|джерело|източник|извор|дереккөз|źródło|zdroj|forrás|kaynak|mənbə|manba|bron|källa|kilde|heimild|lähde|allikas|avots|šaltinis|vir|burimi|sursa|izvor|sumber|chanzo|ffynhonnell|foinse|pinagmulan|pinagkunan|πηγή|წყარო|աղբյուրը|աղբյուր|эх сурвалж|מקור|المصدر|منبع|ماخذ|स्रोत|সূত্র|উৎস|ਸਰੋਤ|સ્ત્રોત|மூலம்|మూలం|ಮೂಲ|ഉറവിടം|ที่มา|ប្រភព|ແຫຼ່ງຂ່າວ|ແຫຼ່ງທີ່ມາ|ທີ່ມາ|ရင်းမြစ်|来源|來源|出典|출처|ምንጭ|ምንጪ|سەرچاوە|çavkanî|xigasho|чыганак|ཁུངས་?|މަސްދަރު)\s*([:：፦፡፥៖՝]?)\s*(.+?)\s*[)\]]?\s*[.。]?$/iu;

/** A site named by its host ("tvn24.pl", "vnexpress.net"). */
const HOST_NAME = /^[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}$/i;

/**
 * The source a line credits ("Nguồn: Báo Hà Nam" → "Báo Hà Nam", "(Theo VnExpress)" →
 * "VnExpress"), or undefined when the line is anything else, such as a sentence that merely
 * starts with "Theo" ("Theo Ban Quản lý, …").
 */
export function parseAttribution(text: string): string | undefined {
  // "(©NTB)", "(© AFP)", "(c) Reuters": the copyright sign before an agency's name credits it.
  const clean = cleanText(text).replace(/^([([]?)\s*(?:©|\(c\)|copyright)\s*/iu, '$1');
  if (clean.length > 120) return undefined;
  const wire = wireCredit(clean) ?? agencyCredit(clean) ?? datedCredit(clean) ?? inputsCredit(clean);
  if (wire) return wire;
  const m = SOURCE_LINE.exec(clean);
  if (!m) return undefined;
  const keyword = m[1]!.toLowerCase().replace(/\s+tin$/, '');
  const hasColon = m[2] !== '';
  const value = m[3]!.replace(/^["“'‘]|["”'’]$/g, '').trim();
  // "Theo Minh Hải (Báo Tin tức)": the reporter and the paper, for splitNameAndSource.
  if (!value || /[;!?()]/.test(value) || wordCount(value) > 10) return undefined;
  // Sources listed after a colon ("Źródło: Onet, IMGW", "Źródło: PAP, tvn24.pl") or in parentheses
  // ("(Theo Reuters, AFP)"), each a name or a site's host name; a comma otherwise is prose ("Theo
  // Bộ Y tế, số ca mắc …").
  const names = value.split(/\s*,\s*/);
  const apart = hasColon || /^\(.*\)[.。]?$/u.test(clean);
  const named = (n: string) => (/^[\p{Lu}\p{Lo}\p{N}]/u.test(n) && wordCount(n) <= 4) || HOST_NAME.test(n);
  if (names.length > 1 && !(apart && names.length <= 4 && names.every(named))) return undefined;
  // Only "Nguồn" and "Theo" may credit without a colon ("Source of the river" is prose).
  if (keyword !== 'nguồn' && keyword !== 'theo' && !hasColon) return undefined;
  // "Theo Báo Hà Nam" names a source; "theo dõi …" or "Theo đó, …" does not. After a colon,
  // a name may be written small ("Quelle: dpa").
  if (!hasColon && !/^[\p{Lu}\p{Lo}\p{N}]/u.test(value) && !/^https?:\/\//.test(value)) return undefined;
  if (keyword === 'theo' && /^(?:Đó|Ông|Bà|Anh|Chị|Tôi|Chúng|Họ|Như)(?!\p{L})/u.test(value)) return undefined;
  return value;
}

/** Agencies that sign in small letters (German and Austrian papers above all). */
const SMALL_AGENCY_TAGS = new Set([
  'dpa',
  'afp',
  'ap',
  'rtr',
  'reuters',
  'kna',
  'epd',
  'sid',
  'apa',
  'sda',
  'ats',
  'ansa',
  'efe',
  'lusa',
  'ddp',
  'dts',
  'afx',
  'ots',
  'red',
  'bbc',
]);

/**
 * The wire agencies whose name closes a reporter's byline ("Von Anna Schmidt, dpa", "By Jane Doe,
 * AFP", "Lan Anh (TTXVN)"): the story is theirs, so they are its attribution. Only agencies: a
 * paper's own name after its reporter ("Jane Chen, CNN") credits no one else.
 */
const WIRE_AGENCIES = new Map(
  [
    'AFP',
    'AP',
    'Associated Press',
    'Reuters',
    'dpa',
    'EFE',
    'ANSA',
    'Lusa',
    'APA',
    'KNA',
    'epd',
    'SDA',
    'ATS',
    'Keystone-SDA',
    'TTXVN',
    'Vietnam+',
    'Xinhua',
    'Tân Hoa Xã',
    'Kyodo',
    'Jiji',
    'Yonhap',
    'Bernama',
    'Antara',
    'PTI',
    'IANS',
    'भाषा',
    'वार्ता',
    'ANI',
    'TASS',
    'RIA Novosti',
    'Interfax',
    'Ukrinform',
    'PAP',
    'ČTK',
    'MTI',
    'BTA',
    'Anadolu',
    'AA',
    'WAM',
    'SPA',
    'QNA',
    'KUNA',
    'MENA',
    'AAP',
    'NZPA',
    'Agência Brasil',
    'Notimex',
    'Télam',
    'Prensa Latina',
    'UPI',
    'Bloomberg',
    'The Canadian Press',
    'Canadian Press',
    'The Associated Press',
    'PA Media',
    'Press Association',
    'Agence France-Presse',
    'ANP',
    'Belga',
    'NTB',
    'STT',
    'Ritzau',
    'Europa Press',
    'AGI',
    'Adnkronos',
    'LaPresse',
    'ТАСС',
    'РИА Новости',
    'Интерфакс',
    'Укрінформ',
    'УНІАН',
    'IRNA',
    'Kyodo News',
    'Jiji Press',
    'Yonhap News',
    'Xinhua News Agency',
    'Anadolu Agency',
    'Deutsche Presse-Agentur',
    '新华社',
    '新華社',
    '中新社',
    '中央社',
    '共同通信',
    '共同通信社',
    '時事通信',
    '時事通信社',
    '연합뉴스',
    '뉴시스',
    // National agencies of smaller languages: Catalonia, Ethiopia (in English and Amharic),
    // Pakistan, Romania, Croatia, Serbia, Bosnia, Greece, Slovakia, Latvia, Lithuania, Slovenia,
    // Nigeria, Bangladesh, the Philippines, Syria, Algeria, Vietnam's in English, Spain; Sweden,
    // Mongolia, Armenia, Azerbaijan, Kazakhstan, Georgia, Uzbekistan, Serbia's in Cyrillic.
    ...['ACN', 'ENA', 'ኢዜአ', 'APP', 'AGERPRES', 'HINA', 'Tanjug', 'FENA', 'ANA-MPA', 'ΑΠΕ-ΜΠΕ'],
    ...['TASR', 'LETA', 'BNS', 'STA', 'NAN', 'UNB', 'BSS', 'PNA', 'SANA', 'APS', 'VNA', 'Servimedia'],
    ...['TT', 'Montsame', 'МОНЦАМЭ', 'Armenpress', 'Արմենպրես', 'AzerTac', 'Azertag', 'AZƏRTAC'],
    ...['Kazinform', 'Казинформ', 'Interpressnews', 'UzA', 'Танјуг'],
  ].map((name) => [name.toLowerCase(), name]),
);

/** The agency a line is the bare name of ("共同通信", "AFP", "dpa"), as it is usually written. */
export function wireAgencyName(text: string): string | undefined {
  const name = cleanText(text)
    .replace(/[.。]$/u, '')
    .toLowerCase();
  // "Agência Lusa", "Agencia EFE", "Agence France-Presse" is AFP's full name, kept as written.
  return WIRE_AGENCIES.get(name) ?? WIRE_AGENCIES.get(name.replace(AGENCY_WORD, ''));
}

/** "Agency" before an agency's name, in the languages of the pages Bantin reads. */
const AGENCY_WORD = /^(?:agência|agencia|agence|agenzia|agentur|agency|ajansı|agencja|agentura)\s+/u;

/**
 * The wire agency named by the dateline opening the text, its place (and date) in six words at
 * most, then the agency in parentheses: "WASHINGTON (AP) — …", "NEW DELHI, March 12 (PTI) …",
 * "नई दिल्ली, 12 मार्च (भाषा) …". Only an agency Bantin knows (wireAgencyName).
 */
export function openingAgency(text: string): string | undefined {
  const m = /^([^()（）]{2,60}?)\s*[(（]\s*([^()（）]{2,30}?)\s*[)）](\s*[-–—])?/u.exec(
    cleanText(text).slice(0, 120),
  );
  if (!m) return undefined;
  const [, place, agency, dash] = m;
  // (Words as spaces part them: a Devanagari vowel sign is no word's end.)
  if (place!.trim().split(/\s+/).length > 6) return undefined;
  // A dateline: a dash after the agency, or a date after the place ("नई दिल्ली, 12 मार्च"). Not a
  // name with its acronym ("The Associated Press (AP) said…", "Thông tấn xã Việt Nam (TTXVN) vừa…").
  return dash || /[,，]\s*[^,，]*\p{Nd}/u.test(place!) ? wireAgencyName(agency!) : undefined;
}

/**
 * The reporters and agency of a Chinese wire dateline that opens the text:
 * "新华社杭州12月2日电（记者张明）…", "中新社北京3月5日電 (記者 李華、王強) …".
 */
export function datelineReporters(text: string): { names: string; agency: string } | undefined {
  const m =
    /^(\p{Script=Han}{2,6}?(?:社|网|網))\s*\p{Script=Han}{0,8}\s*[0-9０-９一二三四五六七八九十〇]{1,4}\s*月\s*[0-9０-９一二三四五六七八九十〇]{1,3}\s*日\s*[电電]\s*[（(]\s*(?:记者|記者)\s*([^（）()]{2,40}?)\s*[）)]/u.exec(
      cleanText(text),
    );
  if (!m) return koreanDatelineReporters(text) ?? indicDatelineReporter(text);
  const names = m[2]!.split(/\s*[、，,\s]\s*/u).filter(Boolean);
  if (names.length > 4 || !names.every((n) => /^[\p{Script=Han}·]{2,5}$/u.test(n))) return undefined;
  return { names: names.join('、'), agency: m[1]! };
}

/** A Korean wire dateline: "(서울=연합뉴스) 김민수 기자 =", "[세종=뉴시스]김민수·이지은 기자 =". */
function koreanDatelineReporters(text: string): { names: string; agency: string } | undefined {
  const m =
    /^[([]\s*\p{Script=Hangul}{1,8}\s*=\s*(\p{Script=Hangul}[\p{Script=Hangul}\d]{1,7})\s*[)\]]\s*(\p{Script=Hangul}{2,5}(?:\s*[·ㆍ,]\s*\p{Script=Hangul}{2,5}){0,3})\s*(?:기자|특파원)\s*=/u.exec(
      cleanText(text),
    );
  if (!m) return undefined;
  return { names: m[2]!.split(/\s*[·ㆍ,]\s*/u).join(', '), agency: m[1]! };
}

/** Scripts of the papers that name their reporter in the dateline: Indian languages and Urdu. */
const INDIC_WORD = String.raw`[\p{Script=Devanagari}\p{Script=Gurmukhi}\p{Script=Bengali}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Arabic}\p{M}.]+`;
const INDIC_DATELINE = new RegExp(
  `^(${INDIC_WORD}(?:\\s+${INDIC_WORD}){0,2})\\s*[(（]\\s*(${INDIC_WORD}(?:\\s+${INDIC_WORD}){0,3})\\s*[)）]\\s*[:：\\-–—]`,
  'u',
);
/**
 * What a dateline's bracket names that is no reporter: a bureau, a correspondent's title, a desk,
 * an agency ("नई दिल्ली (ब्यूरो):", "ਜਲੰਧਰ (ਪੱਤਰ ਪ੍ਰੇਰਕ):", "لاہور (نمائندہ خصوصی):").
 */
const NO_REPORTER =
  /संवाददाता|ब्यूरो|प्रतिनिधि|एजेंस|समाचार|डेस्क|टीम|न्यूज़?|टाइम्स|रिपोर्ट|भाषा|वार्ता|आईएएनएस|पीटीआई|यूएनआई|हि\.स|ਬਿਊਰੋ|ਪੱਤਰ|ਪ੍ਰੇਰਕ|ਨਿਊਜ਼|ਡੈਸਕ|ਟੀਮ|ਏਜੰਸੀ|ਸੰਵਾਦਦਾਤਾ|ਪ੍ਰਤੀਨਿਧ|ਭਾਸ਼ਾ|ਵਾਰਤਾ|نمائندہ|خصوصی|بیورو|رپورٹر|نیوز|ایجنسی|ڈیسک|ٹیم|خبرنگار|প্রতিনিধি|সংবাদদাতা|ডেস্ক|নিউজ|ব্যুরো|সংস্থা/u;

/**
 * The reporter an Indian-language or Urdu paper names in the dateline opening the text, the place
 * and then the name in brackets: "ਜਲੰਧਰ (ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ) : …", "नई दिल्ली (राजेश कुमार): …". Not a
 * bureau, a title or an agency ("(ब्यूरो)", "(भाषा)").
 */
function indicDatelineReporter(text: string): { names: string; agency: string } | undefined {
  const m = INDIC_DATELINE.exec(cleanText(text).slice(0, 160));
  if (!m || NO_REPORTER.test(m[2]!) || wireAgencyName(m[2]!)) return undefined;
  return { names: m[2]!, agency: '' };
}

/**
 * A closing credit naming what the article was written with: "(mit dpa)", "(avec AFP)",
 * "(with Reuters)", "*Com informações da Agência Brasil", "(Con información de EFE)". After
 * "with" alone, only wire agencies ("(with John)" is no credit); after "with information from",
 * any names.
 */
function agencyCredit(line: string): string | undefined {
  let text = line.replace(/^\*\s*/, '');
  const paren = /^\((.*)\)[.。]?$/u.exec(text);
  if (paren) text = paren[1]!.trim();
  text = text.replace(/[.。]$/u, '');
  const informed =
    /^(?:com informações d[aeo]s?|con (?:información|informaciones) de(?:l| la| las| los)?|avec (?:des )?informations? d[eu]s?|with (?:reporting|information|files) (?:by|from)|mit (?:Material|Informationen) (?:von|der|des))\s+(.{2,60})$/iu.exec(
      text,
    );
  const parts = (names: string) => names.split(/\s*(?:,|\/|\s(?:and|und|et|y|e|en)\s)\s*/u);
  if (informed) {
    const names = parts(informed[1]!);
    return names.length <= 4 && names.every((n) => /^[\p{Lu}\p{Lo}]/u.test(n) && wordCount(n) <= 4)
      ? informed[1]
      : undefined;
  }
  const joined = /^(?:with|mit|avec|con|com|met)\s+(.{2,40})$/iu.exec(text);
  if (joined && (paren || line.startsWith('*'))) {
    const agencies = parts(joined[1]!).map((n) => WIRE_AGENCIES.get(n.toLowerCase()));
    if (agencies.every(Boolean)) return agencies.join(', ');
  }
  return paren ? phraseCredit(text) : undefined;
}

/**
 * "Amb informació de l'ACN", "Tổng hợp từ TTXVN" (in parentheses): a few words ending in a known
 * agency, whatever the language. Not a label ("Ảnh: TTXVN" credits a photo) nor a list ("Theo
 * Reuters, AFP", "Theo Reuters và AFP" are the source line's to read).
 */
function phraseCredit(text: string): string | undefined {
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 6 || /[:：፦,，;/&]/u.test(text)) return undefined;
  // "Theo Reuters và AFP": two agencies, for the source line.
  if (words.slice(0, -1).some((word) => WIRE_AGENCIES.has(word.toLowerCase()))) return undefined;
  const last = words.at(-1)!.replace(/^(?:l|d|dell|dall|all)['’]/iu, '');
  return WIRE_AGENCIES.has(last.toLowerCase()) ? last : undefined;
}

/**
 * An agency's acronym in parentheses closing a byline ("Aminata Ouédraogo (AIB)", "(NAN)"), not
 * a reporter's role ("(CTV)", "(PV)" in Vietnamese papers), a marker ("(VIDEO)", "(HẾT)"), nor
 * the zone of a time it follows ("08:15 PM (IST)", "10:30 (WIB)").
 */
function bylineAcronym(text: string): string | undefined {
  const clean = cleanText(text);
  const m = /\(\s*(\p{Lu}{2,6})\s*\)[.。]?$/u.exec(clean);
  if (!m || REPORTER_ROLES.has(m[1]!)) return undefined;
  return AFTER_TIME.test(clean.slice(0, m.index)) ? undefined : m[1];
}
/** Text ending with a clock time ("08:15", "8.15 PM", "20h15"): a parenthesis after it names its zone. */
const AFTER_TIME = /\d{1,2}\s*[:.hg]\s*\d{2}(?:\s*[:.]\s*\d{2})?(?:\s*[AaPp]\.?\s*[Mm]\.?)?\s*$/u;
const REPORTER_ROLES = new Set([
  'PV',
  'CTV',
  'BTV',
  'NV',
  'TTV',
  'PTV',
  'ĐV',
  'VIDEO',
  'AUDIO',
  'FOTO',
  'PHOTO',
  'ẢNH',
  'HẾT',
  'END',
  'TIẾP',
]);

/**
 * The agency whose name in parentheses closes a paragraph after its last sentence ("… lost
 * trips. (NAN)", "… (AFP)"): a known agency or an acronym that is no reporter's role.
 */
export function closingAgency(text: string): string | undefined {
  const m = /[.!?。”"»]\s*\(\s*([^()]{2,30}?)\s*\)$/u.exec(cleanText(text));
  if (!m) return undefined;
  return WIRE_AGENCIES.get(m[1]!.toLowerCase()) ?? bylineAcronym(`(${m[1]})`);
}

/** The wire agency that closes a byline (after a comma, a slash or in parentheses), if any. */
export function bylineAgency(text: string): string | undefined {
  const clean = cleanText(text);
  // "Lan Anh (TTXVN)", "Claire Le Goff (avec AFP)".
  const paren = /\(([^()]{2,40})\)[.。]?$/u.exec(clean);
  const credit =
    paren &&
    (WIRE_AGENCIES.get(paren[1]!.trim().toLowerCase()) ?? agencyCredit(paren[0]) ?? bylineAcronym(clean));
  if (credit) return credit;
  return trailingAgency(clean)?.agency;
}

/**
 * The wire agency a byline ends with, after a comma or a slash or a word joining it to the names,
 * and where that tail starts: "Von Anna Schmidt, dpa", "Thu Hằng/Vietnam+", "Par Claire Dumont
 * avec AFP", "Ana Marques Ferreira e Lusa".
 */
function trailingAgency(text: string): { agency: string; index: number } | undefined {
  const m =
    /\s*[,/]\s*(\p{L}[\p{L}+. -]{0,20}?)\s*[.。]?$/u.exec(text) ??
    /\s+(?:avec|with|mit|con|com|met|und|and|et|y|e)\s+(\p{L}[\p{L}+.-]{0,20})\s*[.。]?$/iu.exec(text);
  const agency = m && WIRE_AGENCIES.get(m[1]!.toLowerCase());
  return agency ? { agency, index: m.index } : undefined;
}

/**
 * A news agency's credit on a line of its own, in parentheses: "(TTXVN/Vietnam+)", "(dpa/afp)",
 * "(AFP)". Agencies joined by a slash, or one written as an acronym; a part with a digit or a
 * sentence is something else ("(Kỳ 2/3)", "(Còn nữa)").
 */
const CASELESS_ACRONYM =
  /^[\p{Script=Lao}\p{Script=Thai}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Sinhala}\p{Script=Ethiopic}]{2,8}$/u;

function wireCredit(line: string): string | undefined {
  const m = /^\(\s*([^()]{2,60}?)\s*\)[.。]?$/u.exec(line);
  if (!m) return undefined;
  const parts = m[1]!.split(/\s*\/\s*/);
  if (parts.length > 4) return undefined;
  const agency = (part: string) => /^\p{L}[\p{L}\p{M}+&.' -]*$/u.test(part) && wordCount(part) <= 3;
  if (!parts.every(agency)) return undefined;
  // Written small, only agencies' own tags: "(dpa/afp)". Other small letters are editors'
  // initials ("(rdp/imk)", as Indonesian papers close), no source.
  if (parts.every((part) => /^\p{Ll}+$/u.test(part)) && !parts.every((part) => SMALL_AGENCY_TAGS.has(part)))
    return undefined;
  // Capitals, or a short word of a script of South and Southeast Asia, which has none ("(ຂປລ)",
  // Laos' agency): Arabic's and Chinese bracketed words close a text otherwise ("(انتهى)", "（完）").
  const acronym = (part: string) => /^[\p{Lu}+&]{2,10}$/u.test(part) || CASELESS_ACRONYM.test(part);
  // A known agency as the page writes it ("(Hina)", "(Reuters)").
  if (parts.length === 1 && !acronym(parts[0]!))
    return WIRE_AGENCIES.has(parts[0]!.toLowerCase()) ? m[1] : undefined;
  return m[1];
}

/**
 * An agency's credit with the day, as Austrian and Swiss papers close: "(APA, 1.12.2026)",
 * "(red, APA, 1.12.2026)", "(sda/dpa, 2026-12-01)". The known agencies among the tags before the
 * date; a newsroom's own tag ("red") is none.
 */
function datedCredit(line: string): string | undefined {
  const m =
    /^\(\s*([^()\d]{2,60}?)\s*,\s*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2})\s*\)[.。]?$/u.exec(
      line,
    );
  if (!m) return undefined;
  const agencies = m[1]!.split(/\s*[,/]\s*/).map((part) => WIRE_AGENCIES.get(part.toLowerCase()));
  const known = agencies.filter((agency) => agency !== undefined);
  return known.length > 0 ? known.join(', ') : undefined;
}

/** "(With inputs from PTI)", "With inputs from Reuters and AFP.": the agencies a report draws on. */
function inputsCredit(line: string): string | undefined {
  const m = /^\(?\s*with (?:additional )?inputs? from\s+(.{2,60}?)\s*\)?[.。]?$/iu.exec(line);
  if (!m) return undefined;
  const parts = m[1]!.split(/\s*(?:,|\/|&|\band\b)\s*/iu).filter(Boolean);
  const named = parts.map((part) => WIRE_AGENCIES.get(part.toLowerCase()) ?? bylineAcronym(`(${part})`));
  return named.every((name) => name !== undefined) ? named.join(', ') : undefined;
}

export interface SignatureCandidate {
  text: string;
  bold: number;
  italic: number;
  align: string;
  hints: string;
}

/** Korean news agencies, which a dateline names before the reporter: no reporter's name. */
const KOREAN_AGENCY = /^(?:연합뉴스|뉴시스|뉴스1|뉴스핌)$/u;

/** "김민수 기자 minsu@hanbit.co.kr": the reporter's name, title and address, as Korean papers sign. */
export function isSignedAddress(text: string): boolean {
  return /^[^\s@]+(?:\s[^\s@]+){0,2}\s+기자\s*[(<]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[)>]?$/u.test(
    cleanText(text),
  );
}

/** The reporter's name signed at the end: short, name-like and set apart (right-aligned, bold or named so). */
/**
 * A writer's role or unit on the line under a signature, in any language: a few words, no
 * sentence, number, label or second name ("Công chức Văn hóa – Xã hội xã", "Staff writer").
 */
function isRoleLine(line: string): boolean {
  return (
    line.length <= 60 &&
    wordCount(line) <= 8 &&
    !endsSentence(line) &&
    !/[\d:：@]/.test(line) &&
    !looksLikeName(line) &&
    parseAttribution(line) === undefined
  );
}

/** A Vietnamese office's name alone: its kind first, a few words, no number or sentence. */
function isUnitSignature(name: string): boolean {
  return UNIT_LINE.test(name) && wordCount(name) <= 10 && !/\d/.test(name) && !endsSentence(name);
}

export function signatureName(block: SignatureCandidate): string | undefined {
  // "Luật sư Nguyễn Văn Hùng⏎Đoàn Luật sư TP Hà Nội": the name, then its unit on a line of its own;
  // "Lò Văn Khởi⏎Công chức Văn hóa – Xã hội xã": the name, then its role (probe 48).
  const lines = block.text.split('\n').map(cleanText).filter(Boolean);
  if (lines.length === 2 && lines[1]!.length <= 80 && (UNIT_LINE.test(lines[1]!) || isRoleLine(lines[1]!))) {
    const name = signatureName({ ...block, text: lines[0]! });
    if (name) return name;
  }
  const clean = cleanText(block.text);
  const hasPrefix = hasBylinePrefix(clean) || isSignedAddress(clean);
  const name = cleanByline(clean);
  // A role where the name goes ("Nhóm phóng viên") signs too, for no one (isRoleAlone), and so does
  // an office ("Chi cục Trồng trọt và BVTV", "Phòng Kinh tế huyện": probe 49).
  if (!looksLikeName(name) && !isRoleAlone(name) && !isUnitSignature(name)) return undefined;
  const setApart =
    block.align === 'right' ||
    block.bold >= 0.9 ||
    BYLINE_HINT.test(block.hints) ||
    hasPrefix ||
    isJapaneseSignature(clean);
  return setApart ? name : undefined;
}

const TAGGED_SIGNATURE = new RegExp(String.raw`^([^/]{3,60}?)\s*\/\s*(${PAPER_TAG})$`, 'u');

/** "Lan Anh (Theo VnExpress)" → both parts. */
export function splitNameAndSource(text: string): { name: string; source: string } | undefined {
  const clean = cleanText(text);
  // "Thu Hằng/VOV.VN", "Lan Anh/TTXVN": the reporter, then the paper or agency as its tag.
  const tagged = TAGGED_SIGNATURE.exec(clean);
  if (tagged) {
    const name = cleanByline(tagged[1]!);
    return looksLikeName(name) ? { name, source: tagged[2]! } : undefined;
  }
  // "Thu Hằng (TTXVN)", "Jane Doe (AFP)": the reporter, then the agency's credit.
  const credited = /^([^()]{3,60}?)\s*(\([^()]{2,60}\))$/u.exec(clean);
  const agency = credited && !/^theo\s/iu.test(clean) ? wireCredit(credited[2]!) : undefined;
  if (credited && agency) {
    const name = cleanByline(credited[1]!);
    return looksLikeName(name) ? { name, source: agency } : undefined;
  }
  // "Theo Minh Hải (Báo Tin tức)": the reporter, then the paper that first ran the story.
  const via = /^theo\s+([^()]{3,60}?)\s*\(\s*([^()]{2,60}?)\s*\)[.。]?$/iu.exec(clean);
  if (via) {
    const name = cleanByline(via[1]!);
    const paper = via[2]!;
    return looksLikeName(name) && /^[\p{Lu}\p{Lo}\p{N}]/u.test(paper) && wordCount(paper) <= 6
      ? { name, source: paper }
      : undefined;
  }
  const m = /^(.+?)\s*[([]\s*((?:nguồn|theo)\b.+?)\s*[)\]]\s*$/iu.exec(clean);
  if (!m) return undefined;
  const source = parseAttribution(`(${m[2]!})`);
  const name = cleanByline(m[1]!);
  return source && looksLikeName(name) ? { name, source } : undefined;
}
