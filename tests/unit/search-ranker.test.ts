import { describe, expect, it } from 'vitest';
import { fitLogistic, linearScore, sigmoid } from '../../utils/search/ranker';
import SHIPPED from '../../utils/search/ranker-weights.json';
import { ABSTAIN_FEATURES } from '../../utils/search/abstain';
import { RANKER_FEATURES } from '../../utils/search/rerank';

describe('ranker: logistic regression', () => {
  it('learns which feature separates the labels, in raw units', () => {
    // y = 1 exactly when a > 2; b is noise.
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = (i % 40) / 10;
      const b = ((i * 7919) % 13) / 13;
      rows.push([a, b]);
      labels.push(a > 2 ? 1 : 0);
    }
    const model = fitLogistic(['a', 'b'], rows, labels, { l2: 1e-4, epochs: 500, learningRate: 0.05 });
    expect(model.weights.a!).toBeGreaterThan(1);
    expect(Math.abs(model.weights.b!)).toBeLessThan(model.weights.a! / 4);
    const correct = rows.filter((row, i) => (sigmoid(linearScore(model, ['a', 'b'], row)) >= 0.5 ? 1 : 0) === labels[i]).length;
    expect(correct / rows.length).toBeGreaterThan(0.95);
  });

  it('ships weights for named features of the current feature lists only', () => {
    for (const name of Object.keys(SHIPPED.ranker.weights)) expect(RANKER_FEATURES as readonly string[]).toContain(name);
    for (const name of Object.keys(SHIPPED.abstain.weights)) expect(ABSTAIN_FEATURES as readonly string[]).toContain(name);
    expect(SHIPPED.folds).toBeGreaterThanOrEqual(2);
    expect(SHIPPED.fittedOn.some((f) => /holdout/.test(f))).toBe(false);
  });
});
