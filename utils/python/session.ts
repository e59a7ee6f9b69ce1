import type { PyodideAPI } from 'pyodide';

/**
 * Runs one snippet as a program in a loaded Pyodide, the way `python3 main.py` would.
 *
 * Shared by the panel's worker and the Node check of every card (tests), so what the
 * check verifies is what the panel runs. Plain TypeScript: no DOM, no worker API.
 *
 * Pyodide normally drives asyncio with its own browser-backed loop (WebLoop), whose tasks,
 * futures and `asyncio.run` differ from CPython's (other class names, no real
 * `run_until_complete` without stack switching). A snippet runs in its own worker, which
 * may block, so the session puts CPython's own loop back instead: the standard selector
 * event loop, whose selector sleeps (Atomics.wait, not Emscripten's busy loop) when it
 * has no file descriptors to watch (there are none in WebAssembly), and without the
 * self-pipe socket pair Emscripten cannot create. `asyncio.run` is CPython's again, so it works in every engine, with or
 * without WebAssembly stack switching, and prints what CPython prints. Threads and
 * subprocesses still cannot start (cards that need them are marked `cpythonOnly`).
 *
 * Each run gets a fresh `__main__` namespace (`__name__ == "__main__"`, `__file__ ==
 * "main.py"`); its source is registered as `main.py` so tracebacks and warnings quote the
 * line as CPython does; an uncaught exception is printed to stderr without the runner's
 * frames, and garbage is collected at the end, where CPython would report never-awaited
 * coroutines at exit.
 *
 * Nothing a run changes reaches the next one: before each run the interpreter goes back to
 * its start-up state — logging (handlers, levels, disabled levels, loggers a run created;
 * the run's own handlers are flushed and closed, as at exit), warnings filters and every
 * module's warnings registry, sys.modules (modules a run imported or created are dropped,
 * start-up modules it replaced or removed come back) and the attributes of start-up modules
 * (monkeypatching undone), the environment, working folder, sys.argv/path/meta_path/hooks.
 */

export type OutputStream = 'stdout' | 'stderr';

export interface OutputChunk {
  stream: OutputStream;
  text: string;
}

export interface SessionRunResult {
  /** 0 for a normal end; what `sys.exit` asked for; 1 for an uncaught exception. */
  exitCode: number;
  /** True when the output went over MAX_OUTPUT_CHARS and the rest was dropped. */
  truncated: boolean;
}

export interface PythonSession {
  /** Runs `source`; `onOutput` gets what it prints, in order, in batches as it comes. */
  run(source: string, onOutput: (chunks: OutputChunk[]) => void): SessionRunResult;
  /** Does the per-run reset ahead of time, so the next run starts sooner (run does it if needed). */
  prepare(): void;
}

/** The file name the snippet runs under, as in the CPython check (knowledge/snippets.ts). */
export const MAIN_FILE = 'main.py';

/** Environment for the interpreter: unbuffered like the CPython check, so output streams as it is written. */
export const PYTHON_ENV = { PYTHONUNBUFFERED: '1' };

/** Output is handed on at most this often while a snippet keeps printing (and always before it sleeps or ends). */
export const OUTPUT_BATCH_MS = 25;

/** A runaway print loop stops being forwarded after this much text. */
export const MAX_OUTPUT_CHARS = 200_000;

const DRIVER = String.raw`
import builtins, gc, linecache, os, sys, time, traceback, types, warnings, zipimport

MAIN_FILE = "main.py"
SNIPPET_DIR = "/home/pyodide/snippet"

# What a fresh "python3 main.py" starts from. Pyodide imported asyncio for its own loop
# at start-up; those modules are re-imported for every run so each run starts with
# CPython's default loop policy, no running loop and task names from Task-1.
_FRESH_EACH_RUN = ("asyncio", "_asyncio", "selectors")
_baseline_module_objects = {name: module for name, module in sys.modules.items()
                            if not any(name == p or name.startswith(p + ".") for p in _FRESH_EACH_RUN)}
_baseline_modules = set(_baseline_module_objects)
_baseline_filters = list(warnings.filters)
_baseline_environ = dict(os.environ)
_baseline_cwd = os.getcwd()
_baseline_path = list(sys.path)
_baseline_import_system = (sys.meta_path, list(sys.meta_path), sys.path_hooks, list(sys.path_hooks),
                           dict(sys.path_importer_cache))
_baseline_streams = (sys.stdout, sys.stderr, sys.stdin)
_baseline_hooks = (sys.excepthook, sys.unraisablehook, sys.displayhook, sys.breakpointhook)
_baseline_recursion_limit = sys.getrecursionlimit()
_baseline_int_max_str_digits = sys.get_int_max_str_digits()

# The standard library ships as source in a zip, so every import compiles; runs re-import
# asyncio, so keep the compiled code (code objects are immutable).
_compiled = {}
_compile_source = zipimport._compile_source


def _compile_source_once(pathname, source):
    code = _compiled.get(pathname)
    if code is None:
        code = _compiled[pathname] = _compile_source(pathname, source)
    return code


zipimport._compile_source = _compile_source_once


def _sleep(secs):
    """time.sleep that waits without spinning: Emscripten's own sleep is a busy loop."""
    secs = float(secs)
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    wait_ms(secs * 1000)


_sleep.__name__ = _sleep.__qualname__ = "sleep"
_sleep.__module__ = "time"
time.sleep = _sleep


class _LoggingState:
    """The logging configuration at start-up: levels, handlers and filters of every logger."""

    def __init__(self):
        import logging
        self.logging = logging
        manager = logging.Logger.manager
        self.root, self.manager = logging.Logger.root, manager
        self.logger_dict = dict(manager.loggerDict)
        self.loggers = [(logger, logger.level, list(logger.handlers), list(logger.filters),
                         logger.propagate, logger.disabled)
                        for logger in [logging.root, *manager.loggerDict.values()]
                        if isinstance(logger, logging.Logger)]
        self.manager_settings = (manager.disable, manager.loggerClass, manager.logRecordFactory)
        self.level_names = (dict(logging._levelToName), dict(logging._nameToLevel))
        self.handler_refs = list(logging._handlerList)

    def restore(self):
        logging = self.logging
        # What CPython does at exit (logging.shutdown): flush and close the run's handlers.
        logging.shutdown([ref for ref in logging._handlerList if ref not in self.handler_refs])
        logging._handlerList[:] = self.handler_refs
        logging.Logger.root, logging.Logger.manager = self.root, self.manager
        manager = self.manager
        manager.loggerDict.clear()
        manager.loggerDict.update(self.logger_dict)
        manager.disable, manager.loggerClass, manager.logRecordFactory = self.manager_settings
        for logger, level, handlers, filters, propagate, disabled in self.loggers:
            logger.level, logger.propagate, logger.disabled = level, propagate, disabled
            logger.handlers[:] = handlers
            logger.filters[:] = filters
        for saved, current in zip(self.level_names, (logging._levelToName, logging._nameToLevel)):
            current.clear()
            current.update(saved)
        manager._clear_cache()


def _snapshot_module_attributes():
    """Every start-up module's attributes, so a run's monkeypatching can be undone."""
    return [(module, dict(module.__dict__)) for module in _baseline_module_objects.values()
            if isinstance(module, types.ModuleType) and module is not sys]


_MISSING = object()


def _restore_module_attributes():
    for module, saved in _baseline_module_attributes:
        current = module.__dict__
        if len(current) == len(saved) and all(current.get(key, _MISSING) is value for key, value in saved.items()):
            continue
        # The filters' version only grows: an old value would make stale registries look valid.
        version = current.get("_filters_version", _MISSING)
        current.clear()
        current.update(saved)
        if version is not _MISSING:
            current["_filters_version"] = version


def _fresh_interpreter_state():
    import tracemalloc
    tracemalloc.stop()
    sys.settrace(None)
    sys.setprofile(None)
    _logging_state.restore()
    # Modules the run imported or created go; start-up modules it replaced or removed come back.
    for name in [n for n in sys.modules if n not in _baseline_modules]:
        del sys.modules[name]
    for name, module in _baseline_module_objects.items():
        if sys.modules.get(name, _MISSING) is not module:
            sys.modules[name] = module
    _restore_module_attributes()
    warnings.filters[:] = _baseline_filters
    warnings.onceregistry.clear()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    warnings._filters_mutated()
    os.environ.clear()
    os.environ.update(_baseline_environ)
    os.chdir(_baseline_cwd)
    sys.path = _baseline_path_list
    sys.path[:] = _baseline_path
    meta_path, meta_path_items, path_hooks, path_hooks_items, importer_cache = _baseline_import_system
    sys.meta_path, sys.path_hooks = meta_path, path_hooks
    meta_path[:] = meta_path_items
    path_hooks[:] = path_hooks_items
    sys.path_importer_cache.clear()
    sys.path_importer_cache.update(importer_cache)
    sys.stdout, sys.stderr, sys.stdin = _baseline_streams
    sys.excepthook, sys.unraisablehook, sys.displayhook, sys.breakpointhook = _baseline_hooks
    sys.setrecursionlimit(_baseline_recursion_limit)
    sys.set_int_max_str_digits(_baseline_int_max_str_digits)
    sys.set_coroutine_origin_tracking_depth(0)
    sys.set_asyncgen_hooks(None, None)
    gc.enable()
    sys.argv = [MAIN_FILE]
    import asyncio, asyncio.events, asyncio.selector_events, selectors

    class SleepingSelector(selectors.SelectSelector):
        """Waits for the next timer by sleeping: there are no descriptors to watch here."""

        def select(self, timeout=None):
            if self.get_map():
                return super().select(timeout)
            if timeout is None:
                while True:  # CPython would wait forever too; the time limit ends it.
                    time.sleep(3600)
            if timeout > 0:
                time.sleep(timeout)
            return []

    base = asyncio.selector_events.BaseSelectorEventLoop
    close_self_pipe = base._close_self_pipe

    def _make_self_pipe(self):
        # Emscripten has no socketpair(); nothing here wakes the loop from another thread.
        self._ssock = self._csock = None

    def _close_self_pipe(self):
        if self._ssock is not None:
            close_self_pipe(self)

    base._make_self_pipe = _make_self_pipe
    base._close_self_pipe = _close_self_pipe
    selectors.DefaultSelector = SleepingSelector
    asyncio.events._set_running_loop(None)


# Taken last, so the runner's own patches (zipimport, time.sleep) are part of the baseline.
_baseline_path_list = sys.path
_logging_state = _LoggingState()
_baseline_module_attributes = _snapshot_module_attributes()


def _print_exception(exc):
    tb = exc.__traceback__
    # Start the traceback at main.py, as CPython's does.
    while tb is not None and tb.tb_frame.f_code.co_filename != MAIN_FILE:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


def _exit_code(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


_prepared = False


def prepare():
    """Gets the interpreter ready for the next run (the worker calls it while idle)."""
    global _prepared
    if not _prepared:
        _fresh_interpreter_state()
        _prepared = True


def run_main(source):
    global _prepared
    prepare()
    _prepared = False
    import shutil
    os.chdir(os.path.dirname(SNIPPET_DIR))
    shutil.rmtree(SNIPPET_DIR, ignore_errors=True)  # an empty folder, as in the CPython check
    os.makedirs(SNIPPET_DIR)
    os.chdir(SNIPPET_DIR)
    with open(MAIN_FILE, "w", encoding="utf-8") as file:
        file.write(source)
    linecache.checkcache()
    main = types.ModuleType("__main__")
    main.__file__ = MAIN_FILE
    main.__builtins__ = builtins
    previous_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    exit_code = 0
    try:
        exec(compile(source, MAIN_FILE, "exec", dont_inherit=True), main.__dict__)
    except SystemExit as exc:
        exit_code = _exit_code(exc)
    except BaseException as exc:
        _print_exception(exc)
        exit_code = 1
    finally:
        sys.modules["__main__"] = previous_main
        del main
        # CPython reports never-awaited coroutines and pending tasks at exit; collect now
        # so those messages end this run, as they end the program there.
        gc.collect()
        sys.stdout, sys.stderr, sys.stdin = _baseline_streams
        sys.stdout.flush()
        sys.stderr.flush()
    return exit_code
`;

/**
 * Blocks the calling thread for `ms` without using the CPU where Atomics.wait is allowed
 * (workers, Node), on a shared buffer taken from WebAssembly memory, since a plain
 * SharedArrayBuffer is missing where the page is not cross-origin isolated. Elsewhere it
 * spins, as Emscripten's own sleep does.
 */
function blockFor(ms: number): void {
  try {
    sleeper ??= new Int32Array(new WebAssembly.Memory({ shared: true, initial: 1, maximum: 1 }).buffer);
    Atomics.wait(sleeper, 0, 0, ms);
  } catch {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // spin
    }
  }
}
let sleeper: Int32Array | undefined;

/** Prepares a loaded Pyodide to run snippets one after another and returns the session. */
export function createPythonSession(pyodide: PyodideAPI): PythonSession {
  let sink: ((chunks: OutputChunk[]) => void) | undefined;
  let pending: OutputChunk[] = [];
  let lastFlush = 0;
  let forwarded = 0;
  let truncated = false;

  const flush = () => {
    lastFlush = performance.now();
    if (pending.length === 0) return;
    const chunks = pending;
    pending = [];
    sink?.(chunks);
  };
  const writer = (stream: OutputStream) => {
    const decoder = new TextDecoder();
    return {
      write(buffer: Uint8Array): number {
        let text = decoder.decode(buffer, { stream: true });
        if (!text || truncated) return buffer.length;
        if (forwarded + text.length > MAX_OUTPUT_CHARS) {
          text = text.slice(0, MAX_OUTPUT_CHARS - forwarded);
          truncated = true;
        }
        forwarded += text.length;
        const last = pending[pending.length - 1];
        if (last?.stream === stream) last.text += text;
        else pending.push({ stream, text });
        // Whole lines, at most every OUTPUT_BATCH_MS; a partial line waits for its end, a sleep or the run's end.
        if (text.endsWith('\n') && performance.now() - lastFlush >= OUTPUT_BATCH_MS) flush();
        return buffer.length;
      },
    };
  };
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));

  const waitMs = (ms: number) => {
    flush(); // what was printed before a sleep is shown during it
    if (ms > 0) blockFor(ms);
  };
  const driverNamespace = pyodide.toPy({ wait_ms: waitMs });
  pyodide.runPython(DRIVER, { globals: driverNamespace, filename: '<copilot-runner>' });
  const runMain = driverNamespace.get('run_main') as (source: string) => number;
  const prepare = driverNamespace.get('prepare') as () => void;

  let busy = false;
  return {
    run(source, onOutput) {
      if (busy) throw new Error('A snippet is already running in this session.');
      busy = true;
      sink = onOutput;
      pending = [];
      forwarded = 0;
      truncated = false;
      lastFlush = performance.now();
      try {
        const exitCode = runMain(source);
        return { exitCode, truncated };
      } finally {
        flush();
        sink = undefined;
        busy = false;
      }
    },
    prepare() {
      if (!busy) prepare();
    },
  };
}
