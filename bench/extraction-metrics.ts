/**
 * The two extraction metrics, ported from the team's scoring scripts so `npm run bench` prints
 * the same figures they do:
 *   - fixtureScore: ../shared/tools/score_extract.py (weighted per-field score of one page);
 *   - aebScore: ../shared/tools/score_aeb.py (the article-extraction benchmark's body metric:
 *     4-token shingles, macro precision and recall, F1 of the means).
 * Python's `\w` is `[\p{L}\p{N}_]` (equal over every code point assigned in Python's Unicode
 * 14 tables) and its `\s` is the set below; any change here must keep the scripts' results.
 */

/** Python's `str.isspace()` characters: what `\s` matches in a Python 3 `str` pattern. */
const PY_SPACE_RUN = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const PY_WORD = /[\p{L}\p{N}_]+/gu;

type Counter = Map<string, number>;

function count(keys: Iterable<string>): Counter {
  const counter: Counter = new Map();
  for (const key of keys) counter.set(key, (counter.get(key) ?? 0) + 1);
  return counter;
}

function total(counter: Counter): number {
  let n = 0;
  for (const v of counter.values()) n += v;
  return n;
}

/** Sum of min(p, t) over the keys: the size of the multiset intersection. */
function common(p: Counter, t: Counter): number {
  let n = 0;
  for (const [key, v] of p) n += Math.min(v, t.get(key) ?? 0);
  return n;
}

// ---------------------------------------------------------------- score_extract.py

/** What a page's `.expected.json` says (tests/fixtures/pages/<template>/<id>.expected.json). */
export interface ExpectedPage {
  url: string;
  title: string;
  publishedAt: string;
  author: string;
  summary: string;
  paragraphs: string[];
  captions: string[];
  images: string[];
  attribution: string;
  boilerplate: string[];
  /** "day": the page prints only the date, so any time on that day (in `publishedAt`'s offset) is right. */
  datePrecision?: 'day';
}

/** The fields of `npm run cli -- extract` output the score reads. */
export interface ExtractedView {
  title?: string;
  publishedAt?: string | null;
  author?: string;
  summary?: string;
  contentText?: string;
  images?: { url?: string; caption?: string }[];
  attribution?: string;
}

export const FIXTURE_WEIGHTS = {
  title: 1,
  date: 1,
  author: 0.5,
  summary: 1,
  body_f1: 2,
  clean: 1,
  captions: 0.5,
  images: 0.5,
  attribution: 0.5,
  nfc: 0.5,
} as const;
export type FixtureField = keyof typeof FIXTURE_WEIGHTS;
export type FieldScores = Record<FixtureField, number>;

const LEAK_WORDS = [
  'Các tin khác',
  'Tin liên quan',
  'TIN LIÊN QUAN',
  'Bài viết cùng chuyên mục',
  'Các tin đã đưa',
  'Ý kiến bạn đọc',
  'Chia sẻ Facebook',
  'In bài viết',
];

/** `norm`: NFC, whitespace runs to one space, trimmed. */
export function norm(s: string | null | undefined): string {
  return (s ?? '').normalize('NFC').replace(PY_SPACE_RUN, ' ').replace(/^ | $/g, '');
}

function words(s: string): string[] {
  return norm(s).toLowerCase().match(PY_WORD) ?? [];
}

/** Bag-of-words F1 of the body against the expected paragraphs. */
export function bodyF1(pred: string, gold: string): number {
  const p = count(words(pred));
  const g = count(words(gold));
  if (p.size === 0 || g.size === 0) return 0;
  const shared = common(p, g);
  if (shared === 0) return 0;
  const precision = shared / total(p);
  const recall = shared / total(g);
  return (2 * precision * recall) / (precision + recall);
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/;

/** Python's aware-datetime equality: the same instant, both with an offset. */
function sameInstant(a: string, b: string): boolean {
  if (!ISO_WITH_OFFSET.test(a) || !ISO_WITH_OFFSET.test(b)) return false;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isFinite(x) && x === y;
}

/** Python's `a.astimezone(b.tzinfo).date() == b.date()`: the same calendar day in b's offset. */
export function sameLocalDay(a: string, b: string): boolean {
  if (!ISO_WITH_OFFSET.test(a) || !ISO_WITH_OFFSET.test(b)) return false;
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(b);
  const minutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const x = Date.parse(a);
  if (!Number.isFinite(x)) return false;
  return new Date(x + minutes * 60_000).toISOString().slice(0, 10) === b.slice(0, 10);
}

/** One page's field scores: booleans as 0/1, fractions as they are. */
export function scoreFixturePage(out: ExtractedView, t: ExpectedPage): FieldScores {
  const body = out.contentText ?? '';
  const nb = norm(body);
  const leaks =
    t.boilerplate.filter((b) => nb.includes(norm(b))).length +
    LEAK_WORDS.filter((w) => nb.includes(w)).length;
  const images = out.images ?? [];
  const caps = images.map((i) => norm(i.caption));
  const urls = images.map((i) => i.url);
  const text = (out.title ?? '') + (out.summary ?? '') + body;
  const bool = (v: boolean) => (v ? 1 : 0);
  return {
    title: bool(norm(out.title) === norm(t.title)),
    date: bool(
      !!out.publishedAt &&
        (t.datePrecision === 'day' ? sameLocalDay : sameInstant)(out.publishedAt, t.publishedAt),
    ),
    author: bool(norm(out.author).toLowerCase() === norm(t.author).toLowerCase()),
    summary: bool(norm(out.summary) === norm(t.summary)),
    body_f1: bodyF1(body, t.paragraphs.join('\n')),
    clean: bool(leaks === 0 && !nb.startsWith(norm(t.summary))),
    captions: t.captions.length
      ? t.captions.filter((c) => caps.includes(norm(c))).length / t.captions.length
      : 1,
    images: t.images.length ? t.images.filter((u) => urls.includes(u)).length / t.images.length : 1,
    attribution: bool(norm(out.attribution) === norm(t.attribution)),
    nfc: bool(text.length > 0 && text.normalize('NFC') === text),
  };
}

const WEIGHT_SUM = Object.values(FIXTURE_WEIGHTS).reduce((a, b) => a + b, 0);

export function weightedScore(scores: FieldScores): number {
  let s = 0;
  for (const [field, weight] of Object.entries(FIXTURE_WEIGHTS)) s += scores[field as FixtureField] * weight;
  return s / WEIGHT_SUM;
}

// ---------------------------------------------------------------- score_aeb.py

/** The benchmark's shingles: every 4 consecutive `\w+` tokens (case kept), as a multiset. */
export function shingles(text: string): Counter {
  const toks = text.match(PY_WORD) ?? [];
  if (toks.length === 0) return new Map();
  if (toks.length < 4) return count([toks.join('\u0001')]);
  const keys: string[] = [];
  for (let i = 0; i + 4 <= toks.length; i++) keys.push(toks.slice(i, i + 4).join('\u0001'));
  return count(keys);
}

/** Per-page precision and recall; null when undefined (no predicted / no true shingles). */
export function pagePrecisionRecall(
  pred: string,
  gold: string,
): { precision: number | null; recall: number | null } {
  const p = shingles(pred);
  const t = shingles(gold);
  const tp = common(p, t);
  const fp = total(p) - tp;
  const fn = total(t) - tp;
  if (fp === 0 && fn === 0) return { precision: 1, recall: 1 };
  return {
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

export interface AebScore {
  f1: number;
  precision: number;
  recall: number;
  pages: number;
}

/** Macro precision and recall over the pages, and the F1 of those two means. */
export function aebScore(pairs: readonly { predicted: string; gold: string }[]): AebScore {
  const precisions: number[] = [];
  const recalls: number[] = [];
  for (const { predicted, gold } of pairs) {
    const { precision, recall } = pagePrecisionRecall(predicted, gold);
    if (precision !== null) precisions.push(precision);
    if (recall !== null) recalls.push(recall);
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const precision = mean(precisions);
  const recall = mean(recalls);
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, pages: pairs.length };
}
