/**
 * The language of a page that does not say it (no `lang`, Content-Language or inLanguage): from
 * its text, by franc-min's trigram profiles of 82 languages (a kept library: detection is a
 * solved problem), as the BCP 47 tag feeds carry: ISO 639-1 where the language has one.
 *
 * franc-min builds its 82 profiles as it loads (20–30 ms, bundled): it is required from
 * node_modules (not bundled; infra/bundling.ts ON_DEMAND_MODULES) at the first page that needs
 * it, not by every container that extracts a page.
 */
import type { franc as Franc } from 'franc-min';

const requireInstalled = process.getBuiltinModule('node:module').createRequire(import.meta.url);
let loaded: typeof Franc | undefined;
// An ES module, required: Node 20.19 and later load it synchronously, and extraction is synchronous.
const franc = () => (loaded ??= (requireInstalled('franc-min') as { franc: typeof Franc }).franc);

/** franc's ISO 639-3 codes → the shortest tag BCP 47 uses (639-1 where there is one, else 639-3). */
const TAGS: Record<string, string> = {
  amh: 'am',
  arb: 'ar',
  azj: 'az',
  bel: 'be',
  ben: 'bn',
  bos: 'bs',
  bul: 'bg',
  ces: 'cs',
  cmn: 'zh',
  deu: 'de',
  ell: 'el',
  eng: 'en',
  fra: 'fr',
  guj: 'gu',
  hau: 'ha',
  hin: 'hi',
  hrv: 'hr',
  hun: 'hu',
  ibo: 'ig',
  ind: 'id',
  ita: 'it',
  jav: 'jv',
  jpn: 'ja',
  kan: 'kn',
  kaz: 'kk',
  kin: 'rw',
  kor: 'ko',
  lin: 'ln',
  mal: 'ml',
  mar: 'mr',
  mya: 'my',
  nld: 'nl',
  npi: 'ne',
  nya: 'ny',
  pan: 'pa',
  pbu: 'ps',
  pes: 'fa',
  plt: 'mg',
  pol: 'pl',
  por: 'pt',
  ron: 'ro',
  run: 'rn',
  rus: 'ru',
  sin: 'si',
  som: 'so',
  spa: 'es',
  srp: 'sr',
  sun: 'su',
  swe: 'sv',
  swh: 'sw',
  tam: 'ta',
  tel: 'te',
  tgl: 'tl',
  tha: 'th',
  tur: 'tr',
  ukr: 'uk',
  urd: 'ur',
  uzn: 'uz',
  vie: 'vi',
  yor: 'yo',
  zlm: 'ms',
  zul: 'zu',
  zyb: 'za',
};

/** Whether a language tag names Vietnamese ("vi", "vi-VN"). */
export function isVietnameseTag(language: string): boolean {
  return /^vi(?:$|-)/i.test(language);
}

/** Letters only Vietnamese writes: a text that has them is Vietnamese, without weighing trigrams. */
export function looksVietnamese(text: string): boolean {
  return /[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu.test(text.normalize('NFC'));
}

/** The BCP 47 tag of the text's language, '' when it cannot tell (too short, too mixed). */
export function guessLanguage(text: string): string {
  // A thousand characters tell a language as well as franc's 2,048, in half the time.
  const sample = text.slice(0, 1000).normalize('NFC');
  if (looksVietnamese(sample)) return 'vi';
  const code = franc()(sample, { minLength: 20 });
  return code === 'und' ? '' : (TAGS[code] ?? code);
}
