/**
 * The feeds the build writes at WordPress's addresses, served by nginx with
 * the shipped config: subscribers of a migrated blog keep their feed URLs,
 * and the folders the feeds live in never shadow the app's routes.
 */
import { test, expect } from '../fixtures/test';

const FEEDS = [
  { path: 'feed/', root: '<rss' },
  { path: 'feed/atom/', root: '<feed' },
  { path: 'category/kitchen/feed/', root: '<rss' },
  { path: 'category/kitchen/feed/atom/', root: '<feed' },
];

for (const { path, root } of FEEDS) {
  test(`${path} is a feed`, async ({ request, baseURL }) => {
    const res = await request.get(new URL(path, baseURL).href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/xml/);
    const body = await res.text();
    expect(body).toContain(root);
    // Without a configured url, links are root-relative under the base.
    const base = new URL(baseURL!).pathname;
    expect(body).toContain(base === '/' ? '/2026/' : `${base}2026/`);
  });
}

test('the page advertises its feeds, and a category with a feed folder still opens in the app', async ({ page, baseURL, request }) => {
  await page.goto('category/kitchen/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Kitchen');
  const hrefs = await page.locator('link[rel=alternate]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
  expect(hrefs).toEqual([new URL('feed/', baseURL).href, new URL('feed/atom/', baseURL).href]);
  const robots = await request.get(new URL('robots.txt', baseURL).href);
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain('Disallow:');
});
