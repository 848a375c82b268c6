import { describe, expect, it } from 'vitest';
import { FULL_VCPU_MB, lambdaCpuStretch, lambdaMs } from '../../../bench/lambda-cpu.js';

describe('Lambda time in the cost model', () => {
  it('stretches CPU-bound work by the share of a vCPU the memory buys, never below one', () => {
    expect(lambdaCpuStretch(FULL_VCPU_MB)).toBe(1);
    expect(lambdaCpuStretch(3008)).toBe(1);
    expect(lambdaCpuStretch(512)).toBeCloseTo(3.455, 3);
  });

  it('bills the stretched CPU time plus the waits, which do not stretch', () => {
    expect(lambdaMs(1024, 100, 50)).toBeCloseTo(100 * (1769 / 1024) + 50, 9);
    expect(lambdaMs(2048, 100, 50)).toBe(150);
  });
});
