// Bantin administration page: plain JavaScript, no build step. Every piece of data comes from
// the admin API (/api/admin/...), called with the administrator's token, which is kept in
// sessionStorage only (gone when the tab closes). Untrusted text is always set as textContent;
// fetched pages are shown only in sandboxed frames without scripts.

const TOKEN_KEY = 'bantin.adminToken';
const PKCE_KEY = 'bantin.pkce';
const auth = JSON.parse(document.querySelector('meta[name="bantin-auth"]').content);

const $ = (selector, root = document) => root.querySelector(selector);

/** Creates an element: h('a', { href: '#' }, 'text', child). `null` children are skipped. */
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function toast(message, kind = 'info') {
  const el = $('#toast');
  el.textContent = message;
  el.className = kind;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 5000);
}

// --- Signing in ------------------------------------------------------------------------------

class Unauthorized extends Error {}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.issues = body?.details?.issues ?? [];
  }
}

async function api(method, path, body, headers = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new Unauthorized();
  const response = await fetch(`/api/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Unauthorized();
  }
  const data = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function showLogin(message = '') {
  for (const view of document.querySelectorAll('.view')) view.hidden = true;
  $('#nav').hidden = true;
  $('#logout').hidden = true;
  $('#login').hidden = false;
  $('#token-form').hidden = auth.kind !== 'token';
  $('#cognito-login').hidden = auth.kind !== 'cognito';
  $('#login-error').textContent = message;
}

$('#token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = new FormData(event.target).get('token').trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    await api('GET', '/overview');
    event.target.reset();
    $('#login').hidden = true;
    route();
  } catch (error) {
    showLogin(error instanceof Unauthorized ? 'Mã quản trị không đúng.' : error.message);
  }
});

$('#logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin('Đã đăng xuất.');
});

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

// Cognito hosted UI, authorization code with PKCE: no client secret in the page.
$('#cognito-button').addEventListener('click', async () => {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(`${auth.loginUrl}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: `${location.origin}/admin`,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
});

async function finishCognitoLogin() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (auth.kind !== 'cognito' || !code) return;
  history.replaceState(null, '', '/admin');
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
  sessionStorage.removeItem(PKCE_KEY);
  if (!saved || saved.state !== params.get('state'))
    return showLogin('Phiên đăng nhập không hợp lệ, hãy thử lại.');
  const response = await fetch(`${auth.loginUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: `${location.origin}/admin`,
      code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) return showLogin('Không đăng nhập được, hãy thử lại.');
  // The ID token: the API's JWT authorizer checks its audience (this app client) and issuer.
  sessionStorage.setItem(TOKEN_KEY, (await response.json()).id_token);
}

// --- Formatting ------------------------------------------------------------------------------

const STATUS_LABELS = {
  ok: 'Tốt',
  warning: 'Cảnh báo',
  error: 'Lỗi',
  pending: 'Chưa lấy tin',
  disabled: 'Đã tắt',
};

/** The fields source health checks (shared/ingest/poll-health.ts). */
const MISSING_LABELS = {
  title: 'tiêu đề',
  date: 'ngày đăng',
  body: 'nội dung (dưới 200 ký tự)',
};

function flagLabel(flag, health) {
  const poll = health.lastPoll;
  switch (flag.code) {
    case 'disabled':
      return 'Đã tắt, không lấy tin';
    case 'never-polled':
      return 'Chưa lấy tin lần nào';
    case 'last-poll-failed':
      return `Lần lấy tin gần nhất thất bại: ${poll?.error ?? ''}`;
    case 'failing':
      return `${health.consecutiveFailures} lần thất bại liên tiếp`;
    case 'selectors-broken':
      return `${health.extraction?.incomplete ?? '?'}/${health.extraction?.recent ?? '?'} bài gần nhất thiếu tiêu đề, ngày hoặc nội dung: có lẽ trang đã đổi giao diện, hãy kiểm tra bộ chọn`;
    case 'stale':
      return 'Lâu rồi chưa lấy tin';
    case 'items-failed':
      return `${poll?.itemsFailed} bài không đọc được`;
    case 'images-failed':
      return `${poll?.imagesFailed} ảnh không lưu được (${poll?.imagesPending ?? 0} ảnh chờ thử lại), bài vẫn dùng ảnh gốc của báo`;
    case 'empty-listing':
      return 'Nguồn cấp không có bài nào';
    case 'warnings':
      return `${poll?.warningCount} cảnh báo trích xuất`;
    default:
      return flag.message;
  }
}

const dateTime = new Intl.DateTimeFormat('vi-VN', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Asia/Ho_Chi_Minh',
});

function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

function badge(status) {
  return h('span', { class: `badge ${status}`, 'data-status': status }, STATUS_LABELS[status] ?? status);
}

// --- Views -----------------------------------------------------------------------------------

function show(id) {
  $('#login').hidden = true;
  $('#nav').hidden = false;
  $('#logout').hidden = false;
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== id;
}

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  try {
    const edit = /^\/sources\/([a-z0-9-]+)\/edit$/.exec(hash);
    const articles = /^\/sources\/([a-z0-9-]+)\/articles$/.exec(hash);
    if (hash === '/') await showSources();
    else if (hash === '/sources/new') await showEditor();
    else if (edit) await showEditor(edit[1]);
    else if (articles) await showArticles(articles[1]);
    else if (hash === '/subscribers') await showSubscribers();
    else if (hash === '/audit') await showAudit();
    else location.hash = '#/';
  } catch (error) {
    if (error instanceof Unauthorized) showLogin(sessionStorage.getItem(TOKEN_KEY) ? '' : 'Hãy đăng nhập.');
    else toast(error.message, 'error');
  }
}

async function showSources() {
  show('sources-view');
  // The rows shown until the new ones come are the last ones read: their buttons stay off, or a
  // click landing as the rows are replaced would be lost (pressed on one row, released on the next).
  const body = $('#sources tbody');
  const stale = [...body.querySelectorAll('button:not([disabled])')];
  for (const button of stale) button.disabled = true;
  body.setAttribute('aria-busy', 'true');
  try {
    const [sources, overview] = await Promise.all([allSources(), api('GET', '/overview')]);
    renderOverview(overview);
    body.replaceChildren(...sources.map(sourceRow));
    if (sources.length === 0) body.append(h('tr', {}, h('td', { colspan: 5 }, 'Chưa có nguồn nào.')));
  } catch (error) {
    for (const button of stale) button.disabled = false;
    throw error;
  } finally {
    body.removeAttribute('aria-busy');
  }
}

/** Every source, page after page (the API answers at most 100 at a time), by id. */
async function allSources() {
  const sources = [];
  let cursor;
  for (let page = 0; page < 1000; page++) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const { sources: some, next } = await api('GET', `/sources${query}`);
    sources.push(...some);
    cursor = next;
    if (!cursor) break;
  }
  return sources.sort((a, b) => a.source.id.localeCompare(b.source.id));
}

function renderOverview(overview) {
  const { byStatus, total } = overview.sources;
  const card = (label, value, kind = '') =>
    h('div', { class: `card ${kind}` }, h('strong', {}, String(value)), h('span', {}, label));
  $('#overview').replaceChildren(
    card('nguồn tin', total),
    card('tốt', byStatus.ok, 'ok'),
    card('cảnh báo', byStatus.warning, 'warning'),
    card('lỗi', byStatus.error, 'error'),
    card('đã tắt', byStatus.disabled, 'disabled'),
    card('người đăng ký (subscribers)', overview.subscribers?.total ?? 'chưa có', 'subscribers'),
    card('webhook', overview.webhooks?.total ?? 'chưa có', 'webhooks'),
    ...figureCards(overview.figures, card),
  );
}

/** The business figures counted since the local service started (absent in AWS: see the dashboard). */
const FIGURE_LABELS = {
  ArticlesNew: 'bài mới',
  ArticlesDuplicate: 'bài trùng',
  ArticlesFailed: 'bài lỗi',
  FeedsRebuilt: 'nguồn cấp dựng lại',
  DigestsSent: 'bản tin đã gửi',
  AlertsSent: 'tin nhanh đã gửi',
  Bounces: 'thư bị trả lại',
  Complaints: 'lời phàn nàn',
};

function figureCards(figures, card) {
  if (!figures) return [];
  return Object.entries(FIGURE_LABELS).map(([name, label]) =>
    card(`${label} (từ ${formatTime(figures.since)})`, figures.totals[name] ?? 0, 'figure'),
  );
}

function sourceRow({ source, health }) {
  const poll = health.lastPoll;
  const pollCell = poll
    ? h(
        'td',
        {},
        h('div', {}, formatTime(poll.at), ' — ', poll.status),
        h(
          'div',
          { class: 'muted' },
          `${poll.itemsNew} mới · ${poll.itemsDuplicate} trùng · ${poll.itemsFailed} lỗi${poll.itemsCorrected ? ` · ${poll.itemsCorrected} đính chính` : ''}`,
          health.consecutiveFailures > 0 ? ` · ${health.consecutiveFailures} lần lỗi liên tiếp` : '',
        ),
      )
    : h('td', { class: 'muted' }, 'Chưa lấy tin');
  const flags = h(
    'td',
    {},
    h(
      'ul',
      { class: 'flags' },
      ...health.flags.map((f) => h('li', { class: f.severity, title: f.message }, flagLabel(f, health))),
    ),
  );
  const id = source.id;
  const act = (label, handler, attributes = {}) =>
    h('button', { type: 'button', class: 'small', onclick: handler, ...attributes }, label);
  return h(
    'tr',
    { 'data-source': id },
    h('td', {}, badge(health.status)),
    h(
      'td',
      {},
      h('strong', {}, source.name),
      h('div', { class: 'muted' }, `${id} · ${source.kind} · mỗi ${source.pollIntervalMinutes} phút`),
    ),
    pollCell,
    flags,
    h(
      'td',
      { class: 'row-actions' },
      h('a', { class: 'button small secondary', href: `#/sources/${id}/edit` }, 'Sửa'),
      h('a', { class: 'button small secondary', href: `#/sources/${id}/articles` }, 'Bài viết'),
      source.enabled ? act('Lấy tin ngay', () => ingestNow(id), { 'data-action': 'ingest' }) : null,
      act(source.enabled ? 'Tắt' : 'Bật', () => toggle(id, !source.enabled), { class: 'small secondary' }),
      source.enabled ? null : act('Xoá', () => removeSource(id), { class: 'small danger' }),
    ),
  );
}

async function ingestNow(id) {
  const before = (await api('GET', `/sources/${id}`)).health.lastPoll?.at;
  await api('POST', `/sources/${id}/ingest`);
  toast(`Đã yêu cầu lấy tin “${id}”; đang chờ kết quả…`);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const view = await api('GET', `/sources/${id}`);
    const poll = view.health.lastPoll;
    if (poll && poll.at !== before) {
      toast(
        `${id}: ${poll.status}, ${poll.itemsNew} bài mới, ${poll.itemsDuplicate} trùng, ${poll.itemsFailed} lỗi`,
        poll.status === 'failed' ? 'error' : 'info',
      );
      if (location.hash === '' || location.hash === '#/') await showSources();
      return;
    }
  }
  toast(`${id}: chưa có kết quả sau 2 phút; xem lại sau.`, 'error');
}

async function toggle(id, enabled) {
  await api('POST', `/sources/${id}/${enabled ? 'enable' : 'disable'}`);
  toast(`${id}: ${enabled ? 'đã bật' : 'đã tắt'}`);
  await showSources();
}

async function removeSource(id) {
  if (!confirm(`Xoá nguồn “${id}”? Các bài đã lưu vẫn được giữ.`)) return;
  await api('DELETE', `/sources/${id}`);
  toast(`Đã xoá nguồn ${id}`);
  await showSources();
}

// --- Editor and preview ----------------------------------------------------------------------

let editing; // the id being edited, or undefined for a new source
let editingRevision; // the revision the form was filled from: a save sends it back (If-Match)
let previewTimer;
let previewRun = 0;

async function showEditor(id) {
  show('editor-view');
  editing = id;
  const form = $('#source-form');
  form.reset();
  clearErrors();
  $('#ignored-link-params').textContent = '';
  $('#preview-listing').replaceChildren();
  $('#preview-tabs').replaceChildren();
  $('#preview-article').replaceChildren();
  $('#preview-status').textContent =
    'Bấm “Xem trước” để lấy nguồn cấp, tải vài bài và xem kết quả trích xuất — không lưu gì cả.';
  $('#editor-title').textContent = id ? `Sửa nguồn ${id}` : 'Thêm nguồn';
  form.elements.id.readOnly = Boolean(id);
  editingRevision = undefined;
  if (id) {
    const view = await api('GET', `/sources/${id}`);
    editingRevision = view.revision;
    fillForm(view.source);
    const ignored = view.health.ignoredLinkParams ?? [];
    $('#ignored-link-params').textContent =
      ignored.length > 0
        ? `Tham số đang bị bỏ khỏi liên kết (học từ địa chỉ chuẩn của trang): ${ignored.join(', ')}. Ghi tên vào ô trên nếu tham số đó chọn bài.`
        : '';
  }
  updateJson();
}

function fillForm(source) {
  const f = $('#source-form').elements;
  f.id.value = source.id;
  f.name.value = source.name;
  f.homepage.value = source.homepage;
  f.kind.value = source.kind;
  f.urls.value = source.urls.join('\n');
  f.language.value = source.language;
  f.timeZone.value = source.timeZone;
  f.pollIntervalMinutes.value = source.pollIntervalMinutes;
  f.maxArticlesPerPoll.value = source.maxArticlesPerPoll;
  f.enabled.checked = source.enabled;
  f.rehostImages.checked = source.rehostImages !== false;
  f.keepLinkParams.value = (source.keepLinkParams ?? []).join(', ');
  const s = source.selectors ?? {};
  for (const field of ['title', 'date', 'author', 'summary', 'body', 'links'])
    f[`sel-${field}`].value = s[field] ?? '';
  f['sel-remove'].value = (s.remove ?? []).join('\n');
}

const lines = (text) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The form as a source configuration; empty optional fields are left out (the API fills defaults). */
function formSource() {
  const f = $('#source-form').elements;
  const source = {
    id: f.id.value.trim(),
    name: f.name.value.trim(),
    homepage: f.homepage.value.trim() || undefined,
    kind: f.kind.value,
    urls: lines(f.urls.value),
    language: f.language.value.trim() || undefined,
    timeZone: f.timeZone.value.trim() || undefined,
    pollIntervalMinutes: f.pollIntervalMinutes.value ? Number(f.pollIntervalMinutes.value) : undefined,
    maxArticlesPerPoll: f.maxArticlesPerPoll.value ? Number(f.maxArticlesPerPoll.value) : undefined,
    enabled: f.enabled.checked,
    rehostImages: f.rehostImages.checked,
  };
  const keep = f.keepLinkParams.value
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (keep.length > 0) source.keepLinkParams = keep;
  const selectors = {};
  for (const field of ['title', 'date', 'author', 'summary', 'body', 'links']) {
    const value = f[`sel-${field}`].value.trim();
    if (value) selectors[field] = value;
  }
  const remove = lines(f['sel-remove'].value);
  if (remove.length > 0) selectors.remove = remove;
  if (Object.keys(selectors).length > 0) source.selectors = selectors;
  if (!source.homepage && source.urls[0]) {
    try {
      source.homepage = new URL('/', source.urls[0]).href;
    } catch {
      // The API names the bad URL.
    }
  }
  return JSON.parse(JSON.stringify(source));
}

function updateJson() {
  $('#source-json').textContent = JSON.stringify(formSource(), null, 2);
}

/** The form control an issue path (`urls.0`, `selectors.body`) belongs to. */
function fieldFor(path) {
  const [head, second] = path.split('.');
  const name = head === 'selectors' ? `sel-${second}` : head;
  return $('#source-form').elements[name];
}

function clearErrors() {
  for (const el of document.querySelectorAll('#source-form .field-error')) el.remove();
  for (const el of document.querySelectorAll('#source-form [aria-invalid]'))
    el.removeAttribute('aria-invalid');
  $('#form-error').textContent = '';
}

function showIssues(error) {
  clearErrors();
  const unplaced = [];
  for (const issue of error.issues ?? []) {
    const field = fieldFor(issue.path);
    if (!field || field instanceof RadioNodeList) {
      unplaced.push(`${issue.path}: ${issue.message}`);
      continue;
    }
    field.setAttribute('aria-invalid', 'true');
    field.closest('label').append(h('span', { class: 'field-error' }, `${issue.path}: ${issue.message}`));
  }
  $('#form-error').textContent =
    unplaced.length > 0 || !error.issues?.length
      ? [error.message, ...unplaced].join(' — ')
      : 'Hãy sửa các ô được đánh dấu.';
}

$('#source-form').addEventListener('input', (event) => {
  updateJson();
  if ($('#auto-preview').checked && event.target.name?.startsWith('sel-')) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(runPreview, 1200);
  }
});

$('#preview-button').addEventListener('click', () => runPreview());

$('#source-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const source = formSource();
  $('#save-button').disabled = true;
  try {
    const saved = editing
      ? await api('PUT', `/sources/${editing}`, source, { 'if-match': `"r${editingRevision}"` })
      : await api('POST', '/sources', source);
    toast(`Đã lưu nguồn ${saved.source.id}`);
    location.hash = '#/';
  } catch (error) {
    if (error instanceof Unauthorized) return showLogin('Hãy đăng nhập lại.');
    if (error instanceof ApiError && error.status === 412) {
      // Saved, enabled or disabled elsewhere since this form was filled: nothing was overwritten.
      error.message =
        'Nguồn này vừa được sửa, bật hoặc tắt ở nơi khác nên chưa lưu gì. Hãy mở lại trang sửa để xem cấu hình mới rồi sửa lại.';
    }
    showIssues(error);
  } finally {
    $('#save-button').disabled = false;
  }
});

async function runPreview() {
  const run = ++previewRun;
  clearErrors();
  $('#preview-status').textContent = 'Đang lấy nguồn cấp và trích xuất các bài…';
  $('#preview').setAttribute('aria-busy', 'true');
  try {
    const result = await api('POST', '/preview?articles=3', formSource());
    if (run !== previewRun) return;
    renderPreview(result);
    $('#auto-preview').checked = true;
  } catch (error) {
    if (run !== previewRun) return;
    if (error instanceof Unauthorized) return showLogin('Hãy đăng nhập lại.');
    $('#preview-status').textContent = 'Không xem trước được.';
    showIssues(error);
  } finally {
    if (run === previewRun) $('#preview').removeAttribute('aria-busy');
  }
}

function renderPreview(result) {
  const { listing, articles } = result;
  const ok = articles.filter((a) => a.ok).length;
  $('#preview-status').textContent =
    `Xem trước xong trong ${(result.durationMs / 1000).toFixed(1)} giây: ${ok}/${articles.length} bài trích xuất được.`;
  $('#preview-listing').replaceChildren(
    h(
      'p',
      { class: listing.ok ? 'muted' : 'error' },
      !listing.ok
        ? `Nguồn cấp lỗi: ${listing.error}`
        : listing.linksFound === 0
          ? `Nguồn cấp không có liên kết bài viết nào (HTTP ${listing.httpStatus ?? '?'})`
          : `Nguồn cấp: ${listing.linksFound} liên kết bài viết (HTTP ${listing.httpStatus ?? '?'})`,
    ),
    // replaceChildren would print a null as the text "null".
    listing.warnings?.length
      ? h('ul', { class: 'warnings' }, ...listing.warnings.map((w) => h('li', {}, w)))
      : '',
  );
  const tabs = articles.map((article, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: `tab ${article.ok ? 'ok' : 'error'}`,
        onclick: () => selectTab(i),
      },
      article.article?.title ?? article.extracted?.title ?? article.url,
    ),
  );
  $('#preview-tabs').replaceChildren(...tabs);
  const selectTab = (i) => {
    tabs.forEach((tab, j) => {
      tab.setAttribute('aria-selected', String(i === j));
    });
    $('#preview-article').replaceChildren(articlePreview(articles[i]));
  };
  if (articles.length > 0) selectTab(0);
  else $('#preview-article').replaceChildren();
}

/** The page as the site sent it (sanitized), with what each selector matched outlined. */
const PAGE_FRAME_STYLE = `<style>
body{font:15px/1.5 system-ui,sans-serif;margin:8px;color:#222}img{max-width:100%;height:auto}
[data-bantin-field]{outline:3px solid #0b7a53;outline-offset:2px;position:relative}
[data-bantin-field]::before{content:attr(data-bantin-field);position:absolute;top:-1.4em;left:0;background:#0b7a53;color:#fff;font:12px/1.3 system-ui;padding:0 4px}
[data-bantin-removed]{outline:2px dashed #b3261e;opacity:.45}
</style>`;
const CONTENT_FRAME_STYLE =
  '<style>body{font:16px/1.6 Georgia,serif;margin:8px;color:#222}img{max-width:100%;height:auto}</style>';

function frame(title, html, style) {
  // No allow-scripts, no allow-same-origin: the frame can neither run code nor reach this page.
  return h('iframe', { title, sandbox: '', srcdoc: `<!doctype html><meta charset="utf-8">${style}${html}` });
}

function articlePreview(preview) {
  const field = (name, label, value) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, label, h('div', { class: 'muted' }, name)),
      h('td', { 'data-field': name }, value || h('span', { class: 'muted' }, '(trống)')),
    );
  const article = preview.article ?? preview.extracted ?? {};
  const left = preview.page
    ? h(
        'div',
        { class: 'pane' },
        h('h3', {}, 'Trang gốc (đã lọc bỏ script)'),
        h(
          'p',
          { class: 'muted' },
          h(
            'a',
            { href: preview.finalUrl ?? preview.url, target: '_blank', rel: 'noopener noreferrer' },
            preview.finalUrl ?? preview.url,
          ),
        ),
        frame('Trang gốc', preview.page.html, PAGE_FRAME_STYLE),
        h(
          'details',
          {},
          h('summary', {}, 'Văn bản của trang'),
          h('pre', { class: 'page-text' }, preview.page.text),
        ),
      )
    : h(
        'div',
        { class: 'pane' },
        h('h3', {}, 'Trang gốc'),
        h('p', { class: 'error' }, preview.error ?? 'Không tải được trang.'),
      );
  const images = (article.images ?? []).map((img) =>
    h(
      'li',
      {},
      h('a', { href: img.url, target: '_blank', rel: 'noopener noreferrer' }, img.url),
      img.caption ? ` — ${img.caption}` : '',
    ),
  );
  const right = h(
    'div',
    { class: 'pane extracted' },
    h(
      'h3',
      {},
      preview.ok
        ? 'Kết quả trích xuất — sẽ được lưu như sau'
        : 'Kết quả trích xuất — bài này sẽ KHÔNG được lưu',
    ),
    preview.error ? h('p', { class: 'error' }, preview.error) : null,
    preview.problems.length > 0
      ? h(
          'ul',
          { class: 'problems' },
          ...preview.problems.map((p) => h('li', { class: 'error' }, `${p.path}: ${p.message}`)),
        )
      : null,
    h(
      'table',
      { class: 'fields' },
      field('title', 'Tiêu đề', article.title),
      field('publishedAt', 'Ngày đăng', article.publishedAt),
      field('updatedAt', 'Cập nhật', article.updatedAt),
      field('author', 'Tác giả', article.author),
      field('summary', 'Tóm tắt', article.summary),
      field('categories', 'Chuyên mục', (article.categories ?? []).join(', ')),
      field('attribution', 'Nguồn trích', article.attribution),
      field('language', 'Ngôn ngữ', article.language),
      field('canonicalUrl', 'Địa chỉ chuẩn', article.canonicalUrl),
      field('id', 'Mã bài', article.id),
      field('images', 'Ảnh', images.length ? h('ul', {}, ...images) : ''),
      field(
        'contentText',
        'Độ dài nội dung',
        article.contentText ? `${article.contentText.length} ký tự` : '',
      ),
    ),
    h('h4', {}, 'Nội dung (contentHtml)'),
    frame('Nội dung trích xuất', article.contentHtml ?? '', CONTENT_FRAME_STYLE),
    preview.missing?.length > 0
      ? h(
          'p',
          { class: 'warning', 'data-missing': preview.missing.join(' ') },
          `Bài này thiếu ${preview.missing.map((f) => MISSING_LABELS[f] ?? f).join(', ')}: khi lấy tin, bài như vậy được tính là không đầy đủ; nếu từ một nửa số bài gần nhất như vậy, nguồn bị đánh dấu Lỗi.`,
        )
      : null,
    preview.warnings.length > 0
      ? h(
          'div',
          {},
          h('h4', {}, `Cảnh báo (${preview.warnings.length})`),
          h('ul', { class: 'warnings' }, ...preview.warnings.map((w) => h('li', {}, w))),
        )
      : preview.missing?.length > 0
        ? null
        : h('p', { class: 'muted' }, 'Không có cảnh báo.'),
  );
  return h('div', { class: 'side-by-side' }, left, right);
}

// --- Articles and re-extraction --------------------------------------------------------------

let articlesOf;

async function showArticles(id) {
  show('articles-view');
  articlesOf = id;
  $('#articles-title').textContent = `Bài viết gần đây — ${id}`;
  $('#reextract-result').replaceChildren();
  const { articles } = await api('GET', `/sources/${id}/articles?limit=50`);
  const body = $('#articles tbody');
  body.replaceChildren(
    ...articles.map((a) =>
      h(
        'tr',
        { 'data-article': a.id },
        h('td', {}, h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, a.title)),
        h('td', {}, formatTime(a.publishedAt)),
        h('td', {}, a.categories.join(', ')),
        h('td', { class: 'muted mono' }, a.id),
        h(
          'td',
          { class: 'row-actions' },
          a.withdrawn
            ? [
                h(
                  'span',
                  { class: 'muted', title: a.withdrawn.reason },
                  `Đã gỡ ${formatTime(a.withdrawn.at)} `,
                ),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'small secondary',
                    'data-action': 'restore',
                    onclick: () => restore(a).catch((e) => toast(e.message, 'error')),
                  },
                  'Khôi phục',
                ),
              ]
            : h(
                'button',
                {
                  type: 'button',
                  class: 'small danger',
                  'data-action': 'withdraw',
                  onclick: () => withdraw(a).catch((e) => toast(e.message, 'error')),
                },
                'Gỡ bài',
              ),
        ),
      ),
    ),
  );
  if (articles.length === 0) body.append(h('tr', {}, h('td', { colspan: 5 }, 'Chưa có bài nào.')));
}

/** Undoes a withdrawal: the article is listed again where it was. */
async function restore(article) {
  const reason = prompt(`Khôi phục bài “${article.title}” vào các nguồn tin? Lý do (ghi vào nhật ký):`);
  if (reason === null) return;
  await api('POST', '/articles/restore', { article: article.id, reason });
  toast(`Đã khôi phục bài ${article.id}`);
  await showArticles(articlesOf);
}

/** Takes an article down: out of every feed and archive page; webhooks hear of it. */
async function withdraw(article) {
  const reason = prompt(
    `Gỡ bài “${article.title}” khỏi mọi nguồn tin (feed) và trang lưu trữ? Lý do (bắt buộc, ghi vào nhật ký):`,
  );
  if (reason === null) return;
  await api('POST', '/articles/withdraw', { article: article.id, reason });
  toast(`Đã gỡ bài ${article.id}`);
  await showArticles(articlesOf);
}

async function reextract(dryRun) {
  $('#reextract-result').replaceChildren(h('p', { class: 'muted' }, 'Đang trích xuất lại…'));
  const result = await api('POST', `/sources/${articlesOf}/reextract`, { dryRun, limit: 50 });
  const rows = result.items
    .filter((i) => i.outcome !== 'unchanged')
    .map((i) =>
      h(
        'li',
        {},
        `${i.articleId}: ${i.outcome}`,
        i.reason ? ` — ${i.reason}` : '',
        i.changes?.length ? ` — ${i.changes.map((c) => c.field).join(', ')}` : '',
      ),
    );
  $('#reextract-result').replaceChildren(
    h(
      'p',
      {},
      `${dryRun ? 'Thử (không ghi)' : 'Đã chạy'}: ${result.considered} bài xét, ${result.updated} ${dryRun ? 'sẽ đổi' : 'đã cập nhật'}, ${result.unchanged} không đổi, ${result.skipped} bỏ qua.`,
    ),
    result.olderLeft
      ? h(
          'p',
          { class: 'muted' },
          `Chỉ xét ${result.considered} bài mới nhất: các bài cũ hơn chưa được trích xuất lại (dùng CLI với --limit lớn hơn).`,
        )
      : '',
    // '' adds nothing; replaceChildren writes a null as the text "null" (newcomer run 49).
    rows.length ? h('ul', {}, ...rows) : '',
  );
  if (!dryRun) await showArticles(articlesOf);
}

$('#reextract-dry').addEventListener('click', () => reextract(true).catch((e) => toast(e.message, 'error')));
$('#reextract-run').addEventListener('click', () => reextract(false).catch((e) => toast(e.message, 'error')));

// --- Subscribers and webhooks ----------------------------------------------------------------

const SUBSCRIBER_STATUS = {
  pending: 'Chờ xác nhận (pending)',
  confirmed: 'Đã xác nhận (confirmed)',
  unsubscribed: 'Đã huỷ (unsubscribed)',
  suppressed: 'Bị chặn (suppressed)',
};

async function showSubscribers() {
  show('subscribers-view');
  const [counts, { webhooks }] = await Promise.all([api('GET', '/subscribers'), api('GET', '/webhooks')]);
  $('#subscriber-counts tbody').replaceChildren(
    ...Object.entries(counts.byStatus).map(([status, n]) =>
      h(
        'tr',
        { 'data-status': status },
        h('td', {}, SUBSCRIBER_STATUS[status] ?? status),
        h('td', {}, String(n)),
      ),
    ),
    h('tr', {}, h('th', {}, 'Tổng'), h('th', {}, String(counts.total))),
  );
  $('#webhooks tbody').replaceChildren(
    ...webhooks.map((w) =>
      h(
        'tr',
        {},
        h('td', { class: 'mono' }, w.endpoint),
        h(
          'td',
          {},
          w.filter.kind === 'source' ? `nguồn ${w.filter.sourceId}` : `chuyên mục ${w.filter.slug}`,
        ),
        h('td', {}, w.status === 'confirmed' ? 'đã xác nhận' : 'chờ xác nhận'),
        h(
          'td',
          {},
          h('button', { type: 'button', class: 'small danger', onclick: () => removeWebhook(w.id) }, 'Xoá'),
        ),
      ),
    ),
  );
  if (webhooks.length === 0)
    $('#webhooks tbody').append(h('tr', {}, h('td', { colspan: 4 }, 'Chưa có webhook nào.')));
}

function showSubscriber(subscriber) {
  $('#subscriber-result').replaceChildren(
    h(
      'p',
      {},
      h('strong', {}, subscriber.email),
      ` — ${SUBSCRIBER_STATUS[subscriber.status] ?? subscriber.status}`,
      subscriber.statusReason ? ` (${subscriber.statusReason})` : '',
      `; đăng ký lúc ${formatTime(subscriber.createdAt)}; nhận ${subscriber.preferences.frequency}`,
    ),
    subscriber.lastLeft
      ? h(
          'p',
          { class: 'muted', id: 'subscriber-last-left' },
          `Lần rời gần nhất: ${SUBSCRIBER_STATUS[subscriber.lastLeft.status] ?? subscriber.lastLeft.status}, ${formatTime(subscriber.lastLeft.at)}`,
          subscriber.lastLeft.reason ? ` (${subscriber.lastLeft.reason})` : '',
        )
      : '',
  );
  $('#lift-button').hidden = subscriber.status !== 'suppressed';
}

$('#subscriber-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = new FormData(event.target).get('email').trim();
  try {
    showSubscriber((await api('GET', `/subscribers?email=${encodeURIComponent(email)}`)).subscriber);
  } catch (error) {
    $('#lift-button').hidden = true;
    $('#subscriber-result').replaceChildren(
      h(
        'p',
        { class: 'error' },
        error.status === 404 ? 'Không có người đăng ký với email này.' : error.message,
      ),
    );
  }
});

$('#suppress-button').addEventListener('click', async () => {
  const email = $('#subscriber-form').elements.email.value.trim();
  if (!email || !confirm(`Chặn mọi thư gửi tới ${email}?`)) return;
  try {
    const result = await api('POST', '/subscribers/suppress', { email });
    showSubscriber(result.subscriber);
    toast(result.changed ? `Đã chặn ${email}` : `${email} đã bị chặn từ trước`);
    await showSubscribers();
  } catch (error) {
    $('#subscriber-result').replaceChildren(h('p', { class: 'error' }, error.message));
  }
});

$('#lift-button').addEventListener('click', async () => {
  const email = $('#subscriber-form').elements.email.value.trim();
  const reason =
    email && prompt(`Bỏ chặn ${email}: vì sao? (3-150 ký tự; người đọc phải đăng ký và xác nhận lại)`);
  if (!reason) return;
  try {
    const result = await api('POST', '/subscribers/lift-suppression', { email, reason });
    showSubscriber(result.subscriber);
    toast(result.changed ? `Đã bỏ chặn ${email}` : `${email} không bị chặn`);
    await showSubscribers();
  } catch (error) {
    $('#subscriber-result').replaceChildren(h('p', { class: 'error' }, error.message));
  }
});

$('#webhook-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const body = { endpoint: data.get('endpoint').trim() };
  if (data.get('sourceId').trim()) body.sourceId = data.get('sourceId').trim();
  if (data.get('category').trim()) body.category = data.get('category').trim();
  try {
    await api('POST', '/webhooks', body);
    $('#webhook-error').textContent = '';
    event.target.reset();
    toast('Đã đăng ký webhook; trang nhận phải xác nhận (SubscriptionConfirmation).');
    await showSubscribers();
  } catch (error) {
    $('#webhook-error').textContent = [
      error.message,
      ...(error.issues ?? []).map((i) => `${i.path}: ${i.message}`),
    ].join(' — ');
  }
});

async function removeWebhook(id) {
  if (!confirm('Xoá webhook này?')) return;
  await api('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  toast('Đã xoá webhook');
  await showSubscribers();
}

// --- Audit log -------------------------------------------------------------------------------

async function showAudit() {
  show('audit-view');
  const { entries } = await api('GET', '/audit?limit=100');
  const short = (value) => {
    const text = value === undefined ? '∅' : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  $('#audit tbody').replaceChildren(
    ...entries.map((e) =>
      h(
        'tr',
        {},
        h('td', {}, formatTime(e.at)),
        h('td', {}, e.actor),
        h('td', {}, e.action),
        h('td', {}, e.target),
        h(
          'td',
          {},
          e.changes.length
            ? h(
                'ul',
                { class: 'changes' },
                ...e.changes.map((c) =>
                  h('li', {}, h('code', {}, c.path), `: ${short(c.before)} → ${short(c.after)}`),
                ),
              )
            : e.details
              ? h('code', {}, short(e.details))
              : '',
        ),
      ),
    ),
  );
}

// --- Start -----------------------------------------------------------------------------------

$('#refresh').addEventListener('click', () => route());
window.addEventListener('hashchange', () => route());

await finishCognitoLogin().catch(() => showLogin('Không đăng nhập được, hãy thử lại.'));
if (sessionStorage.getItem(TOKEN_KEY)) route();
else showLogin();
