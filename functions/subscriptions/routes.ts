/**
 * The subscription pages and API, one function per topology route (keyed by API Gateway's
 * routeKey). Each reads the request, calls a use case of shared/mail/ and answers a page or JSON.
 *   GET  /subscribe                    the form          POST /subscribe  (form) → "check your mail"
 *   POST /api/subscriptions            JSON → 202, whatever the address (never says if it is known)
 *   GET  /subscriptions/{action}?token=…   confirm | manage | unsubscribe: a page; GET never changes anything
 *   POST /subscriptions/{action}           does it; unsubscribe is RFC 8058 one-click
 *        (`List-Unsubscribe=One-Click`, answered 200, no redirect)
 */
import type { Subscriber, SubscriptionPreferences } from '../../shared/domain/subscriber.js';
import type { Html } from '../../shared/html.js';
import { SUBSCRIPTION_PATHS, tokenUrl } from '../../shared/mail/links.js';
import type { SignupRequest } from '../../shared/mail/messages.js';
import type { ClippingStore, DeliveryLog, JobQueue } from '../../shared/mail/ports.js';
import { requestSignup } from '../../shared/mail/signup.js';
import {
  formFallback,
  issueLines,
  issueSummary,
  preferencesFromForm,
  readPreferences,
  readSignup,
  type SourceChoice,
  signupFromForm,
  sourceChoices,
} from '../../shared/mail/subscription-input.js';
import {
  choicesOfLink,
  confirmSubscription,
  peek,
  type SubscriptionDeps,
  type TokenFailure,
  unsubscribe,
  updatePreferences,
} from '../../shared/mail/subscriptions.js';
import type { TokenSigner } from '../../shared/mail/tokens.js';
import type { SourceRepository } from '../../shared/ports.js';
import {
  bodyText,
  formFields,
  fromOwnPage,
  type HttpEvent,
  type HttpResult,
  html,
  json,
  jsonOf,
  mediaType,
  servedRouteKey,
} from '../http.js';
import {
  actionPage,
  checkYourMailPage,
  choicesList,
  confirmedPage,
  managePage,
  messagePage,
  SECURITY_HEADERS,
  subscribePage,
  TOKEN_PROBLEM_PAGES,
  tooManyRequestsPage,
} from './pages.js';

export interface SubscriptionRouteDeps {
  sources: Pick<SourceRepository, 'list'>;
  subscribers: SubscriptionDeps['subscribers'];
  deliveries: DeliveryLog;
  /**
   * Read when a reader leaves instant alerts (when the articles the hourly cap held back were
   * recorded), and when one leaves digests for them (the window still open, held for the first alert).
   */
  clippings: Pick<ClippingStore, 'getMany' | 'recordedBetween'>;
  signups: JobQueue<SignupRequest>;
  /** The link signer, read on first use. */
  signer: () => Promise<TokenSigner>;
  /** The service's own origin: a form is accepted only from its pages. */
  apiBaseUrl: string;
  /** Told of every unsubscribe, with how it was asked for. */
  onUnsubscribe?: (how: string, outcome: string) => void;
  now?: () => Date;
}

export type Route = (event: HttpEvent) => Promise<HttpResult>;

/** What the manage form always sends (lists may be empty, no checked source means every one). */
const MANAGE_FIELDS = ['categories', 'keywords', 'frequency'] as const;
const INCOMPLETE_MANAGE_FORM =
  'Biểu mẫu gửi đến không đầy đủ, nên không có gì thay đổi. Hãy chọn lại và bấm "Lưu thay đổi".';

type Action = 'confirm' | 'manage' | 'unsubscribe';

const ACCEPTED_MESSAGE =
  'If this address can receive mail, a confirmation link is on its way; the subscription starts only once it is confirmed.';

const page = (status: number, body: Html) => html(status, body, SECURITY_HEADERS);
// The form's own page: its POST must carry the page's Origin, which `no-referrer` would blank to "null".
const formPage = (status: number, body: Html) =>
  html(status, body, { ...SECURITY_HEADERS, 'referrer-policy': 'same-origin' });
const notFound = () => page(404, messagePage('Không có trang này', 'Trang bạn tìm không tồn tại.'));

export function createRoutes(deps: SubscriptionRouteDeps): Record<string, Route> {
  const now = deps.now ?? (() => new Date());
  const linkDeps = async (): Promise<SubscriptionDeps> => ({
    subscribers: deps.subscribers,
    signer: await deps.signer(),
    now,
  });

  const subscribe = async (event: HttpEvent, as: 'html' | 'json'): Promise<HttpResult> => {
    const refused = refuseBody(event, as, deps.apiBaseUrl);
    if (refused) return refused;
    const known = await sourceChoices(deps.sources);
    const form = await formFields(event);
    let input: unknown = form && signupFromForm(form);
    if (!form) {
      // Read as the admin API reads a body (attack run 31: another charset was "not valid JSON", a
      // byte-order mark refused): its charset's problems are thrown (415), the JSON's answered.
      const text = bodyText(event);
      try {
        input = jsonOf(text);
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    const read = readSignup(input, known);
    if (!read.ok) {
      if (as === 'json')
        return json(400, { error: issueSummary(read.issues), details: { issues: read.issues } });
      const values = {
        email: form?.get('email') ?? '',
        preferences: formFallback(form ?? new URLSearchParams()),
      };
      return formPage(400, subscribePage(values, known, issueLines(read.issues)));
    }
    const outcome = await requestSignup(read.value, event.requestContext.http.sourceIp, {
      deliveries: deps.deliveries,
      signups: deps.signups,
      now,
    });
    if (outcome === 'rate-limited') {
      const headers = { 'retry-after': '3600' };
      return as === 'json'
        ? json(
            429,
            { error: 'Too many subscribe requests from your network; try again in an hour.' },
            headers,
          )
        : html(429, tooManyRequestsPage(), { ...SECURITY_HEADERS, ...headers });
    }
    return as === 'json'
      ? json(202, { status: 'accepted', message: ACCEPTED_MESSAGE })
      : page(202, checkYourMailPage());
  };

  const doUnsubscribe = async (
    token: string,
    how: string,
    purpose: 'unsubscribe' | 'manage',
  ): Promise<HttpResult> => {
    const result = await unsubscribe(token, how, await linkDeps(), purpose);
    if (!result.ok) return tokenProblem(result);
    deps.onUnsubscribe?.(how, result.outcome);
    return page(
      200,
      messagePage(
        'Đã hủy đăng ký',
        'Bạn sẽ không nhận thêm thư nào từ Bantin. Bạn có thể đăng ký lại bất cứ lúc nào.',
      ),
    );
  };

  const manageForm = async (
    token: string,
    subscriber: { email: string; preferences: SubscriptionPreferences },
    options: { status?: number; known?: SourceChoice[]; notice?: string; errors?: string[] } = {},
  ): Promise<HttpResult> => {
    const known = options.known ?? (await sourceChoices(deps.sources, subscriber.preferences.sources));
    const body = managePage(
      token,
      subscriber.email,
      subscriber.preferences,
      known,
      options.notice,
      options.errors,
    );
    return page(options.status ?? 200, body);
  };

  const ask = (
    action: 'confirm' | 'unsubscribe',
    title: string,
    question: string,
    token: string,
    details?: Html,
  ) => page(200, actionPage(title, question, SUBSCRIPTION_PATHS[action], token, title, details));

  /** GET: the page that asks "are you sure?" (scanners open mail links; GET changes nothing). */
  const show: Record<
    Action,
    (token: string, subscriber: Subscriber, issuedAt: Date) => Promise<HttpResult> | HttpResult
  > = {
    confirm: async (token, subscriber, issuedAt) => {
      if (subscriber.status === 'confirmed') {
        return page(200, messagePage('Đã xác nhận', 'Đăng ký này đã được xác nhận trước đó.'));
      }
      const choices = choicesOfLink(subscriber, issuedAt);
      const details = choices && choicesList(choices, await sourceChoices(deps.sources, choices.sources));
      return ask(
        'confirm',
        'Xác nhận đăng ký',
        `Xác nhận nhận tin Bantin cho ${subscriber.email}?`,
        token,
        details,
      );
    },
    unsubscribe: (token, { email, status }) =>
      status === 'confirmed' || status === 'pending'
        ? ask('unsubscribe', 'Hủy đăng ký', `Ngừng gửi thư của Bantin tới ${email}?`, token)
        : page(200, messagePage('Đã hủy đăng ký', `${email} không còn nhận thư của Bantin.`)),
    manage: (token, subscriber) =>
      subscriber.status === 'unsubscribed' || subscriber.status === 'suppressed'
        ? tokenProblem({ ok: false, problem: 'not-subscribed' })
        : manageForm(token, subscriber),
  };

  /** POST: does it. */
  const perform: Record<Action, (token: string, form: URLSearchParams) => Promise<HttpResult>> = {
    confirm: async (token) => {
      const result = await confirmSubscription(token, await linkDeps());
      if (!result.ok) return tokenProblem(result);
      if (result.outcome === 'no-longer-pending') {
        const text =
          'Đăng ký này đã bị hủy; liên kết xác nhận cũ không còn dùng được. Bạn có thể đăng ký lại.';
        return page(409, messagePage('Không thể xác nhận', text));
      }
      if (result.outcome === 'superseded') {
        const text =
          'Liên kết này thuộc một lần đăng ký cũ hơn của địa chỉ này. Hãy dùng liên kết trong thư xác nhận mới nhất.';
        return page(409, messagePage('Không thể xác nhận', text));
      }
      const text = CONFIRMED[result.subscriber.preferences.frequency];
      // The choices' page only to the press that confirmed: an old link pressed again (a mail of an
      // earlier subscription of the address) hands out no access to the one now (attack run 38).
      if (result.outcome !== 'confirmed') return page(200, messagePage('Đã xác nhận đăng ký', text));
      const { signer } = await linkDeps();
      return page(200, confirmedPage(text, tokenUrl(deps, signer, 'manage', result.subscriber.id, now())));
    },
    // RFC 8058: the one-click POST carries `List-Unsubscribe=One-Click`; answered 200, no redirect.
    unsubscribe: (token, form) =>
      doUnsubscribe(
        token,
        form.get('List-Unsubscribe') === 'One-Click' ? 'one-click' : 'page',
        'unsubscribe',
      ),
    manage: async (token, form) => {
      if (form.get('action') === 'unsubscribe') return doUnsubscribe(token, 'manage page', 'manage');
      const found = await peek(token, 'manage', await linkDeps());
      if (!found.ok) return tokenProblem(found);
      // The papers the form showed this reader, those paused or gone among them (sourceChoices).
      const known = await sourceChoices(deps.sources, found.subscriber.preferences.sources);
      // Only the whole form saves: a post without its fields would reset every choice to the defaults.
      const missing = [
        ...(form.get('action') !== 'save' ? ['action=save'] : []),
        ...MANAGE_FIELDS.filter((name) => !form.has(name)),
      ];
      if (missing.length > 0) {
        // Named, for a form written by hand (a script, curl): a browser's form sends them all.
        const errors = [INCOMPLETE_MANAGE_FORM, `Thiếu trường (missing fields): ${missing.join(', ')}.`];
        return manageForm(token, found.subscriber, { status: 400, known, errors });
      }
      const read = readPreferences(preferencesFromForm(form), known);
      if (!read.ok)
        return manageForm(token, found.subscriber, { status: 400, known, errors: issueLines(read.issues) });
      // The form showed every paper the reader chose, paused ones too: what is checked is the choice.
      const result = await updatePreferences(token, read.value, await linkDeps(), deps);
      if (!result.ok) return tokenProblem(result);
      return manageForm(token, result.subscriber, { notice: 'Đã lưu lựa chọn của bạn.' });
    },
  };

  return {
    'GET /subscribe': async () =>
      formPage(
        200,
        subscribePage(
          { preferences: formFallback(new URLSearchParams()) },
          await sourceChoices(deps.sources),
        ),
      ),
    'POST /subscribe': (event) => subscribe(event, 'html'),
    'POST /api/subscriptions': (event) => subscribe(event, 'json'),
    'GET /subscriptions/{action}': async (event) => {
      const action = actionOf(event);
      if (!action) return notFound();
      const token = await tokenOf(event);
      const found = await peek(token, action, await linkDeps());
      return found.ok ? show[action](token, found.subscriber, found.issuedAt) : tokenProblem(found);
    },
    'POST /subscriptions/{action}': async (event) => {
      const action = actionOf(event);
      if (!action) return notFound();
      return perform[action](await tokenOf(event), (await formFields(event)) ?? new URLSearchParams());
    },
  };
}

/** Dispatches on the route key; a route the map does not know is the "no such page" page. */
export function route(routes: Record<string, Route>, event: HttpEvent): Promise<HttpResult> {
  const handle = routes[servedRouteKey(event)];
  return handle ? handle(event) : Promise.resolve(notFound());
}

function tokenProblem(failure: TokenFailure | { ok: false; problem: 'not-subscribed' }): HttpResult {
  const known = TOKEN_PROBLEM_PAGES[failure.problem];
  return page(known.status, messagePage(known.title, known.text));
}

/**
 * A signup is JSON (the API) or the service's own form, checked by its Origin: a form on
 * another site (urlencoded, or text/plain holding JSON) must not sign anyone up.
 */
function refuseBody(event: HttpEvent, as: 'html' | 'json', apiBaseUrl: string): HttpResult | undefined {
  const type = mediaType(event);
  if (type === 'application/json' && as === 'json') return undefined;
  if (type === 'application/x-www-form-urlencoded') {
    if (fromOwnPage(event, apiBaseUrl)) return undefined;
    return as === 'json'
      ? json(403, { error: 'A form is accepted only from the subscribe page; send application/json.' })
      : page(403, messagePage('Không thể đăng ký', 'Hãy đăng ký từ trang đăng ký của Bantin.'));
  }
  return as === 'json'
    ? json(415, { error: 'Send the subscription as application/json.' })
    : page(415, messagePage('Không thể đăng ký', 'Hãy đăng ký bằng biểu mẫu trên trang đăng ký của Bantin.'));
}

function actionOf(event: HttpEvent): Action | undefined {
  const action = event.pathParameters?.action;
  return action === 'confirm' || action === 'manage' || action === 'unsubscribe' ? action : undefined;
}

/** The signed token: in the link's query (GET, one-click), or in the form that the page posts. */
async function tokenOf(event: HttpEvent): Promise<string> {
  return event.queryStringParameters?.token ?? (await formFields(event))?.get('token') ?? '';
}

/** What a reader who just confirmed gets next, by the frequency they chose. */
const CONFIRMED: Record<'instant' | 'daily' | 'weekly', string> = {
  instant: 'Cảm ơn bạn! Thư báo tin sẽ đến ngay khi có bài mới phù hợp với lựa chọn của bạn.',
  daily: 'Cảm ơn bạn! Bản tin đầu tiên sẽ đến vào giờ bạn đã chọn.',
  weekly: 'Cảm ơn bạn! Bản tin đầu tiên sẽ đến vào thứ Hai tới, vào giờ bạn đã chọn.',
};
