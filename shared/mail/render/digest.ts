/**
 * Digests and alerts: the articles a subscriber asked for, each with its title, paper, time in
 * the subscriber's zone, summary and link, as HTML and as plain text. Rendered once per set of
 * readers who get the same articles (see personal.ts).
 */

import { truncate } from '../../domain/excerpt.js';
import { type Html, html, joinHtml, trustedHtml } from '../../html.js';
import type { MailItem } from '../clipping.js';
import { gmtLabel, vietnameseDate, vietnameseDateTime } from '../schedule.js';
import { stripControls } from '../text.js';
import { BRAND_COLOR, FONT, footerRow, layout, line, safeUrl, textRow } from './html.js';
import { PLACEHOLDER, type RenderedMail } from './personal.js';

/** How many items show an image: the first few, so a long digest stays light. */
const ITEMS_WITH_IMAGES = 3;
const SUMMARY_CHARS = 320;
/** The content column of the layout, in CSS pixels. */
const IMAGE_WIDTH = 552;

export interface RenderContext {
  /** Display names of the papers, by source id. */
  sourceNames: ReadonlyMap<string, string>;
  timeZone: string;
  /** Where readers can see everything (the home page of the service). */
  homeUrl?: string;
}

export function renderDigest(
  options: RenderContext & {
    items: MailItem[];
    /** Stories that matched beyond the items shown. */
    more: number;
    frequency: 'daily' | 'weekly';
    /** The scheduled send time: the date in the subject. */
    scheduledAt: Date;
  },
): RenderedMail {
  const count = options.items.length + options.more;
  const date = vietnameseDate(options.scheduledAt, options.timeZone);
  const subject =
    options.frequency === 'daily'
      ? `Bản tin Bantin: ${count} bài mới ngày ${date}`
      : `Bản tin tuần Bantin: ${count} bài mới, tuần đến ngày ${date}`;
  const intro =
    options.frequency === 'daily'
      ? `${count} bài mới theo lựa chọn của bạn, ngày ${date}.`
      : `${count} bài mới theo lựa chọn của bạn trong tuần, đến ngày ${date}.`;
  return render(options, subject, intro, options.more);
}

/** `more`: the articles of the same alert not shown, counted with a link to Bantin. */
export function renderAlert(options: RenderContext & { items: MailItem[]; more?: number }): RenderedMail {
  const [first] = options.items;
  if (!first) throw new Error('an alert needs at least one article');
  const more = options.more ?? 0;
  const count = options.items.length + more;
  const subject =
    count === 1
      ? `Tin mới: ${truncate(stripControls(first.title), 120)}`
      : `Bantin: ${count} tin mới theo lựa chọn của bạn`;
  const intro =
    count === 1 ? 'Một tin mới theo lựa chọn của bạn.' : `${count} tin mới theo lựa chọn của bạn.`;
  return render(options, subject, intro, more);
}

function render(
  context: RenderContext & { items: MailItem[] },
  subject: string,
  intro: string,
  more: number,
): RenderedMail {
  const name = (sourceId: string) => context.sourceNames.get(sourceId) ?? sourceId;
  const rows = [
    textRow(intro),
    ...context.items.map((item, index) => itemRow(item, index < ITEMS_WITH_IMAGES, context.timeZone, name)),
  ];
  if (more > 0) {
    const home = safeUrl(context.homeUrl);
    rows.push(
      textRow(
        html`Còn ${more} bài khác${home && html`: <a href="${home}" style="color:${BRAND_COLOR};">xem trên Bantin</a>`}.`,
      ),
    );
  }
  rows.push(footerRow(footerHtml()));
  const markup = layout({
    title: subject,
    preheader: context.items
      .slice(0, 3)
      .map((item) => stripControls(item.title))
      .join(' · '),
    heading: 'Bantin',
    subheading: subject,
    rows,
  });
  const text = [
    subject,
    '',
    intro,
    '',
    ...context.items.flatMap((item) => itemText(item, context.timeZone, name)),
    ...(more > 0 ? [`Còn ${more} bài khác${context.homeUrl ? `: ${context.homeUrl}` : ''}.`, ''] : []),
    '--',
    ...footerText(),
  ].join('\n');
  return { subject: stripControls(subject), html: markup, text };
}

function itemRow(item: MailItem, withImage: boolean, timeZone: string, name: (id: string) => string): Html {
  const url = safeUrl(item.url) ?? '';
  const image = withImage ? safeUrl(item.image?.url) : undefined;
  const meta = [name(item.sourceId), localTime(item.publishedAt, timeZone)];
  if (item.alsoIn.length > 0) meta.push(`Cũng đăng trên: ${item.alsoIn.map(name).join(', ')}`);
  const summary = truncate(stripControls(item.summary), SUMMARY_CHARS);
  return html`<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-family:${FONT};">${
    image && html`\n<a href="${url}">${imageTag(image, item.image?.alt || item.title, item.image)}</a>`
  }
<a href="${url}" style="font-size:18px;line-height:24px;font-weight:bold;color:${BRAND_COLOR};text-decoration:none;">${line(item.title)}</a>
<p style="margin:4px 0 8px;font-size:13px;line-height:18px;color:#6b7280;">${joinHtml(meta.map(line), ' · ')}</p>${
    summary && html`\n<p style="margin:0 0 8px;font-size:15px;line-height:22px;color:#111827;">${summary}</p>`
  }
<a href="${url}" style="font-size:14px;line-height:20px;color:${BRAND_COLOR};">Đọc tiếp</a>
</td></tr>`;
}

/**
 * The image at the column's width, or its own when narrower (never stretched); with its height
 * when its size is known, so mail clients keep the layout while it loads.
 */
function imageTag(src: string, alt: string, size: MailItem['image']): Html {
  const { width, height } = size ?? {};
  const shown = width ? Math.min(width, IMAGE_WIDTH) : IMAGE_WIDTH;
  const heightAttribute = width && height && html` height="${Math.round((height * shown) / width)}"`;
  return html`<img src="${src}" alt="${line(alt)}" width="${shown}"${heightAttribute} style="display:block;width:100%;max-width:${shown}px;height:auto;border:0;margin:0 0 10px;">`;
}

function itemText(item: MailItem, timeZone: string, name: (id: string) => string): string[] {
  const meta = [name(item.sourceId), localTime(item.publishedAt, timeZone)];
  if (item.alsoIn.length > 0) meta.push(`Cũng đăng trên: ${item.alsoIn.map(name).join(', ')}`);
  const summary = truncate(stripControls(item.summary), SUMMARY_CHARS);
  return [
    `* ${stripControls(item.title)}`,
    `  ${stripControls(meta.join(' · '))}`,
    ...(summary ? [`  ${summary}`] : []),
    `  ${safeUrl(item.url) ?? ''}`,
    '',
  ];
}

// The placeholders are markup of this module (personal.ts fills them in, escaped), not text.
function footerHtml(): Html {
  const [email, manage, unsubscribe] = [
    PLACEHOLDER.email,
    PLACEHOLDER.manageUrl,
    PLACEHOLDER.unsubscribeUrl,
  ].map(trustedHtml);
  return html`Bạn nhận thư này vì địa chỉ ${email} đã đăng ký nhận tin từ Bantin.<br>
<a href="${manage}" style="color:#6b7280;text-decoration:underline;">Đổi lựa chọn</a> · <a href="${unsubscribe}" style="color:#6b7280;text-decoration:underline;">Hủy đăng ký</a>`;
}

function footerText(): string[] {
  return [
    `Bạn nhận thư này vì địa chỉ ${PLACEHOLDER.email} đã đăng ký nhận tin từ Bantin.`,
    `Đổi lựa chọn: ${PLACEHOLDER.manageUrl}`,
    `Hủy đăng ký: ${PLACEHOLDER.unsubscribeUrl}`,
  ];
}

/** `08:15 27/11/2026 (GMT+7)`: the reader's local time, and whose. */
function localTime(at: string, timeZone: string): string {
  const zone = gmtLabel(at, timeZone);
  return zone ? `${vietnameseDateTime(at, timeZone)} (${zone})` : vietnameseDateTime(at, timeZone);
}
