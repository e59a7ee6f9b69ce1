import type { Card } from '../../knowledge/schema';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './options';
import { isContentStem, stem, stemmedTokens, tokenize } from './terms';

/**
 * The part of the index that depends on the cards alone: BM25F postings, word rates, the
 * words of the cards' own text and the topic words. The knowledge-base compiler builds it
 * and ships it, so the panel does not tokenize and stem every card when it opens.
 */
export interface PrebuiltSearchIndex {
  /** The cards and index options it was built for (searchIndexKey); otherwise it is rebuilt. */
  key: string;
  /** BM25F over every field of the cards. */
  postings: PostingsData;
  /** BM25 over the questions a card answers as an interviewer asks them: its title, its drill
   * prompt and the follow-up questions of other cards that link to it. Typed questions are
   * phrased like these. */
  questionPostings: PostingsData;
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

/** The text of each indexed field of a card; `askedAs` holds the follow-up questions of
 * other cards that link to it. */
export function cardFields(card: Card, askedAs: readonly string[]): Array<[keyof SearchOptions['fieldWeights'], string]> {
  return [
    ['aliases', card.aliases.join(' \n ')],
    ['title', card.title],
    ['tags', card.tags.join(' ')],
    ['concept', card.concept.replace(/-/g, ' ')],
    ['answer', card.answer],
    ['points', card.points.join(' \n ')],
    ['code', card.code?.source ?? ''],
    ['drill', `${card.drill.prompt} ${card.drill.answer}`],
    ['followUps', card.followUps.map((f) => f.question).join(' \n ')],
    ['askedAs', askedAs.join(' \n ')],
  ];
}

/** Options that change the prebuilt index: with others, the shipped index cannot be used. */
function indexOptions(options: SearchOptions) {
  const { fieldWeights, k1, b, codeCountsForRarity, topicWordMaxShare } = options;
  return { fieldWeights, k1, b, codeCountsForRarity, topicWordMaxShare };
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
  // Weighted term frequencies per card, and weighted lengths for BM25 length normalisation.
  const termFrequencies: Array<Map<string, number>> = [];
  const lengths = new Float64Array(n);
  // A follow-up question is how an interviewer asks about the card it links to: it describes
  // that card in the words people use, so it is indexed on the linked card.
  const askedAs = new Map<string, string[]>();
  for (const card of cards) {
    for (const { question, card: target } of card.followUps) {
      if (target === card.id) continue;
      let list = askedAs.get(target);
      if (!list) askedAs.set(target, (list = []));
      list.push(question);
    }
  }
  const wordCounts = new Map<string, number>();
  let cardWords = 0;
  const textTerms = new Set<string>();
  const proseTerms: Array<Set<string>> = [];
  cards.forEach((card, cardIndex) => {
    const frequencies = new Map<string, number>();
    const prose = new Set<string>();
    for (const [field, text] of cardFields(card, askedAs.get(card.id) ?? [])) {
      const weight = options.fieldWeights[field];
      const ownText = field !== 'askedAs';
      let previous = '';
      for (const token of tokenize(text)) {
        const stemmed = stem(token);
        if (ownText) {
          wordCounts.set(stemmed, (wordCounts.get(stemmed) ?? 0) + 1);
          cardWords += 1;
          if (field !== 'aliases') textTerms.add(stemmed);
        }
        if (!isContentStem(token, stemmed)) continue;
        frequencies.set(stemmed, (frequencies.get(stemmed) ?? 0) + weight);
        if (field !== 'code') prose.add(stemmed);
        lengths[cardIndex]! += weight;
        // Two content words in a row ("event loop", "thread pool") are indexed as a phrase.
        if (previous) {
          const phrase = `${previous} ${stemmed}`;
          frequencies.set(phrase, (frequencies.get(phrase) ?? 0) + weight);
        }
        previous = stemmed;
      }
    }
    termFrequencies.push(frequencies);
    proseTerms.push(prose);
  });

  const documentFrequency = new Map<string, number[]>();
  termFrequencies.forEach((frequencies, cardIndex) => {
    for (const term of frequencies.keys()) {
      let list = documentFrequency.get(term);
      if (!list) documentFrequency.set(term, (list = []));
      list.push(cardIndex);
    }
  });
  // Rarity counts the cards whose prose uses the term: nearly every snippet calls
  // asyncio.sleep, which does not make "sleep" say nothing about the asyncio.sleep card.
  const rarityCount = (term: string, cardIndexes: readonly number[]) =>
    options.codeCountsForRarity ? cardIndexes.length : Math.max(1, cardIndexes.filter((c) => proseTerms[c]!.has(term)).length);
  const index: PrebuiltSearchIndex = {
    key: searchIndexKey(cards, options),
    postings: bm25Postings(termFrequencies, lengths, documentFrequency, rarityCount, options),
    questionPostings: questionPostings(cards, askedAs, options),
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
        if ((documentFrequency.get(t)?.length ?? n) <= n * options.topicWordMaxShare) topicStems.add(t);
      }
    }
  }
  index.topicStems = [...topicStems];
  return index;
}

/** BM25 postings from weighted term frequencies per card. */
function bm25Postings(
  termFrequencies: ReadonlyArray<ReadonlyMap<string, number>>,
  lengths: ArrayLike<number>,
  documentFrequency: ReadonlyMap<string, readonly number[]>,
  rarityCount: (term: string, cardIndexes: readonly number[]) => number,
  { k1, b }: SearchOptions,
): PostingsData {
  const n = termFrequencies.length;
  let totalLength = 0;
  for (let i = 0; i < n; i++) totalLength += lengths[i]!;
  const averageLength = totalLength / Math.max(1, n);
  const postings: PostingsData = { terms: [], offsets: [0], cards: [], impacts: [] };
  for (const [term, cardIndexes] of documentFrequency) {
    const df = rarityCount(term, cardIndexes);
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    postings.terms.push(term);
    for (const cardIndex of cardIndexes) {
      const tf = termFrequencies[cardIndex]!.get(term)!;
      const norm = k1 * (1 - b + (b * lengths[cardIndex]!) / averageLength);
      postings.cards.push(cardIndex);
      postings.impacts.push(round((idf * tf * (k1 + 1)) / (tf + norm), 5));
    }
    postings.offsets.push(postings.cards.length);
  }
  return postings;
}

/** Postings over the questions each card answers (see PrebuiltSearchIndex.questionPostings). */
function questionPostings(cards: readonly Card[], askedAs: ReadonlyMap<string, readonly string[]>, options: SearchOptions): PostingsData {
  const termFrequencies = cards.map((card) => {
    const frequencies = new Map<string, number>();
    for (const text of [card.title, card.drill.prompt, ...(askedAs.get(card.id) ?? [])]) {
      for (const token of tokenize(text)) {
        const stemmed = stem(token);
        if (isContentStem(token, stemmed)) frequencies.set(stemmed, (frequencies.get(stemmed) ?? 0) + 1);
      }
    }
    return frequencies;
  });
  const lengths = termFrequencies.map((frequencies) => [...frequencies.values()].reduce((a, b) => a + b, 0));
  const documentFrequency = new Map<string, number[]>();
  termFrequencies.forEach((frequencies, cardIndex) => {
    for (const term of frequencies.keys()) {
      const list = documentFrequency.get(term);
      if (list) list.push(cardIndex);
      else documentFrequency.set(term, [cardIndex]);
    }
  });
  return bm25Postings(termFrequencies, lengths, documentFrequency, (_term, cardIndexes) => cardIndexes.length, options);
}
