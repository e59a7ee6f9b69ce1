import { setCodeWrap, useCodeWrap } from './use-code-wrap';

/** Switches every code block between wrapped lines (the default) and one line per line with sideways scrolling. */
export function CodeWrapToggle({ className }: { className: string }) {
  const wrap = useCodeWrap();
  return (
    <button type="button" aria-pressed={wrap} onClick={() => setCodeWrap(!wrap)} className={`${className} inline-flex items-center gap-1`}>
      {/* The state shows as a check box, not by colour alone. */}
      <span aria-hidden="true">{wrap ? '☑' : '☐'}</span>
      Wrap lines
    </button>
  );
}
