import { describe, expect, it } from 'vitest';
import { renderIndexHtml } from '../../../shared/syndicate/render/feed-index.js';

describe('the feed directory page', () => {
  it('writes a hostile title and home page as text, in the links and in the autodiscovery titles', () => {
    const page = renderIndexHtml(
      [
        {
          path: 'sources/bao-x',
          kind: 'source',
          title: `Báo "X" <script>alert('x')</script> & co\u0000`,
          homeUrl: 'https://x.example.vn/?a=1&b="2"',
        },
      ],
      'https://feeds.example/feeds',
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain(
      '<li><a href="https://x.example.vn/?a=1&#38;b=&#34;2&#34;">Báo &#34;X&#34; &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; co</a> — ',
    );
    expect(page).toContain(
      'title="Báo &#34;X&#34; &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; co (Atom 1.0)" href="https://feeds.example/feeds/sources/bao-x.atom">',
    );
    expect(page).toContain('<h2>Theo báo</h2>\n<ul>\n<li>');
  });
});
