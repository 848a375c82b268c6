/**
 * Building blocks of Bantin's mail HTML, written for mail clients rather than browsers: nested
 * tables for layout, inline styles only, a 600-pixel column that shrinks on phones, web-safe
 * fonts, images with alt text and explicit widths.
 */
import { type Html, html, joinHtml } from '../../html.js';
import { stripControls } from '../text.js';

export const FONT = 'Arial,Helvetica,sans-serif';
export const BRAND_COLOR = '#0b3d91';

/** Text for one line of a message: tabs and line breaks as spaces, controls removed. */
export const line = stripControls;

/** Only http(s) links and images make it into a message. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A whole message: hidden preheader, header band, the rows given, and the footer rows. */
export function layout(options: {
  title: string;
  preheader: string;
  heading: string;
  subheading?: string;
  rows: Html[];
}): string {
  const { title, preheader, heading, subheading, rows } = options;
  return html`<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>${line(title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${line(preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;">
<tr><td style="padding:20px 24px;background-color:${BRAND_COLOR};font-family:${FONT};">
<div style="font-size:22px;line-height:28px;font-weight:bold;color:#ffffff;">${line(heading)}</div>${
    subheading &&
    html`\n<div style="font-size:14px;line-height:20px;color:#dbe4f3;">${line(subheading)}</div>`
  }
</td></tr>
${joinHtml(rows, '\n')}
</table>
</td></tr>
</table>
</body>
</html>
`.toString();
}

/** A paragraph row. */
export function textRow(content: Html | string): Html {
  return html`<tr><td style="padding:16px 24px;font-family:${FONT};font-size:15px;line-height:22px;color:#111827;">${content}</td></tr>`;
}

/** A call-to-action button row (bulletproof: a padded link inside a table cell). */
export function buttonRow(label: string, href: string): Html {
  return html`<tr><td style="padding:8px 24px 24px;font-family:${FONT};">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="background-color:${BRAND_COLOR};border-radius:4px;">
<a href="${href}" style="display:inline-block;padding:12px 20px;font-family:${FONT};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;">${line(label)}</a>
</td></tr></table>
</td></tr>`;
}

/** The small print at the bottom. */
export function footerRow(content: Html | string): Html {
  return html`<tr><td style="padding:16px 24px 24px;border-top:1px solid #e5e7eb;font-family:${FONT};font-size:12px;line-height:18px;color:#6b7280;">${content}</td></tr>`;
}

export function link(label: string, href: string, color = BRAND_COLOR): Html {
  return html`<a href="${href}" style="color:${color};text-decoration:underline;">${line(label)}</a>`;
}
