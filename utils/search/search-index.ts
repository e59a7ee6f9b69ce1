import type { Card } from '../../knowledge/schema';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
import { isContentStem, stem, stemmedTokens, tokenize } from './terms';
import { countConceptWords, type PackedConceptWords } from './concept-words';

/**
 * The part of the search that depends on the cards alone, built ahead of time by the
 * knowledge-base compiler and shipped (search-index-file.ts writes it as one binary file),
 * so that opening the panel only reads it: no card is tokenized or stemmed at start-up.
 * It holds BM25 postings per card field (the ranker weighs the fields; see
 * ranker-weights.json), adjacent-word phrases, word rates, the words of the cards' own text,
 * the topic words, the cards' aliases as stems, the identifiers they and their code name, and
 * the concept word model's counts.
 * Terms are numbers (their place in `vocabulary`) and postings are typed arrays sorted by
 * term, so a query finds a term's postings by binary search and nothing is built per term.
 */
export interface PrebuiltSearchIndex {
  /** The cards and index options it was built for (searchIndexKey); otherwise it is rebuilt. */
  key: string;
  /** Every stem of any field, sorted: postings name a term by its place here. */
  vocabulary: string[];
  /** BM25 postings of each field, same order as SEARCH_FIELDS; terms are vocabulary places. */
  fields: Postings[];
  /** Two adjacent content words of a card's prose ("event loop", "thread pool"); a term is
   * phraseTerm(first, second) of the two words' vocabulary places. */
  phrases: Postings;
  cardWordRate: Record<string, number>;
  textTerms: string[];
  topicStems: string[];
  /** Per card, per alias (in the card's order): the alias's tokens stemmed, joined by spaces. */
  aliasStems: string[][];
  /** Per card: the content stems of its title, and of each askedAs phrasing, each once,
   * joined by spaces (the reranker's overlap features). */
  titleStems: string[];
  askedAsStems: string[][];
  /** Identifier keys (identifierKeys) → the cards naming them: in an alias, in their code. */
  aliasIdentifiers: Array<[key: string, cards: number[]]>;
  codeIdentifiers: Array<[key: string, cards: number[]]>;
  /** The concept word model's counts (concept-words.ts). */
  conceptWords: PackedConceptWords;
}

/** Postings in flat arrays, terms ascending: term terms[i] has cards[offsets[i]..offsets[i+1])
 * (ascending) with their impacts. */
export interface Postings {
  terms: Float64Array;
  offsets: Int32Array;
  cards: Int32Array;
  impacts: Float32Array;
}

/** One term's postings (views into the arrays of Postings). */
export interface TermPostings {
  cards: Int32Array;
  impacts: Float32Array;
}

/** The postings of `term`, if it has any (binary search). */
export function findPostings(postings: Postings, term: number): TermPostings | undefined {
  const { terms } = postings;
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = terms[mid]!;
    if (at === term) {
      const from = postings.offsets[mid]!;
      const to = postings.offsets[mid + 1]!;
      return { cards: postings.cards.subarray(from, to), impacts: postings.impacts.subarray(from, to) };
    }
    if (at < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The phrase term of two words, from their places in a vocabulary of `size` words (exact
 * in a double up to 2^53, so any vocabulary a JavaScript array can hold). */
export function phraseTerm(first: number, second: number, size: number): number {
  return first * size + second;
}

/** The indexed fields. `asked` holds the card's askedAs phrasings and the follow-up questions
 * of other cards that link to it: how people ask for it. */
export const SEARCH_FIELDS = ['aliases', 'title', 'labels', 'body', 'code', 'drill', 'asked'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Follow-up questions of other cards, by the card they link to. */
export function linkedQuestions(cards: readonly Card[]): Map<string, string[]> {
  const asked = new Map<string, string[]>();
  for (const card of cards) {
    for (const { question, card: target } of card.followUps) {
      if (target === card.id) continue;
      let list = asked.get(target);
      if (!list) asked.set(target, (list = []));
      list.push(question);
    }
  }
  return asked;
}

/** The text of each indexed field of a card. */
export function cardFields(card: Card, linked: readonly string[]): Record<SearchField, string> {
  return {
    aliases: card.aliases.join(' \n '),
    title: card.title,
    labels: `${card.tags.join(' ')} \n ${card.concept.replace(/-/g, ' ')}`,
    body: `${card.answer} \n ${card.points.join(' \n ')}`,
    code: card.code?.source ?? '',
    drill: `${card.drill.prompt} \n ${card.drill.answer}`,
    asked: [...(card.askedAs ?? []), ...linked].join(' \n '),
  };
}

/** Options that change the prebuilt index: with others, the shipped index cannot be used. */
function indexOptions(options: SearchOptions) {
  const { k1, b, codeCountsForRarity, topicWordMaxShare } = options;
  return { k1, b, codeCountsForRarity, topicWordMaxShare, fields: SEARCH_FIELDS };
}

/** Bumped when the index's layout or its stemming changes, so an index built otherwise is never read. */
const INDEX_LAYOUT = 4;

/**
 * Names the cards and the index options an index was built for: the number of cards and the
 * length of the text the index reads from them (ids, indexed fields, follow-ups). It tells
 * the shipped cards from another set of cards (more, fewer, edited) without re-reading every
 * card at start-up; the compiler writes the index together with its cards.
 */
export function searchIndexKey(cards: readonly Card[], options: SearchOptions): string {
  let textLength = 0;
  const add = (texts: readonly string[]) => {
    for (const text of texts) textLength += text.length + 1;
  };
  for (const card of cards) {
    add([card.id, card.concept, card.title, card.answer, card.code?.source ?? '', card.drill.prompt, card.drill.answer]);
    add(card.aliases);
    add(card.tags);
    add(card.points);
    add(card.askedAs ?? []);
    for (const followUp of card.followUps) add([followUp.question, followUp.card]);
  }
  return `${INDEX_LAYOUT}:${cards.length}:${textLength}:${JSON.stringify(indexOptions(options))}`;
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/** Builds the card-dependent part of the index (see PrebuiltSearchIndex). */
export function buildSearchIndex(cards: readonly Card[], options: SearchOptions = DEFAULT_SEARCH_OPTIONS): PrebuiltSearchIndex {
  const n = cards.length;
  const linked = linkedQuestions(cards);
  const fieldFrequencies = SEARCH_FIELDS.map(() => [] as Array<Map<string, number>>);
  const phraseFrequencies: Array<Map<string, number>> = [];
  const wordCounts = new Map<string, number>();
  let cardWords = 0;
  const textTerms = new Set<string>();
  /** Per card: terms of its prose (rarity counts these, see below). */
  const proseTerms: Array<Set<string>> = [];
  const allTerms: Array<Set<string>> = [];
  cards.forEach((card) => {
    const fields = cardFields(card, linked.get(card.id) ?? []);
    const prose = new Set<string>();
    const all = new Set<string>();
    const phrases = new Map<string, number>();
    SEARCH_FIELDS.forEach((field, f) => {
      const frequencies = new Map<string, number>();
      let previous = '';
      for (const token of tokenize(fields[field])) {
        const stemmed = stem(token);
        if (field !== 'asked') {
          wordCounts.set(stemmed, (wordCounts.get(stemmed) ?? 0) + 1);
          cardWords += 1;
          if (field !== 'aliases') textTerms.add(stemmed);
        }
        if (!isContentStem(token, stemmed)) continue;
        frequencies.set(stemmed, (frequencies.get(stemmed) ?? 0) + 1);
        all.add(stemmed);
        if (field !== 'code') {
          prose.add(stemmed);
          if (previous) phrases.set(`${previous} ${stemmed}`, (phrases.get(`${previous} ${stemmed}`) ?? 0) + 1);
          previous = stemmed;
        }
      }
      fieldFrequencies[f]!.push(frequencies);
    });
    phraseFrequencies.push(phrases);
    proseTerms.push(prose);
    allTerms.push(all);
  });

  // Rarity counts the cards whose prose uses the term: nearly every snippet calls
  // asyncio.sleep, which does not make "sleep" say nothing about the asyncio.sleep card.
  const rarity = new Map<string, number>();
  allTerms.forEach((terms, c) => {
    for (const t of terms) {
      if (options.codeCountsForRarity || proseTerms[c]!.has(t)) rarity.set(t, (rarity.get(t) ?? 0) + 1);
    }
  });
  const idf = (term: string) => {
    const df = Math.max(1, rarity.get(term) ?? 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const phraseDf = new Map<string, number>();
  for (const phrases of phraseFrequencies) for (const p of phrases.keys()) phraseDf.set(p, (phraseDf.get(p) ?? 0) + 1);
  const vocabulary = [...new Set(fieldFrequencies.flatMap((perCard) => perCard.flatMap((frequencies) => [...frequencies.keys()])))].sort();
  const place = new Map(vocabulary.map((term, i) => [term, i]));
  const termOf = (term: string) => place.get(term)!;
  const phraseOf = (phrase: string) => {
    const space = phrase.indexOf(' ');
    return phraseTerm(termOf(phrase.slice(0, space)), termOf(phrase.slice(space + 1)), vocabulary.length);
  };
  const index: PrebuiltSearchIndex = {
    key: searchIndexKey(cards, options),
    vocabulary,
    fields: fieldFrequencies.map((frequencies) => bm25Postings(frequencies, termOf, idf, options)),
    phrases: bm25Postings(phraseFrequencies, phraseOf, (p) => {
      const df = phraseDf.get(p)!;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }, options),
    cardWordRate: {},
    textTerms: [...textTerms],
    topicStems: [],
    aliasStems: cards.map((card) => card.aliases.map((alias) => stemmedTokens(alias).join(' '))),
    titleStems: cards.map((card) => contentStems(card.title).join(' ')),
    askedAsStems: cards.map((card) => (card.askedAs ?? []).map((phrasing) => contentStems(phrasing).join(' '))),
    ...cardIdentifiers(cards),
    conceptWords: countConceptWords(cards),
  };
  for (const [word, count] of wordCounts) index.cardWordRate[word] = round(count / Math.max(1, cardWords), 4);
  // Topic words: named in a title, alias or tag, and not spread over much of the base
  // ("python" and "code" appear everywhere and say nothing about the topic).
  const topicStems = new Set<string>();
  for (const card of cards) {
    for (const text of [card.title, ...card.aliases, ...card.tags]) {
      for (const t of stemmedTokens(text)) {
        if ((rarity.get(t) ?? n) <= n * options.topicWordMaxShare) topicStems.add(t);
      }
    }
  }
  index.topicStems = [...topicStems];
  return index;
}

/** The content stems of a text, each once, in order. */
function contentStems(text: string): string[] {
  const found = new Set<string>();
  for (const token of tokenize(text)) {
    const stemmed = stem(token);
    if (isContentStem(token, stemmed)) found.add(stemmed);
  }
  return [...found];
}

/** Space-joined stems back as a list ('' is none). */
export const splitStems = (joined: string): string[] => (joined ? joined.split(' ') : []);

const CODE_IDENTIFIER = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+_[a-z0-9_]+/g;

/** Identifier keys: the name as written and, for a dotted name, without its first part
 * ("loop.run_until_complete" also as "run_until_complete"). */
export function identifierKeys(identifier: string): string[] {
  const id = identifier.toLowerCase().replace(/\(\)$/, '');
  const dot = id.indexOf('.');
  return dot > 0 ? [id, id.slice(dot + 1)] : [id];
}

/** The identifiers each card names: aliases that are API names, and the names in its code. */
function cardIdentifiers(cards: readonly Card[]): Pick<PrebuiltSearchIndex, 'aliasIdentifiers' | 'codeIdentifiers'> {
  const aliasIdentifiers = new Map<string, number[]>();
  const codeIdentifiers = new Map<string, number[]>();
  const addTo = (map: Map<string, number[]>, key: string, card: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [card]);
    else if (!list.includes(card)) list.push(card);
  };
  cards.forEach((card, c) => {
    for (const alias of card.aliases) {
      if (/^[\w.]+(\(\))?$/.test(alias) && /[._]/.test(alias)) for (const key of identifierKeys(alias)) addTo(aliasIdentifiers, key, c);
    }
    for (const id of new Set(card.code?.source.match(CODE_IDENTIFIER) ?? [])) for (const key of identifierKeys(id)) addTo(codeIdentifiers, key, c);
  });
  return { aliasIdentifiers: [...aliasIdentifiers], codeIdentifiers: [...codeIdentifiers] };
}

/** BM25 postings of one field from its term frequencies per card, terms as numbers (`termOf`). */
function bm25Postings(
  termFrequencies: ReadonlyArray<ReadonlyMap<string, number>>,
  termOf: (term: string) => number,
  idf: (term: string) => number,
  { k1, b }: SearchOptions,
): Postings {
  const n = termFrequencies.length;
  const lengths = termFrequencies.map((f) => {
    let sum = 0;
    for (const v of f.values()) sum += v;
    return sum;
  });
  const averageLength = Math.max(1, lengths.reduce((a, x) => a + x, 0) / Math.max(1, n));
  const byTerm = new Map<string, number[]>();
  termFrequencies.forEach((frequencies, card) => {
    for (const term of frequencies.keys()) {
      const list = byTerm.get(term);
      if (list) list.push(card);
      else byTerm.set(term, [card]);
    }
  });
  const sorted = [...byTerm].map(([term, cardIndexes]) => ({ term, number: termOf(term), cardIndexes })).sort((x, y) => x.number - y.number);
  const total = sorted.reduce((sum, t) => sum + t.cardIndexes.length, 0);
  const postings: Postings = {
    terms: new Float64Array(sorted.length),
    offsets: new Int32Array(sorted.length + 1),
    cards: new Int32Array(total),
    impacts: new Float32Array(total),
  };
  let at = 0;
  sorted.forEach(({ term, number, cardIndexes }, i) => {
    const termIdf = idf(term);
    postings.terms[i] = number;
    for (const card of cardIndexes) {
      const tf = termFrequencies[card]!.get(term)!;
      const norm = k1 * (1 - b + (b * lengths[card]!) / averageLength);
      postings.cards[at] = card;
      postings.impacts[at] = round((termIdf * tf * (k1 + 1)) / (tf + norm), 4);
      at += 1;
    }
    postings.offsets[i + 1] = at;
  });
  return postings;
}
