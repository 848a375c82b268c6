/**
 * Layouts nobody here has seen: the six ground-truth articles of tests/fixtures/pages rendered in
 * generated page layouts, each a random draw of the conventions Vietnamese newspapers use (where
 * the headline, date line, lead, photos, byline and related-news blocks sit, and how they are
 * marked up), then extracted and scored like score_extract.py. The worst layouts are printed
 * with their draws, so a weak convention can be named and fixed by a general rule.
 *   BENCH_LAYOUTS=N   layouts drawn (default 300); BENCH_LAYOUT_SEED=S   the draw (default 1)
 *   BENCH_LAYOUT_SHOW=N   lost layouts printed (default 5); BENCH_LAYOUT_DUMP=1   with their page and output
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../shared/ingest/extract/extract-article.js';
import {
  type ExpectedPage,
  FIXTURE_WEIGHTS,
  type FieldScores,
  type FixtureField,
  scoreFixturePage,
  weightedScore,
} from './extraction-metrics.js';
import { seededRandom } from './seeded-random.js';

const SITE = 'Báo Tin Tỉnh';
const ORIGIN = 'https://baotintinh.example.vn';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => esc(s).replace(/"/g, '&quot;');

interface Parts {
  title: string;
  summary: string;
  author: string;
  attribution: string;
  date: Date;
  paragraphs: string[];
  images: { url: string; caption: string }[];
  related: string[];
}

/** One convention of one part of the page: its name and how it renders. */
type Choice<T> = [name: string, render: T];

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const WEEKDAY_NUMBERS = ['Chủ nhật', 'Thứ 2', 'Thứ 3', 'Thứ 4', 'Thứ 5', 'Thứ 6', 'Thứ 7'];

/** The page's date line; `day` when it prints no time. Dates are in Vietnam's time (UTC+7). */
const DATE_LINES: Choice<(d: Date) => { text: string; day?: boolean }>[] = [
  ['weekday-number day', (d) => ({ text: `${WEEKDAY_NUMBERS[d.getUTCDay()]} Ngày ${dmy(d)}`, day: true })],
  [
    'weekday, d/m/y, h:m (GMT+7)',
    (d) => ({ text: `${WEEKDAYS[d.getUTCDay()]}, ${dm(d)}/${d.getUTCFullYear()}, ${hm(d)} (GMT+7)` }),
  ],
  ['d/m/y h:m', (d) => ({ text: `${dmy(d)} ${hm(d)}` })],
  ['h:m | d/m/y', (d) => ({ text: `${hm(d)} | ${dmy(d)}` })],
  ['Cập nhật lúc h:m, d/m/y', (d) => ({ text: `Cập nhật lúc ${hm(d)}, ${dmy(d)}` })],
  ['Ngày đăng: d/m/y - h:m', (d) => ({ text: `Ngày đăng: ${dmy(d)} - ${hm(d)}` })],
  ['d-m-y h:m:s', (d) => ({ text: `${dmy(d).replace(/\//g, '-')} ${hm(d)}:00` })],
  [
    'Ngày d tháng m năm y',
    (d) => ({
      text: `Ngày ${d.getUTCDate()} tháng ${d.getUTCMonth() + 1} năm ${d.getUTCFullYear()}`,
      day: true,
    }),
  ],
  ['weekday, d/m/y - h:m', (d) => ({ text: `${WEEKDAYS[d.getUTCDay()]}, ${dmy(d)} - ${hm(d)}` })],
  ['d/m/y (day only)', (d) => ({ text: dmy(d), day: true })],
  ['h:m ngày d/m/y', (d) => ({ text: `${hm(d)} ngày ${dmy(d)}` })],
  ['weekday, h:m, d/m/y', (d) => ({ text: `${WEEKDAYS[d.getUTCDay()]}, ${hm(d)}, ${dmy(d)}` })],
  ['d/m/y | h:m AM/PM', (d) => ({ text: `${dmy(d)} | ${twelveHour(d)}` })],
  [
    'WordPress: d Tháng M, y g:i sáng/chiều',
    (d) => ({
      text: `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]}, ${d.getUTCFullYear()} ${twelveHour(d).replace('AM', 'sáng').replace('PM', 'chiều')}`,
    }),
  ],
];
/** Month names as WordPress's Vietnamese locale prints them. */
const MONTH_NAMES = [
  'Một',
  'Hai',
  'Ba',
  'Tư',
  'Năm',
  'Sáu',
  'Bảy',
  'Tám',
  'Chín',
  'Mười',
  'Mười Một',
  'Mười Hai',
].map((name) => `Tháng ${name}`);
function twelveHour(d: Date): string {
  const h = d.getUTCHours();
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}
function local(d: Date): Date {
  return new Date(d.getTime() + 7 * 3600_000);
}
function dmy(d: Date): string {
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
function dm(d: Date): string {
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}`;
}
function hm(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const TITLES: Choice<(t: string) => string>[] = [
  ['h1.title-detail', (t) => `<h1 class="title-detail">${esc(t)}</h1>`],
  ['h1', (t) => `<h1>${esc(t)}</h1>`],
  ['h2.title (h1 is the logo)', (t) => `<h2 class="title">${esc(t)}</h2>`],
  ['div.tieude', (t) => `<div class="tieude">${esc(t)}</div>`],
  ['span.title-news', (t) => `<span class="title-news">${esc(t)}</span>`],
  ['h1[itemprop=headline]', (t) => `<h1 class="article-title" itemprop="headline">${esc(t)}</h1>`],
  ['h3.post-title', (t) => `<h3 class="post-title"><a href="#">${esc(t)}</a></h3>`],
  [
    'h1 with a line break',
    (t) => {
      const w = t.split(' ');
      const half = Math.ceil(w.length / 2);
      return `<h1 class="title">${esc(w.slice(0, half).join(' '))}<br>${esc(w.slice(half).join(' '))}</h1>`;
    },
  ],
];

const HEAD_TITLES: Choice<(t: string) => string>[] = [
  ['title - site', (t) => `${t} - ${SITE}`],
  ['title | site', (t) => `${t} | ${SITE}`],
  ['site only', () => SITE],
  ['site - title', (t) => `${SITE} - ${t}`],
];

const LEADS: Choice<(s: string) => string>[] = [
  ['p.sapo', (s) => `<p class="sapo">${esc(s)}</p>`],
  ['h2.sapo', (s) => `<h2 class="sapo">${esc(s)}</h2>`],
  ['div.summary strong', (s) => `<div class="summary"><strong>${esc(s)}</strong></div>`],
  ['p.lead b', (s) => `<p class="lead"><b>${esc(s)}</b></p>`],
  ['div.tomtat', (s) => `<div class="tomtat">${esc(s)}</div>`],
  ['h4.chapeau', (s) => `<h4 class="chapeau">${esc(s)}</h4>`],
  ['none above the body (bold first paragraph)', () => ''],
];

const CONTAINERS: Choice<[open: string, close: string]>[] = [
  ['div.content-detail', ['<div class="content-detail">', '</div>']],
  ['div#content', ['<div id="content">', '</div>']],
  ['article.fck_detail', ['<article class="fck_detail">', '</article>']],
  ['div.entry-content', ['<div class="entry-content">', '</div>']],
  ['div[itemprop=articleBody]', ['<div itemprop="articleBody">', '</div>']],
  ['table td.noidung', ['<table width="100%"><tr><td class="noidung">', '</td></tr></table>']],
  ['div.detail__content', ['<div class="detail__content">', '</div>']],
];

const PARAGRAPHS: Choice<(p: string) => string>[] = [
  ['p', (p) => `<p>${esc(p)}</p>`],
  ['p.Normal', (p) => `<p class="Normal">${esc(p)}</p>`],
  ['p justify', (p) => `<p style="text-align: justify;">${esc(p)}</p>`],
  ['div', (p) => `<div>${esc(p)}</div>`],
  ['span + br br', (p) => `<span style="font-size:14px">${esc(p)}</span><br><br>`],
  ['text + br br', (p) => `${esc(p)}<br><br>`],
  ['font in p', (p) => `<p><font face="Arial" size="2">${esc(p)}</font></p>`],
];

const PHOTOS: Choice<(url: string, caption: string) => string>[] = [
  [
    'figure figcaption',
    (u, c) =>
      `<figure class="image"><img src="${attr(u)}" alt=""><figcaption>${esc(c)}</figcaption></figure>`,
  ],
  [
    'table.tplCaption',
    (u, c) =>
      `<table class="tplCaption" align="center"><tbody><tr><td><img src="${attr(u)}" alt=""></td></tr><tr><td><p class="Image">${esc(c)}</p></td></tr></tbody></table>`,
  ],
  [
    'p center img + p em',
    (u, c) =>
      `<p style="text-align:center"><img src="${attr(u)}" width="600"></p><p style="text-align:center"><em>${esc(c)}</em></p>`,
  ],
  [
    'PhotoCMS caption',
    (u, c) =>
      `<div class="VCSortableInPreviewMode" type="Photo"><div><img src="${attr(u)}" alt="${attr(c)}"></div><div class="PhotoCMS_Caption"><p>${esc(c)}</p></div></div>`,
  ],
  [
    'lazy img + p.caption',
    (u, c) =>
      `<p class="image"><img class="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="${attr(u)}"></p><p class="caption">${esc(c)}</p>`,
  ],
  [
    'img br em in one p',
    (u, c) => `<p style="text-align:center"><img src="${attr(u)}"><br><em>${esc(c)}</em></p>`,
  ],
  [
    'div.image img + span.caption',
    (u, c) =>
      `<div class="image"><img src="${attr(u)}" alt="${attr(c)}"><span class="caption">${esc(c)}</span></div>`,
  ],
  [
    'table image + td em',
    (u, c) =>
      `<table class="image center"><tr><td><img src="${attr(u)}"></td></tr><tr><td class="image_desc"><em>${esc(c)}</em></td></tr></table>`,
  ],
];

/** The byline and attribution at the article's end (or in its head); "" where the part is absent. */
const BYLINES: Choice<(author: string, attribution: string) => { foot: string; head?: string }>[] = [
  [
    'right strong + em Theo',
    (a, s) => ({
      foot:
        (a ? `<p style="text-align:right"><strong>${esc(a)}</strong></p>` : '') +
        (s ? `<p style="text-align:right"><em>Theo ${esc(s)}</em></p>` : ''),
    }),
  ],
  [
    'p.author + p Nguồn:',
    (a, s) => ({
      foot:
        (a ? `<p class="author">${esc(a)}</p>` : '') + (s ? `<p class="source">Nguồn: ${esc(s)}</p>` : ''),
    }),
  ],
  [
    'head span.author, foot strong Nguồn',
    (a, s) => ({
      head: a ? `<span class="author">${esc(a)}</span>` : '',
      foot: s ? `<p style="text-align:right"><strong>Nguồn ${esc(s)}</strong></p>` : '',
    }),
  ],
  [
    'div.author Tác giả:',
    (a, s) => ({
      foot:
        (a ? `<div class="author">Tác giả: ${esc(a)}</div>` : '') +
        (s ? `<div class="source">Theo ${esc(s)}</div>` : ''),
    }),
  ],
  [
    'Bài và ảnh: author',
    (a, s) => ({
      foot:
        (a ? `<p style="text-align:right"><strong>Bài và ảnh: ${esc(a)}</strong></p>` : '') +
        (s ? `<p style="text-align:right"><em>(Theo ${esc(s)})</em></p>` : ''),
    }),
  ],
  [
    'head "author | date"-like meta, foot (Theo …)',
    (a, s) => ({
      head: a ? `<span class="author">${esc(a)}</span> | ` : '',
      foot: s ? `<p style="text-align:right">(Theo ${esc(s)})</p>` : '',
    }),
  ],
  [
    'head "PV: author", foot Nguồn:',
    (a, s) => ({
      head: a ? `<div class="author-info">PV: <a href="/tac-gia/1">${esc(a)}</a></div>` : '',
      foot: s ? `<p><i>Nguồn: ${esc(s)}</i></p>` : '',
    }),
  ],
  [
    'upper-case signature, source link',
    (a, s) => ({
      foot:
        (a ? `<p style="text-align:right"><b>${esc(a.toUpperCase())}</b></p>` : '') +
        (s ? `<p style="text-align:right">Nguồn: <a href="https://nguon.example.vn/">${esc(s)}</a></p>` : ''),
    }),
  ],
  [
    'signature table',
    (a, s) => ({
      foot: `<table width="100%"><tr><td align="right">${a ? `<b>${esc(a)}</b>` : ''}${a && s ? '<br>' : ''}${s ? `<i>(Nguồn: ${esc(s)})</i>` : ''}</td></tr></table>`,
    }),
  ],
  [
    'author - date line at the end',
    (a, s) => ({
      foot:
        (a ? `<p style="text-align:right"><strong>${esc(a)}</strong> - {date}</p>` : '') +
        (s ? `<p style="text-align:right"><em>Theo ${esc(s)}</em></p>` : ''),
    }),
  ],
  [
    'p right b author (Theo …)',
    (a, s) => ({
      foot:
        a || s
          ? `<p align="right"><b>${esc([a, s ? `(Theo ${s})` : ''].filter(Boolean).join(' '))}</b></p>`
          : '',
    }),
  ],
];

const TEASER =
  'Sáng nay, lãnh đạo tỉnh đã có buổi làm việc với các sở, ngành để bàn giải pháp tháo gỡ khó khăn, thúc đẩy sản xuất kinh doanh trong những tháng cuối năm.';
const RELATED: Choice<(titles: string[]) => string>[] = [
  [
    'teasers with leads',
    (t) =>
      `<div class="list-news"><h3>Tin cùng chuyên mục</h3>${t.map((x) => `<div class="item"><a href="#"><img src="/thumb.jpg"></a><h4><a href="#">${esc(x)}</a></h4><p>${TEASER}</p></div>`).join('')}</div>`,
  ],
  [
    'div Tin liên quan',
    (t) => `<div class="box-tinlienquan"><h3>Tin liên quan</h3><ul>${items(t)}</ul></div>`,
  ],
  ['div Các tin khác', (t) => `<div class="other-news"><h3>Các tin khác</h3><ul>${items(t)}</ul></div>`],
  [
    'section Tin cùng chuyên mục',
    (t) => `<section class="same-category"><h2>Tin cùng chuyên mục</h2><ul>${items(t)}</ul></section>`,
  ],
  [
    'div Bài viết cùng chuyên mục',
    (t) =>
      `<div class="cung-chuyen-muc"><div class="title">Bài viết cùng chuyên mục</div>${t.map((x) => `<div class="item"><a href="#">${esc(x)}</a></div>`).join('')}</div>`,
  ],
];
function items(titles: string[]): string {
  return titles
    .map(
      (t) => `<li><a href="${ORIGIN}/tin-tuc/${encodeURIComponent(t.slice(0, 8))}.html">${esc(t)}</a></li>`,
    )
    .join('');
}

/** What interrupts the body after its second paragraph, as real pages do. */
const INTERRUPTIONS: Choice<(related: string[]) => string>[] = [
  ['nothing', () => ''],
  [
    'Xem thêm: link',
    (t) => `<p><strong>Xem thêm:</strong> <a href="${ORIGIN}/tin-tuc/khac.html">${esc(t[0]!)}</a></p>`,
  ],
  [
    '>> link',
    (t) => `<p><a href="${ORIGIN}/tin-tuc/khac.html"><strong>&gt;&gt; ${esc(t[0]!)}</strong></a></p>`,
  ],
  [
    'related box',
    (t) =>
      `<div class="box-relate"><div class="title">Tin liên quan</div><ul>${items(t.slice(0, 2))}</ul></div>`,
  ],
  [
    'unlabelled links',
    (t) =>
      t
        .slice(0, 2)
        .map((x) => `<p><a href="${ORIGIN}/tin-tuc/khac.html">${esc(x)}</a></p>`)
        .join(''),
  ],
  [
    'ad',
    () =>
      '<div class="ads"><script>googletag.display("div-gpt-1")</script><a href="https://ads.example.vn/c?1"><img src="https://ads.example.vn/banner-300x250.jpg"></a></div>',
  ],
  [
    'video embed',
    () =>
      '<div class="video"><iframe src="https://www.youtube.com/embed/abc123" width="560" height="315"></iframe></div>',
  ],
];

/** Where the related block sits: after the body's container, or inside it after the byline. */
const RELATED_PLACES = ['after the body', 'inside the body, at its end'] as const;
/** Where the date line sits. */
const DATE_PLACES = ['above the headline', 'below the headline', 'in the header bar'] as const;

interface Layout {
  draws: Record<string, string>;
  html: string;
  expected: ExpectedPage;
}

function drawLayout(parts: Parts, next: () => number): Layout {
  const pick = <T>(choices: readonly T[]): T => choices[Math.floor(next() * choices.length)]!;
  const draws: Record<string, string> = {};
  const choose = <T>(part: string, choices: Choice<T>[]): T => {
    const [name, render] = pick(choices);
    draws[part] = name;
    return render;
  };
  const titleHtml = choose('headline', TITLES)(parts.title);
  const headTitle = choose('<title>', HEAD_TITLES)(parts.title);
  const dateLine = choose('date line', DATE_LINES)(local(parts.date));
  const metaDate = next() < 0.3;
  draws['published_time meta'] = String(metaDate);
  const datePlace = pick(DATE_PLACES);
  draws['date place'] = datePlace;
  const lead = choose('lead', LEADS)(parts.summary);
  const leadRepeated = next() < 0.35;
  draws['lead repeated in body'] = String(leadRepeated);
  const [open, close] = choose('container', CONTAINERS);
  const paragraph = choose('paragraph', PARAGRAPHS);
  const photo = choose('photo', PHOTOS);
  const byline = choose('byline', BYLINES)(parts.author, parts.attribution);
  const related = choose('related', RELATED)(parts.related);
  const relatedPlace = pick(RELATED_PLACES);
  draws['related place'] = relatedPlace;
  const interruption = choose('interruption', INTERRUPTIONS)(parts.related);
  const ogTitles: Choice<(t: string) => string>[] = [
    ['none', () => ''],
    ['same', (t) => t],
    ['with site suffix', (t) => `${t} - ${SITE}`],
  ];
  const ogTitle = choose('og:title', ogTitles)(parts.title);
  const kicker = next() < 0.3;
  draws.kicker = String(kicker);
  const wrapped = next() < 0.3;
  draws['headline and lead'] = wrapped ? 'inside the body box' : 'above the body box';
  const datelinePrefix = leadRepeated && next() < 0.5;
  if (leadRepeated) draws['lead repeated in body'] = datelinePrefix ? 'true, behind "(Site) - "' : 'true';
  const commented = next() < 0.4;
  draws.comments = String(commented);
  const decomposed = next() < 0.15;
  draws.unicode = decomposed ? 'NFD' : 'NFC';

  const body: string[] = [];
  if (draws.lead?.startsWith('none')) body.push(`<p><strong>${esc(parts.summary)}</strong></p>`);
  else if (leadRepeated) body.push(paragraph(`${datelinePrefix ? `(${SITE}) - ` : ''}${parts.summary}`));
  const every = Math.max(1, Math.floor(parts.paragraphs.length / (parts.images.length + 1)));
  let image = 0;
  parts.paragraphs.forEach((p, i) => {
    if (i > 0 && i % every === 0 && image < parts.images.length) {
      const { url, caption } = parts.images[image++]!;
      body.push(photo(url, caption));
    }
    body.push(paragraph(p));
    if (i === 1) body.push(interruption);
  });
  for (; image < parts.images.length; image++)
    body.push(photo(parts.images[image]!.url, parts.images[image]!.caption));
  body.push(byline.foot.replace('{date}', dmy(local(parts.date))));
  const share = '<div class="share"><a href="#">Chia sẻ Facebook</a> <a href="#">In bài viết</a></div>';
  const tags = '<div class="tags">Từ khóa: <a href="#">Hà Nam</a>, <a href="#">thời sự</a></div>';
  const inside = relatedPlace === 'inside the body, at its end' ? related : '';
  const after = relatedPlace === 'after the body' ? related : '';
  const date = `<div class="date-time">${esc(dateLine.text)}</div>`;
  const comments = commented
    ? `<div id="comments"><h3>Bình luận (2)</h3><div class="comment"><b>Nguyễn Văn Hùng</b><p>Chủ trương rất đúng đắn, mong các địa phương thực hiện nghiêm túc và thường xuyên kiểm tra, giám sát để người dân được hưởng lợi thật sự.</p></div><div class="comment"><b>Trần Thị Mai</b><p>Ở quê tôi việc này đã làm từ năm ngoái, bà con rất phấn khởi, đề nghị báo tiếp tục phản ánh để các nơi khác học tập kinh nghiệm.</p></div><textarea></textarea></div>`
    : '<div id="comments"><h3>Ý kiến bạn đọc</h3><textarea></textarea></div>';
  const headerDate =
    datePlace === 'in the header bar' ? `<div class="top-date">${esc(dateLine.text)}</div>` : '';
  const meta = `<div class="meta">${datePlace === 'below the headline' ? date : ''}${byline.head ?? ''}</div>`;
  const iso = `${parts.date.toISOString().slice(0, 19)}Z`;
  const html = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${esc(headTitle)}</title>
${ogTitle ? `<meta property="og:title" content="${attr(ogTitle)}">` : ''}
${metaDate ? `<meta property="article:published_time" content="${iso}">` : ''}
<link rel="stylesheet" href="/css/style.css"></head><body>
<div id="header">${headerDate}<h1 class="logo"><a href="/"><img src="/logo.png" alt="${SITE}"></a></h1>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul></div>
<div id="main"><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/xa-hoi">Xã hội</a></div>
<div class="detail">${wrapped ? open : ''}${kicker ? '<div class="cate"><a href="/xa-hoi">Xã hội</a></div>' : ''}${datePlace === 'above the headline' ? date : ''}${titleHtml}${meta}${lead}
${wrapped ? '' : open}${body.join('\n')}${inside}${close}
${tags}${share}${after}
${comments}</div>
<div class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="#">Giá vàng hôm nay</a></li><li><a href="#">Thời tiết cuối tuần</a></li></ul></div></div>
<div id="footer"><p>${SITE}. Giấy phép số 12/GP-BTTTT.</p><p>Địa chỉ: Phủ Lý, Hà Nam</p></div></body></html>`;

  const page = decomposed ? html.normalize('NFD') : html;
  const expected: ExpectedPage = {
    url: `${ORIGIN}/tin-tuc/bai-viet.html`,
    title: parts.title,
    publishedAt: toVietnamIso(parts.date),
    author: parts.author,
    summary: parts.summary,
    paragraphs: parts.paragraphs,
    captions: parts.images.map((i) => i.caption),
    images: parts.images.map((i) => i.url),
    attribution: parts.attribution,
    boilerplate: parts.related,
    ...(dateLine.day && !metaDate ? { datePrecision: 'day' as const } : {}),
  };
  return { draws, html: page, expected };
}

function toVietnamIso(d: Date): string {
  const l = local(d);
  return `${l.toISOString().slice(0, 19)}+07:00`;
}

function loadArticles(projectRoot: string): Parts[] {
  const dir = join(projectRoot, 'tests/fixtures/pages/national');
  const expected = readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ExpectedPage);
  return expected.map((t) => ({
    title: t.title,
    summary: t.summary,
    author: t.author,
    attribution: t.attribution,
    date: new Date(t.publishedAt),
    paragraphs: t.paragraphs,
    images: t.images.map((url, i) => ({ url, caption: t.captions[i] ?? '' })),
    related: t.boilerplate,
  }));
}

export interface LayoutResult {
  score: number;
  scores: FieldScores;
  layout: Layout;
}

/** `count` layouts drawn with `seed`, each extracted and scored. */
export function scoreLayouts(projectRoot: string, count: number, seed: number): LayoutResult[] {
  const next = seededRandom(seed);
  const articles = loadArticles(projectRoot);
  const results: LayoutResult[] = [];
  for (let n = 0; n < count; n++) {
    const layout = drawLayout(articles[n % articles.length]!, next);
    const { article } = extractArticle(layout.html, { url: layout.expected.url });
    const scores = scoreFixturePage(article, layout.expected);
    results.push({ score: weightedScore(scores), scores, layout });
  }
  return results;
}

export function benchLayouts(projectRoot: string): void {
  const count = Number(process.env.BENCH_LAYOUTS ?? 300);
  const seed = Number(process.env.BENCH_LAYOUT_SEED ?? 1);
  const results = scoreLayouts(projectRoot, count, seed);
  const articles = loadArticles(projectRoot);
  const fields = Object.keys(FIXTURE_WEIGHTS) as FixtureField[];
  const mean = (f: (r: (typeof results)[number]) => number) =>
    results.reduce((s, r) => s + f(r), 0) / results.length;
  console.log(
    `layouts: ${count} generated layouts (seed ${seed}) of the ${articles.length} articles in tests/fixtures/pages/national`,
  );
  console.log(`  ${fields.map((f) => `${f}=${mean((r) => r.scores[f]).toFixed(2)}`).join(' ')}`);
  // Which conventions lose points: the mean score of the layouts that drew each one.
  const byDraw = new Map<string, number[]>();
  for (const r of results) {
    for (const [part, name] of Object.entries(r.layout.draws)) {
      const key = `${part}: ${name}`;
      byDraw.set(key, [...(byDraw.get(key) ?? []), r.score]);
    }
  }
  const weakest = [...byDraw]
    .map(([key, scores]) => [key, scores.reduce((a, b) => a + b, 0) / scores.length, scores.length] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, 8);
  for (const [key, score, n] of weakest) console.log(`  weakest: ${key} ${score.toFixed(3)} (${n} layouts)`);
  for (const r of results.filter((r) => r.score < 1).slice(0, Number(process.env.BENCH_LAYOUT_SHOW ?? 5))) {
    const lost = fields.filter((f) => r.scores[f] < 1).map((f) => `${f}=${r.scores[f].toFixed(2)}`);
    console.log(`  lost ${lost.join(' ')} with ${JSON.stringify(r.layout.draws)}`);
    if (process.env.BENCH_LAYOUT_DUMP) {
      const { article } = extractArticle(r.layout.html, { url: r.layout.expected.url });
      console.log(r.layout.html, JSON.stringify({ ...article, contentHtml: undefined }, null, 1));
    }
  }
  console.log(`layouts score ${mean((r) => r.score).toFixed(3)} (${count} layouts)`);
}
