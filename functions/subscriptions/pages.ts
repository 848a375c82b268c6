/**
 * The subscription pages, in Vietnamese: the sign-up form, the confirm / unsubscribe
 * "are you sure?" pages (links in mail are opened by scanners with GET, so GET never changes
 * anything; the button POSTs), the preferences form, and the outcome pages.
 */
import { choiceFieldLength, type SubscriptionPreferences } from '../../shared/domain/subscriber.js';
import { DEFAULT_TIME_ZONE, isHostZone } from '../../shared/domain/time.js';
import { type Html, html, joinHtml } from '../../shared/html.js';
import { SUBSCRIPTION_PATHS } from '../../shared/mail/links.js';

export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
};

/** Zones offered in the form; any IANA zone is accepted through the API. */
const ZONES = [
  ['Asia/Ho_Chi_Minh', 'Việt Nam (GMT+7)'],
  ['Asia/Bangkok', 'Bangkok (GMT+7)'],
  ['Asia/Singapore', 'Singapore (GMT+8)'],
  ['Asia/Tokyo', 'Tokyo (GMT+9)'],
  ['Asia/Seoul', 'Seoul (GMT+9)'],
  ['Australia/Sydney', 'Sydney'],
  ['Europe/Berlin', 'Berlin'],
  ['Europe/Paris', 'Paris'],
  ['Europe/London', 'London'],
  ['Europe/Moscow', 'Moskva'],
  ['America/New_York', 'New York'],
  ['America/Los_Angeles', 'Los Angeles'],
  ['UTC', 'UTC'],
] as const;

const FREQUENCIES = [
  ['daily', 'Hằng ngày (bản tin tổng hợp)'],
  ['weekly', 'Hằng tuần (thứ Hai)'],
  ['instant', 'Ngay khi có tin (tối đa 5 thư mỗi giờ)'],
] as const;

export function page(title: string, body: Html): Html {
  return html`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — Bantin</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#111827}
h1{font-size:1.5rem;color:#0b3d91}fieldset{border:1px solid #d1d5db;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}
label{display:block;margin:.35rem 0}input[type=email],input[type=text],select{width:100%;padding:.45rem;font:inherit;box-sizing:border-box}
input[type=checkbox],input[type=radio]{margin-right:.4rem}button{font:inherit;padding:.6rem 1.2rem;background:#0b3d91;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#6b7280}.errors{background:#fef2f2;border:1px solid #fca5a5;padding:.5rem 1rem;border-radius:6px}.hint{color:#6b7280;font-size:.9rem}
</style></head><body>
<h1>${title}</h1>
${body}
</body></html>`;
}

export interface FormValues {
  email?: string;
  preferences: SubscriptionPreferences;
}

function preferenceFields(choices: SubscriptionPreferences, sources: { id: string; name: string }[]): Html {
  // The server's own zone, stored before it was refused, is offered as Bantin's default: the form
  // saves, where offering it again made every save fail.
  const values = isHostZone(choices.timeZone) ? { ...choices, timeZone: DEFAULT_TIME_ZONE } : choices;
  const zones = ZONES.some(([zone]) => zone === values.timeZone)
    ? ZONES
    : [[values.timeZone, values.timeZone] as const, ...ZONES];
  const checked = (on: boolean) => on && html` checked`;
  const selected = (on: boolean) => on && html` selected`;
  return html`<fieldset><legend>Nguồn tin</legend>
<p class="hint">Không chọn nguồn nào nghĩa là nhận từ tất cả.</p>
${joinHtml(
  sources.map(
    (s) =>
      html`<label><input type="checkbox" name="sources" value="${s.id}"${checked(values.sources.includes(s.id))}>${s.name}</label>`,
  ),
  '\n',
)}
</fieldset>
<fieldset><legend>Chuyên mục và từ khóa</legend>
<label>Chuyên mục (cách nhau bởi dấu phẩy)<input type="text" name="categories" maxlength="${choiceFieldLength('categories')}" value="${values.categories.join(', ')}" placeholder="Xã hội, Văn hóa"></label>
<label>Từ khóa trong tiêu đề hoặc tóm tắt (gõ không dấu để khớp mọi cách bỏ dấu)<input type="text" name="keywords" maxlength="${choiceFieldLength('keywords')}" value="${values.keywords.join(', ')}" placeholder="Hà Nam, giao thông"></label>
</fieldset>
<fieldset><legend>Khi nào nhận thư</legend>
${joinHtml(
  FREQUENCIES.map(
    ([value, label]) =>
      html`<label><input type="radio" name="frequency" value="${value}"${checked(values.frequency === value)}>${label}</label>`,
  ),
  '\n',
)}
<label>Giờ nhận bản tin<select name="sendHour">${Array.from(
    { length: 24 },
    (_, h) =>
      html`<option value="${h}"${selected(values.sendHour === h)}>${String(h).padStart(2, '0')}:00</option>`,
  )}</select></label>
<label>Múi giờ<select name="timeZone">${zones.map(
    ([zone, label]) => html`<option value="${zone}"${selected(values.timeZone === zone)}>${label}</option>`,
  )}</select></label>
</fieldset>`;
}

function errorList(errors: string[]): Html | '' {
  if (errors.length === 0) return '';
  return html`<div class="errors" role="alert"><p><strong>Vui lòng kiểm tra lại:</strong></p><ul>${errors.map(
    (e) => html`<li>${e}</li>`,
  )}</ul></div>`;
}

export function subscribePage(
  values: FormValues,
  sources: { id: string; name: string }[],
  errors: string[] = [],
): Html {
  return page(
    'Đăng ký nhận tin Bantin',
    html`<p>Nhận bản tin tổng hợp hoặc tin mới qua email từ các báo bạn chọn. Chúng tôi sẽ gửi một thư xác nhận; chỉ khi bạn bấm xác nhận, việc đăng ký mới có hiệu lực.</p>
${errorList(errors)}
<form method="post" action="${SUBSCRIPTION_PATHS.subscribe}">
<label>Địa chỉ email<input type="email" name="email" required maxlength="254" autocomplete="email" value="${values.email ?? ''}"></label>
${preferenceFields(values.preferences, sources)}
<button type="submit">Đăng ký</button>
</form>`,
  );
}

export function checkYourMailPage(): Html {
  return page(
    'Kiểm tra hộp thư của bạn',
    html`<p>Nếu địa chỉ này nhận được thư, một liên kết xác nhận đang được gửi tới. Việc đăng ký chỉ bắt đầu khi bạn bấm vào liên kết đó (có hiệu lực 7 ngày).</p><p class="hint">Không thấy thư? Hãy xem thư mục thư rác.</p>`,
  );
}

export function tooManyRequestsPage(): Html {
  return page(
    'Quá nhiều yêu cầu',
    html`<p>Có quá nhiều yêu cầu đăng ký từ mạng của bạn. Vui lòng thử lại sau một giờ.</p>`,
  );
}

/** A page whose only action is a POST button: confirm, unsubscribe. */
export function actionPage(
  title: string,
  text: string,
  action: string,
  token: string,
  button: string,
  details: Html | string = '',
): Html {
  return page(
    title,
    html`<p>${text}</p>
${details}<form method="post" action="${action}"><input type="hidden" name="token" value="${token}"><button type="submit">${button}</button></form>`,
  );
}

export function managePage(
  token: string,
  email: string,
  preferences: SubscriptionPreferences,
  sources: { id: string; name: string }[],
  notice = '',
  errors: string[] = [],
): Html {
  return page(
    'Lựa chọn nhận tin',
    html`${notice && html`<p role="status"><strong>${notice}</strong></p>`}<p>Địa chỉ: <strong>${email}</strong></p>
${errorList(errors)}
<form method="post" action="${SUBSCRIPTION_PATHS.manage}">
<input type="hidden" name="token" value="${token}">
${preferenceFields(preferences, sources)}
<button type="submit" name="action" value="save">Lưu thay đổi</button>
<button type="submit" name="action" value="unsubscribe" class="secondary">Hủy đăng ký</button>
</form>`,
  );
}

/**
 * What a confirmation link confirms, shown before the reader confirms (attack run 37: anyone may
 * type an address, and the owner's only links may be a stranger's signups: the owner sees their
 * choices, and can change them right after confirming).
 */
export function choicesList(
  preferences: SubscriptionPreferences,
  sources: { id: string; name: string }[],
): Html {
  const names = new Map(sources.map((s) => [s.id, s.name]));
  const frequency =
    FREQUENCIES.find(([value]) => value === preferences.frequency)?.[1] ?? preferences.frequency;
  const zone = ZONES.find(([value]) => value === preferences.timeZone)?.[1] ?? preferences.timeZone;
  const when =
    preferences.frequency === 'instant'
      ? frequency
      : `${frequency}, lúc ${preferences.sendHour} giờ (${zone})`;
  const all = (list: string[], none: string) => (list.length > 0 ? list.join(', ') : none);
  return html`<p>Bạn sẽ nhận tin theo các lựa chọn sau (có thể thay đổi ngay sau khi xác nhận):</p>
<ul>
<li>Cách nhận: ${when}</li>
<li>Báo: ${all(
    preferences.sources.map((id) => names.get(id) ?? id),
    'tất cả',
  )}</li>
<li>Chuyên mục: ${all(preferences.categories, 'tất cả')}</li>
<li>Từ khóa: ${all(preferences.keywords, 'không có (mọi bài)')}</li>
</ul>`;
}

/** After confirming: what comes next, and the link to change the choices just confirmed. */
export function confirmedPage(text: string, manageUrl: string): Html {
  return page(
    'Đã xác nhận đăng ký',
    html`<p>${text}</p><p><a href="${manageUrl}">Xem hoặc thay đổi lựa chọn nhận tin</a></p>`,
  );
}

export function messagePage(title: string, text: string): Html {
  return page(title, html`<p>${text}</p><p><a href="${SUBSCRIPTION_PATHS.subscribe}">Trang đăng ký</a></p>`);
}

export const TOKEN_PROBLEM_PAGES = {
  invalid: {
    status: 400,
    title: 'Liên kết không hợp lệ',
    text: 'Liên kết này không hợp lệ hoặc đã bị sửa đổi. Không có gì thay đổi. Hãy dùng đúng liên kết trong thư gần nhất của Bantin.',
  },
  expired: {
    status: 410,
    title: 'Liên kết đã hết hạn',
    text: 'Liên kết này đã hết hạn. Không có gì thay đổi. Hãy dùng liên kết trong thư gần nhất, hoặc đăng ký lại.',
  },
  'unknown-subscriber': {
    status: 404,
    title: 'Không tìm thấy đăng ký',
    text: 'Không tìm thấy đăng ký ứng với liên kết này. Không có gì thay đổi.',
  },
  'not-subscribed': {
    status: 409,
    title: 'Địa chỉ này không còn đăng ký',
    text: 'Địa chỉ này đã hủy đăng ký hoặc không thể nhận thư, nên không có lựa chọn nào để đổi. Bạn có thể đăng ký lại.',
  },
} as const;
