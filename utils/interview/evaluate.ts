import { z } from 'zod';
import type { Card } from '../../knowledge/schema';
import { gradeAnswer, type GradingParams, type PointCoverage } from './grading';
import type { SynonymEntry } from './text-analysis';

/** One labelled answer of tests/eval/interview-answers.jsonl. */
export const LabelledAnswerSchema = z
  .object({
    card: z.string(),
    kind: z.enum(['good', 'partial', 'wrong', 'model-pasted', 'other-question', 'off-topic', 'empty']),
    answer: z.string(),
    /** For an answer to a different question: the card it answers. */
    answeredCard: z.string().optional(),
    labels: z.array(z.enum(['covered', 'partial', 'missed'])),
    split: z.enum(['tuning', 'held-out']),
  })
  .strict();
export type LabelledAnswer = z.infer<typeof LabelledAnswerSchema>;

export function parseLabelledAnswers(text: string, cards: readonly Card[]): LabelledAnswer[] {
  const byId = new Map(cards.map((c) => [c.id, c]));
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const row = LabelledAnswerSchema.parse(JSON.parse(line));
      const card = byId.get(row.card);
      if (!card) throw new Error(`line ${i + 1}: unknown card ${row.card}`);
      if (card.points.length !== row.labels.length) throw new Error(`line ${i + 1}: ${row.labels.length} labels for ${card.points.length} points`);
      return row;
    });
}

export const COVERAGES: readonly PointCoverage[] = ['covered', 'partial', 'missed'];

export interface Agreement {
  points: number;
  agreed: number;
  /** confusion[label][graded]: how often a point labelled `label` was graded `graded`. */
  confusion: Record<PointCoverage, Record<PointCoverage, number>>;
}

export function measureAgreement(
  rows: readonly LabelledAnswer[],
  cards: readonly Card[],
  synonyms: readonly SynonymEntry[],
  params?: GradingParams,
): Agreement {
  const byId = new Map(cards.map((c) => [c.id, c]));
  const empty = () => ({ covered: 0, partial: 0, missed: 0 });
  const result: Agreement = { points: 0, agreed: 0, confusion: { covered: empty(), partial: empty(), missed: empty() } };
  for (const row of rows) {
    const grade = gradeAnswer(byId.get(row.card)!, row.answer, params ? { synonyms, params } : { synonyms });
    grade.points.forEach((point, i) => {
      const label = row.labels[i]!;
      result.points++;
      if (label === point.coverage) result.agreed++;
      result.confusion[label][point.coverage]++;
    });
  }
  return result;
}

/** The grading parameters that agree best with the labels of `rows` (ties: the first listed; typo tolerance is preferred, as the labelled answers hold few typos). */
export function fitGradingParams(rows: readonly LabelledAnswer[], cards: readonly Card[], synonyms: readonly SynonymEntry[]): GradingParams {
  let best: { params: GradingParams; agreed: number } | undefined;
  for (const minShare of [1, 0.75, 0.67, 0.6, 0.5, 0.34]) {
    for (const maxGap of [0, 1, 2, 3, 4, 6, 8]) {
      for (const typoMinLength of [5, 6, 7, 4, 99]) {
        const params = { maxGap, minShare, typoMinLength };
        const { agreed } = measureAgreement(rows, cards, synonyms, params);
        if (!best || agreed > best.agreed) best = { params, agreed };
      }
    }
  }
  return best!.params;
}
