import { stem, tokenize } from '@/utils/search';

function Marked({ text, terms }: { text: string; terms: ReadonlySet<string> }) {
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

/** Card text with `inline code` set in code type and the words the search matched marked.
 * Always React text nodes, never HTML. */
export function HighlightedText({ text, terms }: { text: string; terms: ReadonlySet<string> }) {
  const segments = text.split(/(`[^`\n]+`)/);
  return (
    <>
      {segments.map((segment, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 font-mono text-[0.85em] [overflow-wrap:anywhere] dark:bg-zinc-800">
            <Marked text={segment.slice(1, -1)} terms={terms} />
          </code>
        ) : (
          <Marked key={i} text={segment} terms={terms} />
        ),
      )}
    </>
  );
}
