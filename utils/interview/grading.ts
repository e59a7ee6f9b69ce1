import type { Card } from '../../knowledge/schema';
import fittedParams from './grading-params.json';
import { analyseText, withinOneEdit, withSynonyms, type AnswerToken, type SynonymEntry } from './text-analysis';

/**
 * Grades a typed interview answer against a card's key points, offline: each point's cues
 * (authored in the card, see knowledge/README.md) are ideas, each given as alternative
 * phrasings. A point is covered when every idea is found, partial when some are, missed
 * when none are.
 */

export type PointCoverage = 'covered' | 'partial' | 'missed';

export interface GradedPoint {
  index: number;
  text: string;
  coverage: PointCoverage;
  /** Which of the point's ideas were found, in cue order. */
  ideasFound: boolean[];
}

export interface AnswerGrade {
  cardId: string;
  points: GradedPoint[];
  /** Covered points count 1, partial ones ½, over the number of points. */
  coverage: number;
}

/** How loosely cue phrases match; fitted on the tuning answers by `npm run eval:interview -- --fit`. */
export interface GradingParams {
  /** Content words allowed besides a phrasing's own words in the window it must fall in. */
  maxGap: number;
  /** Share of a phrasing's words that must be found in that window. */
  minShare: number;
  /** Words at least this long also match with one typo. */
  typoMinLength: number;
}

export const GRADING_PARAMS: GradingParams = fittedParams;

export interface GradingOptions {
  synonyms?: readonly SynonymEntry[];
  params?: GradingParams;
}

/** A card can be asked in an interview only when every one of its points has cues. */
export function isInterviewable(card: Card): boolean {
  return !!card.pointCues && card.pointCues.length === card.points.length && card.pointCues.every((cues) => !!cues && cues.length > 0);
}

interface CueWord {
  /** Stem, or the word as written for a part of an API name. */
  value: string;
  exact: boolean;
  /** Part of an API name: must directly follow the previous part. */
  joined: boolean;
}

/** `asyncio.run`, `create_task`, `cancel()`, `BaseException`: matched as written, not stemmed. */
const API_NAME = /[._()]|[a-z][A-Z]/;

function cueWords(phrase: string): CueWord[] {
  const words: CueWord[] = [];
  for (const written of phrase.split(/\s+/).filter(Boolean)) {
    const tokens = analyseText(written);
    if (API_NAME.test(written)) {
      tokens.forEach((token, i) => words.push({ value: token.word, exact: true, joined: i > 0 }));
    } else {
      for (const token of tokens) if (token.content) words.push({ value: token.stem, exact: false, joined: false });
    }
  }
  // A cue made only of function words ("at most") keeps them all.
  return words.length > 0 ? words : analyseText(phrase).map((t) => ({ value: t.stem, exact: false, joined: false }));
}

function wordMatches(cue: CueWord, token: AnswerToken, params: GradingParams): boolean {
  if (cue.exact) return token.word === cue.value;
  if (token.stem === cue.value) return true;
  return cue.value.length >= params.typoMinLength && token.stem.length >= params.typoMinLength && withinOneEdit(token.stem, cue.value);
}

/**
 * A phrasing is found when enough of its words (an API name counts as one word) occur
 * close together, in any order: interviewees rephrase, so an exact sequence is too strict.
 */
function phraseFound(phrase: string, streams: readonly AnswerToken[][], params: GradingParams): boolean {
  const groups: CueWord[][] = [];
  for (const word of cueWords(phrase)) (word.joined ? groups[groups.length - 1]! : (groups[groups.length] = [])).push(word);
  if (groups.length === 0) return false;
  const needed = Math.max(1, Math.ceil(params.minShare * groups.length - 1e-9));
  return streams.some((tokens) => {
    const found = groups.map((group) => new Set(groupPositions(group, tokens, params)));
    const content = tokens.map((t, i) => (t.content ? i : -1)).filter((i) => i >= 0);
    const width = groups.length + params.maxGap;
    for (let s = 0; s < content.length; s++) {
      const from = content[s]!;
      const to = content[Math.min(content.length - 1, s + width - 1)]!;
      let hits = 0;
      for (const positions of found) if ([...positions].some((i) => i >= from && i <= to)) hits++;
      if (hits >= needed) return true;
    }
    return false;
  });
}

/** Where a word (or an API name's run of parts) starts in the answer. */
function groupPositions(group: readonly CueWord[], tokens: readonly AnswerToken[], params: GradingParams): number[] {
  const positions: number[] = [];
  for (let i = 0; i + group.length <= tokens.length; i++) {
    if (group.every((word, j) => wordMatches(word, tokens[i + j]!, params))) positions.push(i);
  }
  return positions;
}

export function gradeAnswer(card: Card, answerText: string, options: GradingOptions = {}): AnswerGrade {
  const params = options.params ?? GRADING_PARAMS;
  const tokens = analyseText(answerText);
  const synonymTokens = options.synonyms ? withSynonyms(tokens, options.synonyms) : undefined;
  const streams = synonymTokens ? [tokens, synonymTokens] : [tokens];
  const points = card.points.map((text, index): GradedPoint => {
    const ideas = card.pointCues?.[index] ?? [];
    const ideasFound = ideas.map((phrasings) => phrasings.some((phrase) => phraseFound(phrase, streams, params)));
    const found = ideasFound.filter(Boolean).length;
    const coverage: PointCoverage = ideas.length > 0 && found === ideas.length ? 'covered' : found > 0 ? 'partial' : 'missed';
    return { index, text, coverage, ideasFound };
  });
  const score = points.reduce((sum, p) => sum + (p.coverage === 'covered' ? 1 : p.coverage === 'partial' ? 0.5 : 0), 0);
  return { cardId: card.id, points, coverage: points.length ? score / points.length : 0 };
}

/** ts-fsrs ratings. */
export const AGAIN = 1;
export const HARD = 2;
export const GOOD = 3;

/**
 * The grade suggested from coverage (the bands: most points → Good, half → Hard,
 * less → Again). The user confirms or changes it (Easy included) before it is saved.
 */
export function suggestedGrade(grade: AnswerGrade): number {
  if (grade.coverage >= 0.85) return GOOD;
  if (grade.coverage >= 0.5) return HARD;
  return AGAIN;
}
