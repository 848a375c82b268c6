/**
 * http://localhost:8787/outbox: the local outbox, where every message Bantin "sent" waits as an
 * `.eml` file. Lists them, renders one (headers, the HTML part in a sandboxed frame, the text
 * part) with a button that performs its RFC 8058 one-click unsubscribe, and serves the raw file.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { outboxFiles } from './mail.js';

const NAME = /^[\w.-]+\.eml$/;

export async function serveOutbox(res: ServerResponse, outboxDir: string, path: string): Promise<void> {
  if (path === '/outbox' || path === '/outbox/') return list(res, outboxDir);
  const name = path.slice('/outbox/'.length);
  if (NAME.test(name) && !name.includes('..')) {
    let raw: Buffer;
    try {
      raw = await readFile(join(outboxDir, name));
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'no such message');
    }
    return show(res, name, raw);
  }
  const rawName = name.endsWith('.eml.raw') ? name.slice(0, -4) : '';
  if (NAME.test(rawName) && !rawName.includes('..')) {
    try {
      return send(res, 200, 'message/rfc822', await readFile(join(outboxDir, rawName)));
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'no such message');
    }
  }
  return send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

async function list(res: ServerResponse, outboxDir: string): Promise<void> {
  const names = outboxFiles(outboxDir).reverse().slice(0, 200);
  const rows = await Promise.all(
    names.map(async (name) => {
      const mail = await simpleParser(await readFile(join(outboxDir, name)));
      const kind = /-(digest|alert|confirmation|notice)-/.exec(name)?.[1] ?? '';
      return `<tr><td>${escapeText(mail.date?.toISOString().replace('T', ' ').slice(0, 19) ?? '')}</td><td>${kind}</td><td>${escapeText(
        mail.to
          ? [mail.to]
              .flat()
              .map((a) => a.text)
              .join(', ')
          : '',
      )}</td><td><a href="/outbox/${encodeURIComponent(name)}">${escapeText(mail.subject ?? '(no subject)')}</a></td></tr>`;
    }),
  );
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page(
      'Hộp thư đi (local outbox)',
      `<p>Every message Bantin sends in local mode, newest first (${names.length} shown), as the exact MIME that would go to SES.</p>
<table><thead><tr><th>Date (UTC)</th><th>Kind</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
    ),
  );
}

async function show(res: ServerResponse, name: string, raw: Buffer): Promise<void> {
  const mail = await simpleParser(raw);
  // The header lines as written (decoded where encoded): what a reader of the raw message sees.
  const line = (key: string) => {
    const found = mail.headerLines.find((h) => h.key === key)?.line;
    return found ? found.slice(found.indexOf(':') + 1).trim() : '';
  };
  const unsubscribe = /<(https?:[^>]+)>/.exec(line('list-unsubscribe'))?.[1];
  const oneClick = line('list-unsubscribe-post') === 'List-Unsubscribe=One-Click';
  const rows = ['from', 'reply-to', 'to', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']
    .map((key) => `<tr><th>${key}</th><td>${escapeText(line(key))}</td></tr>`)
    .join('');
  const html =
    typeof mail.html === 'string' ? mail.html.replace(/<head>/i, '<head><base target="_blank">') : '';
  send(
    res,
    200,
    'text/html; charset=utf-8',
    page(
      mail.subject ?? name,
      `<p><a href="/outbox">← outbox</a> · <a href="/outbox/${encodeURIComponent(name)}.raw">raw .eml</a></p>
<table><tr><th>subject</th><td>${escapeText(mail.subject ?? '')}</td></tr>${rows}</table>
${
  unsubscribe && oneClick
    ? `<form method="post" action="${escapeText(unsubscribe)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">One-click unsubscribe (what a mail client does)</button></form>`
    : ''
}
<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeText(html)}" style="width:100%;height:70vh;border:1px solid #ccc"></iframe>
<h2>Text</h2><pre style="white-space:pre-wrap">${escapeText(mail.text ?? '')}</pre>`,
    ),
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeText(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top;word-break:break-all}th{width:12rem}</style>
</head><body><h1>${escapeText(title)}</h1>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
