/**
 * While content loads, the reader sees a placeholder with the page's shape,
 * announced to screen readers, and nothing jumps when the content arrives.
 */
import { test, expect } from '../fixtures/test';
import { article, permalink } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');

/** Records every layout shift from the first paint on. */
async function recordShifts(page: import('@playwright/test').Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    (window as unknown as { __shifts: number[] }).__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) (window as unknown as { __shifts: number[] }).__shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return () => page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts.reduce((a, b) => a + b, 0));
}

/** Holds the article's JSON until the returned function is called. */
async function holdArticle(page: import('@playwright/test').Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/data/articles/the-case-for-slow-news.json', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a slow article opened from a list shows a loading state, then the article, without layout shift', async ({ page, articlePage }) => {
  const cls = await recordShifts(page);
  await page.goto('./');
  await expect(page.getByRole('link', { name: slowNews.meta.title })).toBeVisible();
  // The app has taken over the static home page (before that, the link is
  // a plain link to the article's own page).
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  const release = await holdArticle(page);
  await page.getByRole('link', { name: slowNews.meta.title }).click();
  const loading = page.getByRole('status').filter({ hasText: 'Loading…' });
  await expect(loading).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await page.waitForTimeout(300);
  release();
  await articlePage.ready(slowNews.meta.title);
  await expect(loading).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await cls()).toBeLessThan(0.02);
});

test('an article opened by its address shows its text at once, from the entry page, and the app takes over without shift', async ({ page, articlePage }) => {
  const cls = await recordShifts(page);
  const release = await holdArticle(page);
  await page.goto(permalink(slowNews));
  // The entry page's own text, before the app has the article's data.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(slowNews.meta.title);
  await expect(page.getByText('For twelve years I worked on a news desk')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
  await page.waitForTimeout(300);
  release();
  await articlePage.ready(slowNews.meta.title);
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await cls()).toBeLessThan(0.02);
});
