/**
 * Bodies split the way long pages split them: the real article texts of the article-extraction
 * benchmark (its ground truth, read by the extract bench) rendered with the body cut
 * into two to four parts across sibling or nested boxes, with advertisements, figures, related
 * boxes and newsletter prompts between the parts, next to sidebars and comments of real-looking
 * prose. Scored with the benchmark's metric (4-token shingles), it shows the paragraphs the
 * extractor leaves out and the furniture it takes in.
 *   BENCH_SPLIT_PAGES=N   pages drawn (default 300); BENCH_LAYOUT_SEED=S   the draw (default 1)
 */
import { extractArticle } from '../shared/ingest/extract/extract-article.js';
import { aebScore, pagePrecisionRecall } from './extraction-metrics.js';
import { seededRandom } from './seeded-random.js';

type Choice<T> = [name: string, render: T];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const TEASER =
  'The city council approved the new budget on Tuesday after a long debate over funding for public transport, schools and the renovation of the old harbour district.';
const COMMENT =
  'I have lived here for twenty years and I can tell you that nothing changes until people show up at the meetings and demand answers from the officials they elected.';
const ABOUT =
  'Our newsroom has covered the region since 1921. We are an independent publication funded by our readers, and every story we publish is checked by at least two editors.';

/** How a paragraph is marked up. */
const PARAGRAPHS: Choice<(text: string) => string>[] = [
  ['p', (t) => `<p>${esc(t)}</p>`],
  ['div', (t) => `<div class="text">${esc(t)}</div>`],
  ['p with spans', (t) => `<p><span class="s1">${esc(t)}</span></p>`],
  ['text + br br', (t) => `${esc(t)}<br><br>`],
];

/** What stands between two parts of the body. */
const BETWEEN: Choice<(n: number) => string>[] = [
  [
    'ad',
    (n) =>
      `<div class="ad-slot" id="ad-${n}"><script>window.ads.push(${n})</script><span>Advertisement</span></div>`,
  ],
  [
    'figure',
    (n) =>
      `<figure class="wp-block-image"><img src="/img/photo-${n}.jpg" alt=""><figcaption>Photo ${n}</figcaption></figure>`,
  ],
  [
    'related box',
    () =>
      `<aside class="related"><h4>Related</h4><ul><li><a href="/news/1">Council approves new budget after long debate</a></li><li><a href="/news/2">Harbour renovation enters its second phase</a></li></ul></aside>`,
  ],
  [
    'newsletter box',
    () =>
      '<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up to receive our top stories in your inbox every morning.</p><form><input type="email"><button>Sign up</button></form></div>',
  ],
  ['video', () => '<div class="video-embed"><iframe src="https://player.example/embed/1"></iframe></div>'],
  [
    'read more link',
    () =>
      '<p class="read-more"><strong>Read more:</strong> <a href="/news/3">Harbour renovation enters its second phase</a></p>',
  ],
];

/** How the parts of the body sit in the page. */
const SPLITS: Choice<(parts: string[], between: (n: number) => string) => string>[] = [
  ['one box', (parts, between) => `<div class="article-body">${parts.join(between(0))}</div>`],
  [
    'sibling boxes of one class',
    (parts, between) =>
      parts.map((p, i) => `${i ? between(i) : ''}<div class="article-body">${p}</div>`).join('\n'),
  ],
  [
    'sibling boxes numbered',
    (parts, between) =>
      parts
        .map((p, i) => `${i ? between(i) : ''}<div class="body-part body-part-${i + 1}">${p}</div>`)
        .join('\n'),
  ],
  [
    'sibling boxes of different classes',
    (parts, between) =>
      parts
        .map(
          (p, i) =>
            `${i ? between(i) : ''}<div class="${['story-text', 'rich-text', 'content-block', 'text-wrapper'][i]}">${p}</div>`,
        )
        .join('\n'),
  ],
  [
    'first part nested deeper',
    (parts, between) =>
      `<div class="story"><div class="story-intro"><div class="inner">${parts[0]}</div></div>${parts
        .slice(1)
        .map((p, i) => `${between(i + 1)}<div class="story-continued">${p}</div>`)
        .join('\n')}</div>`,
  ],
  [
    'loose parts between boxes',
    (parts, between) =>
      `<section class="article">${parts.map((p, i) => `${i ? between(i) : ''}${p}`).join('\n')}</section>`,
  ],
];

const SIDEBARS: Choice<string>[] = [
  ['none', ''],
  [
    'teasers with leads',
    `<aside class="sidebar"><h3>Most read</h3>${[1, 2, 3].map((n) => `<div class="teaser"><h4><a href="/news/${n}">Story number ${n} of the day</a></h4><p>${TEASER}</p></div>`).join('')}</aside>`,
  ],
  [
    'link list',
    `<aside class="sidebar"><h3>Latest</h3><ul>${[1, 2, 3, 4, 5].map((n) => `<li><a href="/n/${n}">Headline ${n} in the latest news list</a></li>`).join('')}</ul></aside>`,
  ],
];

const COMMENTS: Choice<string>[] = [
  ['none', ''],
  [
    'comments',
    `<section id="comments"><h3>3 comments</h3>${[1, 2, 3].map((n) => `<div class="comment"><b>Reader ${n}</b><p>${COMMENT}</p></div>`).join('')}</section>`,
  ],
];

/** An article of the benchmark: where it was published, and its body as the ground truth gives it. */
export interface Gold {
  url: string;
  body: string;
}

/** Splits the bodies of the benchmark's articles of 8 paragraphs or more. */
export function benchSplitBodies(benchmark: readonly Gold[]): void {
  const count = Number(process.env.BENCH_SPLIT_PAGES ?? 300);
  const seed = Number(process.env.BENCH_LAYOUT_SEED ?? 1);
  const next = seededRandom(seed);
  const pick = <T>(choices: readonly T[]): T => choices[Math.floor(next() * choices.length)]!;
  const articles = benchmark.filter((t) => t.body.split('\n').filter((l) => l.trim()).length >= 8);
  const pairs: { predicted: string; gold: string; draws: Record<string, string>; html: string }[] = [];
  for (let n = 0; n < count; n++) {
    const article = articles[n % articles.length]!;
    const lines = article.body
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const draws: Record<string, string> = {};
    const choose = <T>(part: string, choices: Choice<T>[]): T => {
      const [name, value] = pick(choices);
      draws[part] = name;
      return value;
    };
    const paragraph = choose('paragraph', PARAGRAPHS);
    const between = choose('between parts', BETWEEN);
    const split = choose('split', SPLITS);
    const sidebar = choose('sidebar', SIDEBARS);
    const comments = choose('comments', COMMENTS);
    const partCount = 2 + Math.floor(next() * 3);
    draws.parts = String(partCount);
    // Short lines without a final stop read as subheadings.
    const render = (line: string) =>
      line.length < 70 && !/[.!?:]$/.test(line) ? `<h2>${esc(line)}</h2>` : paragraph(line);
    const size = Math.ceil(lines.length / partCount);
    const parts = Array.from({ length: partCount }, (_, i) =>
      lines
        .slice(i * size, (i + 1) * size)
        .map(render)
        .join('\n'),
    ).filter(Boolean);
    // A headline of its own: one taken from the first line would make that line read as a repeat.
    const title = `Story ${n + 1}: what the council decided about the harbour, and why it matters`;
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)} | The Daily Example</title></head><body>
<header class="site-header"><a href="/" class="logo">The Daily Example</a><nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
<main><div class="layout"><article><h1>${esc(title)}</h1><div class="byline">By Alex Example · 12 March 2024</div>
${split(parts, between)}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div></article>
${sidebar}</div>${comments}</main>
<footer><p>${ABOUT}</p><p>© 2024 The Daily Example</p></footer></body></html>`;
    const { article: out } = extractArticle(html, { url: article.url });
    pairs.push({ predicted: out.contentText, gold: lines.join('\n'), draws, html });
  }
  const score = aebScore(pairs);
  console.log(
    `split bodies: ${count} pages (seed ${seed}) of the benchmark's articles of 8 paragraphs or more, with the body cut into 2-4 parts`,
  );
  const byDraw = new Map<string, { precision: number[]; recall: number[] }>();
  for (const pair of pairs) {
    const { precision, recall } = pagePrecisionRecall(pair.predicted, pair.gold);
    for (const [part, name] of Object.entries(pair.draws)) {
      const key = `${part}: ${name}`;
      const entry = byDraw.get(key) ?? { precision: [], recall: [] };
      entry.precision.push(precision ?? 0);
      entry.recall.push(recall ?? 0);
      byDraw.set(key, entry);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rows = [...byDraw]
    .map(([key, e]) => ({ key, precision: mean(e.precision), recall: mean(e.recall), n: e.recall.length }))
    .sort((a, b) => Math.min(a.precision, a.recall) - Math.min(b.precision, b.recall))
    .slice(0, 8);
  for (const r of rows) {
    console.log(
      `  weakest: ${r.key} precision ${r.precision.toFixed(3)} recall ${r.recall.toFixed(3)} (${r.n} pages)`,
    );
  }
  const worst = pairs
    .map((pair) => ({ pair, recall: pagePrecisionRecall(pair.predicted, pair.gold).recall ?? 0 }))
    .filter((w) => w.recall < 0.9)
    .sort((a, b) => a.recall - b.recall)
    .slice(0, Number(process.env.BENCH_LAYOUT_SHOW ?? 3));
  for (const { pair, recall } of worst) {
    console.log(`  recall ${recall.toFixed(2)} with ${JSON.stringify(pair.draws)}`);
    if (process.env.BENCH_LAYOUT_DUMP) console.log(pair.html, '\n=== extracted:\n', pair.predicted);
  }
  console.log(
    `split bodies f1 ${score.f1.toFixed(3)} precision ${score.precision.toFixed(3)} recall ${score.recall.toFixed(3)} (${count} pages)`,
  );
}
