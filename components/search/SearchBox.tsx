import { forwardRef } from 'react';

interface SearchBoxProps {
  value: string;
  onChange(value: string): void;
  onKeyDown(event: React.KeyboardEvent<HTMLInputElement>): void;
  onBlur?(): void;
  activeDescendant?: string;
  /** The id of the result list, while one is shown. */
  controls?: string;
  /** Focus on mount: when the panel opens, not when the user arrows onto the Search tab. */
  autoFocus: boolean;
}

export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox(
  { value, onChange, onKeyDown, onBlur, activeDescendant, controls, autoFocus },
  ref,
) {
  return (
    <div className="relative">
      <label htmlFor="copilot-search" className="sr-only">
        Search asyncio cards
      </label>
      <input
        id="copilot-search"
        ref={ref}
        type="search"
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={controls !== undefined}
        aria-controls={controls}
        aria-activedescendant={activeDescendant}
        placeholder="Ask about asyncio, paste an error…   ( / )"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        className="w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-500 focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
      />
    </div>
  );
});
