/** Extraction rules in the pages around them: table furniture, leads in a box holding the headline, source lines by a headline, reporters' roles. */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';
import { body, PARAGRAPHS, p, page } from './page-builder.js';

const URL_ = 'https://baotinh.example.vn/binh-luan/toa-dam.html';
const extract = (html: string, url = URL_) => extractArticle(html, { url }).article;
const kept = (text: string) =>
  text.split('\n\n').filter((x) => (PARAGRAPHS as readonly string[]).includes(x)).length;

describe('isTableFurniture', () => {
  // An old table-layout CMS: the article's cell named for its section, teasers in the next column.
  const teaser = (n: number) =>
    `<div class="item"><a href="/t${n}.html">Tin số ${n}: Khánh thành cầu mới nối hai huyện</a><p>Sáng nay, tỉnh đã khánh thành cây cầu mới nối hai huyện phía bắc, rút ngắn quãng đường đi lại của người dân hàng chục ki-lô-mét và mở ra cơ hội phát triển kinh tế cho cả vùng.</p></div>`;
  const tablePage = (
    cell: string,
  ) => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tọa đàm - Báo Tỉnh</title></head>
<body><table width="980"><tr><td colspan="2" class="top"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></td></tr>
<tr><td width="560" valign="top"><h1>Tọa đàm về quy chế dân chủ ở cơ sở</h1>
<table><tr><td class="${cell}">${body}</td></tr></table></td>
<td width="300" valign="top" class="right">${[1, 2, 3, 4].map(teaser).join('')}</td></tr></table></body></html>`;
  it.each(['commentary', 'binhluan-text', 'ykien', 'social'])(
    'keeps an article whose table cell is named %j (an opinion or society section), not the teasers beside it',
    (cell) => {
      expect(kept(extract(tablePage(cell)).contentText)).toBe(PARAGRAPHS.length);
    },
  );

  it("keeps a code block's comments: highlighters name them 'hljs-comment', 'token comment'", () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tips</title></head><body><article><h1>Ten shell tips</h1>
<p>${'Here is a long paragraph about shell scripting that explains the example below in some detail. '.repeat(4)}</p>
<pre><code class="language-bash"><span class="hljs-comment"># delete the build directory first</span>
rm -rf build <span class="token comment"># then rebuild</span>
make all</code></pre>
<p>${'Another paragraph of explanation follows the code sample so the page has enough prose to read. '.repeat(4)}</p></article></body></html>`;
    const text = extract(html, 'https://blog.example.com/tips').contentText;
    expect(text).toContain('delete the build directory first');
    expect(text).toContain('then rebuild');
  });
});

describe('findExternalLead inside a body box that holds the headline', () => {
  const long = (s: string) =>
    `${s} ${'Die Verwaltung legte dazu einen ausführlichen Bericht vor, der im Rat lange diskutiert wurde und viele Fragen offen ließ. '.repeat(2)}`;
  const wrap = (
    inner: string,
  ) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stadtrat beschließt Haushalt</title><meta name="description" content="Der Stadtrat hat den Haushalt für 2025 beschlossen."></head><body>
<header class="site"><a href="/">Startseite</a> <a href="/politik">Politik</a></header>
<main><article><h1>Stadtrat beschließt Haushalt</h1>${inner}</article></main><footer>Impressum</footer></body></html>`;
  const url = 'https://news.example.de/politik/artikel-1.html';

  it("does not take another article's teaser, set after short opening paragraphs, as the lead", () => {
    const a = extract(
      wrap(`<p>Gera. Der Stadtrat hat am Mittwoch den Haushalt beschlossen.</p><p>Die Opposition stimmte dagegen, die Koalition dafür.</p>
<div class="teaser"><a href="/politik/artikel-0.html">Auch interessant: Streit um Schwimmbad</a><p>Im vergangenen Jahr stritt der Rat monatelang über die Zukunft des Hallenbads.</p></div>
<p>${long('Oberbürgermeister Berger sprach von einem guten Tag für die Stadt.')}</p><p>${long('Die Fraktionen hatten zuvor lange verhandelt.')}</p>`),
      url,
    );
    expect(a.summary).not.toContain('Schwimmbad');
  });

  it('does not take a box in the middle of a text of <div> paragraphs (no <p> ends the look) as the lead', () => {
    const a = extract(
      wrap(`<div>Gera. Der Stadtrat hat am Mittwoch den Haushalt beschlossen.</div><div>${long('Die Fraktionen hatten zuvor lange verhandelt.')}</div>
<div class="infobox summary">Das Wichtigste in Kürze: 420 Millionen Euro, 12 neue Stellen, keine Steuererhöhung.</div><div>${long('Der Kämmerer warnte vor neuen Schulden.')}</div><div>${long('Oberbürgermeister Berger sprach von einem guten Tag.')}</div>`),
      url,
    );
    expect(a.summary).not.toContain('Das Wichtigste');
  });
});

describe('labelledSource: one colon', () => {
  const under = (info: string) =>
    extract(
      page(body).replace(
        '<div class="detail-content">',
        `<div class="info">${info}</div><div class="detail-content">`,
      ),
      'https://baotinh.example.vn/thoi-su/toa-dam.html',
    );
  it.each([
    ['来源：新华网 2019-06-27 08:15', '新华网'],
    ['出典：共同通信 2019/06/27 08:15', '共同通信'],
    ['Nguồn: TTXVN - 08:15', 'TTXVN'],
    ['Nguồn: http://baohanam.com.vn:8080/tin', 'http://baohanam.com.vn:8080/tin'],
  ])('still reads the source of %j under the headline (a time or a port after it)', (line, source) => {
    expect(under(line).attribution).toContain(source);
  });
});

describe('isRoleAlone', () => {
  it("reads the page's meta author when the closing signature is a role alone ('PV')", () => {
    const a = extract(
      page(`${body}<p style="text-align: right;"><strong>PV</strong></p>`, {
        head: '<meta name="author" content="Thu Hà">',
      }),
    );
    expect(a.author).toBe('Thu Hà');
  });

  it('keeps a broadcaster signing an English article ("By CTV"): the Vietnamese role words are matched in any case', () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm hits Toronto</title></head><body><article><h1>Storm hits Toronto</h1><p class="byline">By CTV</p>${[
      'The storm knocked out power to thousands of homes across the city on Tuesday night, officials said, and crews worked through the night.',
      'Environment Canada had issued warnings earlier in the day, urging residents to stay indoors and avoid travel where possible during the storm.',
      'Schools remained open on Wednesday, although several bus routes were cancelled because of downed trees and debris on the roads.',
    ]
      .map(p)
      .join('')}</article></body></html>`;
    expect(extract(html, 'https://www.ctvnews.example.ca/toronto/storm').author).toBe('CTV');
  });
});
