/**
 * The MIME of a digest, read back two ways: with mailparser (an independent parser, as a mail
 * client would) and as raw bytes (the structure and headers SES and receivers see).
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime } from '../../../shared/mail/mime.js';
import { renderDigest } from '../../../shared/mail/render/digest.js';
import { personalize } from '../../../shared/mail/render/personal.js';
import { clipping } from '../../support/mail-memory.js';

const unsubscribeUrl =
  'https://api.bantin.example/subscriptions/unsubscribe?token=v1.u.0123456789abcdef01234567.abc.-.SIG_nature-123';
const manageUrl =
  'https://api.bantin.example/subscriptions/manage?token=v1.m.0123456789abcdef01234567.abc.def.SIG';

async function digestMime() {
  const rendered = renderDigest({
    items: [
      {
        ...clipping(1, {
          title: 'Hà Nam khởi công cầu mới',
          summary: 'Sáng nay, tỉnh Hà Nam <b>khởi công</b> cầu.',
          image: { url: 'https://baohanam.example/a.jpg', alt: 'Lễ khởi công' },
        }),
        alsoIn: ['bao-nam-dinh'],
      },
      {
        ...clipping(2, {
          title: 'Tin "thứ hai" & <script>alert(1)</script>',
          publishedAt: '2026-11-26T23:30:00Z',
        }),
        alsoIn: [],
      },
    ],
    more: 3,
    frequency: 'daily',
    scheduledAt: new Date('2026-11-27T00:00:00Z'),
    timeZone: 'Asia/Ho_Chi_Minh',
    sourceNames: new Map([
      ['bao-ha-nam', 'Báo Hà Nam'],
      ['bao-nam-dinh', 'Báo Nam Định'],
    ]),
  });
  const mail = personalize(rendered, { email: 'ban.doc@example.vn', unsubscribeUrl, manageUrl });
  const raw = await buildMime({
    ...mail,
    from: 'Bantin <ban-tin@bantin.example>',
    replyTo: 'Bantin <hop-thu@bantin.example>',
    to: 'ban.doc@example.vn',
    kind: 'digest',
    unsubscribeUrl,
    date: new Date('2026-11-27T00:01:00Z'),
  });
  return { raw, text: raw.toString('latin1'), parsed: await simpleParser(raw) };
}

describe('digest MIME', () => {
  it('is multipart/alternative: a UTF-8 text part, then a UTF-8 HTML part', async () => {
    const { text, parsed } = await digestMime();
    const headerEnd = text.indexOf('\r\n\r\n');
    const headers = text.slice(0, headerEnd);
    expect(headers).toMatch(/^Content-Type: multipart\/alternative;\s+boundary="([^"]+)"/m);
    expect(headers).toMatch(/^MIME-Version: 1\.0$/m);
    const boundary = /boundary="([^"]+)"/.exec(headers)![1]!;
    const parts = text.split(`--${boundary}`).slice(1, -1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(parts[1]).toMatch(/Content-Type: text\/html; charset=utf-8/);
    expect(text.endsWith(`--${boundary}--\r\n`) || text.endsWith(`--${boundary}--`)).toBe(true);
    // 7-bit on the wire: every byte is ASCII, lines within 998 octets.
    expect([...text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(text.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    // Every line break is CRLF, the text's and the HTML's own included (RFC 5322 §2.3).
    expect(text.match(/(?<!\r)\n|\r(?!\n)/g)).toBeNull();
    expect(parsed.text).toContain('Hà Nam khởi công cầu mới');
    expect(parsed.html).toContain('Hà Nam khởi công cầu mới');
  });

  it('has the Vietnamese subject with the count and the local date, From, To and Reply-To', async () => {
    const { parsed } = await digestMime();
    expect(parsed.subject).toBe('Bản tin Bantin: 5 bài mới ngày 27/11/2026');
    expect(parsed.from?.value).toEqual([{ name: 'Bantin', address: 'ban-tin@bantin.example' }]);
    expect(parsed.replyTo?.value).toEqual([{ name: 'Bantin', address: 'hop-thu@bantin.example' }]);
    expect([parsed.to].flat()[0]?.value).toEqual([{ name: '', address: 'ban.doc@example.vn' }]);
    expect(parsed.messageId).toMatch(/@bantin\.example>$/);
  });

  it('carries RFC 2369 List-Unsubscribe with the https URL and RFC 8058 one-click, unfolded', async () => {
    const { text, parsed } = await digestMime();
    expect(text).toContain(`\r\nList-Unsubscribe: <${unsubscribeUrl}>\r\n`);
    expect(text).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    // As a mail client reads them:
    expect(parsed.headers.get('list')).toEqual({
      unsubscribe: { url: unsubscribeUrl },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
  });

  it('shows the unsubscribe and manage links in both parts, and the recipient address', async () => {
    const { parsed } = await digestMime();
    expect(parsed.text).toContain(`Hủy đăng ký: ${unsubscribeUrl}`);
    expect(parsed.text).toContain(`Đổi lựa chọn: ${manageUrl}`);
    expect(parsed.html).toContain(`href="${unsubscribeUrl}"`);
    expect(parsed.html).toContain(`href="${manageUrl}"`);
    expect(parsed.html).toContain('ban.doc@example.vn');
    expect(parsed.html).not.toMatch(/\u0000/);
  });

  it('gives each item its title, paper, time in the reader’s zone, summary and link, escaped', async () => {
    const { parsed } = await digestMime();
    const html = String(parsed.html);
    expect(html).toContain('Báo Hà Nam · 08:00 26/11/2026 (GMT+7) · Cũng đăng trên: Báo Nam Định');
    expect(html).toContain('06:30 27/11/2026 (GMT+7)'); // 23:30 UTC is the next morning in Hanoi
    expect(html).toContain('Sáng nay, tỉnh Hà Nam &#60;b&#62;khởi công&#60;/b&#62; cầu.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="https://baohanam.example/bai-1.html"');
    expect(html).toMatch(/<img src="https:\/\/baohanam\.example\/a\.jpg" alt="Lễ khởi công" width="552"/);
    expect(html).toContain('role="presentation"'); // table layout
    expect(html).toContain('Còn 3 bài khác');
    expect(parsed.text).toContain(
      '* Hà Nam khởi công cầu mới\n  Báo Hà Nam · 08:00 26/11/2026 (GMT+7) · Cũng đăng trên: Báo Nam Định',
    );
  });

  it('refuses an unsubscribe URL that could break the header', async () => {
    await expect(
      buildMime({
        from: 'a@b.vn',
        to: 'c@d.vn',
        subject: 's',
        text: 't',
        html: 'h',
        kind: 'digest',
        unsubscribeUrl: 'https://x.vn/u>\r\nBcc: e@f.vn',
      }),
    ).rejects.toThrow(/unsubscribe URL/);
  });
});
