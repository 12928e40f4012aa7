/**
 * Installability, as Chromium itself (and Lighthouse's installability
 * audit, which asks the same DevTools call) judges it: a manifest with a
 * name, start URL and icons, served with the service worker in control.
 * Chromium never offers install in an incognito profile, so this test runs
 * in a persistent (non-incognito) profile of its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect } from '../fixtures/test';

// The config blocks service workers for every context a test creates,
// persistent ones included; this test needs the worker in control.
test.use({ serviceWorkers: 'allow' });

test('the site is installable: no installability errors, and the manifest respects the base path', async ({ baseURL, launchOptions }) => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-install-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = await context.newPage();
    await page.goto('./');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toBe(new URL('manifest.webmanifest', baseURL).href);
    const data = JSON.parse(manifest.data ?? '{}');
    // Relative to the manifest, so `/` and `/blog/` builds each start at home.
    expect(new URL(data.start_url, manifest.url).href).toBe(new URL('./', baseURL).href);
    expect(new URL(data.scope, manifest.url).href).toBe(new URL('./', baseURL).href);
    const registration = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(registration).toBe(new URL('./', baseURL).href);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
