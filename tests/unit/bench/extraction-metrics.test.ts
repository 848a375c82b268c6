/**
 * The bench's ports of ../shared/tools/score_aeb.py and score_extract.py give the scripts'
 * numbers: every expected value below was printed by the Python functions on the same input.
 */
import { describe, expect, it } from 'vitest';
import {
  aebScore,
  bodyF1,
  type ExpectedPage,
  pagePrecisionRecall,
  scoreFixturePage,
  weightedScore,
} from '../../../bench/extraction-metrics.js';

describe('the article-extraction benchmark metric (score_aeb.py page_pr)', () => {
  it.each([
    ['', 'Một hai ba bốn năm', null, 0],
    ['a b', 'a b', 1, 1],
    ['', '', 1, 1],
    ['x y z w v x y z w v', 'x y z w v', 0.2857142857142857, 1],
    ['Hà Nội mùa thu, Hà Nội mùa thu năm ấy', 'Hà Nội mùa thu năm ấy và năm nay', 0.42857142857142855, 0.5],
    ['foo_bar 12 ½ đã', 'foo_bar 12 ½ đã xong', 1, 0.5],
  ])('%j against %j', (predicted, gold, precision, recall) => {
    const result = pagePrecisionRecall(predicted, gold);
    if (precision === null) expect(result.precision).toBeNull();
    else expect(result.precision).toBeCloseTo(precision, 12);
    expect(result.recall).toBeCloseTo(recall, 12);
  });

  it('averages precision over pages with a prediction and recall over pages with a truth', () => {
    const score = aebScore([
      { predicted: '', gold: 'Một hai ba bốn năm' },
      { predicted: 'x y z w v x y z w v', gold: 'x y z w v' },
    ]);
    expect(score.precision).toBeCloseTo(0.2857142857142857, 12);
    expect(score.recall).toBeCloseTo(0.5, 12);
    expect(score.f1).toBeCloseTo((2 * score.precision * score.recall) / (score.precision + score.recall), 12);
  });
});

describe('the fixture score (score_extract.py score_page)', () => {
  const truth: ExpectedPage = {
    url: 'https://baohanam.example.vn/tin-tuc/a.html',
    title: 'Tọa đàm',
    publishedAt: '2019-06-27T08:15:00+07:00',
    author: 'Thanh Tâm',
    summary: 'Sáng 26/6, Tỉnh ủy tổ chức.',
    paragraphs: ['Đoạn một có nhiều chữ.', 'Đoạn hai.'],
    boilerplate: ['Xem thêm'],
    captions: ['Ảnh 1', 'Ảnh 2'],
    images: ['https://a/1.jpg', 'https://a/2.jpg'],
    attribution: 'Báo Hà Nam',
  };

  it('scores each field and weighs them as the script does', () => {
    const scores = scoreFixturePage(
      {
        title: ' Tọa  đàm ',
        publishedAt: '2019-06-27T01:15:00Z',
        author: 'THANH TÂM',
        summary: 'Sáng 26/6, Tỉnh ủy tổ chức.',
        contentText: 'Đoạn một có nhiều chữ.\n\nĐoạn hai. Tin liên quan',
        images: [{ url: 'https://a/1.jpg', caption: 'Ảnh 1' }],
        attribution: '',
      },
      truth,
    );
    expect(scores).toEqual({
      title: 1,
      date: 1,
      author: 1,
      summary: 1,
      body_f1: expect.closeTo(0.8235294117647058, 12),
      clean: 0,
      captions: 0.5,
      images: 0.5,
      attribution: 0,
      nfc: 1,
    });
    expect(weightedScore(scores)).toBeCloseTo(0.7231833910034602, 12);
  });

  it('counts body words case-blind, as a bag', () => {
    expect(bodyF1('Một hai ba ba', 'một hai bốn')).toBeCloseTo(0.5714285714285715, 12);
  });
});
