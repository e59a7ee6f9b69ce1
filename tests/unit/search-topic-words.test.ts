import { describe, expect, it } from 'vitest';
import { countTopicWords, topicLean, topicLeans, type TopicSample } from '../../utils/search/topic-words';

describe('topic words', () => {
  const samples: TopicSample[] = [
    { words: ['await', 'lock'], related: true },
    { words: ['await', 'task'], related: true },
    { words: ['task', 'gather'], related: true },
    { words: ['thread', 'lock', 'deadlock'], related: false },
    { words: ['thread', 'daemon'], related: false },
  ];
  const table = countTopicWords(samples);

  it('counts the queries using each word, and leaves out words of one query', () => {
    expect(table.related).toBe(3);
    expect(table.unrelated).toBe(2);
    expect(table.words.await).toEqual([2, 0]);
    expect(table.words.lock).toEqual([1, 1]);
    expect(table.words.daemon).toBeUndefined();
  });

  it('leans towards related for the words of related queries and away for the others; 0 for words it does not know', () => {
    expect(topicLean(table, ['await'])).toBeGreaterThan(0);
    expect(topicLean(table, ['thread'])).toBeLessThan(0);
    expect(topicLean(table, ['unknown'])).toBe(0);
    expect(topicLean(undefined, ['await'])).toBe(0);
  });

  it('keeps the most unrelated-leaning word, which a mean dilutes', () => {
    const lean = topicLeans(table, ['await', 'task', 'thread']);
    expect(lean.least).toBeLessThan(lean.mean);
    expect(lean.least).toBeCloseTo(topicLeans(table, ['thread']).least, 10);
    expect(topicLeans(table, ['await']).least).toBe(0);
  });

  it('scores a counted query as a table counted without it would', () => {
    samples.forEach((sample, i) => {
      const without = countTopicWords(samples.filter((_, j) => j !== i));
      expect(topicLean(table, sample.words, sample)).toBeCloseTo(topicLean(without, sample.words), 10);
      expect(topicLeans(table, sample.words, sample).least).toBeCloseTo(topicLeans(without, sample.words).least, 10);
    });
  });
});
