import { test, expect, abs, failedLoad } from '../fixtures/test';
import { article, homeOrder, permalink, site } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');
const DAMAGED = 'This page’s content is damaged';
const OFFLINE = 'Can’t reach the site';

test.describe('damaged content', () => {
  test('invalid JSON names the file, line and column', async ({ errorPage, page }) => {
    await page.goto('2026/01/01/broken-syntax/');
    await errorPage.ready(DAMAGED);
    await expect(errorPage.view).toContainText('data/articles/broken-syntax.json');
    await expect(errorPage.detail).toContainText('data/articles/broken-syntax.json');
    await expect(errorPage.detail).toHaveText(/line \d+, column \d+/);
    // Damaged content will not heal by retrying.
    await expect(errorPage.retry).toHaveCount(0);
    await expect(errorPage.home).toBeVisible();
  });

  test('a wrong shape names the JSON path', async ({ errorPage, page }) => {
    await page.goto('2026/01/01/bad-shape/');
    await errorPage.ready(DAMAGED);
    await expect(errorPage.detail).toContainText('data/articles/bad-shape.json');
    await expect(errorPage.detail).toContainText('$.meta.date');
  });

  test('a newer format asks for a newer Quire', async ({ errorPage, page }) => {
    await page.goto('2026/01/01/future-format/');
    await errorPage.ready('This page needs a newer Quire');
    await expect(errorPage.view).toContainText('version 2');
    await expect(errorPage.detail).toContainText('data/articles/future-format.json');
  });

  test('one bad article never breaks the rest', async ({ errorPage, listing, page, baseURL }) => {
    await page.goto('2026/01/01/broken-syntax/');
    await errorPage.ready(DAMAGED);
    await errorPage.home.click();
    await expect.soft(page).toHaveURL(abs(baseURL, './'));
    await listing.ready('Latest articles');
    await expect(listing.cardLinks.first()).toHaveText(homeOrder()[0].meta.title);
  });

  test('one bad article never breaks the rest (fresh load)', async ({ errorPage, articlePage, page }) => {
    await page.goto('2026/01/01/bad-shape/');
    await errorPage.ready(DAMAGED);
    await articlePage.goto(permalink(slowNews));
    await expect(articlePage.body).not.toBeEmpty();
  });
});

test.describe('network and server failures', () => {
  const articleFile = `**/data/articles/${slowNews.meta.slug}.json`;

  test('a failed connection offers a retry that works', async ({ errorPage, articlePage, page, consoleGuard }) => {
    consoleGuard.allow(/net::ERR_FAILED/);
    await page.route(articleFile, (r) => r.abort());
    await page.goto(permalink(slowNews));
    await errorPage.ready(OFFLINE);
    await expect(errorPage.retry).toBeVisible();
    await page.unroute(articleFile);
    await errorPage.retry.click();
    await articlePage.ready(slowNews.meta.title);
    await expect(articlePage.body).not.toBeEmpty();
  });

  test('a server error says so, with its status', async ({ errorPage, articlePage, page, consoleGuard }) => {
    consoleGuard.allow(failedLoad(503));
    await page.route(articleFile, (r) => r.fulfill({ status: 503, contentType: 'text/plain', body: 'busy' }));
    await page.goto(permalink(slowNews));
    await errorPage.ready('The server had a problem');
    await expect(errorPage.view).toContainText('503');
    await expect(errorPage.retry).toBeVisible();
    await page.unroute(articleFile);
    await errorPage.retry.click();
    await articlePage.ready(slowNews.meta.title);
  });

  test('an HTML fallback page instead of JSON is "not found"', async ({ errorPage, page }) => {
    await page.route(articleFile, (r) =>
      r.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><body>fallback</body></html>',
      }),
    );
    await page.goto(permalink(slowNews));
    await errorPage.ready('Page not found');
    await expect(errorPage.retry).toHaveCount(0);
  });

  test('site.json unreachable: retry loads the site', async ({ errorPage, listing, page, consoleGuard }) => {
    consoleGuard.allow(/net::ERR_FAILED/);
    await page.route('**/data/site.json', (r) => r.abort());
    await page.goto('./');
    await errorPage.ready(OFFLINE);
    await page.unroute('**/data/site.json');
    await errorPage.retry.click();
    await listing.ready('Latest articles');
    await expect(page.locator('.site-title')).toHaveText(site.title);
    await expect(listing.cardLinks.first()).toHaveText(homeOrder()[0].meta.title);
  });
});
