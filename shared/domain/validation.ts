// zod/mini itself, not ./zod.js: modules that throw a ValidationError without building a schema
// (the admin page) need not load zod's messages at their cold start.
import { lazy, safeParse, type ZodMiniLazy } from 'zod/mini';
import type * as z from './zod.js';

/** A boundary rejected its input; `issues` name each field path and the reason. */
export class ValidationError extends Error {
  constructor(
    readonly what: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`invalid ${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
}

/**
 * A record changed under every try to save it (other writers at once, over and over): nothing was
 * lost, and the request may be sent again in a moment. Answered 409, not as the service's fault.
 */
export class ConcurrentChangeError extends Error {
  constructor(readonly what: string) {
    super(`${what} was being changed by other requests at the same time; try again in a moment`);
    this.name = 'ConcurrentChangeError';
  }
}

/** Parses `input` with `schema`, throwing a ValidationError that names every bad field. */
export function parseOrThrow<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  throw new ValidationError(
    what,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/**
 * A schema built at its first parse, not when its module is imported: for the schemas of one
 * route or one rare input, which most cold starts never parse. A bundle leaves out the ones its
 * function never names.
 */
/* @__NO_SIDE_EFFECTS__ */ export function lazySchema<S extends z.core.$ZodType>(
  build: () => S,
): ZodMiniLazy<S> {
  return lazy(build);
}
