import { stem, tokenize } from '@/utils/search';

/** Renders text with the words the search matched wrapped in <mark>. Always text, never HTML. */
export function HighlightedText({ text, terms }: { text: string; terms: ReadonlySet<string> }) {
  if (terms.size === 0) return <>{text}</>;
  const parts = text.split(/([A-Za-z0-9_]+)/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && tokenize(part).some((token) => terms.has(stem(token))) ? <mark key={i}>{part}</mark> : part,
      )}
    </>
  );
}
