import Fuse from 'fuse.js';
import type { Card } from '../../knowledge/schema';
import {
  programmingGenerality,
  unpackCommonWords,
  unpackProgrammingWords,
  wordSpecificity,
  type CommonWordTable,
  type ProgrammingWordTable,
} from './common-words';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
import { buildSearchIndex, searchIndexKey, type PostingsData, type PrebuiltSearchIndex } from './search-index';
import { GENERIC_PROGRAMMING_WORDS, isContentStem, stem, stemmedTokens, tokenize } from './terms';

/**
 * The one search of the copilot: it serves the side panel, the selection lookup, `npm run ask`,
 * the eval and the benchmark.
 *
 * How it scores: every card is indexed as BM25F over its fields (aliases and title weigh most;
 * follow-up questions count for the card they link to; adjacent words also as phrases). The
 * index is built from the cards ahead of time (search-index.ts) and shipped. A query — a typo,
 * a question, an API name, an error message, a code line or a long paragraph — is cut to a
 * bound and turned into stemmed terms. Terms that are not in the vocabulary are matched by
 * prefix (the word being typed) or by fuse.js and edit distance (misspellings); phrasings in
 * the synonym list also search for the card words they stand for; whole aliases found in the
 * query (API names, CPython messages) add a large bonus. Query words weigh by how specific they
 * are: rare in everyday English and in general Python code, or far more common in the cards.
 * When none of the leading cards covers enough of what the query says, the search abstains
 * instead of returning the least-bad card.
 */

export interface SearchResult {
  card: Card;
  /** Relevance, higher is better; comparable within one query only. */
  score: number;
  /** Share of the query's term weight this card matched (0–1). */
  coverage: number;
  /** "weak" when the card matches only part of the query: the panel says so. */
  strength: 'strong' | 'weak';
  /** Stemmed card terms that matched (the card view highlights words with these stems). */
  matchedTerms: string[];
  /** Aliases of the card found whole in the query. */
  matchedAliases: string[];
}

export interface SearchResponse {
  /** The query as searched: trimmed and cut to the bound. */
  query: string;
  /** True when the input was longer than the bound and was cut. */
  truncated: boolean;
  /** Best first; empty when nothing matches well (the search abstained) or the query is blank. */
  results: SearchResult[];
}

interface TermPostings {
  cards: Int32Array;
  impacts: Float32Array;
}

interface AliasEntry {
  stems: string[];
  card: number;
  alias: string;
  /** Whether finding this alias alone shows the query is about the card: a multi-word alias
   * or a specific word ("semaphore") does; an everyday word ("gather", "wait") does not. */
  decisive: boolean;
}

/** What the search runs over: the cards, and everyday-English word frequencies. */
export interface SearchCorpus {
  cards: readonly Card[];
  commonWords?: CommonWordTable;
  programmingWords?: ProgrammingWordTable;
  synonyms?: readonly SynonymEntry[];
  /** The index built ahead of time from these cards (see buildSearchIndex). */
  searchIndex?: PrebuiltSearchIndex;
}


/** How people say something (`say`: phrasings of one to four words) → the words the cards
 * use for it (`means`, space-separated). Authored in knowledge/synonyms.yaml. */
export interface SynonymEntry {
  say: string[];
  means: string;
}

interface SynonymPhrase {
  stems: string[];
  means: string[];
}

interface TermMatch {
  term: string;
  factor: number;
}

/** How a typed question starts ("how do I…", "why does…", "what's…"). */
const QUESTION_START = /^\s*(how|what|whats|why|when|which|where|who|can|could|does|do|did|is|are|should|would|will)\b/i;

/** Loads flat postings arrays into per-term views (no copying per term). */
function loadPostings(data: PostingsData, into: Map<string, TermPostings>) {
  const cards = Int32Array.from(data.cards);
  const impacts = Float32Array.from(data.impacts);
  data.terms.forEach((term, i) => {
    const from = data.offsets[i]!;
    const to = data.offsets[i + 1]!;
    into.set(term, { cards: cards.subarray(from, to), impacts: impacts.subarray(from, to) });
  });
}

/** Symbols that change what an alias means ("except*", "@asyncio.coroutine", "debug=True"). */
const SYMBOL_IN_ALIAS = /[*@=<>!]/;

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters each count as one edit (the usual shapes of a typo). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Cuts text to `maxChars` at a word boundary; returns whether it was cut. */
export function boundQuery(text: string, maxChars = DEFAULT_SEARCH_OPTIONS.maxQueryChars): { text: string; truncated: boolean } {
  const trimmed = text.trim();
  if (trimmed.length <= maxChars) return { text: trimmed, truncated: false };
  const cut = trimmed.slice(0, maxChars);
  const lastSpace = cut.search(/\s\S*$/);
  return { text: (lastSpace > maxChars * 0.8 ? cut.slice(0, lastSpace) : cut).trim(), truncated: true };
}

export class CardSearch {
  readonly options: SearchOptions;
  private readonly cards: readonly Card[];
  private readonly postings = new Map<string, TermPostings>();
  /** Postings over the questions each card answers, for queries asked as a question. */
  private readonly questionPostings = new Map<string, TermPostings>();
  private readonly vocabulary: string[];
  private readonly fuzzyByInitial = new Map<string, Fuse<string>>();
  private readonly fuzzyTermsByInitial = new Map<string, string[]>();
  /** Terms only found in aliases → the word they misspell ("semaphre" → "semaphor"), or null
   * when they are not a misspelling (an API name); filled in as queries use them. */
  private readonly knownMisspellings = new Map<string, string | null>();
  /** Stems of the cards' text outside aliases: real words, unlike "semaphre". */
  private readonly textTerms = new Set<string>();
  /** Aliases with symbols in them, matched as written (lower-cased). */
  private readonly symbolAliases: Array<{ text: string; entry: AliasEntry }> = [];
  /** Synonym phrasings by their first stem. */
  private readonly synonymPhrases = new Map<string, SynonymPhrase[]>();
  private readonly singleAliases = new Map<string, AliasEntry[]>();
  private readonly multiAliases = new Map<string, AliasEntry[]>();
  private readonly zipfByWord: Map<string, number>;
  private readonly programmingShareByWord: Map<string, number>;
  /** Stems used in titles, aliases and tags: the words that name asyncio topics. */
  private readonly topicStems = new Set<string>();
  /** How often each stem occurs in the cards' text, per word of that text. */
  private readonly cardWordRate = new Map<string, number>();
  // Buffers reused across searches so a keystroke allocates little.
  private readonly scores: Float64Array;
  private readonly covered: Float64Array;
  private readonly lastTerm: Int32Array;
  private readonly bestSpecificity: Float64Array;
  /** The last query and its answer: the panel asks again for the same text when a selection
   * opens its best card and then lists the rest, and on React re-renders. */
  private lastSearch?: { input: string; response: SearchResponse };

  constructor({ cards, commonWords, programmingWords, synonyms = [], searchIndex }: SearchCorpus, options: Partial<SearchOptions> = {}) {
    this.options = { ...DEFAULT_SEARCH_OPTIONS, ...options, fieldWeights: { ...DEFAULT_SEARCH_OPTIONS.fieldWeights, ...options.fieldWeights } };
    this.cards = cards;
    const n = cards.length;
    this.scores = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.lastTerm = new Int32Array(n).fill(-1);
    this.bestSpecificity = new Float64Array(n);
    this.zipfByWord = unpackCommonWords(commonWords);
    this.programmingShareByWord = unpackProgrammingWords(programmingWords);

    // The index shipped with the knowledge base when it was built for these cards and
    // options (the panel's case); otherwise it is built here.
    const data = searchIndex?.key === searchIndexKey(cards, this.options) ? searchIndex : buildSearchIndex(cards, this.options);
    loadPostings(data.postings, this.postings);
    loadPostings(data.questionPostings, this.questionPostings);
    for (const [word, rate] of Object.entries(data.cardWordRate)) this.cardWordRate.set(word, rate);
    for (const t of data.textTerms) this.textTerms.add(t);
    for (const t of data.topicStems) this.topicStems.add(t);
    this.vocabulary = data.postings.terms.filter((t) => !t.includes(' ')).sort();
    for (const term of this.vocabulary) {
      if (term.length < this.options.fuzzyMinLength - 1 || /\d/.test(term)) continue;
      const list = this.fuzzyTermsByInitial.get(term[0]!);
      if (list) list.push(term);
      else this.fuzzyTermsByInitial.set(term[0]!, [term]);
    }

    cards.forEach((card, cardIndex) => card.aliases.forEach((alias) => this.addAlias(alias, cardIndex)));
    for (const { say, means } of synonyms) {
      const meansStems = stemmedTokens(means).filter((t) => this.postings.has(t));
      for (const phrasing of say) {
        const stems = stemmedTokens(phrasing);
        if (stems.length === 0 || meansStems.length === 0) continue;
        let list = this.synonymPhrases.get(stems[0]!);
        if (!list) this.synonymPhrases.set(stems[0]!, (list = []));
        list.push({ stems, means: meansStems });
      }
    }
  }

  /** fuse.js over the vocabulary, one small index per initial letter (misspellings rarely
   * change the first letter, and small indexes keep a lookup well under a millisecond),
   * built the first time a misspelling needs it. */
  private fuzzyIndexFor(initial: string): Fuse<string> | undefined {
    let fuse = this.fuzzyByInitial.get(initial);
    const terms = this.fuzzyTermsByInitial.get(initial);
    if (!fuse && terms) {
      fuse = new Fuse(terms, { includeScore: true, threshold: this.options.fuzzyThreshold, ignoreLocation: true, shouldSort: true });
      this.fuzzyByInitial.set(initial, fuse);
    }
    return fuse;
  }

  private addAlias(alias: string, card: number) {
    const tokens = tokenize(alias);
    const stems = tokens.map(stem);
    if (stems.length === 0) return;
    // Symbols the tokenizer drops can be what makes an alias specific ("except*",
    // "debug=True"): such aliases are also looked for as written. A one-word one is only
    // looked for as written, or "except*" would fire on every "try/except".
    if (SYMBOL_IN_ALIAS.test(alias)) {
      this.symbolAliases.push({ text: alias.toLowerCase(), entry: { stems, card, alias, decisive: true } });
      if (stems.length === 1) return;
    }
    const decisive = stems.length > 1 || this.everydaySpecificity(tokens[0]!) >= this.options.minSpecificity;
    const map = stems.length === 1 ? this.singleAliases : this.multiAliases;
    const key = stems.length === 1 ? stems[0]! : `${stems[0]} ${stems[1]}`;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push({ stems, card, alias, decisive });
  }

  /** Vocabulary terms starting with `prefix` (binary search in the sorted vocabulary). */
  private prefixMatches(prefix: string): string[] {
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.vocabulary.length && found.length < this.options.maxPrefixExpansions; i++) {
      const term = this.vocabulary[i]!;
      if (!term.startsWith(prefix)) break;
      if (term !== prefix) found.push(term);
    }
    return found;
  }

  /** The word a term only found in aliases misspells ("evnet" → "event"), worked out the first
   * time a query uses it; undefined for real words and API names. */
  private misspellingOf(term: string): string | undefined {
    if (this.textTerms.has(term) || !this.postings.has(term) || term.length < this.options.fuzzyMinLength || /\d/.test(term)) return undefined;
    let known = this.knownMisspellings.get(term);
    if (known === undefined) {
      known = this.fuzzyMatches(term, true)[0]?.term ?? null;
      this.knownMisspellings.set(term, known);
    }
    return known ?? undefined;
  }

  /** Vocabulary terms close to a misspelt one; `realWordsOnly` leaves out alias-only terms. */
  private fuzzyMatches(term: string, realWordsOnly = false): TermMatch[] {
    const fuse = this.fuzzyIndexFor(term[0]!);
    if (!fuse) return [];
    const matches: TermMatch[] = [];
    // fuse.js proposes candidates; edit distance counting a swap of two neighbouring letters
    // as one edit ranks them (Bitap scores "evnet" far from "event"), and among equally close
    // ones the word the cards use more often is the likelier intent.
    const maxEdits = term.length <= 5 ? 1 : 2;
    const hits = fuse
      .search(term, { limit: this.options.fuzzyCandidates })
      .map((hit) => ({ term: hit.item, edits: editDistance(term, hit.item), df: this.postings.get(hit.item)?.cards.length ?? 0 }))
      .filter((hit) => hit.edits <= maxEdits && hit.term !== term)
      .filter((hit) => (realWordsOnly ? this.textTerms.has(hit.term) : this.misspellingOf(hit.term) === undefined))
      .sort((a, b) => a.edits - b.edits || b.df - a.df);
    for (const hit of hits.slice(0, this.options.maxFuzzyExpansions)) {
      matches.push({ term: hit.term, factor: this.options.fuzzyFactor * (1 - hit.edits / (term.length + 1)) });
    }
    return matches;
  }

  search(input: string): SearchResponse {
    if (this.lastSearch?.input === input) return this.lastSearch.response;
    const response = this.rank(input);
    this.lastSearch = { input, response };
    return response;
  }

  private rank(input: string): SearchResponse {
    const { text, truncated } = boundQuery(input, this.options.maxQueryChars);
    const empty: SearchResponse = { query: text, truncated, results: [] };
    const tokens = tokenize(text);
    if (tokens.length === 0) return empty;
    const stems = tokens.map(stem);
    const o = this.options;

    // 1. Query terms (stopwords out, repeats counted once, log-damped), each resolved to card
    //    terms: exactly, by prefix (the word being typed) or by fuse.js (a misspelling).
    const queryTerms = new Map<string, { count: number; last: boolean; specificity: number }>();
    tokens.forEach((token, i) => {
      const stemmed = stems[i]!;
      if (!isContentStem(token, stemmed)) return;
      const entry = queryTerms.get(stemmed) ?? { count: 0, last: false, specificity: this.specificity(token, stemmed) };
      entry.count += 1;
      entry.last ||= i === tokens.length - 1;
      queryTerms.set(stemmed, entry);
    });
    // Phrasings from the synonym list ("hogging", "give up") also search for the card words
    // they stand for; phrasings made of stopwords only ("at most") add those words as terms.
    const synonymMatches = new Map<string, TermMatch[]>();
    for (let i = 0; i < stems.length; i++) {
      for (const phrase of this.synonymPhrases.get(stems[i]!) ?? []) {
        const length = phrase.stems.length;
        if (i + length > stems.length || phrase.stems.some((t, k) => stems[i + k] !== t)) continue;
        const matches = phrase.means.map((term) => ({ term, factor: o.synonymFactor }));
        const owners = stems.slice(i, i + length).filter((t) => queryTerms.has(t));
        if (owners.length === 0) {
          for (const term of phrase.means) {
            if (!queryTerms.has(term)) queryTerms.set(term, { count: 1, last: false, specificity: o.synonymOnlySpecificity });
            owners.push(term);
          }
        }
        for (const owner of owners) synonymMatches.set(owner, [...(synonymMatches.get(owner) ?? []), ...matches]);
      }
    }
    const isLong = queryTerms.size > o.longQueryTerms;
    const isTyping = /[a-z0-9]$/i.test(text) && queryTerms.size <= 4;
    let fuzzyBudget = o.maxFuzzyTermsPerQuery;
    const corrections = new Map<string, string>();
    const termMatches: TermMatch[][] = [];
    for (const [term, { last }] of queryTerms) {
      const matches: TermMatch[] = [];
      const misspelt = this.misspellingOf(term);
      if (misspelt) {
        corrections.set(term, misspelt);
        matches.push({ term: misspelt, factor: 1 });
      }
      const exact = this.postings.has(term);
      if (exact) matches.push({ term, factor: 1 });
      if (!exact && last && isTyping && term.length >= o.prefixMinLength) {
        for (const t of this.prefixMatches(term)) matches.push({ term: t, factor: o.prefixFactor });
      }
      for (const synonym of synonymMatches.get(term) ?? []) {
        if (synonym.term !== term && !matches.some((m) => m.term === synonym.term)) matches.push(synonym);
      }
      if (matches.length === 0 && !isLong && term.length >= o.fuzzyMinLength && fuzzyBudget > 0) {
        fuzzyBudget -= 1;
        const fuzzy = this.fuzzyMatches(term);
        if (fuzzy[0]) corrections.set(term, fuzzy[0].term);
        matches.push(...fuzzy);
      }
      termMatches.push(matches);
    }

    // 2. Whole aliases in the query (API names, CPython messages), also after correcting
    //    misspelt words ("asyncoi.run" → asyncio.run), with less credit then.
    const aliasHits = new Map<number, { bonus: number; aliases: string[]; decisive: boolean }>();
    const addAliasHit = (entry: AliasEntry, corrected: boolean) => {
      const hit = aliasHits.get(entry.card) ?? { bonus: 0, aliases: [], decisive: false };
      hit.decisive ||= entry.decisive;
      if (hit.aliases.includes(entry.alias)) return;
      const length = entry.stems.length;
      const bonus = o.aliasTokenBonus * (length === 1 ? o.singleTokenAliasFactor : Math.min(length, 6));
      hit.bonus += corrected ? bonus * o.fuzzyFactor : bonus;
      hit.aliases.push(entry.alias);
      aliasHits.set(entry.card, hit);
    };
    const resolved = corrections.size > 0 ? stems.map((t) => corrections.get(t) ?? t) : stems;
    const usesCorrection = (from: number, length: number) => {
      for (let k = from; k < from + length; k++) if (resolved[k] !== stems[k]) return true;
      return false;
    };
    const lowerText = text.toLowerCase();
    for (const { text: written, entry } of this.symbolAliases) {
      if (lowerText.includes(written)) addAliasHit(entry, false);
    }
    for (let i = 0; i < resolved.length; i++) {
      for (const entry of this.singleAliases.get(resolved[i]!) ?? []) addAliasHit(entry, usesCorrection(i, 1));
      if (i + 1 < resolved.length) {
        for (const entry of this.multiAliases.get(`${resolved[i]} ${resolved[i + 1]}`) ?? []) {
          if (i + entry.stems.length > resolved.length) continue;
          let whole = true;
          for (let k = 2; k < entry.stems.length && whole; k++) whole = resolved[i + k] === entry.stems[k];
          if (whole) addAliasHit(entry, usesCorrection(i, entry.stems.length));
        }
      }
    }

    // 3. BM25F scores. Everyday words ("take", "second") count for less than words that say
    //    what the query is about, and coverage is measured in that specificity: an unmatched
    //    rare word ("boto3", "Lisbon") weighs a lot, an unmatched everyday word almost nothing.
    const touched: number[] = [];
    let totalWeight = 0;
    let termIndex = 0;
    for (const { count, specificity } of queryTerms.values()) {
      const matches = termMatches[termIndex]!;
      const queryWeight = (1 + Math.log(count)) * (o.everydayWordWeight + (1 - o.everydayWordWeight) * specificity);
      totalWeight += specificity;
      for (const match of matches) {
        const postings = this.postings.get(match.term)!;
        const factor = match.factor * queryWeight;
        for (let j = 0; j < postings.cards.length; j++) {
          const card = postings.cards[j]!;
          if (this.scores[card] === 0 && this.lastTerm[card] === -1) touched.push(card);
          this.scores[card]! += postings.impacts[j]! * factor;
          if (this.lastTerm[card] !== termIndex) {
            this.lastTerm[card] = termIndex;
            this.covered[card]! += specificity * match.factor;
            this.bestSpecificity[card] = Math.max(this.bestSpecificity[card]!, specificity);
          }
        }
      }
      termIndex += 1;
    }
    // A query asked as a question also scores against the questions each card answers.
    if (o.questionFactor > 0 && QUESTION_START.test(text)) {
      termIndex = 0;
      for (const { count, specificity } of queryTerms.values()) {
        const queryWeight = (1 + Math.log(count)) * (o.everydayWordWeight + (1 - o.everydayWordWeight) * specificity);
        for (const match of termMatches[termIndex]!) {
          const postings = this.questionPostings.get(match.term);
          if (!postings) continue;
          const factor = match.factor * queryWeight * o.questionFactor;
          for (let j = 0; j < postings.cards.length; j++) {
            const card = postings.cards[j]!;
            if (this.scores[card] === 0 && this.lastTerm[card] === -1) touched.push(card);
            this.scores[card]! += postings.impacts[j]! * factor;
          }
        }
        termIndex += 1;
      }
    }
    // Adjacent query words found as a phrase in a card add to its score (not to coverage).
    if (o.phraseFactor > 0) {
      const content: string[] = [];
      tokens.forEach((token, i) => {
        if (isContentStem(token, stems[i]!)) content.push(resolved[i]!);
      });
      for (let i = 0; i + 1 < content.length; i++) {
        const postings = this.postings.get(`${content[i]} ${content[i + 1]}`);
        if (!postings) continue;
        for (let j = 0; j < postings.cards.length; j++) {
          const card = postings.cards[j]!;
          if (this.scores[card] === 0 && this.lastTerm[card] === -1) touched.push(card);
          this.scores[card]! += postings.impacts[j]! * o.phraseFactor;
        }
      }
    }
    for (const card of aliasHits.keys()) {
      if (this.scores[card] === 0 && this.lastTerm[card] === -1) touched.push(card);
    }

    // 4. Rank, then decide whether the best card is good enough to show at all.
    const ranked = touched.map((card) => {
      const alias = aliasHits.get(card);
      const boost = this.cards[card]!.id === this.cards[card]!.concept ? o.primaryCardBoost : 1;
      const termScore = this.scores[card]! * boost;
      const score = termScore + (alias?.bonus ?? 0) * boost;
      const coverage = alias?.decisive ? 1 : totalWeight > 0 ? Math.min(1, this.covered[card]! / totalWeight) : 0;
      return { card, score, termScore, coverage, evidence: this.covered[card]!, specific: this.bestSpecificity[card]!, alias };
    });
    for (const card of touched) {
      this.scores[card] = 0;
      this.covered[card] = 0;
      this.lastTerm[card] = -1;
      this.bestSpecificity[card] = 0;
    }
    if (ranked.length === 0) return empty;
    // Cards of one concept share its vocabulary: when a query's words are spread over several
    // cards of a concept, each of them gains part of its siblings' score.
    if (o.conceptPooling > 0) {
      const byConcept = new Map<string, number>();
      for (const entry of ranked) {
        const concept = this.cards[entry.card]!.concept;
        byConcept.set(concept, (byConcept.get(concept) ?? 0) + entry.score);
      }
      for (const entry of ranked) {
        const siblings = byConcept.get(this.cards[entry.card]!.concept)! - entry.score;
        entry.score += o.conceptPooling * siblings;
        entry.termScore += o.conceptPooling * siblings;
      }
    }
    ranked.sort((a, b) => b.score - a.score);
    const best = ranked[0]!;
    // Whether the query is about asyncio at all: a decisive alias anywhere in it (an API name, a
    // CPython message), or one of the leading cards covering enough of what it says.
    const coversQuery = (entry: (typeof ranked)[number]) =>
      isLong
        ? entry.evidence >= o.minEvidenceLong && entry.coverage >= o.minCoverageLong
        : entry.coverage >= o.minCoverage && entry.specific >= o.minSpecificity;
    const confident =
      [...aliasHits.values()].some((hit) => hit.decisive) || ranked.slice(0, o.abstentionCandidates).some(coversQuery);
    if (!confident) return empty;

    // After the best card, another card of a concept already listed steps back a little, so the
    // first few results show different concepts rather than three cards on one.
    if (o.repeatedConceptFactor < 1) {
      const shown = new Map<string, number>();
      const reordered = [best];
      shown.set(this.cards[best.card]!.concept, 1);
      const rest = ranked.slice(1, o.maxResults * 3);
      while (rest.length > 0 && reordered.length < o.maxResults) {
        let pick = 0;
        let pickScore = -1;
        rest.forEach((entry, i) => {
          const repeats = shown.get(this.cards[entry.card]!.concept) ?? 0;
          const effective = entry.score * o.repeatedConceptFactor ** repeats;
          if (effective > pickScore) [pick, pickScore] = [i, effective];
        });
        const [chosen] = rest.splice(pick, 1);
        const concept = this.cards[chosen!.card]!.concept;
        shown.set(concept, (shown.get(concept) ?? 0) + 1);
        reordered.push(chosen!);
      }
      ranked.splice(0, ranked.length, ...reordered);
    }

    // The cut-off leaves the alias bonus out, so an exact API name at the top does not hide
    // the cards that match the rest of the words.
    const results: SearchResult[] = [];
    for (const entry of ranked) {
      if (results.length >= o.maxResults) break;
      if (entry.score < best.termScore * o.relativeCutoff) continue;
      const card = this.cards[entry.card]!;
      results.push({
        card,
        score: Math.round(entry.score * 100) / 100,
        coverage: Math.round(entry.coverage * 100) / 100,
        strength: entry.alias?.decisive || entry.coverage >= o.strongCoverage ? 'strong' : 'weak',
        matchedTerms: this.matchedTermsOf(entry.card, termMatches),
        matchedAliases: entry.alias?.aliases ?? [],
      });
    }
    return { query: text, truncated, results };
  }

  /** 0–1: how general-purpose a word is in Python code (see common-words.ts); listed
   * programming words and numbers count as fully general. */
  private generality(token: string): number {
    if (GENERIC_PROGRAMMING_WORDS.has(token) || /^\d+$/.test(token)) return 1;
    const { genericShareLow, genericShareHigh } = this.options;
    // "users" is as general-purpose as "user".
    const stemmed = stem(token);
    return Math.max(
      programmingGenerality(this.programmingShareByWord, token, genericShareLow, genericShareHigh),
      stemmed === token ? 0 : programmingGenerality(this.programmingShareByWord, stemmed, genericShareLow, genericShareHigh),
    );
  }

  /** How much a word says about its topic by everyday and programming usage alone: the lower
   * of its everyday-English specificity and its specificity among Python code. */
  private everydaySpecificity(token: string): number {
    const generic = this.options.genericWordSpecificity;
    const programming = 1 - this.generality(token) * (1 - generic);
    return Math.min(wordSpecificity(this.zipfByWord, token), programming);
  }

  /** How much more often the cards use a word than everyday English does, as 0–1: "gather"
   * and "task" are ordinary English words but the cards use them hundreds of times more. */
  private domainSpecificity(token: string, stemmed: string): number {
    const rate = this.cardWordRate.get(stemmed);
    if (!rate) return 0;
    const englishRate = 10 ** Math.max(this.zipfByWord.get(token) ?? 0, 2.5) / 1e9;
    const { domainRatioLow, domainRatioHigh } = this.options;
    const ratio = Math.log10(rate / englishRate);
    return Math.min(1, Math.max(0, (ratio - domainRatioLow) / (domainRatioHigh - domainRatioLow))) * (1 - this.generality(token));
  }

  /** A query word's specificity: the higher of what everyday usage says and what the cards'
   * own use of the word says; words that name card topics never count as everyday words. */
  private specificity(token: string, stemmed: string): number {
    const specificity = Math.max(this.everydaySpecificity(token), this.domainSpecificity(token, stemmed));
    return this.topicStems.has(stemmed) && this.generality(token) < this.options.topicWordMaxGenerality
      ? Math.max(specificity, this.options.topicWordSpecificity)
      : specificity;
  }

  private matchedTermsOf(card: number, termMatches: TermMatch[][]): string[] {
    const found = new Set<string>();
    for (const matches of termMatches) {
      for (const { term } of matches) {
        const cards = this.postings.get(term)!.cards;
        // Words on most cards ("asyncio", "await") would mark half the text: not worth it.
        if (cards.length > this.cards.length * this.options.highlightMaxShare) continue;
        let lo = 0;
        let hi = cards.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (cards[mid] === card) {
            found.add(term);
            break;
          }
          if (cards[mid]! < card) lo = mid + 1;
          else hi = mid - 1;
        }
      }
    }
    return [...found];
  }
}

/** Builds the search over a corpus (the shipped knowledge base, later with the user's cards). */
export function createCardSearch(corpus: SearchCorpus, options: Partial<SearchOptions> = {}): CardSearch {
  return new CardSearch(corpus, options);
}
