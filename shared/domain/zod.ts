/**
 * zod for every schema: zod/mini (the same core as classic zod, whose schemas take half as long to
 * build at a cold start) with the English messages that classic zod installs by itself. Import zod
 * from here, never from 'zod/mini': package.json lists this file as having side effects, so that
 * a bundle keeps the messages although its importers only use what it re-exports.
 */
import { config, maxLength, minLength, string, trim } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/** Text a person types (a name, a label): trimmed, then `min` to `max` characters long. */
/* @__NO_SIDE_EFFECTS__ */ export function trimmedString(min: number, max: number) {
  return string().check(trim(), minLength(min), maxLength(max));
}
