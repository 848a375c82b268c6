/**
 * HTTP API, public routes `/admin` and `/admin/{asset}`: the administration page. It is only
 * a shell (HTML, one script, one style sheet, no build step); every piece of data comes from
 * the admin API, which the page calls with the administrator's token. So the shell itself is
 * public and holds nothing secret.
 */
import { env } from '../../infra/topology.js';
import { escapeHtml } from '../../shared/html.js';
import { type HttpEvent, type HttpResult, headless, html } from '../http.js';
import { type Environment, lambdaHandler, type Platform } from '../platform.js';

/** Beside this module locally; copied beside the bundle in AWS (topology `assets`). */
const ASSETS = new URL('./assets/', import.meta.url);

const TYPES: Record<string, string> = {
  'admin.js': 'text/javascript; charset=utf-8',
  'admin.css': 'text/css; charset=utf-8',
};
const read = new Map<string, string>();

/** An asset, read at its first request and then kept: a cold start reads none of them. */
function asset(name: string): string {
  let text = read.get(name);
  if (text === undefined) {
    // From the runtime, not imported: node:fs's ESM facade would be most of this function's init.
    text = process.getBuiltinModule('node:fs').readFileSync(new URL(name, ASSETS), 'utf-8');
    read.set(name, text);
  }
  return text;
}

/** How the page signs the administrator in: a pasted token locally, Cognito's hosted UI in AWS. */
export type AuthConfig = { kind: 'token' } | { kind: 'cognito'; loginUrl: string; clientId: string };

export function authConfig(environment: Environment): AuthConfig {
  const loginUrl = environment[env.adminLoginUrl]?.replace(/\/+$/, '');
  const clientId = environment[env.adminClientId];
  return loginUrl && clientId ? { kind: 'cognito', loginUrl, clientId } : { kind: 'token' };
}

export function contentSecurityPolicy(auth: AuthConfig): string {
  const login = auth.kind === 'cognito' ? ` ${new URL(auth.loginUrl).origin}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Inline styles only: the preview frames carry a small style block; scripts stay blocked.
    "style-src 'self' 'unsafe-inline'",
    // Article images come from the newspapers.
    "img-src 'self' data: http: https:",
    `connect-src 'self'${login}`,
    "frame-src 'self'",
    "base-uri 'none'",
    `form-action 'self'${login}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

export function createHandler(platform: Platform) {
  const auth = authConfig(platform.env);
  return async (event: HttpEvent): Promise<HttpResult> => headless(event, await answerAsset(event, auth));
}

export const handler = lambdaHandler(createHandler);

async function answerAsset(event: HttpEvent, auth: AuthConfig): Promise<HttpResult> {
  const headers = { 'content-security-policy': contentSecurityPolicy(auth), 'x-frame-options': 'DENY' };
  const name = event.pathParameters?.asset;
  if (name === undefined) {
    return html(
      200,
      asset('admin.html').replace('{{AUTH_CONFIG}}', escapeHtml(JSON.stringify(auth))),
      headers,
    );
  }
  if (!Object.hasOwn(TYPES, name))
    return html(404, '<!doctype html><title>404</title><p>Không có tệp này.</p>', headers);
  const body = asset(name);
  return {
    statusCode: 200,
    headers: {
      ...headers,
      'content-type': TYPES[name]!,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}
