import { execFileSync } from 'node:child_process';

/** Whether xdotool can drive real key presses and clicks (the browser tests of both browsers). */
export function hasXdotool(): boolean {
  try {
    execFileSync('xdotool', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
