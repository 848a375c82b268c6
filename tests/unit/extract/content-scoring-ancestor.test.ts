/** Content scoring's shared ancestor: readers' responses and letters below an article stay out of it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';

const ARTICLE = [
  'Every weekend, hundreds of hospitality workers finish their shifts after midnight, long after the last bus has left the station, and most of them have no choice but to pay for a taxi or walk home along unlit roads.',
  'The council has promised a review of late-night transport for three years now, but no proposal has reached a vote, and the operator says it cannot run a service at a loss without a subsidy from the town.',
  'A spokesman for the council said on Monday that the review would be published before the summer, and that every option, including a trial service on Friday and Saturday nights, remained on the table.',
];
const RESPONSES = [
  [
    'I work at the hospital and finish at half past midnight, three nights a week, so this matters a great deal to me, and to many of the nurses on my ward who live out of town.',
    'Last winter a colleague was nearly hit by a car walking home along the ring road, and nobody at the council has ever answered our letters about it, which is frankly shameful.',
  ],
  [
    'A subsidy would cost far less than people think, because the buses and the drivers already exist, and the depot is open overnight anyway for cleaning and maintenance work.',
    'Other towns of our size, such as Ashford and Whitby, have run a Friday and Saturday service for years, and their councils say the fares cover most of the running costs.',
  ],
];
const ps = (list: string[]) => list.map((t) => `<p>${t}</p>`).join('');

describe('content scoring: an ancestor runner-up', () => {
  it("a WordPress-style post (main.site-main > .entry-content) with two readers' responses below keeps only the post", () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Why our town needs a night bus - The Local Blog</title></head><body>
<nav class="menu"><a href="/">Home</a></nav>
<main class="site-main"><header><h1>Why our town needs a night bus</h1></header>
<div class="entry-content">${ps(ARTICLE)}</div>
<div class="thread-0"><div class="responses">${RESPONSES.map((r) => `<div class="response-body">${ps(r)}</div>`).join('\n')}</div></div>
</main><footer class="footer">(c)</footer></body></html>`;
    const { article } = extractArticle(html, { url: 'https://blog.example.com/night-bus' });
    // 562bd01: exactly ARTICLE. HEAD: ARTICLE and the four paragraphs of the readers' responses.
    expect(article.contentText.split('\n\n')).toEqual(ARTICLE);
  });

  it('an article followed by longer letters still gives the article (not the letters alone)', () => {
    const html = readFileSync(
      new URL('../../fixtures/layouts/article-then-long-letters.html', import.meta.url),
      'utf8',
    );
    const { article } = extractArticle(html, { url: 'https://example.com/2024/budget.html' });
    const text = article.contentText.split('\n\n');
    // The article's five paragraphs are S7673…S7677 (562bd01 kept them, with the letters).
    for (const n of [7673, 7674, 7675, 7676, 7677])
      expect(
        text.some((p) => p.startsWith(`S${n} `)),
        `S${n}`,
      ).toBe(true);
  });
});
