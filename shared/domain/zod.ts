/**
 * zod for every schema: zod/mini (the same core as classic zod, whose schemas take half as long to
 * build at a cold start) with the English messages that classic zod installs by itself. Import zod
 * from here, never from 'zod/mini': package.json lists this file as having side effects, so that
 * a bundle keeps the messages although its importers only use what it re-exports.
 */
import { config, maxLength, minLength, overwrite, string, trim } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
// A field left out is named as such ("homepage: is required"), not as a type ("expected string,
// received undefined"); the other messages are English's.
config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
});

export * from 'zod/mini';

import { BIDI_CONTROLS, withoutUnsafeCharacters, ZERO_WIDTH } from './plain-text.js';

/**
 * Control characters, line and paragraph separators, and the bidirectional overrides and
 * isolates (which reorder the text shown after them, "Trojan Source"): none belongs in a label.
 */
const NOT_IN_A_LINE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u200e\\u200f${BIDI_CONTROLS}]+`,
  'g',
);
/** Zero-width spaces and byte-order marks: invisible, they make two equal names differ. */
const INVISIBLE = new RegExp(`[${ZERO_WIDTH}]`, 'g');

/**
 * Text a person types (a name, a label, a keyword): one line in NFC (control, line-break and
 * bidi-override characters become spaces, zero-width ones go), trimmed, then `min` to `max` characters long.
 */
/* @__NO_SIDE_EFFECTS__ */ export function trimmedString(min: number, max: number) {
  return string().check(
    overwrite((s) =>
      withoutUnsafeCharacters(s.replace(NOT_IN_A_LINE, ' ').replace(INVISIBLE, '')).normalize('NFC'),
    ),
    trim(),
    minLength(min),
    maxLength(max),
  );
}
