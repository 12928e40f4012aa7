/**
 * While content loads, the reader sees a placeholder with the page's shape,
 * announced to screen readers, and nothing jumps when the content arrives.
 */
import { test, expect } from '../fixtures/test';
import { article, permalink } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');

test('a slow article shows a loading state, then the article, without layout shift', async ({ page, articlePage }) => {
  // Record every layout shift from the first paint on.
  await page.addInitScript(() => {
    (window as unknown as { __shifts: number[] }).__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) (window as unknown as { __shifts: number[] }).__shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/data/articles/the-case-for-slow-news.json', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto(permalink(slowNews));
  const loading = page.getByRole('status').filter({ hasText: 'Loading…' });
  await expect(loading).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await page.waitForTimeout(300);
  release();
  await articlePage.ready(slowNews.meta.title);
  await expect(loading).toHaveCount(0);
  await page.waitForTimeout(300);
  const cls = await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts.reduce((a, b) => a + b, 0));
  expect(cls).toBeLessThan(0.02);
});
