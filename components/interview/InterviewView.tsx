import { useEffect, useMemo, useRef, useState } from 'react';
import type { Card, KnowledgeBase } from '@/knowledge/schema';
import { allTags } from '@/utils/drill';
import { interviewForecast, upcomingInterview } from '@/utils/interview-date';
import { endInterviewSession, saveInterviewAnswer, schedulingStateOf, startInterviewSession, type StorageState } from '@/utils/database';
import { applyGrade, GRADES, type GradeValue } from '@/utils/scheduler';
import { MAX_INTERVIEW_ANSWER_CHARS } from '@/utils/backup';
import { gradeAnswer, suggestedGrade, type AnswerGrade, type PointCoverage } from '@/utils/interview/grading';
import {
  describeScope,
  MAX_FOLLOW_UP_DEPTH,
  nextFollowUp,
  pickInterviewCards,
  cardsToReview,
  questionFor,
  type InterviewScope,
} from '@/utils/interview/session';
import type { UserProgressApi } from '../shared/use-user-progress';
import { buttonClass, inputClass, linkClass, primaryButtonClass, sectionTitleClass } from '../shared/ui';

interface InterviewViewProps {
  knowledgeBase: KnowledgeBase;
  user: UserProgressApi;
  storage: StorageState | undefined;
  onOpenCard(cardId: string): void;
}

interface Turn {
  card: Card;
  question: string;
  depth: number;
}

interface Session {
  id: number | undefined;
  openings: Card[];
  position: number;
  turn: Turn;
  graded: Array<{ card: Card; question: string; grade: AnswerGrade }>;
  asked: Set<string>;
  done: boolean;
}

const COVERAGE_LABEL: Record<PointCoverage, { icon: string; text: string; className: string }> = {
  covered: { icon: '✓', text: 'Covered', className: 'text-emerald-800 dark:text-emerald-300' },
  partial: { icon: '◐', text: 'Partly covered', className: 'text-amber-800 dark:text-amber-300' },
  missed: { icon: '✗', text: 'Missed', className: 'text-red-800 dark:text-red-300' },
};

/** Interview: a mock interviewer asks, grades the typed answer by key point, then follows up. */
export function InterviewView({ knowledgeBase, user, storage, onOpenCard }: InterviewViewProps) {
  const [scope, setScope] = useState<InterviewScope>({ kind: 'weak-and-due' });
  const [session, setSession] = useState<Session>();
  const [answer, setAnswer] = useState('');
  const [result, setResult] = useState<AnswerGrade>();
  const [chosenGrade, setChosenGrade] = useState<number>();
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const byId = useMemo(() => new Map(knowledgeBase.cards.map((card) => [card.id, card])), [knowledgeBase]);
  const tags = useMemo(() => allTags(knowledgeBase.cards), [knowledgeBase]);
  const db = storage?.status === 'ready' ? storage.db : undefined;
  const now = Date.now();
  const openings = pickInterviewCards(knowledgeBase.cards, user.progress.states, scope, now, {
    interview: interviewForecast(upcomingInterview(user.progress.interviewDate, now)),
  });

  // Focus moves to the answer box after React has rendered the question it belongs to.
  const [focusRequests, setFocusRequests] = useState(0);
  const focusAnswer = () => setFocusRequests((n) => n + 1);
  useEffect(() => {
    if (focusRequests > 0) answerRef.current?.focus();
  }, [focusRequests]);

  async function start() {
    if (openings.length === 0) return;
    const first = openings[0]!;
    const id = db ? await startInterviewSession(db, describeScope(scope), Date.now()).catch(() => undefined) : undefined;
    setSession({ id, openings, position: 0, turn: { card: first, question: questionFor(first, 0), depth: 0 }, graded: [], asked: new Set([first.id]), done: false });
    setAnswer('');
    setResult(undefined);
    focusAnswer();
  }

  function submit() {
    if (!session || result) return;
    const grade = gradeAnswer(session.turn.card, answer, { synonyms: knowledgeBase.synonyms });
    setResult(grade);
    setChosenGrade(suggestedGrade(grade));
    setSession({ ...session, graded: [...session.graded, { card: session.turn.card, question: session.turn.question, grade }] });
  }

  function advance(saveGrade: boolean, skipFollowUps = false) {
    if (!session || !result) return;
    const now = Date.now();
    const { turn } = session;
    if (saveGrade && chosenGrade) {
      const stored = user.progress.states.get(turn.card.id);
      const previous = stored ? schedulingStateOf(stored) : null;
      const next = applyGrade(previous ?? undefined, chosenGrade as GradeValue, now);
      user.saveReview({ cardId: turn.card.id, grade: chosenGrade, mode: 'recall', reviewedAt: now, previous, next });
    }
    if (db && session.id !== undefined) {
      void saveInterviewAnswer(db, {
        sessionId: session.id,
        cardId: turn.card.id,
        question: turn.question,
        answer: answer.slice(0, MAX_INTERVIEW_ANSWER_CHARS),
        coverage: result.points.map((p) => p.coverage),
        ...(saveGrade && chosenGrade ? { grade: chosenGrade } : {}),
        depth: turn.depth,
        answeredAt: now,
      }).catch(() => undefined);
    }
    setAnswer('');
    setResult(undefined);
    const follow = !skipFollowUps && turn.depth < MAX_FOLLOW_UP_DEPTH ? nextFollowUp(turn.card, byId, session.asked) : undefined;
    if (follow) {
      setSession({ ...session, turn: { card: follow.card, question: follow.question, depth: turn.depth + 1 }, asked: new Set([...session.asked, follow.card.id]) });
      focusAnswer();
      return;
    }
    moveOn(session);
  }

  function moveOn(current: Session) {
    const position = current.openings.findIndex((card, i) => i > current.position && !current.asked.has(card.id));
    if (position < 0) {
      if (db && current.id !== undefined) void endInterviewSession(db, current.id, Date.now()).catch(() => undefined);
      setSession({ ...current, done: true });
      return;
    }
    const card = current.openings[position]!;
    setSession({ ...current, position, turn: { card, question: questionFor(card, position), depth: 0 }, asked: new Set([...current.asked, card.id]) });
    setAnswer('');
    setResult(undefined);
    focusAnswer();
  }

  if (!session) {
    return (
      <section aria-labelledby="interview-heading" className="flex flex-col gap-3">
        <h2 id="interview-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">Mock interview</h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Answer in your own words; each answer is checked against the card's key points, offline, and followed up.
        </p>
        <label className="flex flex-col gap-1 text-sm text-zinc-800 dark:text-zinc-200">
          Questions from
          <select
            className={inputClass}
            value={scope.kind === 'weak-and-due' ? '' : `${scope.kind}:${scope.kind === 'concept' ? scope.concept : scope.tag}`}
            onChange={(e) => {
              const [kind, value] = e.target.value.split(/:(.*)/);
              setScope(!value ? { kind: 'weak-and-due' } : kind === 'concept' ? { kind: 'concept', concept: value } : { kind: 'tag', tag: value });
            }}
          >
            <option value="">Weak and due concepts</option>
            <optgroup label="Concept">
              {knowledgeBase.concepts.map((c) => (
                <option key={c.id} value={`concept:${c.id}`}>{c.title}</option>
              ))}
            </optgroup>
            <optgroup label="Tag">
              {tags.map((tag) => (
                <option key={tag} value={`tag:${tag}`}>{tag}</option>
              ))}
            </optgroup>
          </select>
        </label>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          {openings.length === 0 ? 'No card in this choice has key points to check answers against yet.' : `${openings.length} opening questions, each with up to ${MAX_FOLLOW_UP_DEPTH} follow-ups.`}
        </p>
        <div>
          <button type="button" className={primaryButtonClass} onClick={() => void start()} disabled={openings.length === 0}>
            Start interview
          </button>
        </div>
      </section>
    );
  }

  if (session.done) {
    const toReview = cardsToReview(session.graded);
    const coveredCount = (grade: AnswerGrade) => grade.points.filter((p) => p.coverage === 'covered').length;
    return (
      <section aria-labelledby="interview-summary-heading" className="flex flex-col gap-3">
        <h2 id="interview-summary-heading" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">Interview summary</h2>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          {session.graded.length} answers, {session.graded.reduce((n, g) => n + coveredCount(g.grade), 0)} of{' '}
          {session.graded.reduce((n, g) => n + g.grade.points.length, 0)} key points covered.
        </p>
        <h3 className={sectionTitleClass}>Your answers</h3>
        <ol aria-label="Your answers" className="flex flex-col gap-1 text-sm text-zinc-800 dark:text-zinc-200">
          {session.graded.map(({ card, question, grade }, i) => (
            <li key={`${card.id}:${i}`} className="flex flex-wrap justify-between gap-x-2">
              <span className="min-w-0">{question}</span>
              <span className="shrink-0 text-zinc-600 dark:text-zinc-400">
                {coveredCount(grade)} of {grade.points.length} points
              </span>
            </li>
          ))}
        </ol>
        <h3 className={sectionTitleClass}>Points missed most</h3>
        {toReview.length === 0 ? (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">None: every key point was covered.</p>
        ) : (
          <ul aria-label="Points missed most" className="flex flex-col gap-3">
            {toReview.map((card) => (
              <li key={card.cardId} className="flex flex-col gap-1 text-sm text-zinc-800 dark:text-zinc-200">
                <div>
                  <button type="button" className={linkClass} onClick={() => onOpenCard(card.cardId)}>
                    Open card: {card.cardTitle}
                  </button>
                </div>
                <ul className="flex flex-col gap-1 pl-1">
                  {card.points.map((point) => {
                    const label = COVERAGE_LABEL[point.everMissed ? 'missed' : 'partial'];
                    return (
                      <li key={point.text} className="flex gap-1.5">
                        <span className={`shrink-0 font-semibold ${label.className}`}>
                          <span aria-hidden="true">{label.icon} </span>
                          <span className="sr-only">{label.text}: </span>
                        </span>
                        <span className="min-w-0">{point.text}</span>
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )}
        <div>
          <button type="button" className={buttonClass} onClick={() => setSession(undefined)}>New interview</button>
        </div>
      </section>
    );
  }

  const { turn } = session;
  const follow = result && turn.depth < MAX_FOLLOW_UP_DEPTH ? nextFollowUp(turn.card, byId, session.asked) : undefined;
  return (
    <section aria-labelledby="interview-question" className="flex flex-col gap-3">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Question {session.position + 1} of {session.openings.length}
        {turn.depth > 0 ? ` · follow-up ${turn.depth}` : ''}
      </p>
      <h2 id="interview-question" className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{turn.question}</h2>
      <label htmlFor="interview-answer" className="text-sm text-zinc-800 dark:text-zinc-200">
        Your answer <span className="text-zinc-600 dark:text-zinc-400">(Ctrl+Enter submits)</span>
      </label>
      <textarea
        id="interview-answer"
        ref={answerRef}
        className={`${inputClass} min-h-28`}
        value={answer}
        maxLength={MAX_INTERVIEW_ANSWER_CHARS}
        readOnly={!!result}
        onChange={(e) => setAnswer(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {!result ? (
        <div>
          <button type="button" className={primaryButtonClass} onClick={submit}>Submit answer</button>
        </div>
      ) : (
        <>
          <h3 className={sectionTitleClass}>Key points</h3>
          <ul aria-label="Key points graded" className="flex flex-col gap-1.5">
            {result.points.map((point) => {
              const label = COVERAGE_LABEL[point.coverage];
              return (
                <li key={point.index} className="flex gap-2 text-sm text-zinc-800 dark:text-zinc-200">
                  <span className={`shrink-0 font-semibold ${label.className}`}>
                    <span aria-hidden="true">{label.icon} </span>
                    {label.text}:
                  </span>
                  <span>{point.text}</span>
                </li>
              );
            })}
          </ul>
          <h3 className={sectionTitleClass}>The card's answer</h3>
          <p className="text-sm text-zinc-800 dark:text-zinc-200">{turn.card.answer}</p>
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm text-zinc-800 dark:text-zinc-200">
              Grade to save (suggested from {Math.round(result.coverage * 100)}% coverage)
            </legend>
            <div className="flex flex-wrap gap-3">
              {GRADES.map(({ grade, label }) => (
                <label key={grade} className="flex items-center gap-1 text-sm text-zinc-800 dark:text-zinc-200">
                  <input type="radio" name="interview-grade" checked={chosenGrade === grade} onChange={() => setChosenGrade(grade)} />
                  {label}
                  {grade === suggestedGrade(result) ? ' (suggested)' : ''}
                </label>
              ))}
            </div>
          </fieldset>
          {follow && <p className="text-sm text-zinc-700 dark:text-zinc-300">Next, a follow-up: {follow.question}</p>}
          <div className="flex flex-wrap gap-2">
            <button type="button" className={primaryButtonClass} onClick={() => advance(true)}>
              Save grade and {follow ? 'take the follow-up' : 'continue'}
            </button>
            <button type="button" className={buttonClass} onClick={() => advance(false)}>
              Continue without saving
            </button>
            {follow && (
              <button type="button" className={buttonClass} onClick={() => advance(true, true)}>
                Save grade and skip the follow-ups
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
