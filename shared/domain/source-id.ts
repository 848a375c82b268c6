import * as z from './zod.js';

/** A source's id: its key in the tables and its part of every feed URL. */
export const SourceIdSchema = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
      'lowercase letters, digits and inner hyphens, 1-64 characters',
    ),
  );
