/**
 * The local home page, in Vietnamese: the latest headlines, a way to subscribe, every feed with
 * autodiscovery links, and each source's health as the admin page shows it (healthOf).
 */
import { type HealthFlag, type HealthStatus, healthOf } from '../../shared/admin/health-view.js';
import type { ArticleEntry } from '../../shared/domain/article-entry.js';
import type { SourceRecord } from '../../shared/domain/source-record.js';
import { DEFAULT_TIME_ZONE } from '../../shared/domain/time.js';
import { type Html, html, joinHtml } from '../../shared/html.js';
import { vietnameseDateTime } from '../../shared/mail/schedule.js';
import { FEED_FORMATS } from '../../shared/syndicate/build-feeds.js';

const FORMAT_NAMES = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' } as const;

/** The admin page's badge words (functions/admin-page/assets/admin.js). */
const STATUS_LABELS: Record<HealthStatus, string> = {
  ok: 'Tốt',
  warning: 'Cảnh báo',
  error: 'Lỗi',
  pending: 'Chưa lấy tin',
  disabled: 'Đã tắt',
};

export function renderHomePage(input: {
  records: SourceRecord[];
  headlines: ArticleEntry[];
  /** Names of papers deleted since (their articles stay): their headlines name them by it, not by id. */
  retired?: ReadonlyMap<string, string>;
  now: Date;
}): string {
  const { records, headlines, now } = input;
  const names = new Map([
    ...(input.retired ?? []),
    ...records.map((r) => [r.source.id, r.source.name] as const),
  ]);
  const feeds = [
    { path: 'all', title: 'Tất cả bài viết', record: undefined },
    ...records.map((r) => ({ path: `sources/${r.source.id}`, title: r.source.name, record: r })),
  ];
  const formats = Object.keys(FORMAT_NAMES) as (keyof typeof FORMAT_NAMES)[];
  const alternates = feeds.flatMap((f) =>
    formats.map(
      (format) =>
        html`<link rel="alternate" type="${FEED_FORMATS[format].split(';')[0]}" title="${`${f.title} (${FORMAT_NAMES[format]})`}" href="/feeds/${f.path}.${format}">`,
    ),
  );
  const news =
    headlines.length > 0
      ? html`<ol class="news">${joinHtml(
          headlines.map(
            (a) =>
              html`<li><a href="${a.url}">${a.title}</a> <span class="meta">${names.get(a.sourceId) ?? a.sourceId}, ${time(a.publishedAt)}</span></li>`,
          ),
          '\n',
        )}</ol>`
      : html`<p>Chưa có bài nào: bài đầu tiên hiện ra ngay sau lần lấy tin đầu tiên, trong vòng một phút.</p>`;
  const rows = feeds.map((f) => {
    const links = formats.map(
      (format) => html`<a href="/feeds/${f.path}.${format}">${FORMAT_NAMES[format]}</a>`,
    );
    return html`<tr><td>${f.title}</td><td>${joinHtml(links, ' · ')}</td>${f.record ? healthCells(f.record, now) : html`<td></td><td></td>`}</tr>`;
  });
  return html`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bantin — bản tin</title>
${joinHtml(alternates, '\n')}
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}.news li{margin:.3rem 0}.meta{color:#666;font-size:.9em}.subscribe{background:#eef6f1;padding:.8rem 1rem;border-radius:6px}.status-error{color:#b3261e}.status-warning{color:#8a5a00}.status-ok{color:#0b7a53}</style>
</head><body><h1>Bantin</h1>
<p class="subscribe"><a href="/subscribe"><strong>Đăng ký nhận bản tin qua email</strong></a>: bản tin hằng ngày hoặc hằng tuần, hay thư báo ngay khi có bài mới, theo tờ báo, chuyên mục và từ khóa bạn chọn.</p>
<h2>Tin mới nhất</h2>
${news}
<h2>Nguồn cấp</h2>
<p>Mọi nguồn cấp, cả theo chuyên mục: <a href="/feeds/index.html">danh mục</a> · <a href="/feeds/index.opml">OPML</a>. Quản trị: <a href="/admin">trang quản trị</a>.</p>
<table><thead><tr><th>Nguồn cấp</th><th>Định dạng</th><th>Tình trạng</th><th>Lần lấy tin gần nhất</th></tr></thead><tbody>
${joinHtml(rows, '\n')}
</tbody></table></body></html>`.toString();
}

function healthCells(record: SourceRecord, now: Date): Html {
  const view = healthOf(record, now);
  const reasons = view.flags.map(flagText).filter((text) => text !== '');
  const poll = view.lastPoll;
  const last = poll
    ? `${time(poll.at)}: ${poll.itemsNew} bài mới, ${poll.itemsDuplicate} bài trùng, ${poll.itemsFailed} bài lỗi${poll.itemsCorrected ? `, ${poll.itemsCorrected} bài đính chính` : ''}`
    : 'chưa lấy tin';
  return html`<td data-status="${view.status}"><strong class="status-${view.status}">${STATUS_LABELS[view.status]}</strong>${reasons.length > 0 && `: ${reasons.join('; ')}`}</td><td>${last}</td>`;
}

/** Why a source is not "Tốt", in the admin page's words (shared/admin/health-view.ts codes). */
function flagText(flag: HealthFlag): string {
  switch (flag.code) {
    case 'last-poll-failed':
      return 'lần lấy tin gần nhất thất bại';
    case 'failing':
      return 'thất bại nhiều lần liên tiếp';
    case 'selectors-broken':
      return 'nhiều bài gần đây thiếu tiêu đề, ngày hoặc nội dung';
    case 'stale':
      return 'lâu rồi chưa lấy tin';
    case 'items-failed':
      return 'có bài không đọc được';
    case 'empty-listing':
      return 'nguồn cấp không có bài nào';
    default:
      // disabled, never-polled: the status says it; warnings: details for the admin page.
      return '';
  }
}

function time(iso: string): string {
  return vietnameseDateTime(iso, DEFAULT_TIME_ZONE);
}
