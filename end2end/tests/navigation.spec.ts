import { test, expect, abs } from '../fixtures/test';
import { article, homeOrder, permalink } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');

test.describe('history and scroll', () => {
  // A short window, so that the home listing certainly scrolls.
  test.use({ viewport: { width: 900, height: 500 } });

  test('back returns to the listing at the same scroll position; forward works', async ({ listing, articlePage, page, baseURL }) => {
    const target = homeOrder()[3];
    await listing.goto('./');
    await expect(listing.cards).toHaveCount(Math.min(homeOrder().length, 5));
    await listing.cards.nth(3).evaluate((card) => card.scrollIntoView({ block: 'center' }));
    await expect.poll(() => page.evaluate(() => window.scrollY), { message: 'the home page scrolled' }).toBeGreaterThan(100);
    // Let the app record the position (it listens to scroll events).
    await page.waitForTimeout(200);
    const before = await page.evaluate(() => window.scrollY);

    await listing.cardLink(target.meta.title).click();
    await articlePage.ready(target.meta.title);
    await expect(page).toHaveURL(abs(baseURL, permalink(target)));

    await page.goBack();
    await expect(page).toHaveURL(abs(baseURL, './'));
    await listing.ready('Latest articles');
    await expect(listing.cardLink(target.meta.title)).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { message: 'scroll position restored' })
      .toBeGreaterThanOrEqual(before - 100);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThanOrEqual(100);

    await page.goForward();
    await expect(page).toHaveURL(abs(baseURL, permalink(target)));
    await articlePage.ready(target.meta.title);
  });

  test('a new page opens at the top', async ({ listing, articlePage, page }) => {
    const target = homeOrder()[3];
    await listing.goto('./');
    await listing.cards.nth(3).evaluate((card) => card.scrollIntoView({ block: 'center' }));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    await listing.cardLink(target.meta.title).click();
    await articlePage.ready(target.meta.title);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  });

  test('a reload of a deep link renders the article', async ({ articlePage, page, baseURL }) => {
    await articlePage.goto(permalink(slowNews));
    await page.reload();
    await articlePage.ready(slowNews.meta.title);
    await expect(articlePage.body).not.toBeEmpty();
    await expect(page).toHaveURL(abs(baseURL, permalink(slowNews)));
  });

  test('a reload keeps the scroll position', async ({ articlePage, page }) => {
    await articlePage.goto(permalink(slowNews));
    await articlePage.moreArticles.evaluate((nav) => nav.scrollIntoView({ block: 'center' }));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    await page.waitForTimeout(200);
    const before = await page.evaluate(() => window.scrollY);
    await page.reload();
    await articlePage.ready(slowNews.meta.title);
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { message: 'scroll position kept over reload' })
      .toBeGreaterThanOrEqual(before - 100);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - before)).toBeLessThanOrEqual(100);
  });
});

test.describe('focus', () => {
  test('after a client-side navigation the new page heading has focus', async ({ listing, articlePage, page }) => {
    const target = homeOrder()[1];
    await listing.goto('./');
    await listing.cardLink(target.meta.title).click();
    await articlePage.ready(target.meta.title);
    await expect(articlePage.heading).toBeFocused();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // And again from the article to a listing.
    await articlePage.byline.getByRole('link').click();
    await listing.ready(/^Articles by /);
    await expect(listing.heading).toBeFocused();
  });

  test('the first page after load does not steal focus', async ({ listing, page }) => {
    await listing.goto('./');
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  });

  test('"Skip to content" is the first Tab stop and moves focus to main', async ({ listing, page }) => {
    await listing.goto('./');
    await page.keyboard.press('Tab');
    await expect(listing.skipLink).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(listing.main).toBeFocused();
    await expect(page.locator('main#main')).toBeFocused();
  });
});

test.describe('site menu', () => {
  test('marks the page being read, and follows client-side navigation', async ({ listing, articlePage, page }) => {
    await listing.goto('./');
    await listing.ready('Latest articles');
    await expect(listing.menuLink('Home')).toHaveAttribute('aria-current', 'page');
    await expect(listing.menuLink('About')).not.toHaveAttribute('aria-current');

    await listing.menuLink('About').click();
    await articlePage.ready('About');
    await expect(articlePage.menuLink('About')).toHaveAttribute('aria-current', 'page');
    await expect(articlePage.menuLink('Home')).not.toHaveAttribute('aria-current');

    // An article is not in the menu: nothing is marked.
    await articlePage.goto(permalink(slowNews));
    await articlePage.ready(slowNews.meta.title);
    await expect(articlePage.siteMenu.locator('[aria-current]')).toHaveCount(0);

    await page.goBack();
    await articlePage.ready('About');
    await expect(articlePage.menuLink('About')).toHaveAttribute('aria-current', 'page');
  });
});
