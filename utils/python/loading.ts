import type { LoadingStep } from './protocol';

/** The steps of the first load, in order, with what the panel says during each. */
export const LOADING_STEPS: readonly LoadingStep[] = ['runtime', 'compile', 'interpreter', 'asyncio'];

export const LOADING_STEP_LABELS: Record<LoadingStep, string> = {
  runtime: 'Loading Python',
  compile: 'Compiling Python',
  interpreter: 'Starting Python',
  asyncio: 'Preparing asyncio',
};
