import { useCallback, useMemo, useState } from 'react';
import type { Card, KnowledgeBase } from '@/knowledge/schema';
import { allTags, buildDrillQueue, cardsInScope, drillModeFor, type DrillScope } from '@/utils/drill';
import { advanceSession, reviewsLeftInSession } from '@/utils/drill-session';
import { interviewForecast, upcomingInterview } from '@/utils/interview-date';
import { schedulingStateOf } from '@/utils/database';
import { applyGrade } from '@/utils/scheduler';
import { DrillCard, type GradeChoice } from './DrillCard';
import { DrillSetup } from './DrillSetup';
import { DrillSummary, type SessionResult } from './DrillSummary';
import type { UndoableReview, UserProgressApi } from '../shared/use-user-progress';
import { buttonClass } from '../shared/ui';

interface DrillViewProps {
  knowledgeBase: KnowledgeBase;
  user: UserProgressApi;
  scope: DrillScope;
  onScopeChange(scope: DrillScope): void;
  onOpenCard(cardId: string): void;
  onShowProgress(): void;
}

interface Session {
  /** Card ids in the order they are asked; a card graded into a short learning step comes back at the end. */
  queue: string[];
  position: number;
  results: SessionResult[];
  undo: { undoable: UndoableReview; queue: string[] }[];
  startedAt: number;
  done: boolean;
}

/** Drill: setup (scope, counts), then one card at a time, then a summary. */
export function DrillView({ knowledgeBase, user, scope, onScopeChange, onOpenCard, onShowProgress }: DrillViewProps) {
  const [session, setSession] = useState<Session>();
  const byId = useMemo(() => new Map(knowledgeBase.cards.map((card) => [card.id, card])), [knowledgeBase]);
  const tags = useMemo(() => allTags(knowledgeBase.cards), [knowledgeBase]);
  const bookmarked = useMemo(() => new Set(user.progress.bookmarks.map((b) => b.cardId)), [user.progress.bookmarks]);
  const scoped = useMemo(
    () => cardsInScope(knowledgeBase.cards, knowledgeBase.concepts, scope, bookmarked),
    [knowledgeBase, scope, bookmarked],
  );
  const now = Date.now();
  const interview = upcomingInterview(user.progress.interviewDate, now);
  const queue = buildDrillQueue({
    cards: scoped,
    states: user.progress.states,
    now,
    dailyNewLimit: user.dailyNewLimit,
    newIntroducedToday: user.progress.newIntroducedSince,
    interview: interviewForecast(interview),
  });
  const nextDue = Math.min(...scoped.map((card) => user.progress.states.get(card.id)?.due ?? Infinity));

  const start = () =>
    setSession({ queue: queue.cards.map((card) => card.id), position: 0, results: [], undo: [], startedAt: Date.now(), done: false });

  const currentId = session && !session.done ? session.queue[session.position] : undefined;
  const current: Card | undefined = currentId ? byId.get(currentId) : undefined;
  const currentState = current ? user.progress.states.get(current.id) : undefined;

  // Grading updates the stored progress and the session in one render (the write runs in
  // the background), so the next card never shows with a half-applied state.
  const grade = useCallback(
    (choice: GradeChoice) => {
      if (!session || !current) return;
      const stored = user.progress.states.get(current.id);
      const previous = stored ? schedulingStateOf(stored) : null;
      const next = applyGrade(previous ?? undefined, choice.grade, choice.at);
      const mode = drillModeFor(current, previous ?? undefined);
      const matched = choice.answerMatched === undefined ? {} : { answerMatched: choice.answerMatched };
      const undoable = user.saveReview({ cardId: current.id, grade: choice.grade, mode, ...matched, previous, next, reviewedAt: choice.at });
      const { queue: nextQueue, position, done } = advanceSession(session, next, choice.at);
      setSession({
        ...session,
        queue: [...nextQueue],
        position,
        results: [...session.results, { card: current, grade: choice.grade, mode, ...matched }],
        undo: [...session.undo, { undoable, queue: session.queue }],
        done,
      });
    },
    [session, current, user],
  );

  function undoLast() {
    const last = session?.undo.at(-1);
    if (!session || !last) return;
    // Reverts the progress in memory now (the stored copy follows), with the session in the same render.
    void user.undo(last.undoable);
    setSession({
      ...session,
      queue: last.queue,
      position: session.position - 1,
      results: session.results.slice(0, -1),
      undo: session.undo.slice(0, -1),
      done: false,
    });
  }

  if (!session) {
    return (
      <DrillSetup
        scope={scope}
        onScopeChange={onScopeChange}
        concepts={knowledgeBase.concepts}
        tags={tags}
        queue={queue}
        dailyNewLimit={user.dailyNewLimit}
        interview={interview}
        nextDue={Number.isFinite(nextDue) ? nextDue : undefined}
        now={now}
        onStart={start}
      />
    );
  }
  if (session.done || !current) {
    return (
      <div className="flex flex-col gap-3">
        <DrillSummary
          results={session.results}
          elapsedMs={Date.now() - session.startedAt}
          onDrillMore={() => setSession(undefined)}
          onShowProgress={onShowProgress}
          onOpenCard={onOpenCard}
        />
        {session.undo.length > 0 && (
          <button type="button" className={`${buttonClass} self-start`} onClick={undoLast}>
            Undo last grade
          </button>
        )}
      </div>
    );
  }
  // Reviews left, learning steps included: a card graded Again or Hard (or a new card graded
  // Good) comes back, so the count says how many more grades the session will ask for.
  const remaining = reviewsLeftInSession(session.queue.slice(session.position), user.progress.states, now);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span data-testid="drill-remaining">
          {remaining} {remaining === 1 ? 'review' : 'reviews'} to go · {session.results.length} done
        </span>
        <span className="flex flex-wrap gap-2">
          <button type="button" className={buttonClass} disabled={session.undo.length === 0} onClick={undoLast}>
            Undo
          </button>
          <button type="button" className={buttonClass} onClick={() => setSession({ ...session, done: true })}>
            End session
          </button>
        </span>
      </div>
      <DrillCard key={`${current.id}:${session.position}`} card={current} mode={drillModeFor(current, currentState)} state={currentState} onGrade={grade} />
    </div>
  );
}
