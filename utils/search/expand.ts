/**
 * Stage 2, expand: turns the analyzed query into terms, each resolved to the card terms it
 * stands for.
 *
 * - exact: the stem is in the cards' vocabulary;
 * - typo: a misspelling, corrected against the cards' vocabulary AND the everyday-English
 *   word list (SUBTLEX). Whichever spelling is closer wins; a misspelt everyday word
 *   ("diffrence", "paralel") is corrected to the English word, and when that word says
 *   nothing the cards say it is left out of coverage instead of counting against it;
 * - prefix: the last word of a short query that is still being typed;
 * - synonym: phrasings from knowledge/synonyms.yaml ("hogging" → block).
 *
 * Long texts keep their key terms only: the most specific ones, the final exception line's
 * words first. Words longer than `fuzzyMaxLength` are never spell-corrected (a 1 MB
 * selection without spaces is one such "word").
 */
import type { QueryAnalysis } from './analyze';
import type { Lexicon } from './lexicon';
import type { SearchOptions } from './options';
import { isContentStem, stem, stemmedTokens } from './terms';

export type MatchKind = 'exact' | 'typo' | 'prefix' | 'synonym';

export interface TermMatch {
  term: string;
  kind: MatchKind;
}

export interface QueryTerm {
  token: string;
  stem: string;
  count: number;
  /** Highest emphasis of its occurrences (final exception line > elsewhere). */
  emphasis: number;
  /** 0 everyday … 1 says what the text is about (Lexicon.specificity). */
  specificity: number;
  /** False for a corrected everyday word: it neither counts for nor against coverage. */
  countsForCoverage: boolean;
  inErrorLine: boolean;
  /** Corrected to a card word that no everyday-English word is as close to. */
  clearCardCorrection?: boolean;
  /** Stands for a phrasing of stopwords ("at once" → concurrent): the query never wrote it. */
  fromPhrasing?: boolean;
  matches: TermMatch[];
}

/** How people say something → the words the cards use (knowledge/synonyms.yaml). */
export interface SynonymEntry {
  say: string[];
  means: string;
}

export interface SynonymPhrase {
  stems: string[];
  means: string[];
}

export interface Expansion {
  terms: QueryTerm[];
  /** Stems of the query with corrections applied (for alias and phrase matching). */
  resolvedStems: string[];
  /** Terms corrected as misspelt everyday words. */
  everydayCorrections: number;
  /** Terms corrected to card words. */
  cardCorrections: number;
  /** Terms found in neither vocabulary, uncorrected: their specificity weight. */
  unknownWeight: number;
  /** How much of the query is the cards' own vocabulary: the sum of its matched words'
   * domain specificity (Lexicon.domainSpecificity: "gather", "task" high, "file" low). */
  domainWeight: number;
}

/** Synonym phrasings by their first stem, keeping only card words the cards use. */
export function synonymPhrases(synonyms: readonly SynonymEntry[], lexicon: Lexicon): Map<string, SynonymPhrase[]> {
  const phrases = new Map<string, SynonymPhrase[]>();
  for (const { say, means } of synonyms) {
    const meansStems = stemmedTokens(means).filter((t) => lexicon.has(t));
    for (const phrasing of say) {
      const stems = stemmedTokens(phrasing);
      if (stems.length === 0 || meansStems.length === 0) continue;
      let list = phrases.get(stems[0]!);
      if (!list) phrases.set(stems[0]!, (list = []));
      list.push({ stems, means: meansStems });
    }
  }
  return phrases;
}

export class Expander {
  /** Terms only found in aliases → the real word they misspell, or null (an API name). */
  private readonly aliasMisspellings = new Map<string, string | null>();

  constructor(
    private readonly lexicon: Lexicon,
    private readonly synonyms: ReadonlyMap<string, SynonymPhrase[]>,
    private readonly options: SearchOptions,
  ) {}

  /** The word an alias-only term misspells ("semaphre" → "semaphor"); undefined for real
   * words and API names. The cards list common misspellings as aliases; an everyday word found
   * only in an alias ("multiple", "suitable", "latter") is that word, not a misspelling. */
  private aliasMisspelling(token: string, term: string): string | undefined {
    const { lexicon, options } = this;
    if (lexicon.textTerms.has(term) || !lexicon.has(term) || term.length < options.fuzzyMinLength || /\d/.test(term) || lexicon.isEnglish(token)) return undefined;
    let known = this.aliasMisspellings.get(term);
    if (known === undefined) {
      known = lexicon.cardSpelling.nearest(term, 1, (w) => lexicon.textTerms.has(w))[0]?.word ?? null;
      this.aliasMisspellings.set(term, known);
    }
    return known ?? undefined;
  }

  expand(analysis: QueryAnalysis): Expansion {
    const { lexicon, options } = this;
    const { tokens, stems, emphasis } = analysis;
    const byStem = new Map<string, QueryTerm & { last: boolean }>();
    tokens.forEach((token, i) => {
      const stemmed = stems[i]!;
      if (!isContentStem(token, stemmed)) return;
      let term = byStem.get(stemmed);
      if (!term) {
        term = { token, stem: stemmed, count: 0, emphasis: 0, specificity: lexicon.specificity(token, stemmed), countsForCoverage: true, inErrorLine: false, matches: [], last: false };
        byStem.set(stemmed, term);
      }
      term.count += 1;
      term.emphasis = Math.max(term.emphasis, emphasis[i]!);
      term.inErrorLine ||= analysis.inErrorLine[i]!;
      term.last = i === tokens.length - 1;
    });

    // Synonym phrasings also search for the card words they stand for; phrasings made of
    // stopwords only ("at most") add those words as terms of their own.
    const synonymMatches = new Map<string, string[]>();
    for (let i = 0; i < stems.length; i++) {
      for (const phrase of this.synonyms.get(stems[i]!) ?? []) {
        const length = phrase.stems.length;
        if (i + length > stems.length || phrase.stems.some((t, k) => stems[i + k] !== t)) continue;
        const owners = stems.slice(i, i + length).filter((t) => byStem.has(t));
        if (owners.length === 0) {
          for (const means of phrase.means) {
            if (!byStem.has(means)) {
              byStem.set(means, { token: means, stem: means, count: 1, emphasis: 1, specificity: lexicon.specificity(means, means), countsForCoverage: true, inErrorLine: false, fromPhrasing: true, matches: [], last: false });
            }
            owners.push(means);
          }
        }
        for (const owner of owners) synonymMatches.set(owner, [...(synonymMatches.get(owner) ?? []), ...phrase.means]);
      }
    }

    let terms = [...byStem.values()];
    // A long text is searched by its key terms.
    if (terms.length > options.maxKeyTerms) {
      terms = terms
        .map((t, order) => ({ t, order, weight: t.emphasis * t.specificity * (1 + Math.log(t.count)) }))
        .sort((a, b) => b.weight - a.weight || a.order - b.order)
        .slice(0, options.maxKeyTerms)
        .sort((a, b) => a.order - b.order)
        .map(({ t }) => t);
    }

    const isTyping = /[a-z0-9]$/i.test(analysis.text) && terms.length <= 4;
    let fuzzyBudget = options.maxFuzzyTermsPerQuery;
    const corrections = new Map<string, string>();
    let everydayCorrections = 0;
    let cardCorrections = 0;
    let unknownWeight = 0;
    const kept: QueryTerm[] = [];
    for (const term of terms) {
      const { matches } = term;
      const misspelt = this.aliasMisspelling(term.token, term.stem);
      if (misspelt) {
        corrections.set(term.stem, misspelt);
        matches.push({ term: misspelt, kind: 'typo' });
      }
      const exact = lexicon.has(term.stem);
      if (exact) matches.push({ term: term.stem, kind: 'exact' });
      if (!exact && term.last && isTyping && term.stem.length >= options.prefixMinLength) {
        for (const t of lexicon.prefixMatches(term.stem)) matches.push({ term: t, kind: 'prefix' });
      }
      for (const synonym of synonymMatches.get(term.stem) ?? []) {
        if (!matches.some((m) => m.term === synonym)) matches.push({ term: synonym, kind: 'synonym' });
      }
      const spellable =
        term.token.length >= options.fuzzyMinLength && term.token.length <= options.fuzzyMaxLength && !/\d/.test(term.token) && !lexicon.isEnglish(term.token);
      // Spelling lookups are the costly part of a query: at most maxFuzzyTermsPerQuery terms get them.
      const looksUp = matches.length === 0 && spellable && fuzzyBudget > 0;
      if (looksUp) fuzzyBudget -= 1;
      const english = looksUp ? lexicon.englishSpelling.nearest(term.token, 1)[0] : undefined;
      const card = looksUp ? lexicon.cardSpelling.nearest(term.stem, options.maxFuzzyExpansions) : [];
      // Two words run together, unless one edit makes it a word ("propper" is "proper"; the
      // cards' "cancellederror" is what "cancelederror" means).
      const parts = looksUp && !(english && english.edits <= 1) && !(card[0] && card[0].edits <= 1) ? lexicon.splitCompound(term.token) : undefined;
      if (parts) {
        // Two words run together: searched as the two words, as if a space were there.
        everydayCorrections += 1;
        for (const part of parts) {
          const partStem = stem(part);
          if (!isContentStem(part, partStem) || !lexicon.has(partStem) || byStem.has(partStem)) continue;
          kept.push({ ...term, token: part, stem: partStem, specificity: lexicon.specificity(part, partStem), matches: [{ term: partStem, kind: 'exact' }] });
        }
        continue;
      }
      if (looksUp) {
        // As close to an everyday word as to a card word: the everyday word is the likelier
        // one meant ("insted" is "instead", not the cards' "init").
        if (english && (card.length === 0 || english.edits <= card[0]!.edits)) {
          // A misspelt everyday word: read as the word meant. When the cards use that word it
          // counts as if spelt right; when they don't, it never counts against coverage.
          everydayCorrections += 1;
          const correctedStem = stem(english.word);
          if (!isContentStem(english.word, correctedStem)) {
            term.countsForCoverage = false;
            continue;
          }
          corrections.set(term.stem, correctedStem);
          term.specificity = lexicon.specificity(english.word, correctedStem);
          if (lexicon.has(correctedStem)) matches.push({ term: correctedStem, kind: 'typo' });
          else term.countsForCoverage = false;
          for (const synonym of this.synonyms.get(correctedStem) ?? []) {
            if (synonym.stems.length === 1) for (const means of synonym.means) matches.push({ term: means, kind: 'synonym' });
          }
        } else if (card.length > 0) {
          cardCorrections += 1;
          if (!english || english.edits > card[0]!.edits) term.clearCardCorrection = true;
          corrections.set(term.stem, card[0]!.word);
          for (const { word } of card) matches.push({ term: word, kind: 'typo' });
        }
      }
      if (matches.length === 0 && term.countsForCoverage) unknownWeight += term.specificity;
      kept.push(term);
    }
    let domainWeight = 0;
    for (const term of kept) {
      const match = term.matches.find((m) => m.kind === 'exact' || m.kind === 'typo');
      if (match) domainWeight += lexicon.domainSpecificity(match.kind === 'exact' ? term.token : match.term, match.term);
    }
    const resolvedStems = corrections.size > 0 ? stems.map((t) => corrections.get(t) ?? t) : stems;
    return { terms: kept, resolvedStems, everydayCorrections, cardCorrections, unknownWeight, domainWeight };
  }
}
