import type { Card } from '../../knowledge/schema';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
import { isContentStem, stem, stemmedTokens, tokenize } from './terms';

/**
 * The part of the search that depends on the cards alone, built ahead of time by the
 * knowledge-base compiler and shipped, so the panel does not tokenize and stem every card
 * when it opens: BM25 postings per card field (the ranker weighs the fields; see
 * ranker-weights.json), adjacent-word phrases, word rates, the words of the cards' own text
 * and the topic words.
 */
export interface PrebuiltSearchIndex {
  /** The cards and index options it was built for (searchIndexKey); otherwise it is rebuilt. */
  key: string;
  /** BM25 postings of each field, same order as SEARCH_FIELDS. */
  fields: PostingsData[];
  /** Two adjacent content words of a card's prose ("event loop", "thread pool"). */
  phrases: PostingsData;
  cardWordRate: Record<string, number>;
  textTerms: string[];
  topicStems: string[];
}

/** Postings in flat arrays: term i has cards[offsets[i]..offsets[i+1]) with their impacts. */
export interface PostingsData {
  terms: string[];
  offsets: number[];
  cards: number[];
  impacts: number[];
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

/** Names the cards (ids and text length) and the index options an index was built for. */
export function searchIndexKey(cards: readonly Card[], options: SearchOptions): string {
  let textLength = 0;
  for (const card of cards) textLength += JSON.stringify(card).length;
  return `${cards.length}:${textLength}:${cards.map((c) => c.id).join(',').length}:${JSON.stringify(indexOptions(options))}`;
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
  const index: PrebuiltSearchIndex = {
    key: searchIndexKey(cards, options),
    fields: fieldFrequencies.map((frequencies) => bm25Postings(frequencies, idf, options)),
    phrases: bm25Postings(phraseFrequencies, (p) => {
      const df = phraseDf.get(p)!;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }, options),
    cardWordRate: {},
    textTerms: [...textTerms],
    topicStems: [],
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

/** BM25 postings of one field from its term frequencies per card. */
function bm25Postings(termFrequencies: ReadonlyArray<ReadonlyMap<string, number>>, idf: (term: string) => number, { k1, b }: SearchOptions): PostingsData {
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
  const postings: PostingsData = { terms: [], offsets: [0], cards: [], impacts: [] };
  for (const [term, cardIndexes] of byTerm) {
    const termIdf = idf(term);
    postings.terms.push(term);
    for (const card of cardIndexes) {
      const tf = termFrequencies[card]!.get(term)!;
      const norm = k1 * (1 - b + (b * lengths[card]!) / averageLength);
      postings.cards.push(card);
      postings.impacts.push(round((termIdf * tf * (k1 + 1)) / (tf + norm), 4));
    }
    postings.offsets.push(postings.cards.length);
  }
  return postings;
}
