/**
 * A new deploy under a reader who has the old one: the service worker finds
 * it, the page offers it ("A new version is available" / "Reload") but
 * keeps running the old build until asked; "Reload" switches to the new
 * build with exactly one reload; saved articles survive the switch and old
 * app shells are deleted.
 *
 * Runs on the update servers (harness.ts UPDATE_SITES: 8636 at `/` for the
 * root project, 8637 at `/blog/` for subpath), whose served build is a
 * symlink this test swaps between `make test-e2e`'s first deploy and the
 * next one (target/dist-next, target/dist-blog-next: tagline "Slower
 * news,", article title "The case for slow news, revised").
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { article, permalink } from '../fixtures/content';
import { deployUpdate, deployVersion } from '../harness';
import {
  buildVersion, cacheName, cacheNames, goOffline, OFFLINE_LOAD, OfflineChrome, SavedPage, SaveToggle, updateServer, waitForServiceWorker,
} from '../fixtures/offline';

const slowNews = article('the-case-for-slow-news');
const OLD_TITLE = slowNews.meta.title;
const NEW_TITLE = `${slowNews.meta.title}, revised`;

test.use({
  serviceWorkers: 'allow',
  baseURL: async ({}, use, testInfo) => use(updateServer(testInfo.project.name).baseURL),
});

const tagline = (page: Page) => page.locator('header.site-header .site-tagline');
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('a new deploy is offered, and "Reload" switches to it with one reload, keeping saved articles', async ({ page, context, baseURL, consoleGuard }, testInfo) => {
  test.setTimeout(90_000);
  // Offline at the end: the comment server cannot be reached.
  consoleGuard.allow(OFFLINE_LOAD);
  const { site } = updateServer(testInfo.project.name);
  const base = new URL(baseURL!).pathname;
  const oldVersion = deployVersion(site, 'old');
  const newVersion = deployVersion(site, 'next');
  expect(oldVersion).toBeTruthy();
  expect(newVersion).toBeTruthy();
  expect(newVersion).not.toBe(oldVersion);
  deployUpdate(site, 'old');

  try {
    // A reader on the old deploy saves an article.
    const chrome = new OfflineChrome(page);
    await page.goto(permalink(slowNews));
    await expect(heading(page)).toHaveText(OLD_TITLE);
    await waitForServiceWorker(page);
    expect(await buildVersion(page)).toBe(oldVersion);
    await expect(tagline(page)).toHaveText(/^Slow news,/);
    await new SaveToggle(page).save();
    await expect(chrome.updateBanner).toHaveCount(0);
    expect(await cacheNames(page)).toContain(cacheName(base, `shell ${oldVersion}`));

    // The site is redeployed; the reader reloads.
    deployUpdate(site, 'next');
    await page.reload();
    await expect(heading(page)).toBeVisible();
    await expect(chrome.updateBanner).toBeVisible();
    await expect(chrome.updateBanner).toHaveText('A new version is available Reload');
    await expect(chrome.updateBanner).toHaveAttribute('role', 'status');
    await expect(chrome.reloadForUpdate).toBeEnabled();
    // Until the reader says so, the page runs the old build.
    expect(await buildVersion(page)).toBe(oldVersion);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    const axe = await new AxeBuilder({ page }).include('#update-banner').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id), 'the banner has no WCAG A/AA violations').toEqual([]);

    // "Reload": exactly one reload, into the new build.
    const after = countLoads(page);
    await chrome.reloadForUpdate.click();
    await expect.poll(() => buildVersion(page).catch(() => null), { message: 'the new build runs' }).toBe(newVersion);
    await expect(heading(page)).toHaveText(NEW_TITLE);
    await expect(tagline(page)).toHaveText(/^Slower news,/);
    // A second reload (a loop) would come within a moment of the first.
    await page.waitForTimeout(3_000);
    expect(after.loads(), 'load events after "Reload"').toBe(1);
    expect(after.navigations(), 'page loads after "Reload"').toBe(1);
    expect(await buildVersion(page)).toBe(newVersion);
    await expect(chrome.updateBanner, 'no update offered after the update').toHaveCount(0);

    // Only the new app shell is left; the saved articles stay.
    await expect
      .poll(async () => (await cacheNames(page)).filter((n) => n.startsWith(cacheName(base, 'shell '))))
      .toEqual([cacheName(base, `shell ${newVersion}`)]);
    expect(await cacheNames(page)).toContain(cacheName(base, 'saved'));

    const library = new SavedPage(page);
    await library.goto();
    await expect(library.titles).toHaveText([new RegExp(`^${OLD_TITLE}`)]);
    await expect(chrome.updateBanner).toHaveCount(0);

    // And it still opens offline, in the new build.
    await goOffline(context);
    await library.titles.first().getByRole('link').click();
    await expect(heading(page)).toHaveText(new RegExp(`^${OLD_TITLE}`));
    await expect(page.locator('main article.entry .entry-content')).not.toBeEmpty();
    await page.reload();
    await expect(heading(page)).toHaveText(new RegExp(`^${OLD_TITLE}`));
    expect(await buildVersion(page)).toBe(newVersion);
    await expect(chrome.updateBanner).toHaveCount(0);
  } finally {
    deployUpdate(site, 'old');
  }
});

/** Counts the main frame's page loads (load events and navigation requests) from now on. */
function countLoads(page: Page): { loads: () => number; navigations: () => number } {
  let loads = 0;
  let navigations = 0;
  page.on('load', () => loads++);
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations++;
  });
  return { loads: () => loads, navigations: () => navigations };
}

test('tabs left open learn of a deploy from the hourly check, and each reloads once when asked', async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const { site } = updateServer(testInfo.project.name);
  const base = new URL(baseURL!).pathname;
  const oldVersion = deployVersion(site, 'old');
  const newVersion = deployVersion(site, 'next');
  deployUpdate(site, 'old');

  try {
    await page.goto('./');
    await expect(heading(page)).toBeVisible();
    await waitForServiceWorker(page);
    const other = await context.newPage();
    await other.goto(permalink(slowNews));
    await expect(heading(other)).toHaveText(OLD_TITLE);
    await waitForServiceWorker(other);
    const a = new OfflineChrome(page);
    const b = new OfflineChrome(other);

    // The site is redeployed while both tabs stay open; the app's periodic
    // check (registration.update(), hourly) finds it.
    deployUpdate(site, 'next');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(a.updateBanner).toHaveText('A new version is available Reload');
    await expect(b.updateBanner).toHaveText('A new version is available Reload');
    expect(await buildVersion(page)).toBe(oldVersion);
    expect(await buildVersion(other)).toBe(oldVersion);

    // Tab A takes the update: it reloads once into the new build.
    const inA = countLoads(page);
    const inB = countLoads(other);
    await a.reloadForUpdate.click();
    await expect.poll(() => buildVersion(page).catch(() => null)).toBe(newVersion);
    await expect(tagline(page)).toHaveText(/^Slower news,/);
    // Tab B is now controlled by the new worker but still runs the old
    // build; it keeps offering the reload and does not reload on its own.
    await page.waitForTimeout(3_000);
    expect(inA.loads()).toBe(1);
    expect(inA.navigations()).toBe(1);
    expect(inB.loads(), 'the other tab did not reload by itself').toBe(0);
    expect(await buildVersion(other)).toBe(oldVersion);
    await expect(b.updateBanner).toBeVisible();
    await expect(a.updateBanner).toHaveCount(0);

    await b.reloadForUpdate.click();
    await expect.poll(() => buildVersion(other).catch(() => null)).toBe(newVersion);
    await expect(heading(other)).toHaveText(NEW_TITLE);
    await other.waitForTimeout(3_000);
    expect(inB.loads()).toBe(1);
    expect(inB.navigations()).toBe(1);
    await expect(b.updateBanner).toHaveCount(0);
    await expect
      .poll(async () => (await cacheNames(page)).filter((n) => n.startsWith(cacheName(base, 'shell '))))
      .toEqual([cacheName(base, `shell ${newVersion}`)]);
  } finally {
    deployUpdate(site, 'old');
  }
});

test('the service worker script is never answered "not modified"', async ({ request, baseURL }) => {
  // With file times alone a server cannot tell two deploys apart (see
  // global-setup.ts): the shipped config sends sw.js, index.html and the
  // content whole, without validators.
  for (const file of ['sw.js', 'index.html', 'shell.html', 'data/site.json']) {
    const url = new URL(file, baseURL).href;
    const first = await request.get(url);
    expect(first.status()).toBe(200);
    expect(first.headers()['etag']).toBeUndefined();
    const again = await request.get(url, {
      headers: { 'If-Modified-Since': new Date(Date.now() + 86_400_000).toUTCString(), 'If-None-Match': '*' },
    });
    expect(again.status(), file).toBe(200);
  }
});
