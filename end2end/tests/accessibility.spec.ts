/**
 * Automated WCAG 2.1 A/AA checks (axe-core) on every kind of page, in light
 * and dark colour schemes, plus the keyboard basics axe cannot judge.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../fixtures/test';
import { article, permalink } from '../fixtures/content';

const PAGES: [string, string][] = [
  ['home', './'],
  ['article', permalink(article('the-case-for-slow-news'))],
  ['right-to-left article', permalink(article('shalom-olam'))],
  ['comment thread', permalink(article('bring-back-the-blogroll'))],
  ['category', 'category/garden/'],
  ['static page', 'about/'],
  ['not found', 'no/such/page/'],
];

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme });
    for (const [name, path] of PAGES) {
      test(`${name} has no WCAG A/AA violations`, async ({ page, chrome }) => {
        await page.goto(path);
        await chrome.ready();
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        const summary = results.violations.map((v) => ({
          rule: v.id,
          impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
        }));
        expect(summary).toEqual([]);
      });
    }
  });
}

test('landmarks: one banner, one main, one contentinfo, named navigations', async ({ page, chrome }) => {
  await page.goto('./');
  await chrome.ready();
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Site' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Categories' })).toBeVisible();
});

test('keyboard focus is visible on links', async ({ page, chrome }) => {
  await page.goto('./');
  await chrome.ready();
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // site title
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    return { tag: el.tagName, width: parseFloat(style.outlineWidth), style: style.outlineStyle };
  });
  expect(outline.tag).toBe('A');
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});
