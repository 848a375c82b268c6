/**
 * What a reader sends to subscribe or to change their choices, as JSON or from the form, read
 * into the shapes the use cases take: the form's fields mapped onto the preferences, then the
 * schema, then the sources checked against the ones a reader can choose. Every problem is
 * named by its field, in English for the API and in Vietnamese for the pages.
 */

import {
  LIST_SEPARATOR,
  type SubscriptionPreferences,
  SubscriptionPreferencesSchema,
} from '../domain/subscriber.js';
import { hostZoneRefusal, isHostZone } from '../domain/time.js';
import * as z from '../domain/zod.js';
import type { SourceRepository } from '../ports.js';
import { type SignupInput, SignupInputSchema } from './signup.js';

/** A source a reader can choose: enabled ones only. */
export interface SourceChoice {
  id: string;
  name: string;
}

export interface InputIssue {
  path: string;
  message: string;
}

export type ReadInput<T> = { ok: true; value: T } | { ok: false; issues: InputIssue[] };

/**
 * The papers a reader may choose: the enabled ones, and (on a reader's own page) those the reader
 * chose that are paused or gone, named so, so the reader sees them chosen and can let them go. A
 * choice the form did not show could not be unchecked: a reader of a paused paper alone could
 * never choose every paper again, and got no mail.
 */
export async function sourceChoices(
  sources: Pick<SourceRepository, 'list'>,
  chosen: readonly string[] = [],
): Promise<SourceChoice[]> {
  const records = await sources.list();
  const enabled = records
    .filter((r) => r.source.enabled !== false)
    .map((r) => ({ id: r.source.id, name: r.source.name }));
  const shown = new Set(enabled.map((s) => s.id));
  const names = new Map(records.map((r) => [r.source.id, r.source.name]));
  const apart = [...new Set(chosen)]
    .filter((id) => !shown.has(id))
    .map((id) => {
      const name = names.get(id);
      return { id, name: name === undefined ? `${id} (đã ngừng)` : `${name} (tạm dừng)` };
    });
  return [...enabled, ...apart];
}

/** A subscribe request (JSON body, or the form read by `signupFromForm`). */
export function readSignup(input: unknown, known: SourceChoice[]): ReadInput<SignupInput> {
  return readWith(SignupInputSchema, input, known);
}

/** New preferences (the manage form read by `preferencesFromForm`). */
export function readPreferences(input: unknown, known: SourceChoice[]): ReadInput<SubscriptionPreferences> {
  return readWith(SubscriptionPreferencesSchema, input, known);
}

function readWith<S extends z.core.$ZodType<{ sources: string[] }>>(
  schema: S,
  input: unknown,
  known: SourceChoice[],
): ReadInput<z.output<S>> {
  const parsed = z.safeParse(schema, input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(body)',
      message: i.message,
    }));
    return { ok: false, issues };
  }
  const ids = new Set(known.map((s) => s.id));
  const issues = parsed.data.sources
    .filter((id) => !ids.has(id))
    .map((id) => ({ path: 'sources', message: `unknown source "${id}"` }));
  // Words are matched by their letters and digits: "!!" or "🔥" would be no word, and an empty
  // choice means every article.
  const choice = parsed.data as { categories?: string[]; keywords?: string[]; timeZone?: string };
  // The server's own zone is no reader's: a 07:00 digest came at 14:00 in Hanoi from a UTC host.
  if (choice.timeZone !== undefined && isHostZone(choice.timeZone)) {
    issues.push({
      path: 'timeZone',
      message: hostZoneRefusal(choice.timeZone),
    });
  }
  for (const field of ['categories', 'keywords'] as const) {
    for (const value of choice[field] ?? []) {
      if (!/[\p{L}\p{N}]/u.test(value)) {
        issues.push({
          path: field,
          message: `"${value}" has no letter or digit: it would match every article`,
        });
      }
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
}

/** The subscribe form's fields → the shape of a subscribe request (validation is the schema's job). */
export function signupFromForm(form: URLSearchParams): Record<string, unknown> {
  return { email: form.get('email') ?? '', ...preferencesFromForm(form) };
}

// Where the schema splits a list's items, and at line breaks (not the comma of a number: "1,5 tỷ
// đồng" is one keyword).
const FORM_LIST_SEPARATOR = new RegExp(`\\n|${LIST_SEPARATOR.source}`);
const list = (value: string | null) =>
  (value ?? '')
    .split(FORM_LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form's fields → the shape of the preferences: lists split on commas, the hour a number. */
export function preferencesFromForm(form: URLSearchParams): Record<string, unknown> {
  const hour = form.get('sendHour');
  return {
    sources: form.getAll('sources'),
    categories: list(form.get('categories')),
    keywords: list(form.get('keywords')),
    ...(form.get('frequency') ? { frequency: form.get('frequency') } : {}),
    ...(hour !== null && hour !== '' ? { sendHour: /^\d{1,2}$/.test(hour) ? Number(hour) : hour } : {}),
    ...(form.get('timeZone') ? { timeZone: form.get('timeZone') } : {}),
  };
}

/** What the form shows again after a refused submission: the valid choices, else the defaults. */
export function formFallback(form: URLSearchParams): SubscriptionPreferences {
  const parsed = SubscriptionPreferencesSchema.safeParse(preferencesFromForm(form));
  return parsed.success ? parsed.data : SubscriptionPreferencesSchema.parse({});
}

const FIELD_NAMES: Record<string, string> = {
  email: 'Địa chỉ email',
  sources: 'Nguồn tin',
  categories: 'Chuyên mục',
  keywords: 'Từ khóa',
  frequency: 'Tần suất',
  sendHour: 'Giờ nhận',
  timeZone: 'Múi giờ',
};

/** The issues as the pages list them: the field's Vietnamese name, then the reason in Vietnamese. */
export function issueLines(issues: InputIssue[]): string[] {
  return issues.map(
    (i) => `${FIELD_NAMES[i.path.split('.')[0] ?? ''] ?? i.path}: ${vietnameseReason(i.message)}`,
  );
}

/**
 * The reasons the schemas give (zod's English and Bantin's own), as the Vietnamese pages say them;
 * a reason not listed is shown as it is.
 */
const REASONS: [RegExp, (...groups: string[]) => string][] = [
  [/^Too small: expected string to have >=(\d+) characters?$/, (n) => `cần ít nhất ${n} ký tự`],
  [/^Too big: expected string to have <=(\d+) characters?$/, (n) => `dài tối đa ${n} ký tự`],
  [/^Too big: expected array to have <=(\d+) items?$/, (n) => `chọn tối đa ${n} mục`],
  [/^Too small: expected number to be >=(-?\d+)$/, (n) => `phải từ ${n} trở lên`],
  [/^Too big: expected number to be <=(-?\d+)$/, (n) => `phải từ ${n} trở xuống`],
  [/^Invalid input: expected (?:number|int)\b.*$/, () => 'phải là một số nguyên'],
  [
    /^Invalid option: expected one of (.+)$/,
    (options) => `phải là một trong: ${options.replaceAll('"', '').replaceAll('|', ', ')}`,
  ],
  [/^not an IANA time zone$/, () => 'không phải múi giờ hợp lệ (ví dụ Asia/Ho_Chi_Minh)'],
  [
    /^"(.*)" is the server's zone, not a place: .*$/,
    (zone) => `"${zone}" là múi giờ của máy chủ, không phải một nơi: chọn múi giờ như Asia/Ho_Chi_Minh`,
  ],
  [/^unknown source "(.*)"$/, (id) => `không có nguồn tin "${id}"`],
  [
    /^"(.*)" has no letter or digit: it would match every article$/,
    (value) => `"${value}" không có chữ hay số nào: sẽ khớp mọi bài`,
  ],
  [/^an email address is required$/, () => 'cần nhập địa chỉ email'],
  [/^the email address is empty: enter an email address$/, () => 'chưa nhập địa chỉ email'],
  [
    /^the email address is too long \(at most (\d+) characters\)$/,
    (n) => `địa chỉ email quá dài (tối đa ${n} ký tự)`,
  ],
  [/^the email address must contain exactly one @$/, () => 'địa chỉ email phải có đúng một dấu @'],
  [/^the email address has nothing before the @$/, () => 'địa chỉ email thiếu phần trước dấu @'],
  [
    /^the email address needs a domain with a dot after the @, e\.g\. example\.vn$/,
    () => 'địa chỉ email cần tên miền có dấu chấm sau dấu @, ví dụ example.vn',
  ],
  [
    /^the email address must be one plain address, without spaces, names or separators$/,
    () => 'chỉ nhập một địa chỉ email, không có dấu cách, tên hay dấu phân cách',
  ],
  [
    /^the email address must be written in plain ASCII letters.*$/,
    () => 'địa chỉ email chỉ được viết bằng chữ Latin không dấu (tên miền quốc tế viết ở dạng xn--)',
  ],
  [
    /^the email address (?:contains invisible|must not contain line breaks).*$/,
    () => 'địa chỉ email có ký tự ẩn hoặc ký tự điều khiển',
  ],
  [
    /^the email address (?:has an invalid|may use only|has more than|has a domain written).*$/,
    () => 'địa chỉ email không hợp lệ',
  ],
];

export function vietnameseReason(message: string): string {
  for (const [pattern, say] of REASONS) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message;
}

/** The issues as the API answers them: one line, each field and reason. */
export function issueSummary(issues: InputIssue[]): string {
  return `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}
