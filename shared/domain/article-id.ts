import * as z from './zod.js';

/** Article ids are derived from the canonical URL, so they are stable forever. */
export const ArticleIdSchema = z.string().check(z.regex(/^[a-f0-9]{24}$/, 'a 24-character hex digest'));
