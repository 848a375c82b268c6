/**
 * The ground-truth articles in layouts drawn from the conventions Vietnamese newspapers use
 * (bench/layouts.ts): every field must come out right on nearly every one of them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreLayouts } from '../../../bench/layouts.js';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('generated newspaper layouts', () => {
  it('are read right, field by field', () => {
    const results = scoreLayouts(projectRoot, 150, 7);
    const lost = results
      .filter((r) => r.score < 1)
      .map((r) => `${r.score.toFixed(2)} ${JSON.stringify(r.layout.draws)}`);
    const mean = results.reduce((sum, r) => sum + r.score, 0) / results.length;
    expect(mean, lost.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(0.995);
    expect(lost.length, lost.slice(0, 5).join('\n')).toBeLessThanOrEqual(2);
  });
});
