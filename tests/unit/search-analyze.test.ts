import { describe, expect, it } from 'vitest';
import { analyzeQuery, boundQuery, detectLanguage, QUESTION_EMPHASIS, questionTypeOf } from '../../utils/search/analyze';

describe('analyze: bounding long input', () => {
  it('keeps short text as it is', () => {
    expect(boundQuery('  short  ', 100)).toEqual({ text: 'short', truncated: false });
  });

  it('keeps the head and the last lines over the bound', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line number ${i} of the body`);
    const text = `${lines.join('\n')}\nRuntimeError: this is the last line`;
    const bounded = boundQuery(text, 600);
    expect(bounded.truncated).toBe(true);
    expect(bounded.text.length).toBeLessThanOrEqual(600);
    expect(bounded.text.startsWith('line number 0 ')).toBe(true);
    expect(bounded.text.endsWith('RuntimeError: this is the last line')).toBe(true);
  });

  it('bounds a huge text without spaces', () => {
    const bounded = boundQuery('x'.repeat(1_000_000), 2000);
    expect(bounded.text.length).toBeLessThanOrEqual(2000);
  });
});

describe('analyze: tracebacks, errors and identifiers', () => {
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3.12/site-packages/app/main.py", line 12, in <module>',
    '  File "/usr/lib/python3.12/asyncio/base_events.py", line 650, in run_until_complete',
    'RuntimeError: Event loop is closed',
  ].join('\n');

  it('drops frame paths, keeps function names, finds the final exception line', () => {
    const analysis = analyzeQuery(traceback, 2000);
    expect(analysis.isTraceback).toBe(true);
    expect(analysis.errorLine).toBe('RuntimeError: Event loop is closed');
    expect(analysis.exceptionType).toBe('runtimeerror');
    expect(analysis.tokens).not.toContain('site');
    expect(analysis.tokens).not.toContain('usr');
    expect(analysis.tokens).toContain('run');
  });

  it('weighs the final exception line more than the rest', () => {
    const analysis = analyzeQuery(traceback, 2000);
    const closed = analysis.tokens.indexOf('closed');
    const run = analysis.tokens.indexOf('run');
    expect(analysis.emphasis[closed]).toBeGreaterThan(analysis.emphasis[run]!);
  });

  it("weighs asyncio's report above a traceback as much as the final exception line", () => {
    const report = [
      'Task exception was never retrieved',
      "future: <Task finished name='Task-3' coro=<poll() done, defined at /srv/poll.py:12> exception=KeyError('id')>",
      'Traceback (most recent call last):',
      '  File "/srv/poll.py", line 19, in poll',
      "    seen.add(item['id'])",
      "KeyError: 'id'",
    ].join('\n');
    const analysis = analyzeQuery(report, 2000);
    expect(analysis.reportLine).toBe('Task exception was never retrieved');
    expect(analysis.exceptionType).toBe('keyerror');
    const retrieved = analysis.tokens.indexOf('retrieved');
    const seen = analysis.tokens.indexOf('seen');
    expect(analysis.emphasis[retrieved]).toBe(analysis.emphasis[analysis.tokens.lastIndexOf('keyerror')]);
    expect(analysis.emphasis[retrieved]).toBeGreaterThan(analysis.emphasis[seen]!);
    // A traceback with nothing above it has no report line.
    expect(analyzeQuery(traceback, 2000).reportLine).toBeUndefined();
  });

  it('keeps the exception line of a traceback cut to the bound', () => {
    const frames = Array.from({ length: 100 }, (_, i) => `  File "/srv/app/module_${i}.py", line ${i}, in handler_${i}\n    await something_${i}()`);
    const text = ['Traceback (most recent call last):', ...frames, 'asyncio.exceptions.CancelledError'].join('\n');
    const analysis = analyzeQuery(text, 2000);
    expect(analysis.truncated).toBe(true);
    expect(analysis.exceptionType).toBe('cancellederror');
  });

  it('finds dotted API names and snake_case identifiers', () => {
    const { identifiers, isCode } = analyzeQuery('results = await asyncio.gather(*tasks, return_exceptions=True)', 2000);
    expect(identifiers).toContain('asyncio.gather');
    expect(identifiers).toContain('return_exceptions');
    expect(isCode).toBe(true);
  });
});

describe('analyze: the question in a longer text', () => {
  const emphasisOf = (text: string, token: string) => {
    const analysis = analyzeQuery(text, 2000);
    return analysis.emphasis[analysis.tokens.indexOf(token)];
  };

  it('weighs the words of the sentence that asks above its context', () => {
    const body = 'We moved the service to gunicorn last week. Why does one slow request stall the others? Nothing else changed.';
    expect(emphasisOf(body, 'stall')).toBe(QUESTION_EMPHASIS);
    expect(emphasisOf(body, 'gunicorn')).toBe(1);
    expect(analyzeQuery(body, 2000).inErrorLine.every((e) => !e)).toBe(true);
  });

  it('leaves a one-sentence question, and a text of questions only, as it is', () => {
    expect(emphasisOf('why does one slow request stall the others?', 'stall')).toBe(1);
    expect(emphasisOf('Why does it stall? Why now?', 'stall')).toBe(1);
  });
});

describe('analyze: question types', () => {
  it('tells how, why, what, difference and yes/no questions from statements', () => {
    expect(questionTypeOf('how do I cancel a task')).toBe('how');
    expect(questionTypeOf('why does my loop block?')).toBe('why');
    expect(questionTypeOf('what is a coroutine')).toBe('what');
    expect(questionTypeOf('gather vs wait?')).toBe('difference');
    expect(questionTypeOf('what is the difference between gather and wait')).toBe('difference');
    expect(questionTypeOf('can I await in a thread')).toBe('yesno');
    expect(questionTypeOf('asyncio.gather')).toBe('none');
  });
});

describe('analyze: other languages', () => {
  it.each([
    ['const results = await Promise.all(urls.map((u) => fetch(u)));', 'JavaScript'],
    ["thread 'main' panicked at 'Cannot start a runtime from within a runtime', tokio-1.28/src/runtime/scheduler", 'Rust'],
    ['suspend fun load() = withContext(Dispatchers.IO) { api.fetch() }', 'Kotlin'],
    ['how do I wait for all goroutines with sync.WaitGroup', 'Go'],
    ['await Task.WhenAll(tasks).ConfigureAwait(false);', 'C#'],
    ['Future<void> main() async { await Future.wait([a(), b()]); }', 'Dart'],
    ['(node:812) UnhandledPromiseRejectionWarning: Error: socket hang up', 'JavaScript'],
    ['in Swift: async let user = fetchUser(); let page = try await (user, feed)', 'Swift'],
    ['task<int> compute() { co_return co_await read_async(); } C++20', 'C++'],
    ['Java CompletableFuture allOf then join', 'Java'],
    // Frameworks that exist in one ecosystem only name it.
    ['ktor client request timeout inside a coroutine', 'Kotlin'],
    ['axum handler awaits a database call and the route times out', 'Rust'],
    ['Task.async_stream over the ids with max_concurrency: 10, then Enum.to_list', 'Elixir'],
    ['Task.detached { await refresh() } loses the actor context, why?', 'Swift'],
    // "Go" as the language's name, and the Go runtime's crash report.
    ['fan-out with a bounded number of workers in Go, and GOMAXPROCS', 'Go'],
    ['panic: send on closed channel\n\ngoroutine 7 [running]:', 'Go'],
    // Each ecosystem's own API names and error wording.
    ['throttle the calls with SemaphoreSlim and WaitAsync', 'C#'],
    ['Unhandled Exception: Bad state: Stream has already been listened to.', 'Dart'],
    ["actor-isolated property 'items' can not be mutated from a nonisolated context", 'Swift'],
    ['coroutine builders: launch vs async, which one returns a result', 'Kotlin'],
    ['my express route stalls every request while bcrypt.hashSync runs', 'JavaScript'],
  ])('%s reads like %s', (text, language) => {
    expect(detectLanguage(text).otherLanguage?.language).toBe(language);
  });

  it('leaves Python text alone, even with words other languages share', () => {
    for (const text of [
      'asyncio.gather vs Promise.all: which exceptions propagate?',
      'async def main(): await asyncio.sleep(1)',
      'what is a coroutine in python',
      'how do I wait for a future to finish',
      'asyncio tree walk: visit every node of a graph concurrently',
      // The everyday verb is not the language.
      'how do I go back to the event loop after await',
      // Python's own names that end or start with Async/Sync.
      'AsyncMock is not awaited in my test',
      'asgiref async_to_sync inside a Django view',
    ]) {
      expect(detectLanguage(text).otherLanguage, text).toBeUndefined();
    }
  });
});
