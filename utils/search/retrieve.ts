/**
 * Stage 3, retrieve: finds the cards the expanded query touches and gathers the evidence the
 * ranker weighs, per card:
 * - BM25 per field (aliases, title, labels, body, code, drill, asked = askedAs phrasings and
 *   linked follow-ups), each query term weighted by its specificity and emphasis;
 * - adjacent-word phrases found in the card ("event loop");
 * - whole aliases found in the query (API names, CPython messages), also after a correction;
 * - identifiers of the query (asyncio.gather, create_task) named by the card's aliases or code;
 * - coverage: the share of the query's specificity the card matched, overall, in its name
 *   fields, and of the final exception line.
 */
import type { Card } from '../../knowledge/schema';
import type { QueryAnalysis } from './analyze';
import type { Expansion } from './expand';
import { SpellingIndex, type Lexicon } from './lexicon';
import type { SearchOptions } from './options';
import { findPostings, identifierKeys, phraseTerm, SEARCH_FIELDS, splitStems, type Postings, type PrebuiltSearchIndex } from './search-index';
import { ASYNCIO_LIBRARY, isContentStem, SHARED_ASYNC_KEYWORDS, tokenize } from './terms';

const FIELD_COUNT = SEARCH_FIELDS.length;
const NAME_FIELDS = new Set(['aliases', 'title', 'labels'].map((f) => SEARCH_FIELDS.indexOf(f as (typeof SEARCH_FIELDS)[number])));

interface AliasEntry {
  stems: string[];
  card: number;
  alias: string;
  /** A multi-word alias or a specific word ("semaphore") shows what the query is about; an
   * everyday word ("gather", "wait") alone does not. Judged when the alias is first found. */
  decisive?: boolean;
}

/** What retrieval found for one card. */
export interface Evidence {
  card: number;
  /** Specificity-weighted BM25 per field (SEARCH_FIELDS order). */
  fields: number[];
  /** BM25 over all fields, every term weighing the same. */
  plain: number;
  /** BM25 reached only through a prefix or a synonym. */
  expanded: number;
  phrase: number;
  coverage: number;
  nameCoverage: number;
  errorCoverage: number;
  bestSpecificity: number;
  /** Words of the multi-word aliases found whole, capped per alias. */
  aliasWords: number;
  decisiveAliases: number;
  weakAliases: number;
  /** An alias found only after a spelling correction. */
  correctedAlias: number;
  /** Share of the query's words taken by the card's longest alias found in it (1: the query
   * is that alias, as when someone types an API name). */
  aliasQueryShare: number;
  identifierAlias: number;
  /** Query identifiers in the card's code, each weighed by how few cards' code has it. */
  identifierCode: number;
  matchedAliases: string[];
}

export interface Retrieval {
  evidence: Evidence[];
  /** The query's specificity weight that counts for coverage. */
  totalWeight: number;
  /** Any decisive alias found in the query. */
  decisiveAlias: boolean;
  /** A word of the query, as written or corrected to a card word, that names the subject
   * itself: no everyday-English or general-purpose Python word, used by the cards of at least
   * `subjectConceptShare` of the concepts ("asyncio", "coroutine"), and not a keyword every
   * async language shares ("async"). */
  subjectTerm: boolean;
}

/** An alias that is an exception's name and its message ("RuntimeError: Event loop is closed"). */
const ERROR_ALIAS = /^([\w.]*(?:Error|Exception|Warning)):\s*\S/;
/** A message found on its own must be this long: "Task was destroyed but it is pending" is
 * asyncio's alone; a one- or two-word message may be anyone's. */
const MIN_ERROR_MESSAGE_WORDS = 3;

/** A dotted name rooted outside asyncio and its libraries ("requests.get", "threading.Lock",
 * "loop.call_soon"): evidence for its card, but not by itself a sign that the text is about
 * asyncio (a question about requests' timeouts names requests.get too). */
function namesAnotherModule(alias: string): boolean {
  const root = /^([A-Za-z_]\w*)\.[A-Za-z_]/.exec(alias)?.[1]?.toLowerCase();
  return root !== undefined && root !== 'asyncio' && !ASYNCIO_LIBRARY.test(root);
}

/** The shortest API name a misspelling is corrected to ("wait_for"); shorter ones ("run") are
 * too near too many words. */
const MIN_CORRECTED_IDENTIFIER = 6;

/** Symbols that change what an alias means ("except*", "@asyncio.coroutine", "debug=True"). */
const SYMBOL_IN_ALIAS = /[*@=<>!]/;
/** A dunder name ("__await__"): its word alone may be everyday English ("awaiting"). */
const DUNDER = /^__([a-z]\w*?)__$/i;

export class Retriever {
  private readonly fields: readonly Postings[];
  private readonly phrases: Postings;
  private readonly symbolAliases: Array<{ text: string; entry: AliasEntry }> = [];
  private readonly singleAliases = new Map<string, AliasEntry[]>();
  private readonly multiAliases = new Map<string, AliasEntry[]>();
  private readonly aliasIdentifiers: ReadonlyMap<string, number[]>;
  /** Per card, its alias entries (a corrected API name is found as its alias). */
  private readonly aliasEntriesByCard: AliasEntry[][] = [];
  /** The API names of the aliases, for names typed a letter wrong ("wait_fro"). */
  private identifierSpellingIndex?: SpellingIndex;
  private readonly codeIdentifiers: ReadonlyMap<string, number[]>;
  private readonly n: number;
  private readonly conceptOfCard: Int32Array;
  private readonly conceptCount: number;
  /** Stem → how many concepts' cards use it (filled as queries need it). */
  private readonly conceptSpread = new Map<string, number>();
  // Buffers reused across searches so a keystroke allocates little.
  private readonly fieldScores: Float64Array;
  private readonly sums: Float64Array;
  private readonly lastTerm: Int32Array;
  private readonly touchedFlag: Uint8Array;

  constructor(
    cards: readonly Card[],
    index: PrebuiltSearchIndex,
    private readonly lexicon: Lexicon,
    private readonly options: SearchOptions,
  ) {
    this.n = cards.length;
    const conceptIds = new Map<string, number>();
    this.conceptOfCard = Int32Array.from(cards, (card) => {
      if (!conceptIds.has(card.concept)) conceptIds.set(card.concept, conceptIds.size);
      return conceptIds.get(card.concept)!;
    });
    this.conceptCount = conceptIds.size;
    this.fields = index.fields;
    this.phrases = index.phrases;
    cards.forEach((card, c) => {
      card.aliases.forEach((alias, a) => {
        const stems = splitStems(index.aliasStems[c]![a]!);
        this.addAlias(alias, stems, c);
        // An error alias is also found by its message alone: people write "event loop is
        // closed error", not "RuntimeError: Event loop is closed".
        const message = ERROR_ALIAS.exec(alias);
        if (message) {
          const messageStems = stems.slice(tokenize(message[1]!).length);
          if (messageStems.length >= MIN_ERROR_MESSAGE_WORDS) this.addAlias(alias, messageStems, c);
        }
      });
    });
    this.aliasIdentifiers = new Map(index.aliasIdentifiers);
    this.codeIdentifiers = new Map(index.codeIdentifiers);
    this.fieldScores = new Float64Array(this.n * FIELD_COUNT);
    this.sums = new Float64Array(this.n * SUM_COUNT);
    this.lastTerm = new Int32Array(this.n).fill(-1);
    this.touchedFlag = new Uint8Array(this.n);
  }

  private addAlias(alias: string, stems: string[], card: number) {
    if (stems.length === 0) return;
    // Symbols the tokenizer drops can be what makes an alias specific ("except*", the
    // underscores of "__await__"): such aliases are also looked for as written; a one-word
    // one only as written.
    const dunderWord = DUNDER.exec(alias)?.[1]?.toLowerCase();
    if (SYMBOL_IN_ALIAS.test(alias) || (dunderWord !== undefined && this.lexicon.isEnglish(dunderWord))) {
      const entry = { stems, card, alias, decisive: true };
      this.symbolAliases.push({ text: alias.toLowerCase(), entry });
      (this.aliasEntriesByCard[card] ??= []).push(entry);
      if (stems.length === 1) return;
    }
    const map = stems.length === 1 ? this.singleAliases : this.multiAliases;
    const key = stems.length === 1 ? stems[0]! : `${stems[0]} ${stems[1]}`;
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    const entry = { stems, card, alias };
    list.push(entry);
    (this.aliasEntriesByCard[card] ??= []).push(entry);
  }

  private isDecisive(entry: AliasEntry): boolean {
    return (entry.decisive ??= entry.stems.length > 1 || this.lexicon.everydaySpecificity(tokenize(entry.alias)[0]!) >= this.options.minSpecificity);
  }

  /** Whether the query's own words where an alias was found decide what it is about: an alias
   * "cancelation" found through the everyday "cancel", or "async/await" through keywords every
   * async language has, does not. */
  private queryWordsDecide(tokens: readonly string[], from: number, length: number): boolean {
    if (length === 1) {
      const token = tokens[from]!;
      return !SHARED_ASYNC_KEYWORDS.has(token) && this.lexicon.everydaySpecificity(token) >= this.options.minSpecificity;
    }
    for (let k = from; k < from + length; k++) if (!SHARED_ASYNC_KEYWORDS.has(tokens[k]!)) return true;
    return false;
  }

  /** The alias API name a misspelt query identifier stands for: the one name a single edit
   * away from the whole name, else from its part after the dot, among names long enough that
   * an edit leaves them recognisable. */
  private correctIdentifier(keys: readonly string[]): string | undefined {
    const index = (this.identifierSpellingIndex ??= new SpellingIndex(
      [...this.aliasIdentifiers.keys()].filter((k) => k.length >= MIN_CORRECTED_IDENTIFIER).sort(),
      () => true,
      (k) => this.aliasIdentifiers.get(k)?.length ?? 0,
    ));
    const separators = (name: string) => name.replace(/[^._]/g, '');
    for (const key of keys) {
      if (key.length < MIN_CORRECTED_IDENTIFIER || !/[_.]/.test(key)) continue;
      // One slip inside the name's words: a dot or underscore more or less makes another name
      // ("queue.empty" is not asyncio's "QueueEmpty").
      const [best, runnerUp] = index.nearest(key, 2, (name) => separators(name) === separators(key)).filter((s) => s.edits === 1);
      // Two names as close: no telling which was meant.
      if (best && !runnerUp) return best.word;
    }
    return undefined;
  }

  /** A term's postings in field `f`, if it has any there. */
  private postingsOf(term: string, f: number) {
    const place = this.lexicon.placeOf(term);
    return place === undefined ? undefined : findPostings(this.fields[f]!, place);
  }

  /** Whether `term` is in card `card`'s postings of any field (for highlighting). */
  cardHasTerm(term: string, card: number): boolean {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const cards = this.postingsOf(term, f)?.cards;
      if (!cards) continue;
      let lo = 0;
      let hi = cards.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cards[mid] === card) return true;
        if (cards[mid]! < card) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return false;
  }

  /** How many concepts have a card that uses `term` in any field. */
  private spreadOf(term: string): number {
    let spread = this.conceptSpread.get(term);
    if (spread === undefined) {
      const concepts = new Set<number>();
      for (let f = 0; f < FIELD_COUNT; f++) for (const card of this.postingsOf(term, f)?.cards ?? []) concepts.add(this.conceptOfCard[card]!);
      spread = concepts.size;
      if (this.conceptSpread.size > 10_000) this.conceptSpread.clear();
      this.conceptSpread.set(term, spread);
    }
    return spread;
  }

  /** Whether a query term names the subject (see Retrieval.subjectTerm). */
  private namesSubject(term: Expansion['terms'][number]): boolean {
    if (term.fromPhrasing || SHARED_ASYNC_KEYWORDS.has(term.token)) return false;
    const minSpread = this.options.subjectConceptShare * this.conceptCount;
    for (const match of term.matches) {
      // As written: not an everyday or general-purpose word. Corrected: to a card word.
      const plainWord = match.kind === 'exact' && this.lexicon.everydaySpecificity(term.token) >= 1;
      const cardCorrection = match.kind === 'typo' && term.clearCardCorrection === true;
      if ((plainWord || cardCorrection) && this.spreadOf(match.term) >= minSpread) return true;
    }
    return false;
  }

  /** How many cards a term is on, in its most common field. */
  cardCount(term: string): number {
    return this.lexicon.documentFrequency(term);
  }

  retrieve(analysis: QueryAnalysis, expansion: Expansion): Retrieval {
    const touched: number[] = [];
    const touch = (card: number) => {
      if (!this.touchedFlag[card]) {
        this.touchedFlag[card] = 1;
        touched.push(card);
      }
    };
    const { fieldScores, sums, lastTerm } = this;
    let totalWeight = 0;
    expansion.terms.forEach((term, termIndex) => {
      const queryWeight = (1 + Math.log(term.count)) * term.emphasis;
      const coverageWeight = term.countsForCoverage ? term.specificity * term.emphasis : 0;
      totalWeight += coverageWeight;
      for (const match of term.matches) {
        const place = this.lexicon.placeOf(match.term);
        if (place === undefined) continue;
        const direct = match.kind === 'exact' || match.kind === 'typo';
        for (let f = 0; f < FIELD_COUNT; f++) {
          const postings = findPostings(this.fields[f]!, place);
          if (!postings) continue;
          for (let j = 0; j < postings.cards.length; j++) {
            const card = postings.cards[j]!;
            touch(card);
            const impact = postings.impacts[j]! * queryWeight;
            const s = card * SUM_COUNT;
            if (direct) {
              fieldScores[card * FIELD_COUNT + f]! += impact * term.specificity;
              sums[s + PLAIN]! += impact;
            } else sums[s + EXPANDED]! += impact * term.specificity;
            if (NAME_FIELDS.has(f)) {
              // Name coverage is counted once per term, like coverage.
              if (sums[s + NAME_TERM]! !== termIndex + 1) {
                sums[s + NAME_TERM] = termIndex + 1;
                sums[s + NAME_COVERED]! += coverageWeight;
              }
            }
            if (lastTerm[card] !== termIndex) {
              lastTerm[card] = termIndex;
              sums[s + COVERED]! += coverageWeight;
              if (term.inErrorLine) sums[s + ERROR_COVERED]! += coverageWeight;
              sums[s + BEST_SPECIFICITY] = Math.max(sums[s + BEST_SPECIFICITY]!, term.specificity);
            }
          }
        }
      }
    });
    let errorWeight = 0;
    for (const term of expansion.terms) if (term.inErrorLine && term.countsForCoverage) errorWeight += term.specificity * term.emphasis;

    // Adjacent content words found as a phrase in a card.
    const { tokens } = analysis;
    const resolved = expansion.resolvedStems;
    const content: string[] = [];
    tokens.forEach((token, i) => {
      if (isContentStem(token, analysis.stems[i]!)) content.push(resolved[i]!);
    });
    const vocabularySize = this.lexicon.vocabulary.length;
    for (let i = 0; i + 1 < content.length; i++) {
      const first = this.lexicon.placeOf(content[i]!);
      const second = this.lexicon.placeOf(content[i + 1]!);
      if (first === undefined || second === undefined) continue;
      const postings = findPostings(this.phrases, phraseTerm(first, second, vocabularySize));
      if (!postings) continue;
      for (let j = 0; j < postings.cards.length; j++) {
        const card = postings.cards[j]!;
        touch(card);
        sums[card * SUM_COUNT + PHRASE]! += postings.impacts[j]!;
      }
    }

    // Whole aliases in the query, also after correcting misspelt words ("asyncoi.run").
    const aliasHits = new Map<number, { words: number; decisive: number; weak: number; corrected: number; longest: number; aliases: string[] }>();
    let decisiveAlias = false;
    const addAliasHit = (entry: AliasEntry, corrected: boolean, from = -1) => {
      let hit = aliasHits.get(entry.card);
      if (!hit) aliasHits.set(entry.card, (hit = { words: 0, decisive: 0, weak: 0, corrected: 0, longest: 0, aliases: [] }));
      if (hit.aliases.includes(entry.alias)) return;
      hit.aliases.push(entry.alias);
      hit.longest = Math.max(hit.longest, entry.stems.length);
      if (corrected) hit.corrected += 1;
      if (entry.stems.length > 1) hit.words += Math.min(entry.stems.length, 6);
      const decisive = this.isDecisive(entry);
      if (decisive) hit.decisive += 1;
      else hit.weak += 1;
      // The rule that always answers asks more: the query's own words must decide.
      decisiveAlias ||= decisive && !namesAnotherModule(entry.alias) && (from < 0 || this.queryWordsDecide(analysis.tokens, from, entry.stems.length));
      touch(entry.card);
    };
    const stems = analysis.stems;
    const usesCorrection = (from: number, length: number) => {
      for (let k = from; k < from + length; k++) if (resolved[k] !== stems[k]) return true;
      return false;
    };
    const lowerText = analysis.text.toLowerCase();
    for (const { text: written, entry } of this.symbolAliases) if (lowerText.includes(written)) addAliasHit(entry, false);
    for (let i = 0; i < resolved.length; i++) {
      for (const entry of this.singleAliases.get(resolved[i]!) ?? []) addAliasHit(entry, usesCorrection(i, 1), i);
      if (i + 1 < resolved.length) {
        for (const entry of this.multiAliases.get(`${resolved[i]} ${resolved[i + 1]}`) ?? []) {
          if (i + entry.stems.length > resolved.length) continue;
          let whole = true;
          for (let k = 2; k < entry.stems.length && whole; k++) whole = resolved[i + k] === entry.stems[k];
          if (whole) addAliasHit(entry, usesCorrection(i, entry.stems.length), i);
        }
      }
    }

    // Identifiers of the query named by a card, also when typed a letter or two wrong.
    const identifierAlias = new Map<number, number>();
    const identifierCode = new Map<number, number>();
    for (const identifier of analysis.identifiers) {
      const keys = identifierKeys(identifier);
      let aliasCards = new Set(keys.flatMap((k) => this.aliasIdentifiers.get(k) ?? []));
      if (aliasCards.size === 0) {
        const corrected = this.correctIdentifier(keys);
        if (corrected) {
          aliasCards = new Set(this.aliasIdentifiers.get(corrected));
          // An API name, misspelt: found as the alias it names, as if spelt right.
          for (const card of aliasCards) {
            for (const entry of this.aliasEntriesByCard[card] ?? []) if (entry.alias.toLowerCase().includes(corrected)) addAliasHit(entry, true);
          }
        }
      }
      for (const card of aliasCards) {
        touch(card);
        identifierAlias.set(card, (identifierAlias.get(card) ?? 0) + 1);
      }
      const codeCards = new Set(keys.flatMap((k) => this.codeIdentifiers.get(k) ?? []));
      for (const card of codeCards) {
        touch(card);
        identifierCode.set(card, (identifierCode.get(card) ?? 0) + 1 / codeCards.size);
      }
    }

    const evidence: Evidence[] = touched.map((card) => {
      const s = card * SUM_COUNT;
      const alias = aliasHits.get(card);
      const fields: number[] = [];
      for (let f = 0; f < FIELD_COUNT; f++) fields.push(fieldScores[card * FIELD_COUNT + f]!);
      return {
        card,
        fields,
        plain: sums[s + PLAIN]!,
        expanded: sums[s + EXPANDED]!,
        phrase: sums[s + PHRASE]!,
        coverage: totalWeight > 0 ? Math.min(1, sums[s + COVERED]! / totalWeight) : 0,
        nameCoverage: totalWeight > 0 ? Math.min(1, sums[s + NAME_COVERED]! / totalWeight) : 0,
        errorCoverage: errorWeight > 0 ? Math.min(1, sums[s + ERROR_COVERED]! / errorWeight) : 0,
        bestSpecificity: sums[s + BEST_SPECIFICITY]!,
        aliasWords: alias?.words ?? 0,
        decisiveAliases: alias?.decisive ?? 0,
        weakAliases: alias?.weak ?? 0,
        correctedAlias: alias?.corrected ?? 0,
        aliasQueryShare: alias ? Math.min(1, alias.longest / Math.max(1, stems.length)) : 0,
        identifierAlias: identifierAlias.get(card) ?? 0,
        identifierCode: identifierCode.get(card) ?? 0,
        matchedAliases: alias?.aliases ?? [],
      };
    });
    for (const card of touched) {
      this.touchedFlag[card] = 0;
      lastTerm[card] = -1;
      fieldScores.fill(0, card * FIELD_COUNT, (card + 1) * FIELD_COUNT);
      sums.fill(0, card * SUM_COUNT, (card + 1) * SUM_COUNT);
    }
    const subjectTerm = expansion.terms.some((term) => this.namesSubject(term));
    return { evidence, totalWeight, decisiveAlias, subjectTerm };
  }
}

// Slots of the per-card sums buffer.
const PLAIN = 0;
const EXPANDED = 1;
const PHRASE = 2;
const COVERED = 3;
const NAME_COVERED = 4;
const NAME_TERM = 5;
const ERROR_COVERED = 6;
const BEST_SPECIFICITY = 7;
const SUM_COUNT = 8;
