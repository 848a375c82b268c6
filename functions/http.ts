/**
 * What every HTTP handler (API Gateway HTTP API, payload 2.0) shares: JSON and HTML
 * responses, request bodies validated by zod with the field path and reason of each problem,
 * and errors turned into clear answers instead of 500s.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConcurrentChangeError, ValidationError } from '../shared/domain/validation.js';
import type * as z from '../shared/domain/zod.js';
import type { Html } from '../shared/html.js';

export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpEvent = APIGatewayProxyEventV2;

/** An error a caller caused; becomes a response with this status and message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(status: number, body: Html | string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    },
    body: body.toString(),
  };
}

/**
 * The request body as text, decoded from base64 when API Gateway encoded it. Bodies are UTF-8:
 * one declared in another charset is refused (415) and one whose bytes are not UTF-8 too (400),
 * rather than stored with U+FFFD where its letters were.
 */
export function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(event.headers?.['content-type'] ?? '')?.[1];
  if (charset && !/^(?:utf-?8|us-ascii)$/i.test(charset)) {
    throw new HttpError(415, `The request body must be UTF-8; it says charset=${charset.slice(0, 40)}.`);
  }
  if (!event.isBase64Encoded) return event.body;
  try {
    return UTF8.decode(Buffer.from(event.body, 'base64'));
  } catch {
    throw new HttpError(400, 'The request body is not valid UTF-8.');
  }
}
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text fields of a form body: `application/x-www-form-urlencoded`, or `multipart/form-data`
 * (RFC 8058 lets a one-click unsubscribe come as either; the platform's Fetch API reads it, files
 * are ignored). Undefined for any other body, or a multipart body that cannot be read.
 */
export async function formFields(event: HttpEvent): Promise<URLSearchParams | undefined> {
  const type = mediaType(event);
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(bodyText(event));
  if (type !== 'multipart/form-data' || !event.body) return undefined;
  const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf-8');
  try {
    const parts = await new Response(bytes, {
      headers: { 'content-type': event.headers?.['content-type'] ?? '' },
    }).formData();
    const fields = new URLSearchParams();
    for (const [name, value] of parts) if (typeof value === 'string') fields.append(name, value);
    return fields;
  } catch {
    return undefined;
  }
}

/** The JSON of a body's text (an empty one is `{}`); text that is not JSON is a 400. */
export function jsonOf(text: string): unknown {
  // A byte-order mark before the JSON (some Windows tools write one) is no part of it.
  const json = text.replace(/^\uFEFF/, '');
  try {
    return json ? JSON.parse(json) : {};
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** Parses a JSON (or form-encoded) body with `schema`; a bad body is a 400 naming each field. */
export function parseBody<S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.output<S> {
  const text = bodyText(event);
  const type = event.headers?.['content-type'] ?? '';
  let value: unknown;
  if (type.startsWith('application/x-www-form-urlencoded')) {
    value = Object.fromEntries(new URLSearchParams(text));
  } else {
    value = jsonOf(text);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new HttpError(
    400,
    `Invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
    {
      issues,
    },
  );
}

/** The media type of the request body, lower case, without parameters (`application/json`). */
export function mediaType(event: HttpEvent): string {
  return (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The request comes from a page of `baseUrl`'s origin, by its Origin header (or its Referer when
 * a browser sends no Origin). A page on another site can set neither; a missing one is refused.
 */
export function fromOwnPage(event: HttpEvent, baseUrl: string): boolean {
  const sent = event.headers?.origin ?? event.headers?.referer;
  let page: URL;
  let own: URL;
  try {
    page = new URL(sent ?? '');
    own = new URL(baseUrl);
  } catch {
    return false; // none, or `null` (an opaque origin)
  }
  if (page.origin === own.origin) return true;
  // Locally the service answers as localhost, 127.0.0.1 and [::1] alike.
  return (
    LOOPBACK_NAMES.has(own.hostname) &&
    LOOPBACK_NAMES.has(page.hostname) &&
    page.protocol === own.protocol &&
    page.port === own.port
  );
}

/** Who made an authenticated request (JWT subject or IAM user), for audit records. */
export function callerIdentity(event: HttpEvent): string {
  const context = event.requestContext as HttpEvent['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown> }; iam?: { userArn?: string } };
  };
  const claims = context.authorizer?.jwt?.claims;
  return String(claims?.email ?? claims?.sub ?? context.authorizer?.iam?.userArn ?? 'anonymous');
}

/**
 * The route key a request is served by: API Gateway names a HEAD request's route `HEAD /path`,
 * the twin the stack gives every GET route, and its GET answers it (`headless` drops the body).
 */
export function servedRouteKey(event: HttpEvent): string {
  return event.routeKey.startsWith('HEAD ') ? `GET ${event.routeKey.slice(5)}` : event.routeKey;
}

/** The answer as the request's method wants it: a HEAD gets its GET's status and headers only. */
export function headless(event: HttpEvent, result: HttpResult): HttpResult {
  return event.routeKey?.startsWith('HEAD ') ? { ...result, body: '' } : result;
}

/** Runs `handle`, answering HttpError and ValidationError with their status and reasons. */
export async function answer(
  handle: () => Promise<HttpResult>,
  onUnexpected: (error: unknown) => void = (error) => console.error(error),
): Promise<HttpResult> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof HttpError) {
      return json(error.status, {
        error: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
    }
    if (error instanceof ValidationError)
      return json(400, { error: error.message, details: { issues: error.issues } });
    if (error instanceof ConcurrentChangeError)
      return json(409, { error: error.message }, { 'retry-after': '1' });
    onUnexpected(error);
    return json(500, { error: 'Something went wrong on our side; it has been logged.' });
  }
}
