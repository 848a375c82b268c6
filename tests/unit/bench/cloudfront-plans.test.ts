/**
 * The cost bench prices each CloudFront distribution both ways: pay-as-you-go at the list prices,
 * and the cheapest flat-rate plan whose allowance covers the month (S3's origin GETs billed
 * either way). Expected values are worked by hand from PRICES and CLOUDFRONT_PLANS.
 */
import { describe, expect, it } from 'vitest';
import { CLOUDFRONT_PLANS, payAsYouGoRanges, priceDistribution } from '../../../bench/cost.js';

const M = 1e6;

describe('priceDistribution', () => {
  it('takes the Pro plan for the feeds at 3 feeds each: under its 10M requests, cheaper than pay-as-you-go', () => {
    const price = priceDistribution({
      requests: 8.64 * M,
      functionRuns: 8.64 * M,
      gbOut: 64.9,
      originGets: 8.64 * M,
    });
    // 864 × $0.012 + 8.64 × $0.10 + 64.9 GB × $0.12 + 8.64M × $0.0004/1000
    expect(price.payAsYouGo).toBeCloseTo(10.368 + 0.864 + 7.788 + 3.456, 6);
    expect(price.plan?.tier).toBe('pro');
    expect(price.flatRate).toBeCloseTo(15 + 3.456, 6);
    expect(price.cheaper?.tier).toBe('pro');
    expect(price.best).toBeCloseTo(18.456, 6);
  });

  it('keeps pay-as-you-go when the plan that covers the month costs more', () => {
    const price = priceDistribution({
      requests: 28.8 * M,
      functionRuns: 28.8 * M,
      gbOut: 216,
      originGets: 0,
    });
    expect(price.plan?.tier).toBe('business');
    expect(price.cheaper).toBeUndefined();
    expect(price.best).toBeCloseTo(price.payAsYouGo, 6);
    expect(price.best).toBeLessThan(200);
  });

  it('takes the Free plan within its allowance, and the next tier once its bytes are exceeded', () => {
    expect(priceDistribution({ requests: 0.5 * M, functionRuns: 0, gbOut: 50, originGets: 0 })).toMatchObject(
      {
        cheaper: { tier: 'free' },
        best: 0,
      },
    );
    expect(
      priceDistribution({ requests: 0.5 * M, functionRuns: 0, gbOut: 150, originGets: 0 }).plan?.tier,
    ).toBe('pro');
  });

  it('finds no plan past the largest allowance', () => {
    const price = priceDistribution({ requests: 600 * M, functionRuns: 0, gbOut: 1000, originGets: 0 });
    expect(price.plan).toBeUndefined();
    expect(price.best).toBeCloseTo(price.payAsYouGo, 6);
  });
});

describe('payAsYouGoRanges', () => {
  it('with no bytes ($1.20 per million requests) pay-as-you-go wins from the Free plan’s allowance up', () => {
    expect(payAsYouGoRanges({ requests: M, functionRuns: 0, gbOut: 0, originGets: 0 })).toEqual([
      { from: M, to: Number.POSITIVE_INFINITY },
    ]);
  });

  it('at 50 KB a request ($7.20 per million) it wins below each plan’s price within its band', () => {
    const perRequest = 0.012 / 10_000 + (50e3 / 1e9) * 0.12;
    const ranges = payAsYouGoRanges({ requests: M, functionRuns: 0, gbOut: 50, originGets: 0 });
    const [, pro, business, premium] = CLOUDFRONT_PLANS;
    expect(ranges).toHaveLength(4);
    expect(ranges[0]).toEqual({ from: M, to: expect.closeTo(pro!.perMonth / perRequest, 0) });
    expect(ranges[1]).toEqual({
      from: pro!.requests,
      to: expect.closeTo(business!.perMonth / perRequest, 0),
    });
    expect(ranges[2]).toEqual({
      from: business!.requests,
      to: expect.closeTo(premium!.perMonth / perRequest, 0),
    });
    expect(ranges[3]).toEqual({ from: premium!.requests, to: Number.POSITIVE_INFINITY });
    // Checked against priceDistribution on either side of the first break-even.
    const at = (requests: number) =>
      priceDistribution({ requests, functionRuns: 0, gbOut: (requests * 50e3) / 1e9, originGets: 0 });
    expect(at(2 * M).cheaper).toBeUndefined();
    expect(at(2.2 * M).cheaper?.tier).toBe('pro');
  });
});
