/**
 * What a reader sends to subscribe or to change their choices, as JSON or from the form, read
 * into the shapes the use cases take: the form's fields mapped onto the preferences, then the
 * schema, then the sources checked against the ones a reader can choose. Every problem is
 * named by its field, in English for the API and in Vietnamese for the pages.
 */

import { type SubscriptionPreferences, SubscriptionPreferencesSchema } from '../domain/subscriber.js';
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

export async function sourceChoices(sources: Pick<SourceRepository, 'list'>): Promise<SourceChoice[]> {
  return (await sources.list())
    .filter((r) => r.source.enabled !== false)
    .map((r) => ({ id: r.source.id, name: r.source.name }));
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
  const choice = parsed.data as { categories?: string[]; keywords?: string[] };
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

const list = (value: string | null) =>
  (value ?? '')
    .split(/[,;\n]/)
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

/** The issues as the pages list them: the field's Vietnamese name, then the reason. */
export function issueLines(issues: InputIssue[]): string[] {
  return issues.map((i) => `${FIELD_NAMES[i.path.split('.')[0] ?? ''] ?? i.path}: ${i.message}`);
}

/** The issues as the API answers them: one line, each field and reason. */
export function issueSummary(issues: InputIssue[]): string {
  return `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}
