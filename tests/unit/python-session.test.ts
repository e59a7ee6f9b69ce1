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

  it('forgets the logging configuration a run set up', () => {
    run('import logging\nlogging.basicConfig(level=logging.DEBUG, format="%(name)s %(levelname)s: %(message)s")\nlogging.getLogger("asyncio").setLevel(logging.CRITICAL)\nlogging.getLogger("app").addHandler(logging.StreamHandler())\nlogging.disable(logging.INFO)');
    const next = run('import logging\nlogging.getLogger("asyncio").error("loop trouble")\nlogging.getLogger("app").info("not shown")\nprint(logging.getLogger().handlers, logging.getLogger("app").handlers, logging.getLogger("asyncio").level)');
    expect(next.stderr).toBe('loop trouble\n');
    expect(next.stdout).toBe('[] [] 0\n');
  });

  it('forgets warnings filters and which warnings were already shown', () => {
    run('import warnings\nwarnings.simplefilter("error")');
    const warned = run('import warnings\nwarnings.warn("careful")\nprint("still running")');
    expect(warned.exitCode).toBe(0);
    expect(warned.stdout).toBe('still running\n');
    expect(warned.stderr).toBe('main.py:2: UserWarning: careful\n  warnings.warn("careful")\n');
    expect(run('import warnings\nwarnings.warn("careful")').stderr).toBe(warned.stderr);
  });

  it('does not keep the environment, working folder, argv, path or modules a run changed', () => {
    run([
      'import os, sys, types, json',
      'os.environ["COPILOT_TEST"] = "1"',
      'os.chdir("/tmp")',
      'sys.argv.append("--flag")',
      'sys.path.insert(0, "/nowhere")',
      'sys.modules["made_up"] = types.ModuleType("made_up")',
      'json.dumps = lambda *a, **k: "patched"',
      'import builtins\nbuiltins.leftover = 1',
    ].join('\n'));
    const next = run([
      'import os, sys, json',
      'print(os.environ.get("COPILOT_TEST"), os.getcwd().endswith("snippet"), sys.argv)',
      'print("/nowhere" in sys.path, "made_up" in sys.modules, json.dumps([1]), "leftover" in dir(__builtins__))',
    ].join('\n'));
    expect(next.text).toBe("None True ['main.py']\nFalse False [1] False\n");
  });

  it('stops forwarding a runaway print loop at the output cap', () => {
    const result = run(`for i in range(${MAX_OUTPUT_CHARS}):\n    print("line", i)`);
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBe(MAX_OUTPUT_CHARS);
    expect(run('print("ok")')).toMatchObject({ truncated: false, text: 'ok\n' });
  });
});
