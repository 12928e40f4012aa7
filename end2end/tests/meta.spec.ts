import { test, expect, abs } from '../fixtures/test';
import { article, authorName, page as staticPage, permalink, site, termName } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');
const hebrew = article('shalom-olam');
const about = staticPage('about');

type Case = { name: string; path: string; canonical: string; title: string; description: string };

const cases: Case[] = [
  { name: 'home', path: './', canonical: '', title: site.title, description: site.tagline },
  { name: 'home page 2', path: 'page/2/', canonical: 'page/2/', title: 'Latest articles (page 2 of', description: site.tagline },
  {
    name: 'article',
    path: permalink(slowNews),
    canonical: permalink(slowNews),
    title: slowNews.meta.title,
    description: slowNews.meta.excerpt || site.tagline,
  },
  { name: 'static page', path: 'about/', canonical: 'about/', title: about.meta.title, description: about.meta.excerpt || site.tagline },
  {
    name: 'category',
    path: 'category/kitchen/',
    canonical: 'category/kitchen/',
    title: `Category: ${termName('categories', 'kitchen')}`,
    description: site.tagline,
  },
  { name: 'tag', path: 'tag/rss/', canonical: 'tag/rss/', title: `Tag: ${termName('tags', 'rss')}`, description: site.tagline },
  {
    name: 'author',
    path: 'author/mara-okafor/',
    canonical: 'author/mara-okafor/',
    title: `Articles by ${authorName('mara-okafor')}`,
    description: site.tagline,
  },
  { name: 'year archive', path: '2026/', canonical: '2026/', title: '2026', description: site.tagline },
  { name: 'month archive', path: '2026/03/', canonical: '2026/03/', title: 'March 2026', description: site.tagline },
];

for (const c of cases) {
  test(`${c.name}: title, description, canonical, lang and dir`, async ({ chrome, page, baseURL }) => {
    await page.goto(c.path);
    await chrome.ready();
    // The document title names the page and the site.
    await expect(page).toHaveTitle(new RegExp(escape(c.title)));
    await expect(page).toHaveTitle(new RegExp(escape(site.title)));
    if (c.title !== site.title) await expect(page).toHaveTitle(`${await chrome.heading.innerText()} – ${site.title}`);

    // The page's own description is present (see the separate test on
    // duplicates), and no description is empty.
    expect(c.description.trim()).not.toBe('');
    const descriptions = page.locator('head meta[name="description"]');
    await expect
      .poll(() => descriptions.evaluateAll((ms) => ms.map((m) => m.getAttribute('content'))))
      .toContain(c.description);
    for (const content of await descriptions.evaluateAll((ms) => ms.map((m) => m.getAttribute('content') ?? ''))) {
      expect(content.trim(), 'meta description content').not.toBe('');
    }

    const canonical = page.locator('head link[rel="canonical"]');
    await expect(canonical, 'exactly one canonical link').toHaveCount(1);
    const href = await canonical.getAttribute('href');
    expect(href, 'canonical href').toBeTruthy();
    expect(new URL(href!).href, 'canonical is absolute').toBe(href);
    expect(href).toBe(abs(baseURL, c.canonical));

    await expect(page.locator('html')).toHaveAttribute('lang', site.language);
    await expect(page.locator('html')).toHaveAttribute('dir', site.direction);
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the Hebrew article is right-to-left; the site chrome is not', async ({ articlePage, page, baseURL }) => {
  expect(hebrew.meta.language).toBe('he');
  expect(hebrew.meta.direction).toBe('rtl');
  await articlePage.goto(permalink(hebrew));
  await expect(articlePage.heading).toHaveText(hebrew.meta.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(articlePage.article).toHaveAttribute('dir', 'rtl');
  await expect(articlePage.article).toHaveAttribute('lang', 'he');
  await expect(articlePage.header).toHaveAttribute('dir', 'ltr');
  await expect(articlePage.header).toHaveAttribute('lang', site.language);
  await expect(page.locator('footer.site-footer')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', abs(baseURL, permalink(hebrew)));
  await expect(page).toHaveTitle(`${hebrew.meta.title} – ${site.title}`);
});

test('leaving the Hebrew article restores the site language and direction', async ({ articlePage, page }) => {
  await articlePage.goto(permalink(hebrew));
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Home' }).click();
  await articlePage.ready('Latest articles');
  await expect(page.locator('html')).toHaveAttribute('lang', site.language);
  await expect(page.locator('html')).toHaveAttribute('dir', site.direction);
  await expect(page).toHaveTitle(site.title);
});

test('a page has exactly one meta description: its own', async ({ articlePage, page }) => {
  await articlePage.goto(permalink(slowNews));
  const descriptions = page.locator('head meta[name="description"]');
  await expect
    .poll(() => descriptions.evaluateAll((ms) => ms.map((m) => m.getAttribute('content'))))
    .toEqual([slowNews.meta.excerpt]);
});

test('the not-found view has its own title', async ({ errorPage, page }) => {
  await page.goto('no/such/thing/');
  await errorPage.ready('Page not found');
  await expect(page).toHaveTitle(`Page not found – ${site.title}`);
});
