/**
 * HTTP (public): the subscription pages and API.
 *   GET  /subscribe                    the form          POST /subscribe  (form) → "check your mail"
 *   POST /api/subscriptions            JSON → 202, whatever the address (never says if it is known)
 *   GET  /subscriptions/{confirm|manage|unsubscribe}?token=…   a page; GET never changes anything
 *   POST /subscriptions/{confirm|manage|unsubscribe}           does it; unsubscribe is RFC 8058
 *        one-click (`List-Unsubscribe=One-Click`, answered 200, no redirect)
 */
import type * as z from 'zod';
import { SubscriptionPreferencesSchema } from '../../shared/domain/subscriber.js';
import { SUBSCRIPTION_PATHS } from '../../shared/mail/links.js';
import { requestSignup, SignupInputSchema } from '../../shared/mail/signup.js';
import {
  confirmSubscription,
  peek,
  type SubscriptionDeps,
  type TokenFailure,
  unsubscribe,
  updatePreferences,
} from '../../shared/mail/subscriptions.js';
import {
  answer,
  bodyText,
  fromOwnPage,
  type HttpEvent,
  type HttpResult,
  html,
  json,
  mediaType,
} from '../http.js';
import { apiBaseUrlFromEnv, deliveriesFromEnv, signerFromEnv, subscribersFromEnv } from '../mail-wiring.js';
import { signupQueueFromEnv } from '../queue-wiring.js';
import { createLogger, sourcesFromEnv } from '../wiring.js';
import {
  actionPage,
  checkYourMailPage,
  managePage,
  messagePage,
  SECURITY_HEADERS,
  subscribePage,
  TOKEN_PROBLEM_PAGES,
  tooManyRequestsPage,
} from './pages.js';

const logger = createLogger('subscriptions');
const sources = sourcesFromEnv();
const subscribers = subscribersFromEnv();
const deliveries = deliveriesFromEnv();
const signups = signupQueueFromEnv();
const now = () => new Date();

const ACCEPTED_MESSAGE =
  'If this address can receive mail, a confirmation link is on its way; the subscription starts only once it is confirmed.';

const page = (status: number, body: string) => html(status, body, SECURITY_HEADERS);
// The form's own page: its POST must carry the page's Origin, which `no-referrer` would blank to "null".
const formPage = (status: number, body: string) =>
  html(status, body, { ...SECURITY_HEADERS, 'referrer-policy': 'same-origin' });

export async function handler(event: HttpEvent): Promise<HttpResult> {
  return answer(
    () => route(event),
    (error) => logger.error('subscriptions request failed', { path: event.rawPath, error: error as Error }),
  );
}

async function route(event: HttpEvent): Promise<HttpResult> {
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  if (path === SUBSCRIPTION_PATHS.subscribe)
    return method === 'GET' ? subscribeForm() : subscribe(event, 'html');
  if (path === SUBSCRIPTION_PATHS.api) return subscribe(event, 'json');
  const action = event.pathParameters?.action;
  if (action !== 'confirm' && action !== 'manage' && action !== 'unsubscribe') {
    return page(404, messagePage('Không có trang này', 'Trang bạn tìm không tồn tại.'));
  }
  const form = readForm(event);
  const token = event.queryStringParameters?.token ?? form.get('token') ?? '';
  const deps: SubscriptionDeps = { subscribers, signer: await signerFromEnv(), now };
  if (method === 'GET') return showAction(action, token, deps);
  switch (action) {
    case 'confirm': {
      const result = await confirmSubscription(token, deps);
      if (!result.ok) return tokenProblem(result);
      if (result.outcome === 'no-longer-pending') {
        return page(
          409,
          messagePage(
            'Không thể xác nhận',
            'Đăng ký này đã bị hủy; liên kết xác nhận cũ không còn dùng được. Bạn có thể đăng ký lại.',
          ),
        );
      }
      return page(
        200,
        messagePage('Đã xác nhận đăng ký', 'Cảm ơn bạn! Bản tin đầu tiên sẽ đến vào giờ bạn đã chọn.'),
      );
    }
    case 'unsubscribe':
      // RFC 8058: the one-click POST carries `List-Unsubscribe=One-Click`; answered 200, no redirect.
      return doUnsubscribe(
        token,
        form.get('List-Unsubscribe') === 'One-Click' ? 'one-click' : 'page',
        deps,
        'unsubscribe',
      );
    case 'manage': {
      if (form.get('action') === 'unsubscribe') return doUnsubscribe(token, 'manage page', deps, 'manage');
      const found = await peek(token, 'manage', deps);
      if (!found.ok) return tokenProblem(found);
      const known = await sourceChoices();
      const parsed = parsePreferences(form, known);
      if (!parsed.ok) {
        return page(
          400,
          managePage(token, found.subscriber.email, found.subscriber.preferences, known, '', parsed.errors),
        );
      }
      const result = await updatePreferences(token, parsed.preferences, deps);
      if (!result.ok) return tokenProblem(result);
      return page(
        200,
        managePage(
          token,
          result.subscriber.email,
          result.subscriber.preferences,
          known,
          'Đã lưu lựa chọn của bạn.',
        ),
      );
    }
  }
}

async function showAction(
  action: 'confirm' | 'manage' | 'unsubscribe',
  token: string,
  deps: SubscriptionDeps,
): Promise<HttpResult> {
  const found = await peek(token, action, deps);
  if (!found.ok) return tokenProblem(found);
  const path = SUBSCRIPTION_PATHS[action];
  if (action === 'confirm') {
    if (found.subscriber.status === 'confirmed')
      return page(200, messagePage('Đã xác nhận', 'Đăng ký này đã được xác nhận trước đó.'));
    return page(
      200,
      actionPage(
        'Xác nhận đăng ký',
        `Xác nhận nhận tin Bantin cho ${found.subscriber.email}?`,
        path,
        token,
        'Xác nhận đăng ký',
      ),
    );
  }
  if (action === 'unsubscribe') {
    if (found.subscriber.status !== 'confirmed' && found.subscriber.status !== 'pending') {
      return page(
        200,
        messagePage('Đã hủy đăng ký', `${found.subscriber.email} không còn nhận thư của Bantin.`),
      );
    }
    return page(
      200,
      actionPage(
        'Hủy đăng ký',
        `Ngừng gửi thư của Bantin tới ${found.subscriber.email}?`,
        path,
        token,
        'Hủy đăng ký',
      ),
    );
  }
  if (found.subscriber.status === 'unsubscribed' || found.subscriber.status === 'suppressed') {
    return tokenProblem({ ok: false, problem: 'not-subscribed' });
  }
  return page(
    200,
    managePage(token, found.subscriber.email, found.subscriber.preferences, await sourceChoices()),
  );
}

async function doUnsubscribe(
  token: string,
  how: string,
  deps: SubscriptionDeps,
  purpose: 'unsubscribe' | 'manage',
): Promise<HttpResult> {
  const result = await unsubscribe(token, how, deps, purpose);
  if (!result.ok) return tokenProblem(result);
  logger.info('unsubscribed', { how, outcome: result.outcome });
  return page(
    200,
    messagePage(
      'Đã hủy đăng ký',
      'Bạn sẽ không nhận thêm thư nào từ Bantin. Bạn có thể đăng ký lại bất cứ lúc nào.',
    ),
  );
}

function tokenProblem(failure: TokenFailure | { ok: false; problem: 'not-subscribed' }): HttpResult {
  const known = TOKEN_PROBLEM_PAGES[failure.problem];
  return page(known.status, messagePage(known.title, known.text));
}

async function subscribeForm(): Promise<HttpResult> {
  return formPage(
    200,
    subscribePage({ preferences: SubscriptionPreferencesSchema.parse({}) }, await sourceChoices()),
  );
}

async function subscribe(event: HttpEvent, as: 'html' | 'json'): Promise<HttpResult> {
  const refused = refuseBody(event, as);
  if (refused) return refused;
  const known = await sourceChoices();
  let input: unknown;
  let formValues: { email?: string } | undefined;
  if (as === 'html' || isForm(event)) {
    const form = readForm(event);
    formValues = { email: form.get('email') ?? '' };
    input = { email: form.get('email') ?? '', ...formPreferences(form) };
  } else {
    try {
      input = JSON.parse(bodyText(event) || '{}');
    } catch {
      return json(400, { error: 'The request body is not valid JSON.' });
    }
  }
  const parsed = SignupInputSchema.safeParse(input);
  const issues = parsed.success ? unknownSources(parsed.data.sources, known) : describe(parsed.error);
  if (!parsed.success || issues.length > 0) {
    if (as === 'json') {
      return json(400, {
        error: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        details: { issues },
      });
    }
    const fallback = SubscriptionPreferencesSchema.safeParse(formPreferences(readForm(event)));
    return formPage(
      400,
      subscribePage(
        {
          email: formValues?.email,
          preferences: fallback.success ? fallback.data : SubscriptionPreferencesSchema.parse({}),
        },
        known,
        issues.map((i) => `${fieldName(i.path)}: ${i.message}`),
      ),
    );
  }
  const outcome = await requestSignup(parsed.data, event.requestContext.http.sourceIp, {
    deliveries,
    signups,
    now,
  });
  if (outcome === 'rate-limited') {
    const headers = { 'retry-after': '3600' };
    return as === 'json'
      ? json(429, { error: 'Too many subscribe requests from your network; try again in an hour.' }, headers)
      : html(429, tooManyRequestsPage(), { ...SECURITY_HEADERS, ...headers });
  }
  return as === 'json'
    ? json(202, { status: 'accepted', message: ACCEPTED_MESSAGE })
    : page(202, checkYourMailPage());
}

/**
 * A signup is JSON (the API) or the service's own form, checked by its Origin: a form on
 * another site (urlencoded, or text/plain holding JSON) must not sign anyone up.
 */
function refuseBody(event: HttpEvent, as: 'html' | 'json'): HttpResult | undefined {
  const type = mediaType(event);
  if (type === 'application/json' && as === 'json') return undefined;
  if (type === 'application/x-www-form-urlencoded') {
    if (fromOwnPage(event, apiBaseUrlFromEnv())) return undefined;
    return as === 'json'
      ? json(403, { error: 'A form is accepted only from the subscribe page; send application/json.' })
      : page(403, messagePage('Không thể đăng ký', 'Hãy đăng ký từ trang đăng ký của Bantin.'));
  }
  return as === 'json'
    ? json(415, { error: 'Send the subscription as application/json.' })
    : page(415, messagePage('Không thể đăng ký', 'Hãy đăng ký bằng biểu mẫu trên trang đăng ký của Bantin.'));
}

// ---------------------------------------------------------------------------------------------

interface Issue {
  path: string;
  message: string;
}

function describe(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

function unknownSources(chosen: string[], known: { id: string }[]): Issue[] {
  const ids = new Set(known.map((s) => s.id));
  return chosen
    .filter((id) => !ids.has(id))
    .map((id) => ({ path: 'sources', message: `unknown source "${id}"` }));
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

function fieldName(path: string): string {
  return FIELD_NAMES[path.split('.')[0] ?? ''] ?? path;
}

function isForm(event: HttpEvent): boolean {
  return mediaType(event) === 'application/x-www-form-urlencoded';
}

function readForm(event: HttpEvent): URLSearchParams {
  return isForm(event) ? new URLSearchParams(bodyText(event)) : new URLSearchParams();
}

const list = (value: string | null) =>
  (value ?? '')
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Form fields → the shape of the preferences (validation is the schema's job). */
function formPreferences(form: URLSearchParams): Record<string, unknown> {
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

function parsePreferences(
  form: URLSearchParams,
  known: { id: string }[],
):
  | { ok: true; preferences: z.output<typeof SubscriptionPreferencesSchema> }
  | { ok: false; errors: string[] } {
  const parsed = SubscriptionPreferencesSchema.safeParse(formPreferences(form));
  const issues = parsed.success ? unknownSources(parsed.data.sources, known) : describe(parsed.error);
  if (!parsed.success || issues.length > 0)
    return { ok: false, errors: issues.map((i) => `${fieldName(i.path)}: ${i.message}`) };
  return { ok: true, preferences: parsed.data };
}

async function sourceChoices(): Promise<{ id: string; name: string }[]> {
  return (await sources.list())
    .filter((r) => r.source.enabled !== false)
    .map((r) => ({ id: r.source.id, name: r.source.name }));
}
