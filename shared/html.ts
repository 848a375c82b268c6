/**
 * HTML written as tagged templates that escape by default: in html`<p>${text}</p>` every
 * interpolated value is escaped unless it is itself `Html` (a nested html`…`, or markup marked
 * trusted with `trustedHtml`), so a page or a message cannot forget to escape one field.
 * One escaping for every page and message: the five characters that matter as numeric
 * references, and the control characters HTML forbids removed.
 */

/** Markup that is already safe to write as it is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What a template may interpolate: text (escaped), numbers, markup, nothing, or a list of them. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

// C0 and C1 controls except tab, line feed and carriage return: not allowed in HTML text.
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const SPECIAL = /[&<>"']/g;

/** Text as HTML text or attribute value: `& < > " '` escaped, forbidden controls removed. */
export function escapeHtml(text: string): string {
  return text.replace(FORBIDDEN_CONTROLS, '').replace(SPECIAL, (c) => `&#${c.charCodeAt(0)};`);
}

function write(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(write).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The template tag: literal parts are written as they are, interpolated values escaped. */
export function html(literals: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let markup = literals[0] ?? '';
  for (let i = 0; i < values.length; i++) markup += write(values[i]!) + (literals[i + 1] ?? '');
  return new Html(markup);
}

/** Markup the caller vouches for (sanitized elsewhere, or built by code, never from input). */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/** The values, each escaped unless markup, with `separator` (text, escaped too) between them. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue): Html {
  const between = write(separator);
  return new Html(values.map(write).join(between));
}
