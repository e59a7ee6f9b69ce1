import { useEffect, useMemo, useRef, useState } from 'react';
import type { Card } from '@/knowledge/schema';
import { compareOutput } from '@/utils/python/compare-output';
import { outputText } from '@/utils/python/runner';
import {
  arrangedProgram,
  isOriginalOrder,
  maskLineNumbers,
  movePiece,
  piecesInPlace,
  verdictFromRun,
  type ParsonsProblem,
  type ParsonsVerdict,
} from '@/utils/parsons';
import { RunOutput } from '../card/RunOutput';
import { RunProgress } from '../card/RunProgress';
import { usePythonRun, useRunTimeLimit } from '../card/use-python-run';
import { PythonSource } from '../shared/PythonSource';
import { buttonClass, primaryButtonClass, sectionTitleClass } from '../shared/ui';
import { ParsonsList } from './ParsonsList';

interface ParsonsDrillProps {
  code: NonNullable<Card['code']>;
  problem: ParsonsProblem;
  /** Set by the drill card when the user asks for the check (it is the card's reveal). */
  checked: boolean;
  onCheck(): void;
  onVerdict(verdict: ParsonsVerdict): void;
}

const VERDICT_TEXT: Record<ParsonsVerdict['kind'], string> = {
  'original-order': '✓ Right: the snippet’s own order.',
  'same-output': '✓ Right: another order than the snippet’s, and it prints exactly the same.',
  'different-output': '✗ Not right: in this order it prints something else.',
  'did-not-finish': '✗ Not right: in this order it did not finish within the time limit (the snippet does).',
  'not-checked': 'Not checked by running it.',
};

/**
 * A Parsons problem in a drill: the shuffled lines to put in order, then the check — which
 * lines are in the snippet's place; if the order differs, the order is run in the panel's
 * Python and counts as right when it prints the card's output — then the snippet itself.
 */
export function ParsonsDrill({ code, problem, checked, onCheck, onVerdict }: ParsonsDrillProps) {
  const [order, setOrder] = useState<number[]>(problem.shuffled);
  const [verdict, setVerdict] = useState<ParsonsVerdict>();
  const { view, run, stop, busy } = usePythonRun();
  const [timeLimit] = useRunTimeLimit();
  const resultRef = useRef<HTMLHeadingElement>(null);
  const onVerdictRef = useRef(onVerdict);
  onVerdictRef.current = onVerdict;

  const inPlace = useMemo(() => (checked ? piecesInPlace(problem, order) : undefined), [checked, problem, order]);
  const original = checked && isOriginalOrder(problem, order);

  async function runArrangement() {
    setVerdict(undefined);
    const result = await run(arrangedProgram(problem, order));
    const next = verdictFromRun(code.output, result, outputText(result.output));
    setVerdict(next);
    onVerdictRef.current(next);
  }

  useEffect(() => {
    if (!checked) return;
    resultRef.current?.focus();
    if (isOriginalOrder(problem, order)) {
      const next: ParsonsVerdict = { kind: 'original-order' };
      setVerdict(next);
      onVerdictRef.current(next);
    } else void runArrangement();
    // Runs once, when the check is asked for; the order is frozen from then on.
  }, [checked]);

  const finished = view.phase === 'finished' && view.result.exitCode !== undefined ? view.result : undefined;
  // Compared as the verdict is: the program's line numbers aside (they move with the lines).
  const comparison = finished ? compareOutput(maskLineNumbers(code.output), maskLineNumbers(outputText(finished.output))) : undefined;
  const placed = inPlace?.filter(Boolean).length ?? 0;
  const good = verdict && (verdict.kind === 'original-order' || verdict.kind === 'same-output');

  return (
    <div className="flex flex-col gap-3">
      {problem.fixed && (
        <div className="flex flex-col gap-1">
          <h3 className={sectionTitleClass}>Fixed first lines</h3>
          <PythonSource source={problem.fixed} label="Fixed first lines" layout="hanging" testId="parsons-fixed" />
        </div>
      )}
      <ParsonsList
        pieces={problem.pieces}
        order={order}
        onMove={(from, to) => setOrder((current) => movePiece(current, from, to))}
        inPlace={inPlace}
      />
      {!checked ? (
        <button type="button" className={`${primaryButtonClass} self-start`} onClick={onCheck}>
          Check order <span className="font-normal">(Ctrl+Enter)</span>
        </button>
      ) : (
        <section aria-labelledby="parsons-result" className="flex flex-col gap-2">
          <h3 id="parsons-result" ref={resultRef} tabIndex={-1} className={`${sectionTitleClass} focus:outline-none`}>
            The check
          </h3>
          <p data-testid="parsons-placed" className="text-sm">
            {placed} of {order.length} lines in the snippet’s place.
          </p>
          {!original && (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm">{busy ? 'A different order: running it to compare what it prints…' : 'A different order, run in the panel’s Python:'}</span>
              <RunProgress view={view} />
              {busy && (
                <button type="button" className={buttonClass} onClick={stop}>
                  Stop
                </button>
              )}
              {verdict?.kind === 'not-checked' && (
                <button type="button" className={buttonClass} onClick={() => void runArrangement()}>
                  ▶ Run it again
                </button>
              )}
            </div>
          )}
          <p
            role="status"
            data-testid="parsons-verdict"
            data-verdict={verdict?.kind ?? 'running'}
            className={`text-sm font-medium ${verdict === undefined ? '' : good ? 'text-emerald-800 dark:text-emerald-300' : verdict.kind === 'not-checked' ? 'text-zinc-800 dark:text-zinc-200' : 'text-rose-800 dark:text-rose-300'}`}
          >
            {verdict === undefined ? '' : verdict.kind === 'not-checked' ? `${VERDICT_TEXT[verdict.kind]} ${verdict.reason}` : VERDICT_TEXT[verdict.kind]}
          </p>
          {!original && view.phase !== 'idle' && (
            <RunOutput view={view} timeLimitMs={timeLimit} comparison={comparison} comparedWith="the card's output" />
          )}
          <div className="flex flex-col gap-1">
            <h3 className={sectionTitleClass}>The snippet</h3>
            <PythonSource source={code.source} label="The snippet in its order" layout="hanging" testId="parsons-answer" />
          </div>
        </section>
      )}
    </div>
  );
}
