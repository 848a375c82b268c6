/**
 * The time zone a page's dates are written in when no one says (the CLI without `--time-zone`, a
 * preview before the source has one): a date line without an offset is read in its country's
 * time, not in Vietnam's. A source's own zone (Asia/Ho_Chi_Minh unless its administrator set
 * another) always comes first; this is only the fallback before Bantin's default.
 *
 * The country comes from the page: the region of its language tag ("pt-BR", og:locale "sv_SE"),
 * else the address's country domain (".pl", ".co.uk"), else the country where the page's
 * language is mostly read (CLDR's likely subtags through `Intl.Locale#maximize`: Polish → PL),
 * except for languages read in many countries and zones (English, Spanish, Arabic, French,
 * Portuguese), where guessing one would be wrong as often as right. The country's zone is the
 * one CLDR lists for it (`Intl.Locale#getTimeZones`), or, for a country of several zones, the
 * zone of its capital or largest city (ZONE_OF_COUNTRY).
 */

/** Countries of several zones: the zone most of their newspapers print their times in. */
const ZONE_OF_COUNTRY: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  DE: 'Europe/Berlin',
  UA: 'Europe/Kyiv',
  RU: 'Europe/Moscow',
  KZ: 'Asia/Almaty',
  CN: 'Asia/Shanghai',
  MN: 'Asia/Ulaanbaatar',
  ID: 'Asia/Jakarta',
  MY: 'Asia/Kuala_Lumpur',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  CD: 'Africa/Kinshasa',
};

/** Languages of many countries and zones: their tag alone names no country. */
const WORLD_LANGUAGES = new Set(['en', 'es', 'ar', 'fr', 'pt']);

/** Country domains that sites take for their letters, not their country. */
const BRAND_DOMAINS = new Set(['io', 'co', 'tv', 'me', 'fm', 'ai', 'ly', 'to', 'cc', 'ws', 'gg', 'sh', 'am']);

interface LocaleWithZones extends Intl.Locale {
  getTimeZones?: () => string[];
  timeZones?: string[];
}

function zoneOfCountry(region: string): string | undefined {
  if (ZONE_OF_COUNTRY[region]) return ZONE_OF_COUNTRY[region];
  try {
    const locale = new Intl.Locale(`und-${region}`) as LocaleWithZones;
    const zones = locale.getTimeZones?.() ?? locale.timeZones;
    if (!zones || zones.length === 0) return undefined;
    // Several zones that keep one time all year (Uzbekistan's Tashkent and Samarkand): any of them.
    const times = zones.map(yearOfOffsets);
    return times.every((t) => t === times[0]) ? zones[0] : undefined;
  } catch {
    return undefined;
  }
}

/** A zone's offsets in January and July: equal for two zones that keep one time all year. */
function yearOfOffsets(zone: string): string {
  const format = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
  return [Date.UTC(2025, 0, 15), Date.UTC(2025, 6, 15)]
    .map((at) => format.formatToParts(at).find((part) => part.type === 'timeZoneName')?.value)
    .join(' ');
}

/** A language tag as Intl reads it ("sv_SE" is written "sv-SE"), or undefined when it is no tag. */
function localeOf(tag: string): Intl.Locale | undefined {
  try {
    return tag ? new Intl.Locale(tag.replace(/_/g, '-')) : undefined;
  } catch {
    return undefined;
  }
}

/** The country where a language is mostly read (Polish → PL), unless many countries read it. */
function countryOfLanguage(tag: string): string | undefined {
  const locale = localeOf(tag);
  if (!locale || WORLD_LANGUAGES.has(locale.language)) return undefined;
  return locale.maximize().region;
}

function countryOfAddress(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const tld = /\.([a-z]{2})$/.exec(host)?.[1];
  if (!tld || BRAND_DOMAINS.has(tld)) return undefined;
  return tld === 'uk' ? 'GB' : tld.toUpperCase();
}

/**
 * Facebook's locales that name no country: "ar_AR" is Arabic anywhere (AR is Argentina), "es_LA"
 * Latin American Spanish (LA is Laos), and its joke ones. og:locale carries them on many pages.
 */
const NO_COUNTRY_LOCALES = new Set(['ar-AR', 'es-LA', 'en-UD', 'en-PI', 'fb-LT']);

/** The country of a language tag or an og:locale, unless it is one of Facebook's that name none. */
function localeRegion(tag: string): string | undefined {
  const locale = localeOf(tag);
  if (!locale?.region || NO_COUNTRY_LOCALES.has(`${locale.language}-${locale.region}`)) return undefined;
  return locale.region;
}

/** The zone of the page's country, or undefined when the page does not tell its country. */
export function pageTimeZone(page: { language: string; locale: string; url: string }): string | undefined {
  const region =
    localeRegion(page.language) ??
    localeRegion(page.locale) ??
    countryOfAddress(page.url) ??
    countryOfLanguage(page.language);
  return region ? zoneOfCountry(region) : undefined;
}
