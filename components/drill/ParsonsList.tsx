import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { PythonSource } from '../shared/PythonSource';

interface ParsonsListProps {
  /** Every piece's text, in the original order; `order` says where each one is now. */
  pieces: readonly string[];
  order: readonly number[];
  onMove(from: number, to: number): void;
  /** After the check: for each position, whether it holds the original's line. The list is then read-only. */
  inPlace?: readonly boolean[] | undefined;
}

/** A piece as a screen reader says it: its lines, trimmed, on one line. */
export function spokenPiece(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

type FocusPart = 'line' | 'up' | 'down';

const moveButtonClass =
  'flex h-6 min-w-6 items-center justify-center rounded border border-zinc-300 text-sm leading-none text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:outline-sky-400';

/**
 * The lines of a Parsons problem as an ordered list that the user rearranges: by mouse
 * (native drag and drop, no library), by the Move up / Move down buttons, or by keyboard —
 * ↑/↓ go from line to line, Alt+↑/Alt+↓ move the focused line, and Space picks a line up
 * so that ↑/↓ carry it (Space drops it, Esc puts it back). Moves are announced in a polite
 * live region. One Tab stop for the list (the focused line) and its two buttons.
 */
export function ParsonsList({ pieces, order, onMove, inPlace }: ParsonsListProps) {
  const checked = inPlace !== undefined;
  const count = order.length;
  const [active, setActive] = useState(0);
  const [grabbed, setGrabbed] = useState<{ piece: number; from: number }>();
  const [announcement, setAnnouncement] = useState('');
  const [dragFrom, setDragFrom] = useState<number>();
  /** Where a dragged line would go: before the line at this position (count: after the last). */
  const [dropSlot, setDropSlot] = useState<number>();
  const focusRequest = useRef<{ piece: number; part: FocusPart }>(undefined);
  const elements = useRef(new Map<string, HTMLElement>());
  const instructionsId = useId();

  const register = (piece: number, part: FocusPart) => (element: HTMLElement | null) => {
    if (element) elements.current.set(`${piece}:${part}`, element);
    else elements.current.delete(`${piece}:${part}`);
  };

  // After a move the moved line (or the button that moved it) keeps the focus; React may
  // have taken its element out of the document and put it back, which drops focus.
  useEffect(() => {
    const request = focusRequest.current;
    if (!request) return;
    focusRequest.current = undefined;
    const wanted = elements.current.get(`${request.piece}:${request.part}`);
    const target = wanted && !(wanted as HTMLButtonElement).disabled ? wanted : elements.current.get(`${request.piece}:line`);
    target?.focus();
  });

  function move(from: number, to: number, part: FocusPart, how: 'moved' | 'carried' = 'moved') {
    if (to < 0 || to >= count || from === to) {
      setAnnouncement(to < 0 ? 'Already the first line.' : 'Already the last line.');
      return;
    }
    const piece = order[from]!;
    onMove(from, to);
    setActive(to);
    focusRequest.current = { piece, part };
    setAnnouncement(`${how === 'carried' ? 'Carrying' : 'Moved'} ${spokenPiece(pieces[piece]!)}: now line ${to + 1} of ${count}.`);
  }

  function focusLine(position: number) {
    const clamped = Math.max(0, Math.min(count - 1, position));
    setActive(clamped);
    elements.current.get(`${order[clamped]}:line`)?.focus();
  }

  function drop(position: number) {
    const piece = order[position]!;
    setGrabbed(undefined);
    setAnnouncement(`Dropped ${spokenPiece(pieces[piece]!)} at line ${position + 1} of ${count}.`);
  }

  /** Tabbing or clicking away with a line picked up leaves it where it is. A move can take the
   * line's element out of the document for a moment (focus returns to it), so this looks after the effects. */
  function dropIfLeft(piece: number) {
    requestAnimationFrame(() => {
      if (document.activeElement === elements.current.get(`${piece}:line`)) return;
      setGrabbed((current) => (current?.piece === piece ? undefined : current));
    });
  }

  function onLineKeyDown(event: KeyboardEvent<HTMLElement>, position: number) {
    const piece = order[position]!;
    const up = event.key === 'ArrowUp';
    const down = event.key === 'ArrowDown';
    if (event.ctrlKey || event.metaKey) return;
    if (grabbed) {
      if (up || down) move(position, position + (up ? -1 : 1), 'line', 'carried');
      else if (event.key === ' ' || event.key === 'Enter') drop(position);
      else if (event.key === 'Escape') {
        onMove(position, grabbed.from);
        setActive(grabbed.from);
        focusRequest.current = { piece, part: 'line' };
        setGrabbed(undefined);
        setAnnouncement(`Put back: ${spokenPiece(pieces[piece]!)} is line ${grabbed.from + 1} of ${count} again.`);
      } else return;
    } else if ((up || down) && event.altKey) move(position, position + (up ? -1 : 1), 'line');
    else if (up || down) focusLine(position + (up ? -1 : 1));
    else if (event.key === 'Home') focusLine(0);
    else if (event.key === 'End') focusLine(count - 1);
    else if (event.key === ' ' || event.key === 'Enter') {
      setGrabbed({ piece, from: position });
      setAnnouncement(
        `Picked up ${spokenPiece(pieces[piece]!)}, line ${position + 1} of ${count}. Up and down arrows move it, Space drops it, Escape puts it back.`,
      );
    } else return;
    // Handled here: the drill's own keys (Space reveals, Esc) must not act on it too.
    event.preventDefault();
    event.stopPropagation();
  }

  function slotFor(event: DragEvent<HTMLElement>, position: number): number {
    const box = event.currentTarget.getBoundingClientRect();
    return event.clientY < box.top + box.height / 2 ? position : position + 1;
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    const from = dragFrom;
    const slot = dropSlot;
    setDragFrom(undefined);
    setDropSlot(undefined);
    if (from === undefined || slot === undefined) return;
    const to = slot > from ? slot - 1 : slot;
    if (to !== from) move(from, to, 'line');
  }

  return (
    <div className="flex flex-col gap-1">
      <p id={instructionsId} className="text-xs text-zinc-600 dark:text-zinc-400">
        {checked
          ? 'Your order, checked line by line against the snippet.'
          : 'Drag the lines into order or use the ↑ ↓ buttons. Keys: Alt+↑/↓ moves the focused line; Space picks it up, arrows carry it, Space drops it. Lines keep their indentation.'}
      </p>
      <ol
        aria-label={checked ? 'Your order, checked' : 'Program lines, in your order'}
        className="flex flex-col gap-1"
        // The whole list takes the drop (the gaps between lines too); the line under the pointer sets where.
        onDragOver={(event) => {
          if (dragFrom === undefined) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
        }}
        onDrop={onDrop}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropSlot(undefined);
        }}
      >
        {order.map((piece, position) => {
          const text = pieces[piece]!;
          const spoken = spokenPiece(text);
          const place = inPlace?.[position];
          const rovingTab = position === active ? 0 : -1;
          const dropBefore = dropSlot === position && dragFrom !== undefined && dragFrom !== position && dragFrom !== position - 1;
          const dropAfter = dropSlot === position + 1 && position === count - 1 && dragFrom !== undefined && dragFrom !== position;
          return (
            <li
              key={piece}
              data-piece={piece}
              data-in-place={place === undefined ? undefined : String(place)}
              draggable={!checked}
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = 'move';
                // Firefox starts a drag only with some data set.
                event.dataTransfer.setData('text/plain', text);
                setDragFrom(position);
              }}
              onDragOver={(event) => {
                if (dragFrom === undefined) return;
                const slot = slotFor(event, position);
                if (slot !== dropSlot) setDropSlot(slot);
              }}
              onDragEnd={() => {
                setDragFrom(undefined);
                setDropSlot(undefined);
              }}
              className={`relative flex items-stretch gap-1 ${dragFrom === position ? 'opacity-50' : ''} ${checked ? '' : 'cursor-grab active:cursor-grabbing'}`}
            >
              {(dropBefore || dropAfter) && (
                <span aria-hidden="true" className={`pointer-events-none absolute inset-x-0 h-0.5 rounded bg-sky-600 dark:bg-sky-400 ${dropBefore ? '-top-[3px]' : '-bottom-[3px]'}`} />
              )}
              {checked && (
                <span
                  aria-hidden="true"
                  className={`flex w-5 shrink-0 items-start justify-center pt-1.5 text-sm font-bold ${place ? 'text-emerald-700 dark:text-emerald-300' : 'text-rose-700 dark:text-rose-300'}`}
                >
                  {place ? '✓' : '✗'}
                </span>
              )}
              <div
                ref={register(piece, 'line')}
                {...(checked
                  ? {}
                  : {
                      role: 'button',
                      tabIndex: rovingTab,
                      'aria-roledescription': 'movable line',
                      'aria-label': `Line ${position + 1} of ${count}: ${spoken}`,
                      'aria-describedby': instructionsId,
                      'aria-pressed': grabbed?.piece === piece,
                      onKeyDown: (event: KeyboardEvent<HTMLElement>) => onLineKeyDown(event, position),
                      onFocus: () => setActive(position),
                      onBlur: () => dropIfLeft(piece),
                    })}
                className={`min-w-0 flex-1 rounded-md border focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400 ${
                  grabbed?.piece === piece
                    ? 'border-sky-600 ring-2 ring-sky-600/40 dark:border-sky-400'
                    : place === true
                      ? 'border-emerald-600 dark:border-emerald-500'
                      : place === false
                        ? 'border-rose-600 dark:border-rose-500'
                        : 'border-zinc-300 dark:border-zinc-700'
                }`}
              >
                {checked && <span className="sr-only">{`Line ${position + 1}, ${place ? 'in place' : 'not in place'}: `}</span>}
                <PythonSource source={text} layout="hanging" className="min-h-6 rounded-md px-2 py-1 font-mono text-xs leading-relaxed" />
              </div>
              {!checked && (
                <span className="flex shrink-0 flex-col gap-1 min-[360px]:flex-row min-[360px]:items-start">
                  <button
                    ref={register(piece, 'up')}
                    type="button"
                    tabIndex={rovingTab}
                    disabled={position === 0}
                    aria-label={`Move up: ${spoken}`}
                    title="Move up"
                    onFocus={() => setActive(position)}
                    onClick={() => move(position, position - 1, 'up')}
                    className={moveButtonClass}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    ref={register(piece, 'down')}
                    type="button"
                    tabIndex={rovingTab}
                    disabled={position === count - 1}
                    aria-label={`Move down: ${spoken}`}
                    title="Move down"
                    onFocus={() => setActive(position)}
                    onClick={() => move(position, position + 1, 'down')}
                    className={moveButtonClass}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p aria-live="polite" className="sr-only" data-testid="parsons-announcement">
        {announcement}
      </p>
    </div>
  );
}
