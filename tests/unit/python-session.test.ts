import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { PYODIDE_PACKAGE_DIR } from '../../knowledge/pyodide-snippets';
import { outputText } from '../../utils/python/runner';
import { createPythonSession, MAX_OUTPUT_CHARS, PYTHON_ENV, type OutputChunk, type PythonSession } from '../../utils/python/session';

/** The session the panel's worker runs, on the real Pyodide package, in this process. */
describe('a Python session in Pyodide', () => {
  let session: PythonSession;
  beforeAll(async () => {
    session = createPythonSession(await loadPyodide({ indexURL: PYODIDE_PACKAGE_DIR, env: PYTHON_ENV }));
  }, 60_000);

  function run(source: string) {
    const batches: OutputChunk[][] = [];
    const result = session.run(source, (chunks) => batches.push(chunks));
    const chunks = batches.flat();
    return { ...result, batches, text: outputText(chunks), stdout: outputText(chunks, 'stdout'), stderr: outputText(chunks, 'stderr') };
  }

  it('runs a snippet as main.py in a fresh __main__ every time', () => {
    expect(run('x = 41\nprint(__name__, __file__, x + 1)').text).toBe('__main__ main.py 42\n');
    expect(run('print(globals().get("x"))\nif __name__ == "__main__":\n    print("entry point")').text).toBe('None\nentry point\n');
    expect(run('print(open(__file__).read().splitlines()[0])').text).toBe('print(open(__file__).read().splitlines()[0])\n');
    run('open("notes.txt", "w").write("left behind")');
    expect(run('import os\nprint(sorted(os.listdir(".")))').text).toBe("['main.py']\n");
  });

  it('runs asyncio.run on CPython\'s own loop, fresh for every run (task names start at Task-1)', () => {
    const source = [
      'import asyncio',
      'async def main():',
      '    await asyncio.sleep(0.01)',
      '    print(type(asyncio.get_running_loop()).__name__, asyncio.current_task().get_name())',
      'asyncio.run(main())',
    ].join('\n');
    expect(run(source).text).toBe('_UnixSelectorEventLoop Task-1\n');
    expect(run(source).text).toBe('_UnixSelectorEventLoop Task-1\n');
    expect(run('import asyncio\ntry:\n    asyncio.get_running_loop()\nexcept RuntimeError as e:\n    print(e)').text).toBe('no running event loop\n');
  });

  it('keeps stdout and stderr in the order they were written, and hands output on before a sleep', () => {
    const ordered = run('import sys\nprint("a")\nprint("b", file=sys.stderr)\nprint("c")');
    expect(ordered.batches.flat()).toEqual([
      { stream: 'stdout', text: 'a\n' },
      { stream: 'stderr', text: 'b\n' },
      { stream: 'stdout', text: 'c\n' },
    ]);
    const slept = run('import asyncio\nasync def main():\n    print("before")\n    await asyncio.sleep(0.05)\n    print("after")\nasyncio.run(main())');
    expect(slept.batches.map((b) => outputText(b))).toEqual(['before\n', 'after\n']);
  });

  it('prints an uncaught exception as CPython does, from main.py, with exit code 1', () => {
    const result = run('print("start")\nraise ValueError("boom")');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('start\n');
    expect(result.stderr).toBe('Traceback (most recent call last):\n  File "main.py", line 2, in <module>\n    raise ValueError("boom")\nValueError: boom\n');
    const syntax = run('print("never"\n');
    expect(syntax.exitCode).toBe(1);
    expect(syntax.stderr).toMatch(/^ {2}File "main.py", line 1\n[\s\S]*SyntaxError: '\(' was never closed\n$/);
  });

  it('turns sys.exit into the exit code', () => {
    expect(run('import sys\nsys.exit()').exitCode).toBe(0);
    expect(run('import sys\nsys.exit(3)').exitCode).toBe(3);
    const message = run('import sys\nsys.exit("bad config")');
    expect(message.exitCode).toBe(1);
    expect(message.stderr).toBe('bad config\n');
  });

  it('does not carry one run\'s interpreter settings into the next', () => {
    run('import warnings, tracemalloc, sys\nwarnings.simplefilter("error")\ntracemalloc.start()\nsys.stdout = None');
    const next = run('import warnings, tracemalloc\nwarnings.warn("just a warning")\nprint(tracemalloc.is_tracing())');
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toBe('False\n');
    expect(next.stderr).toContain('UserWarning: just a warning');
  });

  it('stops forwarding a runaway print loop at the output cap', () => {
    const result = run(`for i in range(${MAX_OUTPUT_CHARS}):\n    print("line", i)`);
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBe(MAX_OUTPUT_CHARS);
    expect(run('print("ok")')).toMatchObject({ truncated: false, text: 'ok\n' });
  });
});
