import { describe, expect, it } from 'vitest';
import { compileCards, knowledgeBaseVersion, loadKnowledgeBase, readConcepts } from '../../knowledge/compile';
import { findCompletenessGaps } from '../../knowledge/completeness';
import { CARD_KINDS, countSentences } from '../../knowledge/schema';

const knowledgeBase = await loadKnowledgeBase();
const concepts = await readConcepts();

describe('the shipped knowledge base', () => {
  it('has a primary card for every concept, and every card names a known concept', () => {
    const ids = new Set(knowledgeBase.cards.map((c) => c.id));
    for (const concept of concepts) expect(ids, `primary card of ${concept.id}`).toContain(concept.id);
    const conceptIds = new Set(concepts.map((c) => c.id));
    for (const card of knowledgeBase.cards) expect(conceptIds).toContain(card.concept);
  });

  it('links every follow-up to an existing card other than itself', () => {
    const ids = new Set(knowledgeBase.cards.map((c) => c.id));
    for (const card of knowledgeBase.cards) {
      for (const followUp of card.followUps) {
        expect(ids, `${card.id} → ${followUp.card}`).toContain(followUp.card);
        expect(followUp.card).not.toBe(card.id);
      }
    }
  });

  it('keeps answers short and gives every card points, follow-ups, aliases and drill material', () => {
    for (const card of knowledgeBase.cards) {
      expect(countSentences(card.answer), card.id).toBeLessThanOrEqual(3);
      expect(card.points.length, card.id).toBeGreaterThanOrEqual(3);
      expect(card.followUps.length, card.id).toBeGreaterThanOrEqual(2);
      expect(card.aliases.length, card.id).toBeGreaterThanOrEqual(1);
      expect(card.drill.prompt && card.drill.answer, card.id).toBeTruthy();
      expect(CARD_KINDS).toContain(card.kind);
    }
  });

  it('has a version that changes with the content', () => {
    // The search index is derived from the cards and left out of the version.
    const { version, searchIndex: _derived, ...content } = knowledgeBase;
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(knowledgeBaseVersion(content)).toBe(version);
    const edited = structuredClone(content);
    edited.cards[0]!.answer += ' Edited.';
    expect(knowledgeBaseVersion(edited)).not.toBe(version);
  });
});

const GOOD_CARD = `---
id: sample
concept: gather
title: A sample card
kind: question
level: basic
source: beyond the guide
tags: [gather]
aliases: [sample alias]
followUps:
  - question: What comes next here?
    card: gather
  - question: And after that one?
    card: gather
drill:
  prompt: Why?
  answer: Because.
---

One sentence answer.

## Points

- one
- two
- three
`;

const PRIMARY = GOOD_CARD.replace('id: sample', 'id: gather').replace(/followUps:[\s\S]*?drill:/, `followUps:
  - question: What comes next here?
    card: sample
  - question: And after that one?
    card: sample
drill:`).replace('sample alias', 'primary alias');

function problemsFor(files: Array<{ file: string; text: string }>) {
  const onlyGather = concepts.filter((c) => c.id === 'gather');
  return compileCards(files, onlyGather).problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
}

describe('the card compiler rejects bad cards with the file and the field', () => {
  const primary = { file: 'knowledge/cards/gather/gather.md', text: PRIMARY };
  const sample = (text: string) => ({ file: 'knowledge/cards/gather/sample.md', text });

  it('accepts a good card', () => {
    expect(problemsFor([primary, sample(GOOD_CARD)])).toEqual([]);
  });

  it('names a broken field', () => {
    expect(problemsFor([primary, sample(GOOD_CARD.replace('kind: question', 'kind: riddle'))])).toContainEqual(
      expect.stringMatching(/^knowledge\/cards\/gather\/sample\.md: kind: Invalid option/),
    );
  });

  it('rejects an unknown concept', () => {
    const problems = problemsFor([primary, sample(GOOD_CARD.replace('concept: gather', 'concept: gatherer'))]);
    expect(problems).toContainEqual(expect.stringContaining('sample.md: concept: "gatherer" is not in concepts.json'));
  });

  it('rejects a dangling follow-up', () => {
    const problems = problemsFor([primary, sample(GOOD_CARD.replace('card: gather\n  - question: And', 'card: nowhere\n  - question: And'))]);
    expect(problems).toEqual(['knowledge/cards/gather/sample.md: followUps.0.card: no card has the id "nowhere"']);
  });

  it('rejects a duplicate id and an alias clash', () => {
    const copy = { file: 'knowledge/cards/gather/sample.md', text: GOOD_CARD };
    const problems = problemsFor([primary, sample(GOOD_CARD), copy]);
    expect(problems).toContainEqual(expect.stringContaining('id: "sample" is also the id of'));
    const clash = problemsFor([primary, sample(GOOD_CARD.replace('sample alias', 'Primary  ALIAS!'))]);
    expect(clash).toContainEqual(expect.stringContaining('aliases.0: "Primary  ALIAS!" is already an alias of card "gather"'));
  });

  it('rejects unknown front-matter keys, bad YAML, long answers and code without output', () => {
    expect(problemsFor([primary, sample(GOOD_CARD.replace('level: basic', 'level: basic\ncolour: red'))])).toContainEqual(
      expect.stringContaining('sample.md: colour: is not a card field'),
    );
    expect(problemsFor([primary, sample(GOOD_CARD.replace('tags: [gather]', 'tags: [gather'))])).toContainEqual(
      expect.stringContaining('sample.md: front matter: is not valid YAML'),
    );
    expect(problemsFor([primary, sample(GOOD_CARD.replace('One sentence answer.', 'One. Two. Three. Four.'))])).toContainEqual(
      expect.stringContaining('sample.md: answer: must be at most 3 sentences'),
    );
    expect(problemsFor([primary, sample(`${GOOD_CARD}\n## Code\n\n\`\`\`python\nprint(1)\n\`\`\`\n`)])).toContainEqual(
      expect.stringContaining('sample.md: code: ## Code and ## Output must come together'),
    );
  });

  it('takes cpythonOnly as the reason on a card with code, and rejects it elsewhere or empty', () => {
    const withCode = `${GOOD_CARD}\n## Code\n\n\`\`\`python\nprint(1)\n\`\`\`\n\n## Output\n\n\`\`\`text\n1\n\`\`\`\n`;
    const flagged = withCode.replace('level: basic', 'level: basic\ncpythonOnly: needs a thread, which Pyodide cannot start');
    const { cards, problems } = compileCards([primary, sample(flagged)], concepts.filter((c) => c.id === 'gather'));
    expect(problems).toEqual([]);
    expect(cards.find((c) => c.id === 'sample')?.code?.cpythonOnly).toBe('needs a thread, which Pyodide cannot start');
    expect(problemsFor([primary, sample(GOOD_CARD.replace('level: basic', 'level: basic\ncpythonOnly: needs a thread here'))])).toContainEqual(
      'knowledge/cards/gather/sample.md: cpythonOnly: is only meaningful on a card with code',
    );
    expect(problemsFor([primary, sample(withCode.replace('level: basic', 'level: basic\ncpythonOnly: "no"'))])).toContainEqual(
      'knowledge/cards/gather/sample.md: code.cpythonOnly: must say why the snippet cannot run in Pyodide',
    );
  });

  it('rejects a card whose front matter is closed twice (its answer would start with ---)', () => {
    expect(problemsFor([primary, sample(GOOD_CARD.replace('---\n\nOne sentence', '---\n---\n\nOne sentence'))])).toContainEqual(
      'knowledge/cards/gather/sample.md: answer: starts with "---": the front matter is closed twice',
    );
  });

  it('reads askedAs, Interview cues on points and a not-run third-party example', () => {
    const askedAs = Array.from({ length: 8 }, (_, i) => `  - how would someone ask this, way ${i + 1}`).join('\n');
    const text = `${GOOD_CARD.replace('tags: [gather]', `tags: [gather]\naskedAs:\n${askedAs}\nexampleNotRun: needs the third-party aiohttp package`)
      .replace('- one\n', '- one {cues: first exception, raises first; keep running}\n')}
## Example

\`\`\`python
import aiohttp
\`\`\`
`;
    const { cards, problems } = compileCards([primary, sample(text)], concepts.filter((c) => c.id === 'gather'));
    expect(problems).toEqual([]);
    const card = cards.find((c) => c.id === 'sample');
    expect(card?.askedAs).toHaveLength(8);
    expect(card?.points[0]).toBe('one');
    expect(card?.pointCues).toEqual([[['first exception', 'raises first'], ['keep running']], null, null]);
    expect(card?.example).toEqual({ language: 'python', source: 'import aiohttp', notRun: 'needs the third-party aiohttp package' });
    expect(problemsFor([primary, sample(text.replace(/exampleNotRun: .*\n/, ''))])).toContainEqual(
      'knowledge/cards/gather/sample.md: exampleNotRun: a card with ## Example must say why it is not run',
    );
    expect(problemsFor([primary, sample(GOOD_CARD.replace('tags: [gather]', 'tags: [gather]\naskedAs: [only one way]'))])).toContainEqual(
      expect.stringContaining('sample.md: askedAs: needs at least 8 ways people ask for this card'),
    );
  });

  it('accepts former ids of a renamed card, but not a current id or one claimed by two cards', () => {
    const renamed = (formerIds: string) => sample(GOOD_CARD.replace('level: basic', `level: basic\nformerIds: ${formerIds}`));
    expect(problemsFor([primary, renamed('[old-sample, older-sample]')])).toEqual([]);
    expect(compileCards([primary, renamed('[old-sample]')], concepts.filter((c) => c.id === 'gather')).cards.find((c) => c.id === 'sample')?.formerIds).toEqual([
      'old-sample',
    ]);
    expect(problemsFor([primary, renamed('[gather]')])).toEqual(['knowledge/cards/gather/sample.md: formerIds.0: "gather" is the id of a current card']);
    expect(problemsFor([primary, renamed('[Old_Sample]')])).toContainEqual(expect.stringContaining('sample.md: formerIds.0: must be kebab-case'));
    const other = {
      file: 'knowledge/cards/gather/other.md',
      text: GOOD_CARD.replace('id: sample', 'id: other').replace('sample alias', 'other alias').replace('level: basic', 'level: basic\nformerIds: [old-sample]'),
    };
    expect(problemsFor([primary, renamed('[old-sample]'), other])).toContainEqual(
      expect.stringContaining('formerIds.0: "old-sample" is already a former id of card'),
    );
  });

  it('reports a missing primary card', () => {
    expect(problemsFor([sample(GOOD_CARD)])).toContainEqual(expect.stringContaining('concept "gather" has no primary card'));
  });
});

describe('the completeness rules', () => {
  const onlyGather = concepts.filter((c) => c.id === 'gather');
  const primary = { file: 'knowledge/cards/gather/gather.md', text: PRIMARY };
  const withPoints = (points: string) => {
    const { cards, problems } = compileCards([primary, { file: 'knowledge/cards/gather/sample.md', text: GOOD_CARD.replace('- one\n- two\n- three\n', points) }], onlyGather);
    expect(problems).toEqual([]);
    return cards.find((c) => c.id === 'sample')!;
  };
  const ownWordsGaps = (card: ReturnType<typeof withPoints>, synonyms = knowledgeBase.synonyms) =>
    findCompletenessGaps([card], onlyGather, synonyms).filter((g) => g.rule === 'cues-own-words');

  it('accepts points whose own text the grader finds every idea in', () => {
    const card = withPoints(
      '- The ready queue is FIFO, so callbacks run in the order they became ready. {cues: fifo ready queue; order they became ready}\n' +
        '- `gather` returns results in argument order. {cues: argument order}\n- three {cues: three}\n',
    );
    expect(ownWordsGaps(card)).toEqual([]);
  });

  it('names the point and the idea its own text does not cover', () => {
    // "readiness" and "ready" stem apart: the candidate who types the point would see "Partly covered".
    const card = withPoints(
      '- The ready queue is FIFO, so callbacks run in the order they became ready. {cues: fifo ready queue; order of readiness}\n' +
        '- `gather` returns results in argument order. {cues: argument order}\n- three {cues: three, 3; four}\n',
    );
    expect(ownWordsGaps(card).map((g) => `${g.card}: ${g.message}`)).toEqual([
      'sample: point 1 ("The ready queue is FIFO, so callbacks run in the order th...") does not cover itself; no phrasing of {order of readiness} is found in it',
      'sample: point 3 ("three") does not cover itself; no phrasing of {four} is found in it',
    ]);
  });

  it('grades with the synonym list it is given, as the Interview panel does', () => {
    // knowledge/synonyms.yaml: "give up" means "timeout".
    const card = withPoints('- Give up after five seconds and report it. {cues: timeout; report}\n- two {cues: two}\n- three {cues: three}\n');
    expect(ownWordsGaps(card)).toEqual([]);
    expect(ownWordsGaps(card, [])).toHaveLength(1);
  });

  it('leaves points without cues to the cues rule', () => {
    const card = withPoints('- one {cues: one}\n- two\n- three {cues: three}\n');
    const gaps = findCompletenessGaps([card], onlyGather, knowledgeBase.synonyms);
    expect(gaps.filter((g) => g.rule === 'cues').map((g) => g.message)).toEqual(['1 of 3 points have no {cues: …}']);
    expect(gaps.filter((g) => g.rule === 'cues-own-words')).toEqual([]);
  });

  it('holds for every point of the shipped knowledge base', () => {
    expect(findCompletenessGaps(knowledgeBase.cards, concepts, knowledgeBase.synonyms)).toEqual([]);
  });
});
