/**
 * Stage 5, abstain: whether to answer at all. A fitted logistic model (ranker.ts) over
 * query-level features — how well the best card matches, by how much it leads, whether an
 * alias or asyncio identifier was found, how much of the query no vocabulary knows, the
 * language signals — gives the probability that the best card is a right answer to a query
 * about asyncio; under the fitted threshold the search says "no close match".
 *
 * Two rules frame the model: text that reads like another language's async code or docs gets
 * no asyncio card (the response names the language and the nearest Python concept), and a
 * query holding a clear asyncio term (a decisive alias such as an API name, "coroutine" or
 * "event loop", an `asyncio.` identifier, an asyncio-only library, async/await said of
 * Python) is always answered.
 */
import type { QueryAnalysis } from './analyze';
import type { Expansion } from './expand';
import { linearScore, sigmoid, type LinearModel } from './ranker';
import { RANKER_FEATURES, type Ranked } from './rerank';
import type { Retrieval } from './retrieve';
import { SHARED_ASYNC_KEYWORDS } from './terms';
import { topicLeans, topicWordsOf, type TopicWordTable } from './topic-words';

export const ABSTAIN_FEATURES = [
  'top.score',
  'top.margin',
  'top.share',
  'top.coverage',
  'top.coverage.name',
  'top.bestSpecificity',
  'top.alias.decisive',
  'top.alias.weak',
  'top.askedAs.overlap',
  'top.title.overlap',
  'top.concept.words',
  'query.decisiveAlias',
  'query.asyncioIdentifier',
  'query.subjectTerm',
  'query.unknownShare',
  'query.domainWeight',
  'query.domainShare',
  'query.terms',
  'query.question',
  'query.code',
  'query.errorLine',
  'query.pythonEvidence',
  'query.topicLean',
  'query.topicLean.least',
] as const;

/** Where the abstain row holds the topic leans (`npm run tune` puts each fit query's own there, leave one out). */
export const TOPIC_LEAN_FEATURE = ABSTAIN_FEATURES.indexOf('query.topicLean');
export const TOPIC_LEAN_LEAST_FEATURE = ABSTAIN_FEATURES.indexOf('query.topicLean.least');

export interface AbstainDecision {
  answer: boolean;
  probability: number;
  /** The query held a clear asyncio term, so it is answered whatever the model says. */
  clearAsyncioTerm: boolean;
  features: Float64Array;
}

/** A traceback frame in asyncio's own package ("…/asyncio/events.py", line 84). */
const ASYNCIO_FRAME = /File "[^"\n]*[\\/]asyncio[\\/]\w+\.py"/;

/** Whether the query names asyncio unmistakably: a decisive alias, a subject term, an
 * `asyncio.` identifier, a library that exists only on asyncio (aiohttp, asyncpg, …), a
 * traceback frame in asyncio's own modules, or async/await said of Python ("await in python",
 * "async def"): Python's async/await is asyncio.
 * (Text that reads like another language never gets here.) */
export function hasClearAsyncioTerm(analysis: QueryAnalysis, retrieval: Retrieval): boolean {
  const python = analysis.signs.python;
  return (
    retrieval.decisiveAlias ||
    retrieval.subjectTerm ||
    analysis.identifiers.some((id) => id.startsWith('asyncio.')) ||
    python.includes('asyncio-library') ||
    python.includes('async-def') ||
    // A traceback that passed through asyncio's own modules.
    (analysis.isTraceback && ASYNCIO_FRAME.test(analysis.text)) ||
    (python.includes('name') && analysis.tokens.some((t) => SHARED_ASYNC_KEYWORDS.has(t)))
  );
}

export function abstainFeatures(
  analysis: QueryAnalysis,
  expansion: Expansion,
  retrieval: Retrieval,
  ranked: readonly Ranked[],
  cardConcept: (card: number) => string,
  topicWords?: TopicWordTable,
): Float64Array {
  const x = new Float64Array(ABSTAIN_FEATURES.length);
  const top = ranked[0];
  const feature = (name: string) => top?.features[RANKER_INDEX.get(name)!] ?? 0;
  const topConcept = top ? cardConcept(top.evidence.card) : '';
  const second = ranked.find((r) => cardConcept(r.evidence.card) !== topConcept);
  let i = 0;
  x[i++] = top?.score ?? -10;
  x[i++] = top ? top.score - (second?.score ?? top.score - 5) : 0;
  x[i++] = top ? softmaxShare(ranked) : 0;
  x[i++] = top?.evidence.coverage ?? 0;
  x[i++] = top?.evidence.nameCoverage ?? 0;
  x[i++] = top?.evidence.bestSpecificity ?? 0;
  x[i++] = Math.min(top?.evidence.decisiveAliases ?? 0, 3);
  x[i++] = Math.min(top?.evidence.weakAliases ?? 0, 3);
  x[i++] = feature('askedAs.overlap');
  x[i++] = feature('title.overlap');
  x[i++] = top ? Math.exp(feature('concept.words')) : 0;
  x[i++] = retrieval.decisiveAlias ? 1 : 0;
  x[i++] = analysis.identifiers.some((id) => id.startsWith('asyncio.')) ? 1 : 0;
  x[i++] = retrieval.subjectTerm ? 1 : 0;
  x[i++] = retrieval.totalWeight + expansion.unknownWeight > 0 ? expansion.unknownWeight / (retrieval.totalWeight + expansion.unknownWeight) : 1;
  x[i++] = Math.log1p(expansion.domainWeight);
  x[i++] = expansion.terms.length > 0 ? expansion.domainWeight / expansion.terms.length : 0;
  x[i++] = Math.log1p(expansion.terms.length);
  x[i++] = analysis.isQuestion ? 1 : 0;
  x[i++] = analysis.isCode ? 1 : 0;
  x[i++] = analysis.errorLine ? 1 : 0;
  x[i++] = Math.min(analysis.pythonEvidence, 6);
  const lean = topicLeans(topicWords, topicWordsOf(expansion));
  x[i++] = lean.mean;
  x[i++] = lean.least;
  return x;
}

/** The best card's share of exp(score) among the candidates: the ranker's own confidence
 * (its scores are fitted as a softmax over each query's candidates). */
function softmaxShare(ranked: readonly Ranked[]): number {
  const top = ranked[0]!.score;
  let sum = 0;
  for (const r of ranked) sum += Math.exp(r.score - top);
  return 1 / sum;
}

const RANKER_INDEX = new Map<string, number>(RANKER_FEATURES.map((name, i) => [name, i]));

export function decideAbstention(
  model: LinearModel & { threshold: number },
  analysis: QueryAnalysis,
  retrieval: Retrieval,
  features: Float64Array,
  hasCandidate: boolean,
): AbstainDecision {
  const probability = hasCandidate ? sigmoid(linearScore(model, ABSTAIN_FEATURES, features)) : 0;
  const clearAsyncioTerm = hasCandidate && hasClearAsyncioTerm(analysis, retrieval);
  const answer = hasCandidate && !analysis.otherLanguage && (clearAsyncioTerm || probability >= model.threshold);
  return { answer, probability, clearAsyncioTerm, features };
}
