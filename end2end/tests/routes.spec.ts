import { test, expect, abs, failedLoad } from '../fixtures/test';
import {
  article,
  articles,
  authorName,
  homeOrder,
  localYmd,
  neighbours,
  openingWords,
  page as staticPage,
  pageSize,
  permalink,
  readingMinutes,
  site,
  termName,
  type Entry,
} from '../fixtures/content';

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const slowNews = article('the-case-for-slow-news');
const titles = (list: Entry[]) => list.slice(0, pageSize).map((a) => a.meta.title);

test.describe('home listing', () => {
  test('shows the latest articles as linked cards', async ({ listing, baseURL }) => {
    await listing.goto('./');
    await expect(listing.heading).toHaveText('Latest articles');
    const expected = titles(homeOrder());
    await expect(listing.cardLinks).toHaveText(expected);
    const first = homeOrder()[0];
    await expect(listing.cardLink(first.meta.title)).toHaveAttribute('href', new URL(permalink(first), baseURL).pathname);
  });

  test('pager goes to page 2 and back', async ({ listing, page, baseURL }) => {
    const all = homeOrder();
    const totalPages = Math.ceil(all.length / pageSize);
    expect(totalPages, 'the sample content spans several pages').toBeGreaterThan(1);
    await listing.goto('./');
    await expect(listing.newer).toHaveCount(0);
    await listing.older.click();
    await expect.soft(page).toHaveURL(abs(baseURL, 'page/2/'));
    await expect(listing.heading).toHaveText(`Latest articles (page 2 of ${totalPages})`);
    await expect(listing.cardLinks).toHaveText(all.slice(pageSize, 2 * pageSize).map((a) => a.meta.title));
    await expect(listing.pager.locator('[aria-current="page"]')).toHaveText('2');
    await listing.newer.click();
    await expect.soft(page).toHaveURL(abs(baseURL, './'));
    await expect(listing.heading).toHaveText('Latest articles');
    await expect(listing.cardLinks).toHaveText(titles(all));
  });

  test('a card link opens its article', async ({ listing, articlePage, page, baseURL }) => {
    const target = homeOrder()[1];
    await listing.goto('./');
    await listing.cardLink(target.meta.title).click();
    await expect.soft(page).toHaveURL(abs(baseURL, permalink(target)));
    await articlePage.ready(target.meta.title);
  });
});

test.describe('article', () => {
  test('deep link shows heading, byline, body and neighbours', async ({ articlePage, page, baseURL }) => {
    await articlePage.goto(permalink(slowNews));
    await expect(articlePage.heading).toHaveText(slowNews.meta.title);
    await expect(articlePage.authorLink).toHaveText(authorName(slowNews.meta.author));
    await expect(articlePage.authorLink).toHaveAttribute(
      'href',
      new URL(`author/${slowNews.meta.author}/`, baseURL).pathname,
    );
    await expect(articlePage.byline).toContainText(`${readingMinutes(slowNews.body_html)} min read`);
    await expect(articlePage.byline.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
    await expect(articlePage.body).toContainText(openingWords(slowNews.body_html));

    const { previous, next } = neighbours(slowNews);
    expect(previous, 'the sample article has an older neighbour').toBeDefined();
    expect(next, 'the sample article has a newer neighbour').toBeDefined();
    await expect(articlePage.previousLink).toContainText(previous!.meta.title);
    await expect(articlePage.nextLink).toContainText(next!.meta.title);

    await articlePage.previousLink.click();
    await expect.soft(page).toHaveURL(abs(baseURL, permalink(previous!)));
    await articlePage.ready(previous!.meta.title);

    await articlePage.nextLink.click();
    await expect.soft(page).toHaveURL(abs(baseURL, permalink(slowNews)));
    await articlePage.ready(slowNews.meta.title);

    await articlePage.nextLink.click();
    await expect.soft(page).toHaveURL(abs(baseURL, permalink(next!)));
    await articlePage.ready(next!.meta.title);
  });

  test('the newest and oldest articles have one neighbour each', async ({ articlePage }) => {
    const newest = articles[0];
    const oldest = articles[articles.length - 1];
    await articlePage.goto(permalink(newest));
    await expect(articlePage.previousLink).toContainText(articles[1].meta.title);
    await expect(articlePage.nextLink).toHaveCount(0);
    await articlePage.goto(permalink(oldest));
    await expect(articlePage.nextLink).toContainText(articles[articles.length - 2].meta.title);
    await expect(articlePage.previousLink).toHaveCount(0);
  });

  test('works without the trailing slash', async ({ articlePage, page }) => {
    const url = permalink(slowNews).replace(/\/$/, '');
    await page.goto(url);
    await articlePage.ready(slowNews.meta.title);
    await expect(articlePage.body).toContainText(openingWords(slowNews.body_html));
  });

  test('a wrong date redirects to the canonical URL', async ({ articlePage, page, baseURL }) => {
    await page.goto(`2020/01/01/${slowNews.meta.slug}/`);
    await articlePage.ready(slowNews.meta.title);
    await expect(page).toHaveURL(abs(baseURL, permalink(slowNews)));
    expect(page.url()).toBe(abs(baseURL, permalink(slowNews)));
  });

  test('a missing article shows the not-found view', async ({ errorPage, consoleGuard }) => {
    consoleGuard.allow(failedLoad(404));
    await errorPage.page.goto('2026/01/01/does-not-exist/');
    await errorPage.ready('Page not found');
    await expect(errorPage.home).toBeVisible();
  });
});

test.describe('archives', () => {
  type Case = { name: string; path: string; heading: string; members: Entry[] };
  const byDate = (pred: (a: Entry) => boolean) => articles.filter(pred);

  const category = 'kitchen';
  const tag = 'rss';
  const author = 'priya-raman';
  const year = localYmd(slowNews.meta.date).y;
  const month = localYmd(slowNews.meta.date).m;

  const cases: Case[] = [
    {
      name: 'category',
      path: `category/${category}/`,
      heading: `Category: ${termName('categories', category)}`,
      members: byDate((a) => (a.meta.categories ?? []).includes(category)),
    },
    {
      name: 'tag',
      path: `tag/${tag}/`,
      heading: `Tag: ${termName('tags', tag)}`,
      members: byDate((a) => (a.meta.tags ?? []).includes(tag)),
    },
    {
      name: 'author',
      path: `author/${author}/`,
      heading: `Articles by ${authorName(author)}`,
      members: byDate((a) => a.meta.author === author),
    },
    {
      name: 'year',
      path: `${year}/`,
      heading: year,
      members: byDate((a) => localYmd(a.meta.date).y === year),
    },
    {
      name: 'month',
      path: `${year}/${month}/`,
      heading: `${MONTHS[Number(month) - 1]} ${year}`,
      members: byDate((a) => localYmd(a.meta.date).y === year && localYmd(a.meta.date).m === month),
    },
  ];

  for (const c of cases) {
    test(`${c.name} archive lists its articles`, async ({ listing }) => {
      expect(c.members.length, 'the sample content has articles here').toBeGreaterThan(0);
      await listing.goto(c.path);
      await expect(listing.heading).toHaveText(c.heading);
      await expect(listing.cardLinks).toHaveText(titles(c.members));
      if (c.members.length <= pageSize) await expect(listing.pager).toHaveCount(0);
    });
  }

  test('author archive shows the bio', async ({ listing }) => {
    const bio = site.authors.find((a) => a.slug === author)!.bio!;
    await listing.goto(`author/${author}/`);
    await expect(listing.page.locator('.author-bio')).toHaveText(bio);
  });
});

test('every in-app link stays under the site base path', async ({ articlePage, page, baseURL }) => {
  await articlePage.goto(permalink(slowNews));
  const base = new URL(baseURL!);
  const hrefs = await page
    .locator('header.site-header a[href], main a[href], footer.site-footer a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  const internal = hrefs
    .map((h) => new URL(h, page.url()))
    .filter((u) => u.origin === base.origin)
    .map((u) => u.pathname);
  // Header, footer, byline, terms and neighbours at least.
  expect(internal.length).toBeGreaterThan(10);
  const outside = internal.filter((p) => !p.startsWith(base.pathname));
  expect(outside, `links outside ${base.pathname}`).toEqual([]);
});

test.describe('static pages and redirects', () => {
  test('about page shows its heading and body', async ({ articlePage }) => {
    const about = staticPage('about');
    await articlePage.goto('about/');
    await expect(articlePage.heading).toHaveText(about.meta.title);
    await expect(articlePage.body).toContainText(openingWords(about.body_html));
    // A page is not a post: no byline, no previous/next.
    await expect(articlePage.byline).toHaveCount(0);
    await expect(articlePage.moreArticles).toHaveCount(0);
  });

  test('menu links lead to the static pages', async ({ articlePage, page, baseURL }) => {
    await articlePage.goto('./');
    const nav = page.getByRole('navigation', { name: 'Site' });
    const colophon = staticPage('colophon');
    await nav.getByRole('link', { name: colophon.meta.title }).click();
    await expect.soft(page).toHaveURL(abs(baseURL, 'colophon/'));
    await articlePage.ready(colophon.meta.title);
  });

  test('page/1/ redirects to the listing root', async ({ listing, page, baseURL }) => {
    await page.goto('page/1/');
    await listing.ready('Latest articles');
    await expect(page).toHaveURL(abs(baseURL, './'));
  });

  test('tag page/1/ redirects to the tag listing', async ({ listing, page, baseURL }) => {
    await page.goto('tag/rss/page/1/');
    await listing.ready(`Tag: ${termName('tags', 'rss')}`);
    await expect(page).toHaveURL(abs(baseURL, 'tag/rss/'));
  });

  test('an unknown URL shows the 404 view with a way home', async ({ errorPage, listing, page, baseURL }) => {
    await page.goto('no/such/thing/');
    await errorPage.ready('Page not found');
    await expect(errorPage.retry).toHaveCount(0);
    await errorPage.home.click();
    await expect.soft(page).toHaveURL(abs(baseURL, './'));
    await listing.ready('Latest articles');
    await expect(listing.cardLinks.first()).toBeVisible();
  });
});
