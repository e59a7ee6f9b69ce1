import { loadPyodide } from 'pyodide';
import { createPythonSession, PYTHON_ENV } from '../utils/python/session';
import { PYODIDE_PACKAGE_DIR, type ChildReply, type ChildRequest } from './pyodide-snippets';

/**
 * One Pyodide in a child Node process (started by knowledge/pyodide-snippets.ts): runs the
 * snippets it is sent, one at a time, and answers with what they printed. A child process,
 * so a snippet that never ends can be stopped by killing it.
 */
const send = (reply: ChildReply) => process.send?.(reply);

const pyodide = await loadPyodide({ indexURL: PYODIDE_PACKAGE_DIR, env: PYTHON_ENV });
const session = createPythonSession(pyodide);
send({ type: 'ready' });

process.on('message', (message: ChildRequest) => {
  if (message.type !== 'run') return;
  let output = '';
  const started = performance.now();
  try {
    const result = session.run(message.source, (chunks) => {
      for (const chunk of chunks) output += chunk.text;
    });
    send({ type: 'done', id: message.id, output, exitCode: result.exitCode, elapsedMs: performance.now() - started });
  } catch (error) {
    send({ type: 'done', id: message.id, output: `${output}\n[runner error] ${String(error)}`, exitCode: -1, elapsedMs: performance.now() - started });
  }
});
process.on('disconnect', () => process.exit(0));
