/** The word lists and line rules that tell page furniture from prose, in several languages. */
import { describe, expect, it } from 'vitest';
import {
  isClosingLine,
  isPromptLine,
  isReadingTimeLine,
  isSubscriptionPrompt,
  isTimestampLine,
} from '../../../shared/ingest/extract/boilerplate-lines.js';

describe('isPromptLine', () => {
  it.each([
    ['LE PUEDE INTERESAR: Las obras del mercado acumulan seis meses de retraso', 0.7],
    ['Lea también: El ayuntamiento aprueba un nuevo aparcamiento', 0.7],
    ['Auch auf stadtanzeiger.de: Alle Baustellen der Woche im Überblick', 0.6],
    ['Lesen Sie auch: Diese Straßen werden zu Fahrradstraßen', 0.6],
    ['Mehr zum Thema: Verkehr in der Stadt', 0.5],
    ["À lire aussi : Le programme culturel de l'été dévoilé", 0.6],
    ['Leia também: Prefeituras contratam mais carros-pipa', 0.6],
    ['Xem thêm: Khởi công xây dựng cầu Tân Phong', 0.7],
    ['Đọc thêm: Giao thông nông thôn đổi thay từng ngày', 0.7],
    ['Tin liên quan: Tỉnh đẩy nhanh tiến độ các dự án giao thông trọng điểm', 0.7],
    ['Read more: Ferry debate heats up as costs climb', 0.7],
    ['See also: Bridge tolls to rise again in July', 0.7],
    ['Related: What the waterfront plan means for your neighborhood', 0.7],
    ['Category: Press Releases', 0],
    ['Chuyên mục: Lễ hội', 0.4],
  ])('%j is a prompt', (text, links) => {
    expect(isPromptLine(text, links)).toBe(true);
  });

  it.each([
    ['Watch as the rocket lifts off from the pad at dawn, its engines roaring.', 0.3],
    ['Xem xét kỹ hồ sơ, cơ quan chức năng kết luận: không có sai phạm.', 0],
    ['Related parties must disclose their holdings before the vote, the regulator said.', 0],
    [`Lesen Sie auch ${'die lange Begründung des Gerichts, die '.repeat(8)}`, 0.4],
  ])('%j is prose', (text, links) => {
    expect(isPromptLine(text, links)).toBe(false);
  });
});

describe('isSubscriptionPrompt', () => {
  it.each([
    "Sign up for our newsletter and get the day's top local stories in your inbox every weekday.",
    'Already a subscriber? Log in to read unlimited stories.',
    'Đăng ký nhận bản tin Nhận những bài viết mới nhất qua email mỗi tuần.',
    'Đăng ký nhận tin mới nhất từ Báo Đồng Nai qua email.',
    'Cet article vous est offert. Abonnez-vous pour soutenir une information locale de qualité.',
    'Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes de la región.',
    'Newsletter abonnieren: Die wichtigsten Nachrichten aus der Stadt jeden Morgen per E-Mail.',
    'Recibe cada tarde el boletín Diario de MadridApúntate',
    'Get our free morning newsletter',
    // Appeals for money.
    '… we have a small favour to ask. More people are reading our reporting than ever before.',
    'Support the paper from as little as £1 – and it only takes a minute. Thank you.',
    'Make a contribution today and keep local news free for everyone.',
    'This article is for subscribers only. Subscribe now to read on.',
    'Soutenez notre journalisme indépendant : faites un don dès 1 €.',
    'Jetzt unterstützen: Guter Journalismus kostet Geld.',
    // A newsletter box: its heading, and what it promises.
    'Newsletter « Lyon Matin »',
    'Chaque matin, recevez l’essentiel de l’actualité lyonnaise directement dans votre boîte mail.',
    'Get the best of the week’s local news in your inbox every Friday.',
    // The imperative after the box's short heading.
    'Boletines EL TIEMPO Regístrese en nuestros boletines y reciba noticias en su correo',
  ])('%j calls to subscribe', (text) => {
    expect(isSubscriptionPrompt(text)).toBe(true);
  });

  it.each([
    'Sign up for a Hulu ad-free account for $11.99 a month',
    'The newsletter, published by the ministry every month, said exports rose.',
    'Residents can sign up for the programme at city hall until Friday.',
    'The fund received a donation of 3 million dollars from a local businessman.',
    'Ông đã ủng hộ 500 triệu đồng cho quỹ vì người nghèo của tỉnh.',
    'Đến nay đã có 120 hộ gia đình đăng ký nhận đất tái định cư tại khu dân cư mới của phường.',
    'Newsletter sales rose.',
    'Los vecinos pueden registrarse en la alcaldía para recibir el boletín del programa hasta el viernes.',
    'If you just want Disney+, you can sign up for a free 7-day trial. Then you can pay a $69.99 annual subscription fee.',
  ])('%j is prose about signing up', (text) => {
    expect(isSubscriptionPrompt(text)).toBe(false);
  });
});

describe('isReadingTimeLine', () => {
  it.each([
    'Lesedauer: 4 Minuten',
    'Tempo de leitura: 1 minuto',
    '5 min read',
    'Thời gian đọc: 3 phút',
    'Temps de lecture : 2 min',
    'Czas czytania: 6 min.',
  ])('%j says how long the article takes to read', (text) => {
    expect(isReadingTimeLine(text)).toBe(true);
  });

  it.each([
    'Lesedauer der Sitzung: der Rat tagte bis spät in die Nacht',
    'Reading time is falling among teenagers, a study says',
    '5 min',
  ])('%j is text', (text) => {
    expect(isReadingTimeLine(text)).toBe(false);
  });
});

describe('isTimestampLine', () => {
  it.each([
    'Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM',
    'segunda-feira, 22 de janeiro de 2018 às 0:13',
    'Thứ 7 Ngày 22/06/2019',
    'Publié le 22/06/2019 à 10h30',
    '22.06.2019, 10:45 Uhr',
    '10 p.m.',
  ])('%j is only a timestamp', (text) => {
    expect(isTimestampLine(text)).toBe(true);
  });

  it.each([
    'Sáng 22/6, UBND tỉnh tổ chức lễ khánh thành cầu.',
    'The council voted 7-2 on Friday.',
    'Saturday morning',
  ])('%j is not', (text) => {
    expect(isTimestampLine(text)).toBe(false);
  });
});

describe('isClosingLine', () => {
  it.each([
    'Follow NBC Latino on Facebook, Twitter and Instagram.',
    'Email Tariq Malik at tmalik@space.com or follow him @tariqjmalik.',
    'Theo dõi chúng tôi trên Facebook và Zalo',
    'Suivez-nous sur Twitter et Facebook',
    'Like this story? Share it with a friend!',
    '(Reporting by Will Dunham; Editing by Tom Brown)',
    '© 2019 Associated Press. All Rights Reserved.',
    'Associated Press writers Alan Fram and Zeke Miller contributed to this report.',
    '【纠错】[责任编辑:王明]',
    '(责任编辑：李华)',
    '責任編輯：陳美玲',
    // An editor's credit closing the text in other languages (probe 44).
    'Toimetaja: Merilin Pärli',
    'Urednik: Ana Kovač',
    'Biên tập: Hà Phương',
    'kimcs@yna.co.kr',
    '◎공감언론 뉴시스 kimms@newsis.com',
    'انتهای پیام',
    '(rdp/imk)',
    'A version of this article appears in print on June 28, 2019, Section A, Page 6 of the New York edition.',
    // The print edition, in other languages.
    'Een versie van dit artikel verscheen ook in NRC op 2 december 2026',
    'Dieser Artikel ist in der Printausgabe vom 2. Dezember erschienen.',
    "Cet article est paru dans l'édition du 2 décembre.",
    '(With inputs from agencies)',
    'Conforme a los criterios de The Trust Project',
    // Counters a page prints under the article.
    'Просмотров: 1 245 | Комментариев: 3',
    'Lượt xem: 1.024',
    'Views: 3.4k · Comments: 12',
    // App and news-reader promotions.
    'Download the KBRV 7 News app for breaking news alerts and the latest forecast.',
    'দৈনিক আলোর খবর পেতে গুগল নিউজ চ্যানেল ফলো করুন',
    'Follow us on Google News for more stories.',
    // The paper thanking its reader.
    'Dziękujemy, że przeczytałaś/eś nasz artykuł do końca.',
    // The reporter's tagline under the text.
    'Shane Dixon Kavanaugh covers homelessness and housing for The Oregonian/OregonLive. Reach him at skavanaugh@oregonian.com.',
    'Maria Lopez writes about schools for the Tribune. Reach her at 555-0100.',
    'Thanks for reading! Subscribe for more.',
    'Cảm ơn bạn đã đọc bài viết.',
    "Merci d'avoir lu cet article.",
    // The ask for tips, in the reader's language (blind probe 29).
    'Heb je een tip of zie je iets gebeuren? Stuur het ons via WhatsApp: 06 12 34 56 78.',
    'Haben Sie einen Hinweis? Schreiben Sie uns.',
    'Vous avez une info ? Écrivez-nous.',
    'Got a story? Email us at news@dailyclarion.co.uk or call 0207 946 0123',
    // The ask to comment under Indian papers' articles, and the editor's credit (probe 46).
    'ਨੋਟ - ਇਸ ਖ਼ਬਰ ਬਾਰੇ ਆਪਣੀ ਰਾਏ ਕੁਮੈਂਟ ਕਰਕੇ ਜ਼ਰੂਰ ਦਿਓ।',
    'नोट: इस खबर के बारे में अपनी राय कमेंट बॉक्स में दें',
    'Note: we are temporarily moderating all comments submitted to deal with a surge in spam.',
    'Edited By Harpreet Kaur',
  ])('%j closes the article', (text) => {
    expect(isClosingLine(text)).toBe(true);
  });

  it.each([
    'Follow the money, investigators said, and you will find who paid for the campaign.',
    'He joined the company in 2015 and later moved to Twitter as an engineer.',
    '编辑部表示，该项目将于年底完工。',
    'Readers who spotted the error wrote to the editor at letters@example.com',
    // Agencies' credits, read as the source.
    '(dpa/afp)',
    '(AFP/DPA)',
    'Comments: the mayor said 12 people were hurt.',
    'Thanks to readers, the fund reached its goal in two days.',
    'Rescuers could not reach him at first because of the snow.',
    'The report covers three years of spending by the city council.',
    'Tipgevers kregen een beloning, zei de politie.',
    'Note that the council did not comment on the plan before the vote.',
    'नोट बंदी के बाद बाजार में नकदी की कमी रही।',
  ])('%j is prose', (text) => {
    expect(isClosingLine(text)).toBe(false);
  });
});

describe('isUnlikelyByName: BEM names on several lines', () => {
  it('reads each class name apart, whatever white space parts them', async () => {
    const { isUnlikelyByName } = await import('../../../shared/ingest/extract/boilerplate.js');
    const { parseDocument } = await import('htmlparser2');
    const el = (cls: string) => parseDocument(`<div class="${cls}"></div>`).children[0] as never;
    expect(isUnlikelyByName(el('story__body\nc-share__bar'))).toBe(
      isUnlikelyByName(el('story__body c-share__bar')),
    );
    expect(isUnlikelyByName(el('story__body\tc-share__bar'))).toBe(
      isUnlikelyByName(el('story__body c-share__bar')),
    );
  });
});
