import { defineConfig, devices } from '@playwright/test';

/** Both release builds are served by one nginx (see global-setup.ts). */
export const ROOT_ORIGIN = 'http://127.0.0.1:8631';
export const BLOG_ORIGIN = 'http://127.0.0.1:8632';
// Two more servers, 8636 (`/`) and 8637 (`/blog/`), serve the deploys that
// tests/update.spec.ts swaps (harness.ts UPDATE_SITES).

const chromium = {
  ...devices['Desktop Chrome'],
  channel: undefined,
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  outputDir: '../target/e2e/test-results',
  globalSetup: require.resolve('./global-setup.ts'),
  globalTeardown: require.resolve('./global-teardown.ts'),
  fullyParallel: false,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    ...chromium,
    trace: 'retain-on-failure',
    // The app registers a service worker. It would answer requests that
    // specs fake with page.route (which never sees them), so it is blocked
    // everywhere except in the offline specs (test.use({ serviceWorkers: 'allow' })).
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'root', use: { ...chromium, serviceWorkers: 'block', baseURL: `${ROOT_ORIGIN}/` } },
    // wordpress.spec.ts has a server and base of its own (the imported
    // site at `/` on 8638); running it under both projects would repeat it.
    {
      name: 'subpath',
      testIgnore: /wordpress\.spec\.ts/,
      use: { ...chromium, serviceWorkers: 'block', baseURL: `${BLOG_ORIGIN}/blog/` },
    },
  ],
});
