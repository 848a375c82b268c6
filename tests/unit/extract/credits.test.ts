import { describe, expect, it } from 'vitest';
import {
  bylineAgency,
  cleanByline,
  closingAgency,
  datelineReporters,
  joinedNames,
  looksLikeName,
  openingAgency,
  parseAttribution,
  signatureName,
  splitNameAndSource,
  wireAgencyName,
} from '../../../shared/ingest/extract/credits.js';
import { wordCount } from '../../../shared/ingest/extract/text.js';
import { stripSiteSuffix } from '../../../shared/ingest/extract/title.js';

describe('parseAttribution', () => {
  it.each([
    ['Nguồn: Báo Hà Nam', 'Báo Hà Nam'],
    ['Nguồn Báo Hà Nam', 'Báo Hà Nam'],
    ['Nguồn Đài PT-TH Hà Nam', 'Đài PT-TH Hà Nam'],
    // Government portals: "Nguồn tin: …".
    ['Nguồn tin: Sở Y tế tỉnh Sơn La', 'Sở Y tế tỉnh Sơn La'],
    ['Pinagmulan: PNA', 'PNA'],
    ['উৎস: প্রথম আলো', 'প্রথম আলো'],
    ['ماخذ: اے پی پی', 'اے پی پی'],
    ['Theo Báo Hà Nam', 'Báo Hà Nam'],
    ['(Theo VnExpress)', 'VnExpress'],
    ['Theo TTXVN.', 'TTXVN'],
    ['Source: Reuters', 'Reuters'],
    ['Nguồn: https://baohanam.com.vn', 'https://baohanam.com.vn'],
    // Agencies' credits closing a story, in parentheses.
    ['(TTXVN/Vietnam+)', 'TTXVN/Vietnam+'],
    ['(dpa/afp)', 'dpa/afp'],
    ['(AFP)', 'AFP'],
    ['(TTXVN)', 'TTXVN'],
    // Other languages name the source with a colon.
    ['Quelle: dpa', 'dpa'],
    ['Fuente: EFE', 'EFE'],
    ['Источник: ТАСС', 'ТАСС'],
    ['المصدر: وكالات', 'وكالات'],
    ['来源：新华网', '新华网'],
    ['Źródło: PAP', 'PAP'],
    ['Джерело: Укрінформ', 'Укрінформ'],
    ['Πηγή: ΑΠΕ-ΜΠΕ', 'ΑΠΕ-ΜΠΕ'],
    ['מקור: וואלה', 'וואלה'],
    ['स्रोत: एजेंसी', 'एजेंसी'],
    ['Kaynak: AA', 'AA'],
    // Khmer (its own colon), Lao and Latvian, and an agency in a script without capitals (blind probe 40).
    ['ប្រភព៖ AKP', 'AKP'],
    ['ແຫຼ່ງຂ່າວ: ຂປລ', 'ຂປລ'],
    ['Avots: LETA', 'LETA'],
    // Sorani, Kurmanji, Somali, Tatar, Tibetan, Tigrinya and Dhivehi (probe 48).
    ['سەرچاوە: ئاژانسی ڕووداو', 'ئاژانسی ڕووداو'],
    ['Çavkanî: Rûdaw', 'Rûdaw'],
    ['Xigasho: SONNA', 'SONNA'],
    ['Чыганак: Татар-информ', 'Татар-информ'],
    ['ཁུངས: ཕཡུལ', 'ཕཡུལ'],
    ['ምንጪ፦ ሻባይት', 'ሻባይት'],
    ['މަސްދަރު: ޕީއެސްއެމް', 'ޕީއެސްއެމް'],
    ['(ຂປລ)', 'ຂປລ'],
    // Sources listed after a colon, each a name.
    ['Źródło: Onet, IMGW', 'Onet, IMGW'],
    ['Nguồn: Báo Hà Nam, TTXVN', 'Báo Hà Nam, TTXVN'],
    // A site named by its host, beside another.
    ['Źródło: PAP, tvn24.pl', 'PAP, tvn24.pl'],
    // An agency's credit with the day, as Austrian and Swiss papers close; the newsroom's tag is no one.
    ['(APA, 1.12.2026)', 'APA'],
    ['(red, APA, 1.12.2026)', 'APA'],
    ['(sda/dpa, 2026-12-01)', 'SDA, dpa'],
    // What a report drew on, as Indian papers close.
    ['(With inputs from PTI)', 'PTI'],
    ['With inputs from PTI and ANI.', 'PTI, ANI'],
  ])('%j credits %j', (line, source) => {
    expect(parseAttribution(line)).toBe(source);
  });

  it.each([
    'Theo Ban Quản lý các khu công nghiệp tỉnh, trong số các dự án mới có 9 dự án FDI.',
    'Theo đó, tỉnh sẽ đầu tư thêm 3 trường học.',
    'theo dõi chúng tôi trên Facebook',
    'Source of the river',
    'Nguồn vốn đầu tư công tăng mạnh trong năm nay, nhất là ở các huyện miền núi phía tây.',
    '(Còn nữa)',
    '(Kỳ 2/3)',
    '(Ảnh minh họa)',
    '(Xem tiếp trang sau, phần hai của loạt bài)',
    // Editors' initials, not agencies.
    '(rdp/imk)',
    'Source: officials said the plan, which was delayed, would cost more',
    // A reporter and a paper: splitNameAndSource reads it.
    'Theo Minh Hải (Báo Tin tức)',
    // A newsroom's own tag with the day, and inputs from no one named.
    '(red, 1.12.2026)',
    '(With inputs from agencies)',
    // A Chinese text's end mark; "source" words other than Nguồn and Theo without a colon.
    '（完）',
    '(完了)',
    'Avots LETA',
    'With inputs from the ministry and local officials',
  ])('%j is not a source line', (line) => {
    expect(parseAttribution(line)).toBeUndefined();
  });
});

describe('bylines and signatures', () => {
  it.each([
    ['By Jane Doe', 'Jane Doe'],
    ['Nguyễn A <a@b.vn>, Trần B <c@d.vn>', 'Nguyễn A, Trần B'],
    ['Jane Doe (jane@example.com)', 'Jane Doe'],
    ['김철수 기자 kimcs@yna.co.kr', '김철수'],
    ['Bài và ảnh: Lan Anh', 'Lan Anh'],
    ['Tác giả: Minh Hằng', 'Minh Hằng'],
    ['By Justine Coleman - 11/18/19 11:04 PM EST', 'Justine Coleman'],
    ['Автор: Иван Петров', 'Иван Петров'],
    ['بقلم: أحمد علي', 'أحمد علي'],
    ['记者：王明', '王明'],
    ['Penulis: Dian Maharani', 'Dian Maharani'],
    ['김철수 기자', '김철수'],
    ['Thanh Hà (thực hiện)', 'Thanh Hà'],
    ['Jane Doe | May 4, 2021', 'Jane Doe'],
    ['김민수 기자(kimms@newsis.com)', '김민수'],
    ['Jane Doe (jane.doe@example.com)', 'Jane Doe'],
    ['김민수 기자 (kimms@hangang.co.kr)', '김민수'],
    // Where a Korean reporter filed from, and the agency, before the name.
    ['세종=김민지 기자 minji@kmib.co.kr', '김민지'],
    ['(서울=연합뉴스) 김민지 기자', '김민지'],
    ['(서울=뉴스1) 김민지 기자', '김민지'],
    ['[서울=뉴시스]김민수 기자', '김민수'],
    // The agency, or the title, alone is no reporter.
    ['(서울=연합뉴스) 기자', ''],
    ['서울=연합뉴스', ''],
    ['By Jane Chen, CNN', 'Jane Chen'],
    ['Lan Anh, TTXVN', 'Lan Anh'],
    ['Von Anna Schmidt, dpa', 'Anna Schmidt'],
    ['โดย สมชาย ใจดี', 'สมชาย ใจดี'],
    ['Muhabir: Ayşe Yılmaz', 'Ayşe Yılmaz'],
    ['Rozmawiała Katarzyna Nowak', 'Katarzyna Nowak'],
    ['دبي: سارة المنصوري', 'سارة المنصوري'],
    ['佐藤健一　2024年8月18日 9時05分', '佐藤健一'],
    ['de Andreea Popescu', 'Andreea Popescu'],
    ['De Niro Santos', 'De Niro Santos'],
    ['Mai Phương Theo dõi', 'Mai Phương'],
    ['Nội dung: Hoài Nam', 'Hoài Nam'],
    // A reporter's role in the newsroom, and a Japanese paper's signature in parentheses.
    ['Thu Trang (CTV)', 'Thu Trang'],
    ['Tin, ảnh: Thu Hà (Phòng Công tác xã hội)', 'Thu Hà'],
    ['Minh Anh (Khoa Cấp cứu)', 'Minh Anh'],
    ['（山本美咲）', '山本美咲'],
    // The reporter's desk or bureau before the name.
    ['（報道部・佐藤健一）', '佐藤健一'],
    ['（石巻支局・高橋一郎）', '高橋一郎'],
    ['（報道センター　佐藤美咲）', '佐藤美咲'],
    // Greek papers sign in the genitive, after its article: "Της Ελένης …" (by Eleni …).
    ['Της Ελένης Παπαδοπούλου', 'Ελένης Παπαδοπούλου'],
    ['Του Γιώργου Νικολάου', 'Γιώργου Νικολάου'],
    ['（共同）', '（共同）'],
    ['聯合報／記者王小明／台北即時報導', '王小明'],
    ['澎湃新闻记者 王琳', '王琳'],
    ['记者王琳', '王琳'],
    // Several reporters, joined as the page joins them.
    ['Por Ana Souza e Pedro Lima', 'Ana Souza e Pedro Lima'],
    // A theme's box holding only the byline word, beside the name's own box: no name.
    ['By', ''],
    ['โดย', ''],
    ['Tác giả:', ''],
  ])('cleanByline(%j) is %j', (line, name) => {
    expect(cleanByline(line)).toBe(name);
  });

  it('knows names from sentences', () => {
    expect(looksLikeName('Lan Anh')).toBe(true);
    expect(looksLikeName('Ana Souza e Pedro Lima')).toBe(true);
    // A newsroom's "staff correspondent" names no one.
    expect(looksLikeName('নিজস্ব প্রতিবেদক')).toBe(false);
    expect(looksLikeName('Staff Reporter')).toBe(false);
    expect(looksLikeName('Marie Dupont et Paul Martin')).toBe(true);
    expect(looksLikeName('Lan Anh - Thu Hà')).toBe(true);
    expect(looksLikeName('THANH TÂM')).toBe(true);
    expect(looksLikeName('Tin liên quan')).toBe(false);
    expect(looksLikeName('Ban tổ chức trao giải cho các vận động viên.')).toBe(false);
    expect(looksLikeName('Ngày 27/6')).toBe(false);
    // A Tibetan name is one run of syllables joined by the tsheg (probe 48); a sentence still ends
    // with its shad.
    expect(looksLikeName('བསྟན་འཛིན་དབང་ཕྱུག')).toBe(true);
    expect(looksLikeName('བཀྲ་ཤིས་ཚེ་རིང་༌')).toBe(true);
    expect(looksLikeName('ཁ་སང་ཆར་པ་ཆེན་པོ་བབས་སོང་།')).toBe(false);
    // The particles of Dutch, German, Portuguese and Malay names.
    for (const name of [
      'Sanne van der Meer',
      'Jan ten Brink',
      'Ursula von der Leyen',
      'Pieter van den Hoogenband',
      'João dos Santos',
      'Siti binti Ahmad',
    ]) {
      expect(looksLikeName(name), name).toBe(true);
    }
  });

  it('takes a signature only when it is set apart from the text', () => {
    const base = { bold: 0, italic: 0, align: '', hints: '' };
    expect(signatureName({ ...base, text: 'Lan Anh', align: 'right' })).toBe('Lan Anh');
    expect(signatureName({ ...base, text: 'Hoàng Nam', bold: 1 })).toBe('Hoàng Nam');
    expect(signatureName({ ...base, text: 'Bài, ảnh: Minh Hằng' })).toBe('Minh Hằng');
    expect(signatureName({ ...base, text: 'Lan Anh' })).toBeUndefined();
    // Korean papers sign with the name, the title and the address.
    expect(signatureName({ ...base, text: '김민수 기자 minsu@hanbit.co.kr' })).toBe('김민수');
    expect(signatureName({ ...base, text: 'Chia sẻ Facebook', bold: 1 })).toBeUndefined();
  });

  it('splits "Lan Anh (Theo VnExpress)"', () => {
    expect(splitNameAndSource('Lan Anh (Theo VnExpress)')).toEqual({ name: 'Lan Anh', source: 'VnExpress' });
    expect(splitNameAndSource('Hà Nội (ảnh minh họa)')).toBeUndefined();
  });

  it('splits "Theo Minh Hải (Báo Tin tức)": the reporter, then the paper that first ran it', () => {
    expect(splitNameAndSource('Theo Minh Hải (Báo Tin tức)')).toEqual({
      name: 'Minh Hải',
      source: 'Báo Tin tức',
    });
    expect(splitNameAndSource('Theo ông Nam (giám đốc sở)')).toBeUndefined();
  });

  it('splits "Thu Hằng/VOV.VN": the reporter, then the paper as its tag', () => {
    expect(splitNameAndSource('Thu Hằng/VOV.VN')).toEqual({ name: 'Thu Hằng', source: 'VOV.VN' });
    expect(splitNameAndSource('Lan Anh / TTXVN')).toEqual({ name: 'Lan Anh', source: 'TTXVN' });
    expect(splitNameAndSource('Quý 2/2019')).toBeUndefined();
  });

  it('splits "Như Tâm (Theo Reuters, NHK)": sources listed in parentheses, not in prose', () => {
    expect(splitNameAndSource('Như Tâm (Theo Reuters, NHK)')).toEqual({
      name: 'Như Tâm',
      source: 'Reuters, NHK',
    });
    expect(parseAttribution('(Theo Reuters, AFP)')).toBe('Reuters, AFP');
    expect(parseAttribution('Theo Reuters, Mỹ tăng thuế')).toBeUndefined();
  });

  it('splits "Thu Hằng (TTXVN)": the reporter, then the agency credited in parentheses', () => {
    expect(splitNameAndSource('Thu Hằng (TTXVN)')).toEqual({ name: 'Thu Hằng', source: 'TTXVN' });
    expect(splitNameAndSource('Jane Doe (dpa/afp)')).toEqual({ name: 'Jane Doe', source: 'dpa/afp' });
    expect(splitNameAndSource('Hội nghị (Kỳ 2/3)')).toBeUndefined();
    expect(splitNameAndSource('Lan Anh (rdp/imk)')).toBeUndefined();
  });
});

describe('signatures with a profession, a unit or a byline word (blind probes 29 and 30)', () => {
  it.each([
    ['Luật sư Nguyễn Văn Hùng', 'Nguyễn Văn Hùng'],
    ['ThS. BS. Lê Thu Hà', 'Lê Thu Hà'],
    ['PGS.TS Trần Văn Nam', 'Trần Văn Nam'],
    ['Nhà báo Minh Anh', 'Minh Anh'],
    // Blind probe 30: a Tagalog byline's "ni" (by); capital "Ni" opens a surname (the review).
    ['ni Rhea Manalastas', 'Rhea Manalastas'],
    ['Ni Dandan', 'Ni Dandan'],
  ])('%j is signed by %j', (text, name) => {
    expect(cleanByline(text)).toBe(name);
  });

  it('reads the name above its unit, a line each, in a signature set apart', () => {
    const block = { bold: 0.53, italic: 0.47, align: 'right', hints: '' };
    expect(signatureName({ ...block, text: 'Luật sư Nguyễn Văn Hùng\nĐoàn Luật sư TP Hà Nội' })).toBe(
      'Nguyễn Văn Hùng',
    );
    // A second line that is a name or a place is no unit either (the review of this change).
    expect(signatureName({ ...block, text: 'Hà Nội\nNguyễn Văn An' })).not.toBe('Hà Nội');
    expect(signatureName({ ...block, text: 'Nhóm PV\nThanh Hà' })).not.toBe('Nhóm PV');
    // A second line that is a sentence is no unit.
    expect(
      signatureName({ ...block, text: 'Nguyễn Văn Hùng\nXin cảm ơn bạn đọc đã theo dõi.' }),
    ).toBeUndefined();
    // Or the name above its role, whatever the words (probe 48); not a label or a date.
    expect(signatureName({ ...block, text: 'Lò Văn Khởi\nCông chức Văn hóa – Xã hội xã' })).toBe(
      'Lò Văn Khởi',
    );
    expect(signatureName({ ...block, text: 'Jane Doe\nstaff writer' })).toBe('Jane Doe');
    expect(signatureName({ ...block, text: 'Lò Văn Khởi\nẢnh: Minh Hằng' })).toBeUndefined();
    expect(signatureName({ ...block, text: 'Lò Văn Khởi\nngày 27 tháng 6' })).toBeUndefined();
  });
});

describe('joinedNames: several authors in one form (blind probe 31)', () => {
  it.each([
    ['Laura Méndez y Diego Ríos', 'Laura Méndez, Diego Ríos'],
    ['Marco Bellini e Giulia Ferraro', 'Marco Bellini, Giulia Ferraro'],
    ['Hoàng Sơn - Thu Hằng', 'Hoàng Sơn, Thu Hằng'],
    ['Minh Châu – Lan Anh và Thu Hà', 'Minh Châu, Lan Anh, Thu Hà'],
    ['Jan Novák a Petr Svoboda', 'Jan Novák, Petr Svoboda'],
    ['Ana de la Cruz & Diego Ríos', 'Ana de la Cruz, Diego Ríos'],
    ['Jane Doe, John Roe and Mary Major', 'Jane Doe, John Roe, Mary Major'],
    ['HẢI NGUYỄN - TRÚC LINH', 'HẢI NGUYỄN, TRÚC LINH'],
  ])('joins %j as %j', (byline, joined) => {
    expect(joinedNames(byline)).toBe(joined);
  });

  it.each([
    ['one name', 'Lan Anh'],
    ['a hyphenated name', 'Jean-Pierre Dupont'],
    ['a name and an agency', 'Lan Anh - TTXVN'],
    ['a name and an agency, in capitals', 'LAN ANH - TTXVN'],
    ['a name and the paper in another script', 'Lina Haddad - الغد'],
    ['a name and a unit', 'Nguyễn Văn An - Trung tâm Y tế Phủ Lý'],
    ['a name and a newsroom', 'Jane Doe and Staff'],
    ['two one-word parts (a first and a last name as often as two people)', 'Doe, Jane'],
    ['a sentence', 'Jane Doe and the city council'],
  ])('leaves %s as written', (_, byline) => {
    expect(joinedNames(byline)).toBe(byline);
  });
});

describe('stripSiteSuffix', () => {
  it.each([
    [
      'Khai mạc Tuần Văn hóa - Du lịch năm 2019 - Báo Hà Nam điện tử',
      'Báo Hà Nam điện tử',
      'Khai mạc Tuần Văn hóa - Du lịch năm 2019',
    ],
    [
      'How community gardens are changing city blocks – Green Streets Blog',
      '',
      'How community gardens are changing city blocks',
    ],
    ['Giá vàng hôm nay | VnExpress', 'VnExpress', 'Giá vàng hôm nay'],
    ['Một tiêu đề không có hậu tố', '', 'Một tiêu đề không có hậu tố'],
  ])('%j → %j', (title, site, expected) => {
    expect(stripSiteSuffix(title, site)).toBe(expected);
  });
});

describe('parseAttribution with pronouns', () => {
  it.each(['Theo Bà Lan', 'Theo Ông Nam'])('%j names a person speaking, not a source', (line) => {
    expect(parseAttribution(line)).toBeUndefined();
  });
});

describe('bylineAgency', () => {
  it.each([
    ['Von Anna Schmidt, dpa', 'dpa'],
    ['By Jane Doe, AFP', 'AFP'],
    ['Lan Anh (TTXVN)', 'TTXVN'],
    ['Anna Schmidt, Berlin, Reuters', 'Reuters'],
    ['Thu Hằng/Vietnam+', 'Vietnam+'],
  ])('names the wire agency that closes %j', (line, agency) => {
    expect(bylineAgency(line)).toBe(agency);
  });

  it.each(['Jane Chen, CNN', 'Anna Schmidt', 'Lan Anh (thực hiện)', 'By Jane Doe, Berlin'])(
    'names none in %j (a paper, a place, a part in the work)',
    (line) => {
      expect(bylineAgency(line)).toBeUndefined();
    },
  );
});

describe('closing credits of what an article was written with', () => {
  it.each([
    ['(mit dpa)', 'dpa'],
    ['(avec AFP)', 'AFP'],
    ['(with Reuters and AP)', 'Reuters, AP'],
    ['*Com informações da Agência Brasil', 'Agência Brasil'],
    ['(Con información de EFE)', 'EFE'],
  ])('reads %j', (line, source) => {
    expect(parseAttribution(line)).toBe(source);
  });

  it.each([
    '(with John)',
    'mit dpa',
    'Con información de la policía, los vecinos salieron a la calle y pidieron ayuda',
  ])('reads no credit in %j', (line) => {
    expect(parseAttribution(line)).toBeUndefined();
  });
});

describe('bylines in more languages', () => {
  it.each([
    ['Na Amina Juma', 'Amina Juma'],
    ['Беседовала Анна Климова', 'Анна Климова'],
    ['Propos recueillis par Claire Martin', 'Claire Martin'],
    ['Rafael Souza, de Goiânia', 'Rafael Souza'],
    ['Quốc Tuấn•2 giờ trước', 'Quốc Tuấn'],
    ['Συντάκτης: Μαρία Παπαδάκη', 'Μαρία Παπαδάκη'],
    ['מאת: נועה לוי', 'נועה לוי'],
    ['প্রতিবেদক: তানভীর আহমেদ', 'তানভীর আহমেদ'],
    ['எழுதியவர்: ரா. கார்த்திகேயன்', 'ரா. கார்த்திகேயன்'],
    ['Szerző: Kovács Eszter', 'Kovács Eszter'],
    ['Írta: Kovács Eszter', 'Kovács Eszter'],
    ['Autor: Jan Novák', 'Jan Novák'],
    ['記者王小明／台中報導', '王小明'],
    ['Por Mariana Souza, Jornal do Agreste — Caruaru', 'Mariana Souza'],
    ['Par Aminata Ouédraogo (AIB)', 'Aminata Ouédraogo'],
    ['نویسنده: مریم احمدی', 'مریم احمدی'],
  ])('reads %j as %j', (line, name) => {
    expect(cleanByline(line)).toBe(name);
  });

  it('keeps "Na" that opens no byline (Czech "Na Slovensku")', () => {
    expect(cleanByline('Na Slovensku')).toBe('Na Slovensku');
  });
});

describe('Chinese wire datelines', () => {
  it.each([
    ['新华社杭州12月2日电（记者张明）记者2日从浙江省交通运输厅获悉……', { names: '张明', agency: '新华社' }],
    ['中新社北京3月5日電 (記者 李華、王強) 全國人大……', { names: '李華、王強', agency: '中新社' }],
    ['新华社北京十二月二日电（记者 欧阳明 陈晨）……', { names: '欧阳明、陈晨', agency: '新华社' }],
  ])('%s gives its reporters and agency', (text, expected) => {
    expect(datelineReporters(text)).toEqual(expected);
  });

  it.each([
    '记者2日从浙江省交通运输厅获悉，新华社杭州12月2日电（记者张明）',
    '新华社杭州12月2日电 记者2日从浙江省获悉',
    '新华社杭州12月2日电（记者获悉，本次会议将于明年召开并持续三天）',
  ])('reads no reporter from %s', (text) => {
    expect(datelineReporters(text)).toBeUndefined();
  });
});

describe('Indian-language and Urdu datelines naming the reporter (probe 46)', () => {
  it.each([
    ['ਜਲੰਧਰ (ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ) : ਜਲੰਧਰ ਸਮਾਰਟ ਸਿਟੀ ਦੇ ਪ੍ਰਾਜੈਕਟਾਂ ਦੀ ਜਾਂਚ', 'ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ'],
    ['नई दिल्ली (राजेश कुमार): राजधानी में आज से नई बसें चलेंगी।', 'राजेश कुमार'],
    ['लखनऊ (अमित)– प्रदेश सरकार ने आज घोषणा की।', 'अमित'],
  ])('%s names %s', (text, names) => {
    expect(datelineReporters(text)).toEqual({ names, agency: '' });
  });

  it.each([
    // A bureau, a correspondent's title, an agency: no one named.
    'नई दिल्ली (ब्यूरो): राजधानी में आज से नई बसें चलेंगी।',
    'ਜਲੰਧਰ (ਪੱਤਰ ਪ੍ਰੇਰਕ): ਸ਼ਹਿਰ ਵਿੱਚ ਅੱਜ ਮੀਂਹ ਪਿਆ।',
    'لاہور (نمائندہ خصوصی): پنجاب حکومت نے اعلان کیا۔',
    'नई दिल्ली (भाषा): राजधानी में आज से नई बसें चलेंगी।',
    // Brackets later in the sentence, or no mark after them: no dateline.
    'राजधानी में आज (सोमवार) से नई बसें चलेंगी: परिवहन विभाग',
    'नई दिल्ली (राजेश कुमार) राजधानी में आज से नई बसें चलेंगी।',
    // Latin letters: no Indian-language dateline.
    'Berlin (Anna Schmidt): Die Stadt plant neue Linien.',
  ])('reads no reporter from %s', (text) => {
    expect(datelineReporters(text)).toBeUndefined();
  });
});

describe('wireAgencyName', () => {
  it('names a line that is only an agency, and nothing else', () => {
    expect(wireAgencyName('共同通信')).toBe('共同通信');
    expect(wireAgencyName(' afp ')).toBe('AFP');
    expect(wireAgencyName('연합뉴스')).toBe('연합뉴스');
    expect(wireAgencyName('共同通信の記事')).toBeUndefined();
    expect(wireAgencyName('Báo Hà Nam')).toBeUndefined();
  });

  it('reads an agency written with the word "agency" before its name', () => {
    expect(wireAgencyName('Agência Lusa')).toBe('Lusa');
    expect(wireAgencyName('Agencia EFE')).toBe('EFE');
    expect(wireAgencyName('Agence Bantin')).toBeUndefined();
  });

  it('knows the agencies that sign under their full names', () => {
    expect(wireAgencyName('The Canadian Press')).toBe('The Canadian Press');
    expect(wireAgencyName('PA Media')).toBe('PA Media');
    expect(wireAgencyName('РИА Новости')).toBe('РИА Новости');
    expect(wireAgencyName('The Canadian Press Herald')).toBeUndefined();
  });
});

describe('openingAgency', () => {
  it.each([
    ['WASHINGTON (AP) — A powerful storm slammed into the coast on Tuesday.', 'AP'],
    ['NEW YORK (Reuters) - Oil prices fell sharply on Tuesday.', 'Reuters'],
    ['HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Wednesday accused China.', 'AP'],
    // Blind probe 29: a Hindi paper's dateline, the agency PTI's Hindi service.
    ['नई दिल्ली, 12 मार्च (भाषा) रेलवे ने गर्मियों की छुट्टियों के दौरान विशेष ट्रेनें चलाने का फैसला किया।', 'भाषा'],
  ])('reads the agency of the dateline opening %j', (text, agency) => {
    expect(openingAgency(text)).toBe(agency);
  });

  it.each([
    'The company said on Tuesday that its chief executive (AP) would step down.',
    'Ông Nguyễn Văn A (Phòng Kinh tế) cho biết sẽ tiếp tục theo dõi.',
    'WASHINGTON (Jane Doe) — not an agency.',
    // A name with its acronym, no dateline (the review of this change).
    'The Associated Press (AP) said on Tuesday it would cut 8% of its staff.',
    'Thông tấn xã Việt Nam (TTXVN) vừa ra mắt ứng dụng đọc tin mới.',
    'हिंदी (भाषा) के विकास पर संगोष्ठी आयोजित की गई।',
  ])('reads no agency from %j', (text) => {
    expect(openingAgency(text)).toBeUndefined();
  });
});

describe('names that are no one', () => {
  it.each([
    'Redacción',
    'Redação',
    'Staff',
    'Tòa soạn',
    'Web Desk',
    'Redacción Digital',
    // Blind probe 28: a Turkish news centre, a Thai regional news team.
    'Haber Merkezi',
    'ทีมข่าวภูมิภาค',
    // Blind probe 29: a Hindi paper's "agency".
    'एजेंसी',
    'Redakce',
    'Редакція',
    '編集部',
    '기자 프로필',
    '구독',
  ])('%j is not a name', (text) => {
    expect(looksLikeName(text)).toBe(false);
  });

  it('reads an acronym closing a byline as its agency, not a reporter’s role', () => {
    expect(bylineAgency('Par Aminata Ouédraogo (AIB)')).toBe('AIB');
    expect(bylineAgency('Lan Anh (CTV)')).toBeUndefined();
    expect(bylineAgency('Thu Hằng (PV)')).toBeUndefined();
  });
});

describe('closingAgency', () => {
  it.each([
    ['Mr Remi Ogungbemi said poor access had cost operators billions of naira. (NAN)', 'NAN'],
    ['The minister spoke on Sunday. (PTI)', 'PTI'],
    ['“Chúng tôi sẽ tiếp tục,” ông nói. (TTXVN)', 'TTXVN'],
    ['Ông cho biết sẽ tiếp tục theo dõi. (Reuters)', 'Reuters'],
  ])('reads the agency closing %j', (text, agency) => {
    expect(closingAgency(text)).toBe(agency);
  });

  it.each([
    'Xem thêm trong clip. (VIDEO)',
    'Bài viết kỳ sau. (HẾT)',
    'Người viết: Lan Anh (CTV)',
    'It rose 3% (YoY) last year',
  ])('reads none from %j', (text) => {
    expect(closingAgency(text)).toBeUndefined();
  });
});

describe('bylines and credits of blind probe 38', () => {
  it.each([
    ['Jordi Puig i Serra', 'Jordi Puig i Serra'],
    ['José Ortega y Gasset', 'José Ortega y Gasset'],
    ['Jordi Puig i Serra i Anna Soler', 'Jordi Puig i Serra, Anna Soler'],
    ['Laura Méndez y Diego Ríos', 'Laura Méndez, Diego Ríos'],
  ])('reads one word after a joining word as the name before it goes on: %j', (byline, joined) => {
    expect(joinedNames(byline)).toBe(joined);
  });

  it.each([
    ['Ana Marques Ferreira e Lusa', 'Ana Marques Ferreira', 'Lusa'],
    ['Por Ana Marques Ferreira, Lusa', 'Ana Marques Ferreira', 'Lusa'],
    ['Ana Marques Ferreira com Lusa', 'Ana Marques Ferreira', 'Lusa'],
    ['Claire Dumont avec AFP', 'Claire Dumont', 'AFP'],
  ])('leaves the agency closing %j out of the name', (byline, name, agency) => {
    expect(cleanByline(byline)).toBe(name);
    expect(bylineAgency(byline)).toBe(agency);
  });

  it.each([
    ["(Amb informació de l'ACN)", 'ACN'],
    ['(Tổng hợp từ TTXVN)', 'TTXVN'],
    ['(ኢዜአ)', 'ኢዜአ'],
    ['ምንጭ፦ ኢዜአ', 'ኢዜአ'],
    ['(Reuters)', 'Reuters'],
    ['(Theo Reuters và AFP)', 'Reuters và AFP'],
    ['(Tổng hợp từ ttxvn)', 'ttxvn'],
  ])('reads the closing credit %j', (line, agency) => {
    expect(parseAttribution(line)).toBe(agency);
  });

  it.each([['(Ảnh: TTXVN)'], ['(Theo dõi tiếp)'], ['(انتهى)'], ['(Còn nữa)']])(
    'reads no credit in %j',
    (line) => {
      expect(parseAttribution(line)).toBeUndefined();
    },
  );
});

describe('credits of blind probe 39', () => {
  it.each([
    ['(©NTB)', 'NTB'],
    ['(© AFP)', 'AFP'],
    ['(Hina)', 'Hina'],
  ])('reads the closing credit %j as the page writes it', (line, agency) => {
    expect(parseAttribution(line)).toBe(agency);
  });

  it('counts a word with its marks as one word (Devanagari vowel signs and virama)', () => {
    expect(wordCount('यो पनि पढ्नुहोस्')).toBe(3);
    expect(wordCount('Đọc thêm')).toBe(2);
  });

  it('reads a Georgian name (its letters have no capitals in use) and its byline label', () => {
    expect(looksLikeName('ნინო ბერიძე')).toBe(true);
    expect(cleanByline('ავტორი: ნინო ბერიძე')).toBe('ნინო ბერიძე');
  });
});
