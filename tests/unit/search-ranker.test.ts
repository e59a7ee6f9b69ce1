import { describe, expect, it } from 'vitest';
import { fitLogistic, fitSoftmaxRanking, linearScore, sigmoid } from '../../utils/search/ranker';
import SHIPPED from '../../utils/search/ranker-weights.json';
import { ABSTAIN_FEATURES } from '../../utils/search/abstain';
import { LANGUAGE_FEATURES } from '../../utils/search/analyze';
import { RANKER_FEATURES } from '../../utils/search/rerank';
import { unansweredThreshold } from '../../utils/search/fit';

describe('ranker: logistic regression and softmax ranking', () => {
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

  it('softmax ranking learns what puts the right candidate of each query first', () => {
    // In every query the right candidate has the highest a; b is high on every candidate of
    // some queries (it says nothing about which candidate is right) and noise otherwise.
    const groups = Array.from({ length: 60 }, (_, q) => {
      const shift = q % 3 === 0 ? 5 : 0;
      const rows = Array.from({ length: 5 }, (_, i) => [i === 2 ? 1 + (q % 4) / 4 : ((q * 31 + i * 17) % 10) / 10, shift + ((q * 13 + i * 7) % 5) / 5]);
      return { rows, labels: rows.map((_, i) => (i === 2 ? 1 : 0)) };
    });
    const model = fitSoftmaxRanking(['a', 'b'], groups, { l2: 1e-4, epochs: 300, learningRate: 0.05 });
    expect(model.weights.a!).toBeGreaterThan(1);
    expect(Math.abs(model.weights.b!)).toBeLessThan(model.weights.a! / 4);
    const firstRight = groups.filter((g) => {
      const scores = g.rows.map((row) => linearScore(model, ['a', 'b'], row));
      return scores.indexOf(Math.max(...scores)) === 2;
    }).length;
    expect(firstRight / groups.length).toBeGreaterThan(0.9);
  });

  it('answers above the score under which the given share of unrelated queries falls', () => {
    const probabilities = Array.from({ length: 100 }, (_, i) => (99 - i) / 100); // 0.99 … 0.00, unsorted
    const threshold = unansweredThreshold(probabilities, 0.92);
    expect(probabilities.filter((p) => p < threshold)).toHaveLength(92);
    expect(unansweredThreshold([0.3], 0.92)).toBe(0.3); // one query: the threshold is its score
  });

  it('ships weights for named features of the current feature lists only', () => {
    for (const name of Object.keys(SHIPPED.ranker.weights)) expect(RANKER_FEATURES as readonly string[]).toContain(name);
    for (const name of Object.keys(SHIPPED.abstain.weights)) expect(ABSTAIN_FEATURES as readonly string[]).toContain(name);
    for (const name of Object.keys(SHIPPED.language.weights)) expect(LANGUAGE_FEATURES).toContain(name);
    // Python's own names count against "another language".
    expect(SHIPPED.language.weights['python.asyncio']).toBeLessThan(0);
    expect(SHIPPED.folds).toBeGreaterThanOrEqual(2);
    expect(SHIPPED.fittedOn.some((f) => /holdout/.test(f))).toBe(false);
  });
});
