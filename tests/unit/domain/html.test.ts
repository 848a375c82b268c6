import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, joinHtml, trustedHtml } from '../../../shared/html.js';

const HOSTILE = `<img src=x onerror="alert('x')"> & co`;

describe('html`…`', () => {
  it('escapes every interpolated text, in text and in attribute values', () => {
    const out = html`<a title="${HOSTILE}">${HOSTILE}</a>`.toString();
    expect(out).toBe(
      '<a title="&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62; &#38; co">&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62; &#38; co</a>',
    );
  });

  it('writes nested templates and trusted markup as they are, once', () => {
    const inner = html`<b>${'a & b'}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><b>a &#38; b</b></p>');
    expect(html`<p>${trustedHtml('<i>x</i>')}</p>`.toString()).toBe('<p><i>x</i></p>');
  });

  it('writes lists element by element, and nothing for null, undefined and false', () => {
    const items = ['<1>', html`<i>2</i>`, 3];
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul>&#60;1&#62;<i>2</i>3</ul>');
    expect(html`[${null}${undefined}${false}]`.toString()).toBe('[]');
    expect(html`${0}`.toString()).toBe('0');
  });

  it('keeps the literal parts whole, line breaks included', () => {
    expect(html`<p>\n${'x'}</p>\n`.toString()).toBe('<p>\nx</p>\n');
    expect(html`plain`.toString()).toBe('plain');
  });

  it('is an Html value, a string only where asked', () => {
    const out = html`<p>${'x'}</p>`;
    expect(out).toBeInstanceOf(Html);
    expect(`${out}`).toBe('<p>x</p>');
  });
});

describe('escapeHtml', () => {
  it('drops the control characters HTML forbids, keeping tab and line breaks', () => {
    expect(escapeHtml('a\u0000b\u0007c\u009fd\te\nf\rg')).toBe('abcd\te\nf\rg');
  });

  it('leaves Vietnamese text and other characters alone', () => {
    expect(escapeHtml('Hà Nội — “tin” 🎉')).toBe('Hà Nội — “tin” 🎉');
  });
});

describe('joinHtml', () => {
  it('escapes the values and the separator, and keeps markup', () => {
    expect(joinHtml(['a<b', html`<i>c</i>`], ' & ').toString()).toBe('a&#60;b &#38; <i>c</i>');
    expect(joinHtml([], html`<br>`).toString()).toBe('');
  });
});
