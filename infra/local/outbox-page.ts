/**
 * http://localhost:8787/outbox: the local outbox, where every message Bantin "sent" waits as an
 * `.eml` file. Lists them (and says when the next digest is due), renders one (headers, the HTML
 * part in a sandboxed frame, the text part) with a button that performs its RFC 8058 one-click
 * unsubscribe, and serves the raw file, or the message as plain text (`latest.txt`: the newest).
 * In Vietnamese, as every page readers see.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/time.js';
import { type Html, html, joinHtml } from '../../shared/html.js';
import { vietnameseDateTime } from '../../shared/mail/schedule.js';
import { outboxFiles } from './mail.js';

const NAME = /^[\w.-]+\.eml$/;
const NOT_FOUND = 'Không có thư này.';
const KINDS: Record<string, string> = {
  digest: 'bản tin',
  alert: 'thư báo tin mới',
  confirmation: 'xác nhận đăng ký',
  notice: 'thông báo',
};

/**
 * When the next digest is due, and the planner run that writes it (undefined: before the first
 * round of the service is done); undefined when nobody takes digests.
 */
export type NextDigest = () => Promise<{ dueAt: Date; writtenBy: Date | undefined } | undefined>;

export async function serveOutbox(
  res: ServerResponse,
  outboxDir: string,
  path: string,
  nextDigest?: NextDigest,
): Promise<void> {
  if (path === '/outbox' || path === '/outbox/') return list(res, outboxDir, nextDigest);
  const name = path.slice('/outbox/'.length);
  // A message's page; its raw file (`NAME.eml.raw`); or its text (`NAME.eml.txt`: its headers and
  // text part, links whole), `latest.txt` the newest mail's, for a terminal's curl.
  const view = /\.eml\.(raw|txt)$/.exec(name)?.[1];
  const file = name === 'latest.txt' ? outboxFiles(outboxDir).at(-1) : view ? name.slice(0, -4) : name;
  if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Chưa có thư nào.\n');
  if (!NAME.test(file) || file.includes('..'))
    return send(res, 404, 'text/plain; charset=utf-8', 'Không tìm thấy trang.');
  let raw: Buffer;
  try {
    raw = await readFile(join(outboxDir, file));
  } catch {
    return send(res, 404, 'text/plain; charset=utf-8', NOT_FOUND);
  }
  if (view === 'raw') return send(res, 200, 'message/rfc822', raw);
  if (view === 'txt' || name === 'latest.txt')
    return send(res, 200, 'text/plain; charset=utf-8', await asText(file, raw));
  return show(res, file, raw);
}

async function list(res: ServerResponse, outboxDir: string, nextDigest?: NextDigest): Promise<void> {
  const names = outboxFiles(outboxDir).reverse().slice(0, 200);
  const rows = await Promise.all(
    names.map(async (name) => {
      const mail = await simpleParser(await readFile(join(outboxDir, name)));
      const kind = /-(digest|alert|confirmation|notice)-/.exec(name)?.[1] ?? '';
      const to = mail.to ? [mail.to].flat().map((a) => a.text) : [];
      return html`<tr><td>${mail.date ? vietnameseDateTime(mail.date, DEFAULT_TIME_ZONE) : ''}</td><td>${KINDS[kind] ?? ''}</td><td>${to.join(', ')}</td><td><a href="/outbox/${encodeURIComponent(name)}">${mail.subject ?? '(không có tiêu đề)'}</a></td></tr>`;
    }),
  );
  const listing =
    names.length > 0
      ? html`<p>Mọi thư Bantin gửi khi chạy trên máy này, mới nhất trước (${names.length} thư), đúng nội dung MIME sẽ gửi qua SES.</p>
<table><thead><tr><th>Thời gian</th><th>Loại</th><th>Người nhận</th><th>Tiêu đề</th></tr></thead><tbody>${joinHtml(rows, '\n')}</tbody></table>`
      : html`<p>Chưa có thư nào.</p>`;
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page('Hộp thư đi', html`${await nextDigestLine(nextDigest)}${listing}`),
  );
}

async function nextDigestLine(nextDigest: NextDigest | undefined): Promise<Html | undefined> {
  if (!nextDigest) return undefined;
  const next = await nextDigest();
  if (!next) {
    return html`<p>Chưa có người đọc nào nhận bản tin định kỳ: <a href="/subscribe">đăng ký</a> để nhận.</p>`;
  }
  const due = next.dueAt.getTime() <= Date.now() ? 'đã đến hạn' : `đến hạn lúc ${when(next.dueAt)}`;
  const written = next.writtenBy
    ? `thư được soạn ở lần lập lịch lúc ${when(next.writtenBy)}`
    : 'thư được soạn ngay sau lần lấy tin đầu tiên, trong vòng một phút';
  return html`<p class="next-digest">Bản tin định kỳ kế tiếp ${due}; ${written}, nếu có bài mới.</p>`;
}

function when(at: Date): string {
  return vietnameseDateTime(at, DEFAULT_TIME_ZONE);
}

/** The header lines shown above a message, with their Vietnamese labels. */
const HEADERS: Record<string, string> = {
  from: 'Người gửi (From)',
  'reply-to': 'Trả lời đến (Reply-To)',
  to: 'Người nhận (To)',
  date: 'Ngày gửi (Date)',
  'message-id': 'Mã thư (Message-ID)',
  'list-unsubscribe': 'Hủy đăng ký (List-Unsubscribe)',
  'list-unsubscribe-post': 'Hủy bằng một cú nhấp (List-Unsubscribe-Post)',
};

async function show(res: ServerResponse, name: string, raw: Buffer): Promise<void> {
  const mail = await simpleParser(raw);
  // The header lines as written (decoded where encoded): what a reader of the raw message sees.
  const line = (key: string) => {
    const found = mail.headerLines.find((h) => h.key === key)?.line;
    return found ? found.slice(found.indexOf(':') + 1).trim() : '';
  };
  const unsubscribe = /<(https?:[^>]+)>/.exec(line('list-unsubscribe'))?.[1];
  const oneClick = line('list-unsubscribe-post') === 'List-Unsubscribe=One-Click';
  // The lines the message has (a confirmation has no List-Unsubscribe: an empty row read as a missing link).
  const rows = Object.entries(HEADERS)
    .filter(([key]) => line(key))
    .map(([key, label]) => html`<tr><th>${label}</th><td>${line(key)}</td></tr>`);
  // The message's own HTML, shown as text of the sandboxed frame's srcdoc (so escaped once more).
  const body =
    typeof mail.html === 'string' ? mail.html.replace(/<head>/i, '<head><base target="_blank">') : '';
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page(
      mail.subject ?? name,
      html`<p><a href="/outbox">← hộp thư đi</a> · <a href="/outbox/${encodeURIComponent(name)}.raw">tệp .eml gốc</a> · <a href="/outbox/${encodeURIComponent(name)}.txt">văn bản thuần</a></p>
<table><tr><th>Tiêu đề</th><td>${mail.subject ?? ''}</td></tr>${rows}</table>
${
  unsubscribe &&
  oneClick &&
  html`<form method="post" action="${unsubscribe}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Hủy đăng ký bằng một cú nhấp (như ứng dụng thư làm)</button></form>`
}
<h2>Bản HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${body}" style="width:100%;height:70vh;border:1px solid #ccc"></iframe>
<h2>Bản văn bản thuần</h2><pre style="white-space:pre-wrap">${mail.text ?? ''}</pre>`,
    ),
  );
}

/** A message's headers (those HEADERS names, and its subject) and its text part. */
async function asText(name: string, raw: Buffer): Promise<string> {
  const mail = await simpleParser(raw);
  const lines = [`File: ${name}`, `Subject: ${mail.subject ?? ''}`];
  for (const key of Object.keys(HEADERS)) {
    const found = mail.headerLines.find((h) => h.key === key)?.line;
    if (found) lines.push(found.replace(/\r?\n[ \t]+/g, ' '));
  }
  return `${lines.join('\n')}\n\n${mail.text ?? ''}\n`;
}

function page(title: string, body: Html): string {
  return html`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top;word-break:break-all}th{width:12rem}</style>
</head><body><h1>${title}</h1>${body}</body></html>`.toString();
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    // A message's page holds the one-click unsubscribe button: no other site may frame it.
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  res.end(body);
}
