import { defineConfig } from '@playwright/test';

// The built extension (npm run build → .output/chrome-mv3) loaded in real Chromium.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  timeout: 60_000,
  // A flaky test is a bug to fix, not to retry.
  retries: 0,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  globalSetup: './tests/e2e/global-setup.ts',
});
