import { useEffect, useMemo, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import { typedOutputMatches, type DrillMode } from '@/utils/drill';
import { parsonsProblem, suggestedParsonsGrade, verdictCorrect, type ParsonsVerdict } from '@/utils/parsons';
import { formatInterval, gradeLabel, GRADES, previewGrades, type GradeValue, type SchedulingState } from '@/utils/scheduler';
import { CardBadges } from '../shared/CardBadges';
import { DrillRun } from './DrillRun';
import { ParsonsDrill } from './ParsonsDrill';
import { PythonSource } from '../shared/PythonSource';
import { buttonClass, inputClass, primaryButtonClass, sectionTitleClass } from '../shared/ui';

export interface GradeChoice {
  grade: GradeValue;
  /** The moment the answer was revealed: the previews were computed for it, so grading uses it too. */
  at: number;
  answerMatched?: boolean;
}

interface DrillCardProps {
  card: Card;
  mode: DrillMode;
  state: SchedulingState | undefined;
  onGrade(choice: GradeChoice): void;
}

const GRADE_STYLE: Record<GradeValue, string> = {
  1: 'border-rose-300 text-rose-800 hover:bg-rose-50 dark:border-rose-800 dark:text-rose-200 dark:hover:bg-rose-950',
  2: 'border-amber-300 text-amber-900 hover:bg-amber-50 dark:border-amber-800 dark:text-amber-200 dark:hover:bg-amber-950',
  3: 'border-emerald-400 text-emerald-900 hover:bg-emerald-50 dark:border-emerald-700 dark:text-emerald-200 dark:hover:bg-emerald-950',
  4: 'border-sky-400 text-sky-900 hover:bg-sky-50 dark:border-sky-700 dark:text-sky-200 dark:hover:bg-sky-950',
};

function isTyping(target: EventTarget | null) {
  return target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const PROMPTS: Record<Exclude<DrillMode, 'recall'>, string> = {
  output: 'What does this print?',
  parsons: 'Put the lines in order',
};

/** One card of a session: the prompt, the user's answer, then the real answer and the four grades. */
export function DrillCard({ card, mode, state, onGrade }: DrillCardProps) {
  const [typed, setTyped] = useState('');
  const [revealedAt, setRevealedAt] = useState<number>();
  const [parsonsVerdict, setParsonsVerdict] = useState<ParsonsVerdict>();
  const promptRef = useRef<HTMLHeadingElement>(null);
  const answerRef = useRef<HTMLTextAreaElement>(null);
  const gradeRefs = useRef(new Map<GradeValue, HTMLButtonElement>());
  const parsons = mode === 'parsons' && card.code ? card.code : undefined;
  // Seeded by the card and its review count: the same problem after a reload, a new one next time.
  const problem = useMemo(() => (parsons ? parsonsProblem(parsons.source, `${card.id}:${state?.reps ?? 0}`) : undefined), [parsons, card.id, state?.reps]);
  const suggested = parsonsVerdict ? suggestedParsonsGrade(parsonsVerdict) : undefined;

  useEffect(() => {
    if (mode === 'output') answerRef.current?.focus();
    else promptRef.current?.focus();
  }, [card.id, mode]);
  useEffect(() => {
    // A Parsons check focuses its result first; the suggested grade once the verdict is in.
    if (revealedAt !== undefined && !problem) gradeRefs.current.get(GRADES[2].grade)?.focus();
  }, [revealedAt, problem]);
  useEffect(() => {
    if (suggested === undefined) return;
    // Only if the user has not gone somewhere else while the order ran.
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.id === 'parsons-result') gradeRefs.current.get(suggested)?.focus();
  }, [suggested]);

  const previews = useMemo(() => (revealedAt === undefined ? undefined : previewGrades(state, revealedAt)), [state, revealedAt]);
  const answerMatched =
    mode === 'output' && card.code ? typedOutputMatches(typed, card.code.output) : parsonsVerdict ? verdictCorrect(parsonsVerdict) : undefined;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (revealedAt === undefined) {
        if (problem) {
          // A Parsons problem is checked, like a typed answer, with Ctrl+Enter (Space picks up a line).
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            setRevealedAt(Date.now());
          }
          return;
        }
        if ((event.key === ' ' || event.key === 'Enter') && !isTyping(event.target) && !(event.target instanceof HTMLButtonElement)) {
          event.preventDefault();
          setRevealedAt(Date.now());
        }
        return;
      }
      if (isTyping(event.target)) return;
      const choice = GRADES.find((g) => g.key === event.key);
      if (choice) {
        event.preventDefault();
        onGrade({ grade: choice.grade, at: revealedAt, ...(answerMatched === undefined ? {} : { answerMatched }) });
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [revealedAt, onGrade, answerMatched, problem]);

  return (
    <article aria-labelledby="drill-prompt" data-drill-card={card.id} data-drill-mode={mode} className="flex flex-col gap-3">
      <header className="flex flex-col gap-1">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {card.title} <CardBadges card={card} />
        </p>
        <h2 id="drill-prompt" ref={promptRef} tabIndex={-1} className="text-base font-semibold focus:outline-none">
          {mode === 'recall' || (mode === 'parsons' && !problem) ? card.drill.prompt : PROMPTS[mode]}
        </h2>
      </header>
      {problem && parsons && (
        <ParsonsDrill
          code={parsons}
          problem={problem}
          checked={revealedAt !== undefined}
          onCheck={() => setRevealedAt(Date.now())}
          onVerdict={setParsonsVerdict}
        />
      )}
      {mode === 'output' && card.code && (
        <>
          <PythonSource source={card.code.source} label="The program" testId="drill-code" />
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">Your answer (what it prints)</span>
            <textarea
              ref={answerRef}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && revealedAt === undefined) {
                  event.preventDefault();
                  setRevealedAt(Date.now());
                }
              }}
              readOnly={revealedAt !== undefined}
              rows={Math.min(8, Math.max(3, card.code.output.split('\n').length))}
              spellCheck={false}
              className={`${inputClass} font-mono text-xs`}
            />
          </label>
        </>
      )}
      {revealedAt === undefined ? (
        !problem && (
          <button type="button" className={`${primaryButtonClass} self-start`} onClick={() => setRevealedAt(Date.now())}>
            Show answer <span className="font-normal">({mode === 'output' ? 'Ctrl+Enter' : 'Space'})</span>
          </button>
        )
      ) : (
        <>
          {problem ? null : mode === 'output' && card.code ? (
            <section aria-label="Your answer and the real output" className="flex flex-col gap-2">
              <p
                role="status"
                data-testid="output-verdict"
                className={`text-sm font-medium ${answerMatched ? 'text-emerald-800 dark:text-emerald-300' : 'text-rose-800 dark:text-rose-300'}`}
              >
                {answerMatched ? '✓ Exactly what it prints.' : typed.trim() ? '✗ Not what it prints.' : 'No answer typed.'}
              </p>
              <div className="grid grid-cols-1 gap-2 min-[360px]:grid-cols-2">
                <div className="flex min-w-0 flex-col gap-1">
                  <h3 className={sectionTitleClass}>You said</h3>
                  <pre className="output-wrap rounded-lg border border-zinc-200 p-2 text-xs dark:border-zinc-800">{typed || ' '}</pre>
                </div>
                <div className="flex min-w-0 flex-col gap-1">
                  <h3 className={sectionTitleClass}>It prints</h3>
                  <pre data-testid="real-output" className="output-wrap rounded-lg bg-zinc-100 p-2 text-xs text-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
                    {card.code.output}
                  </pre>
                </div>
              </div>
              <DrillRun code={card.code} typed={typed} />
            </section>
          ) : (
            <section aria-label="Answer" className="flex flex-col gap-1">
              <h3 className={sectionTitleClass}>Answer</h3>
              <p data-testid="drill-answer" className="text-sm leading-relaxed">
                {card.drill.answer}
              </p>
            </section>
          )}
          <p className="text-sm leading-relaxed text-zinc-700 dark:text-zinc-300">{card.answer}</p>
          {problem && (
            <p id="suggested-grade" data-testid="suggested-grade" className="text-sm text-zinc-800 dark:text-zinc-200">
              {suggested === undefined
                ? parsonsVerdict
                  ? 'No grade suggested: the order was not checked. Grade it yourself.'
                  : 'A grade is suggested once the check is done; you can grade now.'
                : `Suggested: ${gradeLabel(suggested)} (${suggested === GRADES[0].grade ? 'the order is not right' : 'the order is right'}). Confirm it or pick another.`}
            </p>
          )}
          <div
            role="group"
            aria-label="How well did you know it?"
            {...(problem ? { 'aria-describedby': 'suggested-grade' } : {})}
            className="grid grid-cols-2 gap-2 min-[360px]:grid-cols-4"
          >
            {GRADES.map(({ grade, label, key }) => {
              const interval = previews ? formatInterval(previews[grade].due - revealedAt) : '';
              return (
                <button
                  key={grade}
                  ref={(element) => {
                    if (element) gradeRefs.current.set(grade, element);
                    else gradeRefs.current.delete(grade);
                  }}
                  data-suggested={grade === suggested ? '' : undefined}
                  type="button"
                  data-grade={label.toLowerCase()}
                  aria-keyshortcuts={key}
                  // The name is the visible text ("1 Again 1m"), as WCAG 2.5.3 asks.
                  onClick={() => onGrade({ grade, at: revealedAt, ...(answerMatched === undefined ? {} : { answerMatched }) })}
                  className={`${buttonClass} ${GRADE_STYLE[grade]} flex min-w-0 flex-col items-center px-1 ${grade === suggested ? 'border-2 font-semibold' : ''}`}
                >
                  <span className="flex items-center gap-1">
                    <kbd className="rounded border border-current px-1 font-mono text-[11px] leading-4">{key}</kbd>
                    <span>{label}</span>
                  </span>
                  <span data-testid="grade-interval" className="text-xs font-normal">
                    {interval}
                  </span>
                </button>
              );
            })}
          </div>
        </>
      )}
    </article>
  );
}
