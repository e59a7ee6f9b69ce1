import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../knowledge/compile';
import { createCardSearch } from '../../utils/search';
import { editDistance, isDoublingSlip, SpellingIndex } from '../../utils/search/lexicon';
import { ConceptWordModel, wordFeatures } from '../../utils/search/concept-words';
import type { Card } from '../../knowledge/schema';
import { RANKER_FEATURES } from '../../utils/search/rerank';
import { isContentStem, stem, tokenize } from '../../utils/search/terms';

// The expand, retrieve, rerank and abstain stages over the real knowledge base, each read
// from the search's trace of one query.
const knowledgeBase = await loadKnowledgeBase();
const search = createCardSearch(knowledgeBase);
const termsOf = (q: string) => search.trace(q).expansion.terms;

describe('terms', () => {
  it('stems an adverb to its adjective, and leaves short -ly words alone', () => {
    expect(stem('concurrently')).toBe(stem('concurrent'));
    expect(stem('automatically')).toBe(stem('automatic'));
    expect(stem('reliably')).toBe(stem('reliable'));
    expect(['reply', 'early', 'family', 'multiply'].map(stem)).toEqual(['reply', 'early', 'family', 'multiply']);
  });

  it('takes contractions typed without an apostrophe, or with it misplaced, for stopwords', () => {
    for (const word of [...tokenize("they are'nt run"), 'doesnt', 'dont', 'isnt']) {
      expect(isContentStem(word, stem(word))).toBe(word === 'run');
    }
  });
});

describe('expand', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('evnet', 'event')).toBe(1);
    expect(editDistance('evnt', 'event')).toBe(1);
    expect(editDistance('gather', 'gather')).toBe(0);
    expect(editDistance('wait', 'timeout')).toBeGreaterThan(2);
  });

  it('among equally close words, prefers the one a doubled or undoubled letter away', () => {
    expect(isDoublingSlip('arive', 'arrive')).toBe(true);
    expect(isDoublingSlip('untill', 'until')).toBe(true);
    expect(isDoublingSlip('arive', 'alive')).toBe(false);
    expect(isDoublingSlip('limt', 'limit')).toBe(false);
    // "alive" is the commoner word; one edit from "arive" either way.
    const zipf = new Map([['alive', 5.1], ['arrive', 4.2]]);
    const index = new SpellingIndex(['alive', 'arrive'], () => true, (w) => zipf.get(w) ?? 0);
    expect(index.nearest('arive', 2).map((s) => s.word)).toEqual(['arrive', 'alive']);
    expect(index.nearest('alve', 2).map((s) => s.word)).toEqual(['alive']);
  });

  it('reads an everyday word that the cards use only in an alias as that word, not as a misspelling', () => {
    // The cards list misspellings as aliases ("gahter"); real words there are not among them.
    for (const [query, word] of [['run multiple coroutines', 'multiple'], ['Promise.race timeout pattern', 'promise'], ['gahter results', 'gahter']] as const) {
      const term = termsOf(query).find((t) => t.token === word)!;
      const typo = term.matches.find((m) => m.kind === 'typo');
      if (word === 'gahter') expect(typo?.term).toBe('gather');
      else expect(typo, query).toBeUndefined();
    }
  });

  it('corrects a misspelt card word to the card word', () => {
    const term = termsOf('semaphroe limit').find((t) => t.token === 'semaphroe')!;
    expect(term.matches.some((m) => m.kind === 'typo' && m.term.startsWith('semaphor'))).toBe(true);
    expect(term.countsForCoverage).toBe(true);
  });

  it('reads a misspelt everyday word as the English word, never against coverage', () => {
    const { expansion } = search.trace('whats the diffrence between gather and wait');
    expect(expansion.everydayCorrections).toBeGreaterThanOrEqual(1);
    expect(expansion.terms.filter((t) => t.token === 'diffrence' && t.countsForCoverage)).toEqual([]);
  });

  it('completes the word being typed by prefix', () => {
    const [term] = termsOf('semaph');
    expect(term!.matches.some((m) => m.kind === 'prefix')).toBe(true);
  });

  it('never spell-corrects a "word" longer than the bound for words', () => {
    const { expansion } = search.trace(`timeout ${'q'.repeat(1500)}`);
    const long = expansion.terms.find((t) => t.token.length > 100)!;
    expect(long.matches).toEqual([]);
    expect(expansion.cardCorrections + expansion.everydayCorrections).toBe(0);
  });

  it('keeps only the key terms of a long text', () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}x`).join(' ');
    expect(termsOf(words).length).toBeLessThanOrEqual(search.options.maxKeyTerms);
  });
});

describe('retrieve', () => {
  it('scores per field and finds whole aliases and identifiers', () => {
    const card = knowledgeBase.cards.find((c) => c.aliases.some((a) => /^asyncio\.\w+$/.test(a)))!;
    const alias = card.aliases.find((a) => /^asyncio\.\w+$/.test(a))!;
    const { retrieval } = search.trace(`how does ${alias} behave`);
    const evidence = retrieval.evidence.find((e) => knowledgeBase.cards[e.card]!.id === card.id)!;
    expect(evidence.matchedAliases).toContain(alias);
    expect(evidence.identifierAlias).toBeGreaterThan(0);
    expect(evidence.fields.some((v) => v > 0)).toBe(true);
    expect(evidence.coverage).toBeGreaterThan(0);
  });

  it('finds an error alias by its message without the exception name', () => {
    const card = knowledgeBase.cards.find((c) => c.aliases.some((a) => /^RuntimeError: .+ .+ .+/.test(a)))!;
    const alias = card.aliases.find((a) => /^RuntimeError: .+ .+ .+/.test(a))!;
    const { retrieval } = search.trace(`getting "${alias.replace(/^RuntimeError: /, '').toLowerCase()}" after my script ends`);
    expect(retrieval.evidence.find((e) => e.card === knowledgeBase.cards.indexOf(card))?.matchedAliases).toContain(alias);
  });

  it('weighs the final exception line of a traceback in coverage', () => {
    const { retrieval } = search.trace('Traceback (most recent call last):\n  File "x.py", line 3, in main\nRuntimeError: Event loop is closed');
    expect(retrieval.evidence.some((e) => e.errorCoverage > 0.5)).toBe(true);
  });
});

describe('concept word model', () => {
  // Two concepts whose phrasings share their content words; only the word pairs differ.
  const card = (concept: string, askedAs: string[]) => ({ id: concept, concept, title: concept, answer: '', aliases: [], askedAs }) as unknown as Card;
  const model = new ConceptWordModel([
    card('together', ['run the calls at once', 'start the calls at the same time']),
    card('in-turn', ['run the calls one after another', 'start the calls in order']),
  ]);
  const featuresOf = (text: string) => {
    const tokens = tokenize(text);
    return wordFeatures(tokens, tokens.map(stem));
  };

  it('reads meaning from word pairs made of stopwords', () => {
    expect(model.posterior(featuresOf('calls at once')).get('together')).toBeGreaterThan(0.6);
    expect(model.posterior(featuresOf('calls one after another')).get('in-turn')).toBeGreaterThan(0.6);
  });

  it('gives a posterior over the concepts, unmoved by words no concept uses', () => {
    const posterior = model.posterior(featuresOf('calls at once'));
    expect([...posterior.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(model.posterior(featuresOf('calls at once zebra quokka')).get('together')).toBeCloseTo(posterior.get('together')!, 9);
    expect(model.posterior(featuresOf('zebra')).get('together')).toBeCloseTo(0.5, 9);
  });

  it('feeds the ranker the posterior of each candidate concept', () => {
    const { ranked } = search.trace('running 3 api calls at once and waiting for all of them');
    const index = RANKER_FEATURES.indexOf('concept.words');
    const gather = ranked.find((r) => knowledgeBase.cards[r.evidence.card]!.concept === 'gather')!;
    for (const r of ranked) expect(r.features[index]).toBeLessThanOrEqual(gather.features[index]!);
  });
});

describe('rerank and abstain', () => {
  it('ranks by the fitted model and puts different concepts first', () => {
    const { ranked } = search.trace('asyncio.gather return_exceptions');
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    const concepts = search.search('asyncio.gather return_exceptions').results.slice(0, 3).map((r) => r.card.concept);
    expect(new Set(concepts).size).toBe(concepts.length);
  });

  it('answers any query holding a clear asyncio term', () => {
    for (const q of ['my coroutine never runs', 'event loop question', 'asyncio.Semaphore blah blah', 'Task was destroyed but it is pending!']) {
      const { decision } = search.trace(q);
      expect(decision.answer, q).toBe(true);
    }
  });

  it('takes an asyncio-only library, or async/await said of Python, as a clear asyncio term', () => {
    for (const q of ['aiofiles write line by line', 'asyncpg pool size', 'await in python explained simply', 'python async for over a paginated api', 'discord.py bot answers a command late', 'uvicorn worker stops answering']) {
      expect(search.trace(q).decision.clearAsyncioTerm, q).toBe(true);
    }
    // async/await alone is every language's; a plain Python question is not asyncio's.
    for (const q of ['async await error handling', 'python list comprehension with a condition']) {
      expect(search.trace(q).decision.clearAsyncioTerm, q).toBe(false);
    }
  });

  it("takes a traceback through asyncio's own modules as a clear asyncio term, and not another module's dotted name", () => {
    const traceback = 'Traceback (most recent call last):\n  File "/usr/lib/python3.12/asyncio/events.py", line 84, in _run\n    self._context.run(self._callback, *self._args)\nTypeError: tick() missing 1 required positional argument';
    expect(search.trace(traceback).decision.clearAsyncioTerm).toBe(true);
    expect(search.trace(traceback.replace('/asyncio/events.py', '/sched.py')).decision.clearAsyncioTerm).toBe(false);
    // requests.get names a card (the blocking call in a coroutine), yet says nothing of asyncio.
    const { retrieval, decision } = search.trace('requests.get timeout parameter connect vs read');
    expect(retrieval.evidence.some((e) => e.matchedAliases.includes('requests.get'))).toBe(true);
    expect(decision.clearAsyncioTerm).toBe(false);
    expect(search.trace('asyncio.wait_for').decision.clearAsyncioTerm).toBe(true);
  });

  it('finds an API name typed one letter wrong as the alias it names, and not another module\'s name', () => {
    const wrong = search.trace('wait_fro');
    expect(wrong.retrieval.evidence.some((e) => e.matchedAliases.some((a) => a.includes('wait_for')))).toBe(true);
    expect(wrong.decision.clearAsyncioTerm).toBe(true);
    // queue.Empty is the threading queue's; asyncio's QueueEmpty is another name, not a slip.
    const other = search.trace('queue.empty raised by get_nowait in a worker thread');
    expect(other.retrieval.evidence.some((e) => e.matchedAliases.some((a) => a.toLowerCase() === 'queueempty'))).toBe(false);
  });

  it('reads a misspelt API name as that name, not as two words run together', () => {
    const { expansion, ranked } = search.trace('cancelederror');
    expect(expansion.terms.map((t) => t.token)).toEqual(['cancelederror']);
    expect(knowledgeBase.cards[ranked[0]!.evidence.card]!.concept).toBe('task-cancellation');
  });

  it('finds a dunder alias whose word is English only as written', () => {
    // "__await__" names the custom-awaitable card; "awaiting approval" is not it.
    const dunder = search.trace('how does __await__ work');
    expect(dunder.retrieval.evidence.some((e) => e.matchedAliases.includes('__await__'))).toBe(true);
    const english = search.trace('awaiting approval from the landlord');
    expect(english.retrieval.evidence.some((e) => e.matchedAliases.includes('__await__'))).toBe(false);
    expect(english.retrieval.decisiveAlias).toBe(false);
  });

  it('does not take the card word a stopword phrasing stands for as a subject term', () => {
    // "at once" searches for "concurrent", but the query never said it.
    const { expansion, retrieval } = search.trace('juggling several chores at once');
    expect(expansion.terms.some((t) => t.stem === 'concurrent' && t.fromPhrasing)).toBe(true);
    expect(retrieval.subjectTerm).toBe(false);
    expect(search.trace('juggling several chores concurrently').retrieval.subjectTerm).toBe(true);
  });

  it('answers a query that names the subject, as written or misspelt, and not for a misspelt everyday word', () => {
    for (const q of ['asyncio subprocess stdout readline example', 'how to pause a corotine without freezing the program', 'run heavy calculations in a coroutine']) {
      const { retrieval, decision } = search.trace(q);
      expect(retrieval.subjectTerm, q).toBe(true);
      expect(decision.answer, q).toBe(true);
    }
    // "craete" is as close to the English "create" as to the cards' "creat": not the subject.
    // Nor is "async", which every async language has.
    for (const q of ['craete a list in python', 'the future of remote work', 'raise the price of coffee', 'async void event handler']) expect(search.trace(q).retrieval.subjectTerm, q).toBe(false);
  });

  it('gives other-language async text no card and names the language', () => {
    const response = search.search('const [a, b] = await Promise.all([fetchUser(), fetchOrders()]); console.log(a, b);');
    expect(response.results).toEqual([]);
    expect(response.otherLanguage?.language).toBe('JavaScript');
    const rust = search.search("thread 'main' panicked at 'Cannot start a runtime from within a runtime' in #[tokio::main] async fn main()");
    expect(rust.results).toEqual([]);
    expect(rust.otherLanguage?.language).toBe('Rust');
  });
});

describe('spelling', () => {
  it('bounded edit distance agrees with the full one within the bound', async () => {
    const { boundedEditDistance } = await import('../../utils/search/lexicon');
    for (const [a, b] of [['evnet', 'event'], ['semaphre', 'semaphore'], ['gather', 'gathers'], ['wait', 'timeout'], ['coroutine', 'corutine']] as const) {
      const full = editDistance(a, b);
      expect(Math.min(boundedEditDistance(a, b, 2), 3)).toBe(Math.min(full, 3));
    }
  });
});
