// addons-linter ships no types; scripts/lint-firefox.ts uses only createInstance().run().
declare module 'addons-linter' {
  const linter: { createInstance(options: { config: Record<string, unknown>; runAsBinary: boolean }): { run(): Promise<unknown> } };
  export default linter;
}
