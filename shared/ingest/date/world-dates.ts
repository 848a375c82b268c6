/**
 * Date lines in the world's other languages, scripts and calendars: what `parseVietnameseDate`
 * tries when its own patterns (Vietnamese, numeric, and the month names of a few Latin-script
 * languages and Russian) find no date. Polish "27 czerwca 2019", Greek "27 Ιουνίου 2019", Hindi
 * "27 जून 2019", Hebrew "27 ביוני 2019", Hungarian "2019. június 27.", Thai "27 มิ.ย. 2562"
 * (the Buddhist era), Persian "۶ تیر ۱۳۹۸" (the solar hijri calendar).
 *
 * The month names are not a table kept by hand: they are the ones ICU's CLDR data gives Node's
 * `Intl` for some seventy languages, long and short, alone ("czerwiec") and in a date
 * ("czerwca"), read at the first line that needs them (most pages state their date in metadata,
 * or in a form the common patterns read).
 */

/**
 * Languages whose month names are read, by the script they write them in, the most read first: a
 * word is looked up among its script's languages alone, so a Greek date line costs one
 * language's names, and a Latin one (the largest group, 40–70 ms at its first lookup) is built
 * once per process. Regional variants where a region names months apart (Levantine Arabic, Dari).
 */
const SCRIPTS: [script: RegExp, locales: string[]][] = [
  [
    /\p{Script=Latin}/u,
    [
      ...['en', 'es', 'pt', 'fr', 'de', 'id', 'it', 'tr', 'pl', 'ms', 'fil', 'nl', 'ro', 'uz', 'ha'],
      ...['yo', 'sw', 'az', 'hu', 'cs', 'sv', 'af', 'so', 'jv', 'sr-Latn', 'sk', 'da', 'fi', 'nb'],
      ...['hr', 'ca', 'bs', 'sq', 'lt', 'sl', 'gl', 'lv', 'et', 'eu', 'nn', 'cy', 'ga', 'lb', 'is'],
    ],
  ],
  [
    /\p{Script=Cyrillic}/u,
    ['ru', 'uk', 'be', 'bg', 'mk', 'sr', 'kk', 'ky', 'mn', 'tt', 'tg', 'ba', 'cv', 'sah'],
  ],
  [/\p{Script=Greek}/u, ['el']],
  [
    /\p{Script=Arabic}/u,
    [
      'ar',
      'ar-SY',
      'ar-IQ',
      'ar-DZ',
      'ar-MA',
      'fa',
      'fa-AF',
      'fa-u-ca-gregory',
      'ur',
      'ps',
      'ckb',
      'sd',
      'ug',
      'ks',
    ],
  ],
  [/\p{Script=Hebrew}/u, ['he']],
  [/\p{Script=Devanagari}/u, ['hi', 'mr', 'ne', 'kok', 'mai', 'doi', 'brx', 'sa']],
  [/\p{Script=Bengali}/u, ['bn', 'as', 'mni']],
  [/\p{Script=Gurmukhi}/u, ['pa']],
  [/\p{Script=Gujarati}/u, ['gu']],
  [/\p{Script=Oriya}/u, ['or']],
  [/\p{Script=Tamil}/u, ['ta']],
  [/\p{Script=Telugu}/u, ['te']],
  [/\p{Script=Kannada}/u, ['kn']],
  [/\p{Script=Malayalam}/u, ['ml']],
  [/\p{Script=Sinhala}/u, ['si']],
  [/\p{Script=Thai}/u, ['th']],
  [/\p{Script=Lao}/u, ['lo']],
  [/\p{Script=Khmer}/u, ['km']],
  [/\p{Script=Myanmar}/u, ['my']],
  [/\p{Script=Georgian}/u, ['ka']],
  [/\p{Script=Armenian}/u, ['hy']],
  // Amharic's Gregorian months are English names in Ethiopic letters ("ጁን"), Tigrinya's its own ("ሰነ": probe 48).
  [/\p{Script=Ethiopic}/u, ['am', 'ti']],
  // Dhivehi: no CLDR locale, the press's names alone (PRESS_MONTHS).
  [/\p{Script=Thaana}/u, ['dv']],
];

const DAY_MS = 86_400_000;

type Calendar = 'gregory' | 'persian';

interface MonthName {
  month: number;
  calendar: Calendar;
  /** Thai names: a two-digit year is the Buddhist era's ("มิ.ย. 62" is 2562 BE, 2019). */
  buddhist: boolean;
}

/** Each script's names (or one language's), by their languages, built at the first word in it. */
const built = new Map<string, Map<string, MonthName>>();

/** The word as names are kept: lower case, composed, without a closing dot. */
function key(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(/\.+$/, '');
}

/** Greek and Latin names are also written without their accents ("Ιουνιου", "fevrier"). */
function withoutAccents(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0308\u0344]/g, '')
    .normalize('NFC');
}

/**
 * The language of the zone's country where its month names are another language's months, read
 * first on its pages: Croatian "listopada" is October, Polish November (blind probe 39).
 */
const ZONE_LANGUAGE: Record<string, string> = { 'Europe/Zagreb': 'hr' };

/**
 * Words some languages write onto a month's name in a date, which CLDR's names lack: Burmese
 * "ဩဂုတ်လ" (August + "month"), Khmer "ខែមីនា" and Lao "ເດືອນ ມີນາ" ("month" + March) (blind probe 40).
 */
const MONTH_WORD = /^(?:ខែ|ເດືອນ)\s*|\s*လ$/u;

/** The month a word names in a language written in its script, if any; the zone's language first. */
function monthNamed(word: string, timeZone?: string): MonthName | undefined {
  const own = timeZone ? ZONE_LANGUAGE[timeZone] : undefined;
  const named = own ? namesOf([own]).get(key(word)) : undefined;
  if (named) return named;
  const group = SCRIPTS.find(([script]) => script.test(word));
  if (!group) return undefined;
  const names = namesOf(group[1]);
  return (
    names.get(key(word)) ?? (MONTH_WORD.test(word) ? names.get(key(word.replace(MONTH_WORD, ''))) : undefined)
  );
}

/** The names of these languages, built at their first word. */
function namesOf(locales: string[]): Map<string, MonthName> {
  const id = locales.join(' ');
  let names = built.get(id);
  if (!names) {
    names = monthNames(locales);
    built.set(id, names);
  }
  return names;
}

/**
 * Month names the press uses beside (or instead of) those of the runtime's locale data, or where
 * it has none (Dhivehi); a month may be spelled more than one way.
 */
const PRESS_MONTHS: Record<string, readonly (string | readonly string[])[]> = {
  si: [
    'ජනවාරි',
    'පෙබරවාරි',
    'මාර්තු',
    'අප්\u200dරේල්',
    'මැයි',
    'ජූනි',
    'ජූලි',
    'අගෝස්තු',
    'සැප්තැම්බර්',
    'ඔක්තෝබර්',
    'නොවැම්බර්',
    'දෙසැම්බර්',
  ],
  // Maldivian papers write the English months in Thaana, in more than one spelling (probe 48).
  dv: [
    ['ޖަނަވަރީ', 'ޖެނުއަރީ'],
    ['ފެބްރުއަރީ', 'ފެބުރުއަރީ'],
    ['މާރިޗު', 'މާޗް'],
    ['އޭޕްރީލު', 'އޭޕްރިލް', 'އެޕްރީލް'],
    ['މޭ', 'މެއި'],
    'ޖޫން',
    'ޖުލައި',
    ['އޯގަސްޓު', 'އޮގަސްޓު', 'އޮގަސްޓް'],
    ['ސެޕްޓެމްބަރު', 'ސެޕްޓެންބަރު'],
    ['އޮކްޓޯބަރު', 'އޮކްޓޫބަރު'],
    'ނޮވެމްބަރު',
    'ޑިސެމްބަރު',
  ],
};

function monthNames(locales: string[]): Map<string, MonthName> {
  const found = new Map<string, MonthName>();
  const add = (word: string, name: MonthName) => {
    for (const spelling of new Set([key(word), key(withoutAccents(word))])) {
      // Numbers are no names ("6月", "tháng 6"); one letter is too little to go by. A name two
      // languages give different months is the first one's (Polish "listopada" is November,
      // Croatian October): the languages are listed by how many read them (ZONE_LANGUAGE aside).
      if (spelling.length < 2 || /\p{Nd}/u.test(spelling) || found.has(spelling)) continue;
      found.set(spelling, name);
    }
  };
  for (const locale of locales) {
    // The names the press prints where the runtime's data gives others (Sinhala papers print the
    // English months, "ජූලි"; CLDR gives the traditional ones, "ඇසළ": probe 46).
    const press = PRESS_MONTHS[locale.split('-')[0]!];
    for (const [i, names] of (press ?? []).entries())
      for (const name of typeof names === 'string' ? [names] : names)
        add(name, { month: i + 1, calendar: 'gregory', buddhist: false });
    // A language the runtime has no data for would get its default locale's names.
    if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) continue;
    // Long names alone ("czerwiec") and in a date ("czerwca"), short ones in a date ("cze").
    const formats = [
      new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }),
      new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
      new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
    ];
    const { calendar: used } = formats[0]!.resolvedOptions();
    const calendar: Calendar = used === 'persian' ? 'persian' : 'gregory';
    const buddhist = used === 'buddhist';
    for (let month = 1; month <= 12; month++) {
      const date =
        calendar === 'persian' ? persianMonthStart(1398, month) + 14 * DAY_MS : Date.UTC(2019, month - 1, 15);
      for (const format of formats) {
        const parts = format.formatToParts(date);
        const index = parts.findIndex((part) => part.type === 'month');
        const name = parts[index]?.value.trim();
        if (!name) continue;
        const named = { month, calendar, buddhist };
        add(name, named);
        // Catalan writes "of" onto the month ("1 d’ag. del 2019"), and dates are also written without it.
        if (/^\p{L}+['’]/u.test(name)) add(name.replace(/^\p{L}+['’]/u, ''), named);
        // Letters the language writes onto the month in a date: Hebrew "27 ביוני" (in June),
        // Basque "urtarrilaren 1" (of January).
        const before = /\p{L}+$/u.exec(parts[index - 1]?.value ?? '')?.[0];
        if (before) add(before + name, named);
        const after = /^\p{L}+/u.exec(parts[index + 1]?.value ?? '')?.[0];
        if (after) add(name + after, named);
        // A month named by a compound number is also written with the number as one word:
        // Mongolian "арван хоёрдугаар сарын" (twelfth month's), "арванхоёрдугаар сарын".
        const joined = name.replace(/^(\p{L}+)\s+(?=\p{L}+\s+\p{L}+$)/u, '$1');
        if (joined !== name) {
          add(joined, named);
          if (after) add(joined + after, named);
        }
      }
    }
  }
  return found;
}

export interface WorldDate {
  year: number;
  month: number;
  day: number;
  /** Where in the text the date was written. */
  index: number;
  length: number;
}

/**
 * A month's name: letters, the marks of scripts that join them (Malayalam's zero-width
 * non-joiner) and of abbreviation (".", Hebrew "׳", Devanagari "॰"); one word or two (Levantine
 * Arabic "كانون الثاني", Irish "Meán Fómhair"). A word starts a word and has at most 31
 * characters: a long run of letters costs each pattern one pass, not one per letter.
 */
const LETTERS = String.raw`(?<![\p{L}\p{M}])[\p{L}\p{M}][\p{L}\p{M}.'’׳॰\u200c\u200d]{0,30}`;
const ONE_WORD = `(${LETTERS})`;
const TWO_WORDS = `(${LETTERS}\\s+${LETTERS})`;
/** Mongolian names months by their number in words: "арван хоёрдугаар сарын" (December's), after the year. */
const THREE_WORDS = `(${LETTERS}\\s+${LETTERS}\\s+${LETTERS})`;
/** Between a day and its month: "27. června", "1-yanvar", "1, జన", "1 de gener", "1 d'abril". */
const AFTER_DAY = String.raw`(?:\.|-|,)?\s*(?:de\s+|d['’])?`;
/** The word "year" some languages write beside its number: Khmer "ឆ្នាំ2024", Lao "ປີ 2024", Burmese "2022 ခုနှစ်". */
const YEAR_WORD = '(?:ឆ្នាំ|ປີ|ခုနှစ်)';
/** Between a month and its year: "27 מאי, 2019", "1 جنوری، 2019", "14 اکتوبر ، 2024", "de 2019", "del 2019", "พ.ศ. 2562", "ឆ្នាំ2024". */
const BEFORE_YEAR = String.raw`\s*[,،၊]?\s*(?:(?:de|del)\s+)?(?:(?:[\p{L}\p{M}]{1,3}\.){1,2}\s*|${YEAR_WORD}\s*)?`;
/**
 * After a year: "2019.", "2019(e)ko" (Basque), "2019 m." (Lithuanian), "2019. gada" (Latvian),
 * "2019 ж.", "2022 ခုနှစ်၊" (Burmese: its marks are letters' too).
 */
const AFTER_YEAR = String.raw`(?:\.|\(e\)ko|e?ko)?(?:\s*${YEAR_WORD}|\s+[\p{L}\p{M}]{1,4}\.?)?\s*[,،၊]?`;

/** A date's shapes around a month's name, each with one word and with two. */
const SHAPES: { re: RegExp; read: (m: RegExpExecArray) => [string, string, string] }[] = [
  // `27 czerwca 2019`, `27. června 2019`, `27 มิถุนายน พ.ศ. 2562`, `15 มิ.ย. 67`
  (word: string) => ({
    re: String.raw`(?<!\d)(\d{1,2})${AFTER_DAY}${word}${BEFORE_YEAR}(\d{4}|\d{2})(?!\d)`,
    read: (m: RegExpExecArray) => [m[3]!, m[2]!, m[1]!] as [string, string, string],
  }),
  // `Haziran 27, 2019`, `ಜನ 1,2019`
  (word: string) => ({
    re: String.raw`${word}\s+(\d{1,2}),?\s*(\d{4})(?!\d)`,
    read: (m: RegExpExecArray) => [m[3]!, m[1]!, m[2]!] as [string, string, string],
  }),
  // `2019. június 27.`, `2019 m. birželio 27 d.`, `2019(e)ko urtarrilaren 1(a)`, `2019 ဇွန် 27`
  (word: string) => ({
    re: String.raw`(?<!\d)(\d{4})${AFTER_YEAR}\s+${word}\s+(\d{1,2})(?!\d)`,
    read: (m: RegExpExecArray) => [m[1]!, m[2]!, m[3]!] as [string, string, string],
  }),
  // `2019. gada 1. janvāris` (Latvian), `2019 ж. 1 қаңтар` (Kazakh)
  (word: string) => ({
    re: String.raw`(?<!\d)(\d{4})${AFTER_YEAR}\s+(\d{1,2})\.?\s+${word}`,
    read: (m: RegExpExecArray) => [m[1]!, m[3]!, m[2]!] as [string, string, string],
  }),
].flatMap((shape, index) =>
  // (Three words only after a year: a month's name of three words comes after it.)
  (index === 2 ? [THREE_WORDS, TWO_WORDS, ONE_WORD] : [TWO_WORDS, ONE_WORD]).map((word) => {
    const { re, read } = shape(word);
    return { re: new RegExp(re, 'gu'), read };
  }),
);

/** Mongolian's month by its number: "2025 оны 12 сарын 2", "2025 оны 12-р сарын 2" (of the year 2025, of month 12, day 2). */
const NUMBERED_MONTH = /(?<!\d)(\d{4})\s*оны\s+(\d{1,2})(?:\s*-\s*р)?\s*сар(?:ын)?\s+(\d{1,2})(?!\d)/gu;

/**
 * A unit word between a date's numbers: letters and marks (Tibetan's syllables joined by the
 * tsheg), a word or three, no digit.
 */
const UNIT = String.raw`(?:[\p{L}\p{M}\u0F0B\u0F0C]+\s*){1,3}`;
/**
 * Year, month and day as numbers, each marked by a word for what it is: "ཕྱི་ལོ་2024 ཟླ་ 6 ཚེས་ 15"
 * (Tibetan: year 2024, month 6, day 15), or the day first and the year last. Read only when the
 * words are in a script no month's name is read in (SCRIPTS), nor Han's or Hangul's (their
 * 年月日 and 년월일 are read elsewhere): in those, "2024 … 6 … 15" in a line is something else
 * ("năm 2024 có 6 đến 15").
 */
const UNIT_DATES: { re: RegExp; order: [year: number, month: number, day: number] }[] = [
  {
    re: new RegExp(String.raw`(?<!\d)(\d{4})\s*(${UNIT})(\d{1,2})\s*(${UNIT})(\d{1,2})(?!\d)`, 'gu'),
    order: [1, 3, 5],
  },
  {
    re: new RegExp(String.raw`(?<!\d)(\d{1,2})\s*(${UNIT})(\d{1,2})\s*(${UNIT})(\d{4})(?!\d)`, 'gu'),
    order: [5, 3, 1],
  },
];
const READ_ELSEWHERE = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function unitDate(text: string): WorldDate | null {
  let best: WorldDate | null = null;
  for (const { re, order } of UNIT_DATES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const units = `${m[2]}${m[4]}`;
      if (READ_ELSEWHERE.test(units) || SCRIPTS.some(([script]) => script.test(units))) continue;
      const [year, month, day] = order.map((i) => Number(m![i]));
      if (month! < 1 || month! > 12 || day! < 1 || day! > 31) continue;
      if (!best || m.index < best.index)
        best = { year: year!, month: month!, day: day!, index: m.index, length: m[0].length };
      break;
    }
  }
  return best;
}

/**
 * The first date the text writes with a month's name in any of those languages, as a Gregorian
 * day, or null. Digits must be Latin already (`latinDigits`). A name must start a word: "xjune
 * 27, 2019" names no month.
 */
export function findWorldDate(text: string, timeZone?: string): WorldDate | null {
  let best: WorldDate | null = null;
  NUMBERED_MONTH.lastIndex = 0;
  const numbered = NUMBERED_MONTH.exec(text);
  if (numbered) {
    const [month, day] = [Number(numbered[2]), Number(numbered[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
      best = { year: Number(numbered[1]), month, day, index: numbered.index, length: numbered[0].length };
  }
  const units = unitDate(text);
  if (units && (!best || units.index < best.index)) best = units;
  for (const { re, read } of SHAPES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [year, word, day] = read(m);
      const wordStart = m.index + m[0].indexOf(word);
      if (/[\p{L}\p{M}]/u.test(text[wordStart - 1] ?? '')) continue;
      const date = gregorianDay(year, word, Number(day), timeZone);
      if (!date) continue;
      if (!best || m.index < best.index) best = { ...date, index: m.index, length: m[0].length };
      break;
    }
  }
  return best;
}

function gregorianDay(yearText: string, word: string, day: number, timeZone?: string) {
  const name = monthNamed(word, timeZone);
  if (!name || day < 1 || day > 31) return null;
  let year = Number(yearText);
  if (yearText.length === 2) {
    if (!name.buddhist) return null;
    year += 2500;
  }
  if (name.calendar === 'persian') return fromPersian(year, name.month, day);
  return { year: fromBuddhistEra(year), month: name.month, day };
}

/**
 * A year of the Buddhist era (Thailand, Laos, Cambodia, Myanmar, Sri Lanka), 543 ahead of ours,
 * as ours: no news page is dated after 2400.
 */
export function fromBuddhistEra(year: number): number {
  return year >= 2400 && year < 2800 ? year - 543 : year;
}

const persianParts = new Map<number, { year: number; month: number; day: number }>();
let persianFormat: Intl.DateTimeFormat | undefined;

/** The solar hijri day of a UTC instant, as Intl's persian calendar counts it. */
function persianDay(time: number) {
  persianFormat ??= new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  });
  let day = persianParts.get(time);
  if (!day) {
    const parts = persianFormat.formatToParts(time);
    const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    day = { year: value('year'), month: value('month'), day: value('day') };
    persianParts.set(time, day);
  }
  return day;
}

/** Near the first of a solar hijri month: its year starts at the March equinox (Nowruz). */
function persianMonthStart(year: number, month: number): number {
  const daysBefore = month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30;
  return Date.UTC(year + 621, 2, 21) + daysBefore * DAY_MS;
}

/** A solar hijri date as a Gregorian one: a guess from Nowruz, then Intl's calendar checks it. */
function fromPersian(year: number, month: number, day: number) {
  if (year < 1300 || year > 1600 || month < 1 || month > 12) return null;
  const guess = persianMonthStart(year, month) + (day - 1) * DAY_MS;
  for (const shift of [0, -1, 1, -2, 2, -3, 3]) {
    const time = guess + shift * DAY_MS;
    const persian = persianDay(time);
    if (persian.year === year && persian.month === month && persian.day === day) {
      const date = new Date(time);
      return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    }
  }
  return null;
}

const zeros = new Map<number, number>();

/**
 * Digits of every script as Latin ones: Arabic-Indic "٢٧", Persian "۱۳۹۸", Devanagari "२७",
 * Bengali "২৭", Thai "๒๗", Myanmar, full-width. Unicode keeps each script's ten digits together,
 * zero first, so a digit's value is its distance from the start of its run, modulo ten.
 */
export function latinDigits(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return text.replace(/(?![0-9])\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0)!;
    let zero = zeros.get(code);
    if (zero === undefined) {
      let start = code;
      while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
      zero = start;
      zeros.set(code, zero);
    }
    return String((code - zero) % 10);
  });
}
