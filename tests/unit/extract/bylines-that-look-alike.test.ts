/** Bylines and text that look alike: Greek genitives, Japanese surnames ending in 部, a newsroom beside a person, Hungarian grants. */
import { describe, expect, it } from 'vitest';
import { cleanByline } from '../../../shared/ingest/extract/credits.js';
import { extractArticle } from '../../../shared/ingest/extract/extract-article.js';

const extract = (html: string) =>
  extractArticle(html, { url: 'https://example.com/2024/05/story.html' }).article;

const GR = [
  'Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα στήριξης για τα νοικοκυριά που πλήττονται από την ακρίβεια, με έμφαση στην ενέργεια και στα τρόφιμα, όπως δήλωσε ο αρμόδιος υπουργός.',
  'Σύμφωνα με τις πληροφορίες, το πακέτο θα ξεπεράσει τα 800 εκατομμύρια ευρώ και θα χρηματοδοτηθεί από το υπερπλεόνασμα του προϋπολογισμού, ενώ θα ισχύσει για τους επόμενους τρεις μήνες.',
  'Οι δικαιούχοι θα λάβουν την ενίσχυση απευθείας στον τραπεζικό τους λογαριασμό, χωρίς να χρειάζεται αίτηση, όπως διευκρίνισαν πηγές του υπουργείου Οικονομικών στην εφημερίδα.',
  'Η αντιπολίτευση χαρακτήρισε τα μέτρα ανεπαρκή και ζήτησε μόνιμη μείωση του ΦΠΑ στα βασικά αγαθά, κάτι που η κυβέρνηση απέρριψε επικαλούμενη τους δημοσιονομικούς κανόνες.',
];

describe('Greek Της/Του/Των in BYLINE_PREFIX', () => {
  it('keeps a subheading in the genitive near the top ("Του Αγίου Πνεύματος"), and the real byline', () => {
    const html = `<!doctype html><html lang="el"><head><meta charset="utf-8"><title>Νέα μέτρα στήριξης - Εφημερίδα</title></head><body>
<main><article><h1>Νέα μέτρα στήριξης</h1>
<div class="byline">Της Ελένης Παπαδοπούλου</div>
<div class="article-body"><p>Του Αγίου Πνεύματος</p><p>${GR[0]}</p><p>${GR[1]}</p><h3>Των Ελλήνων Ομογενών</h3><p>${GR[2]}</p><p>${GR[3]}</p></div>
</article></main></body></html>`;
    const article = extract(html);
    // 562bd01: both headings in the text. HEAD: both dropped, and the author is "Αγίου Πνεύματος"
    // (Whit Monday), not the byline's Ελένης Παπαδοπούλου.
    expect(article.contentText).toContain('Του Αγίου Πνεύματος');
    expect(article.contentText).toContain('Των Ελλήνων Ομογενών');
    expect(article.author).not.toBe('Αγίου Πνεύματος');
  });

  it('keeps a section heading "Των Τριών Ιεραρχών" and names no feast day as the author', () => {
    const html = `<!doctype html><html lang="el"><head><meta charset="utf-8"><title>Νέα μέτρα στήριξης - Εφημερίδα</title></head><body>
<main><article><h1>Νέα μέτρα στήριξης</h1><div class="article-body"><h2>Των Τριών Ιεραρχών</h2>${GR.map((p) => `<p>${p}</p>`).join('')}</div></article></main></body></html>`;
    const article = extract(html);
    expect(article.contentText.split('\n\n')[0]).toBe('Των Τριών Ιεραρχών');
    expect(article.author).toBe('');
  });
});

describe('JAPANESE_DESK with a space', () => {
  it.each([
    ['（阿部　真理）', '阿部 真理'],
    ['（服部 健太）', '服部 健太'],
    ['（長谷部　誠）', '長谷部 誠'],
    ['（渡部　陽一）', '渡部 陽一'],
  ])('keeps a surname ending in 部 in the signature %j', (signature, name) => {
    // HEAD: "真理", "健太", "誠", "陽一": the family name read as a desk ("…部").
    expect(cleanByline(signature)).toBe(name);
  });

  it('names 阿部 真理 from a closing signature', () => {
    const JP = [
      '政府は二十八日、物価高対策として低所得世帯への給付金を盛り込んだ経済対策を閣議決定した。総額は約十兆円規模となる見通しで、年内の補正予算成立を目指す。',
      '対策には電気・ガス料金の補助延長や、中小企業の賃上げ支援も含まれる。首相は記者団に対し「物価上昇を上回る賃上げを実現したい」と述べた。',
      '野党側は「場当たり的なばらまきだ」と批判しており、臨時国会での論戦が激しくなりそうだ。財源の多くは国債の追加発行で賄うとみられる。',
    ];
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>経済対策を閣議決定 - 新聞</title></head><body>
<main><article><h1>経済対策を閣議決定</h1><div class="article-body">${JP.map((p) => `<p>${p}</p>`).join('')}<p>（阿部　真理）</p></div></article></main></body></html>`;
    expect(extract(html).author).toBe('阿部 真理');
  });
});

describe('isNewsroom splitting on the first comma', () => {
  const ES =
    'El Gobierno aprobó este martes un nuevo paquete de medidas para contener la subida de los precios de la energía, que incluye rebajas fiscales y ayudas directas a las familias vulnerables.';
  const body = `<div class="article-body"><p>${ES}</p><p>${ES} Además, el Ejecutivo prevé prorrogar el descuento al transporte público.</p><p>${ES} La oposición criticó el plan.</p></div>`;

  it('keeps the reporter of a JSON-LD author list that starts with the newsroom ("Redacción", "María García")', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Nuevas medidas',
      author: [
        { '@type': 'Person', name: 'Redacción' },
        { '@type': 'Person', name: 'María García' },
      ],
    });
    const html = `<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Nuevas medidas - Diario</title><script type="application/ld+json">${ld}</script></head><body><main><article><h1>Nuevas medidas</h1>${body}</article></main></body></html>`;
    // 562bd01: "Redacción, María García". HEAD: "" (the whole list read as the newsroom).
    expect(extract(html).author).toContain('María García');
  });

  it('keeps the name after a newsroom role in a byline ("By Staff Writer, Jane Doe")', () => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storm hits coast - Paper</title></head><body>
<main><article><h1>Storm hits coast</h1><div class="byline">By Staff Writer, Jane Doe</div>
<div class="article-body"><p>The storm made landfall early on Tuesday, bringing winds of more than 120 miles per hour and flooding low-lying neighbourhoods along the coast, officials said.</p><p>Thousands of residents had been ordered to evacuate before the storm arrived, and shelters across the region were near capacity by Monday night, according to the county.</p><p>Power companies said more than 200,000 customers were without electricity, and crews would begin repairs as soon as winds died down on Wednesday.</p></div></article></main></body></html>`;
    expect(extract(html).author).toContain('Jane Doe');
  });
});

describe("UNLIKELY's 'tamogat'", () => {
  it('keeps a Hungarian paragraph whose class names a grant amount ("tamogatas-osszeg")', () => {
    const HU =
      'A kormány kedden új intézkedéscsomagot jelentett be az energiaárak emelkedésének fékezésére, amely adócsökkentést és közvetlen támogatást is tartalmaz a rászoruló családok számára.';
    const html = `<!doctype html><html lang="hu"><head><meta charset="utf-8"><title>Új intézkedések - Hírportál</title></head><body>
<div class="cikk-oldal"><h1>Új intézkedések</h1><div class="cikk-szoveg"><p>${HU}</p><p class="tamogatas-osszeg">${HU} Az ellenzék szerint a csomag nem elég.</p><p>${HU} A szakértők vegyesen fogadták.</p><p>${HU} A kormány szerint jövőre folytatódik.</p></div></div></body></html>`;
    expect(extract(html).contentText).toContain('Az ellenzék szerint a csomag nem elég.');
  });
});
