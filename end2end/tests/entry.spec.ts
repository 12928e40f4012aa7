/**
 * Entry pages (`quire pages`, run by the build): each article's address
 * serves a static page with its text and link-preview tags, which the app
 * then takes over in place.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { approvedComments, article, homeOrder, page as staticPage, pageSize, permalink, site } from '../fixtures/content';

const slowNews = article('the-case-for-slow-news');
const about = staticPage('about');

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an article is readable, with its preview tags', async ({ page }) => {
    await page.goto(permalink(slowNews));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(slowNews.meta.title);
    await expect(page.getByText('For twelve years I worked on a news desk')).toBeVisible();
    await expect(page.getByRole('link', { name: site.title })).toBeVisible();
    await expect(page).toHaveTitle(`${slowNews.meta.title} – ${site.title}`);
    const og = async (p: string) => page.locator(`meta[property="${p}"]`).getAttribute('content');
    expect(await og('og:title')).toBe(slowNews.meta.title);
    expect(await og('og:type')).toBe('article');
    expect(await og('og:description')).toBe(slowNews.meta.excerpt);
    expect(await page.locator('meta[name="twitter:card"]').getAttribute('content')).toBe('summary');
    // The site menu, the article's terms and its neighbours are links.
    const menu = page.getByRole('navigation', { name: 'Site' });
    await expect(menu.getByRole('link', { name: 'About' })).toHaveAttribute('href', /about\/$/);
    await expect(page.getByRole('link', { name: 'The Web' })).toHaveAttribute('href', /category\/the-web\/$/);
    await expect(page.getByRole('navigation', { name: 'More articles' }).getByRole('link', { name: /Next article/ })).toBeVisible();
    // Its images load (relative to the base).
    const img = page.locator('figure.featured-image img');
    await expect(img).toBeVisible();
    expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  });

  test('a static page is readable too, without a byline', async ({ page }) => {
    await page.goto('about/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(about.meta.title);
    await expect(page.locator('.entry-meta')).toHaveCount(0);
  });

  test('the home page lists the newest articles, with a link to older ones', async ({ page }) => {
    await page.goto('');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latest articles');
    await expect(page).toHaveTitle(site.title);
    const first = homeOrder().slice(0, pageSize);
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(first.map((a) => a.meta.title));
    await expect(page.getByRole('link', { name: first[0].meta.title })).toHaveAttribute('href', new RegExp(`${permalink(first[0])}$`));
    await expect(page.getByRole('navigation', { name: 'Pagination' }).getByRole('link', { name: 'Older →' })).toBeVisible();
  });

  test('an address without an entry page still gets the app shell, not the home listing', async ({ page }) => {
    // The year folder exists (it holds entry pages) but has no index.html.
    const res = await page.goto('2026/');
    expect(res?.status()).toBe(200);
    await expect(page.locator('noscript')).toHaveCount(1);
    await expect(page.getByText('Loading…')).toBeAttached();
    await expect(page.getByRole('heading', { name: 'Latest articles' })).toHaveCount(0);
  });
});

/** Notes, every frame from the page's start, whether an element matching
 * `selector` with exactly `text` is on screen. */
async function watchFrames(page: Page, selector: string, text: string): Promise<void> {
  await page.addInitScript(([selector, text]) => {
    const seen: boolean[] = [];
    (window as unknown as { __seen: boolean[] }).__seen = seen;
    const look = () => {
      const e = [...document.querySelectorAll(selector)].find((e) => e.textContent === text && (e as HTMLElement).offsetParent !== null);
      seen.push(!!e);
      if (seen.length < 600) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, [selector, text]);
}

/** Once it has appeared, the watched element was on screen in every frame. */
async function expectNeverGone(page: Page, what: string): Promise<void> {
  const seen = await page.evaluate(() => (window as unknown as { __seen: boolean[] }).__seen);
  const first = seen.indexOf(true);
  expect(first).toBeGreaterThanOrEqual(0);
  expect(seen.slice(first).every(Boolean), `${what} missing in some frame after it appeared: ${seen.join('')}`).toBe(true);
}

test('the app takes over an entry page without the text ever disappearing', async ({ page }) => {
  await watchFrames(page, 'h1', slowNews.meta.title);
  await page.goto(permalink(slowNews));
  // The app is in charge: its own controls are there, the boot shell is gone.
  await expect(page.getByRole('button', { name: 'Save for offline' })).toBeVisible();
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(slowNews.meta.title);
  await expect(page.locator('h1')).toHaveCount(1);
  await expectNeverGone(page, 'title');
});

test('the app takes over the home page without the list ever disappearing', async ({ page }) => {
  const newest = homeOrder()[0].meta.title;
  await watchFrames(page, 'h2 a', newest);
  await page.goto('');
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latest articles');
  await expect(page.getByRole('link', { name: newest })).toHaveCount(1);
  await expectNeverGone(page, 'newest article');
});

/** Holds the app's wasm back for `ms`, so the static page is seen on its own first. */
const delayApp = (page: Page, ms: number) =>
  page.route('**/*_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });

/** Where each element matching `selectors` is, as the reader sees it
 * (hidden ones left out). */
const boxes = (page: Page, selectors: string) =>
  page.evaluate((selectors) => [...document.querySelectorAll(selectors)].filter((e) => e.getClientRects().length > 0).map((e) => {
    const r = e.getBoundingClientRect();
    return `${e.localName}.${e.classList[0] ?? ''} ${Math.round(r.top)} ${Math.round(r.left)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  }), selectors);

for (const [name, viewport] of [['a phone', { width: 412, height: 823 }], ['a desktop', { width: 1280, height: 900 }]] as const) {
  test.describe(`on ${name}`, () => {
    test.use({ viewport });

    test('nothing on an entry page moves when the app takes over, nor when its save toggle appears', async ({ page }) => {
      await delayApp(page, 800);
      const parts = '.site-header, .site-title, .site-nav li, h1, .entry-meta, .entry-actions, .featured-image, .entry-content > *, .entry-footer, .terms li, .post-navigation a';
      await page.goto(permalink(slowNews));
      await expect(page.locator('#quire-boot h1')).toBeVisible();
      const before = await boxes(page, parts);
      expect(before.filter((b) => b.startsWith('li.')).length).toBeGreaterThan(4);
      expect(before.some((b) => b.startsWith('a.nav-next'))).toBe(true);
      await expect(page.locator('#quire-boot')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Save for offline' })).toBeVisible();
      // The app's menu adds "Drafts", hidden while the reader has none.
      expect(await boxes(page, parts)).toEqual(before);
    });

    test('nothing on the home page moves when the app takes over', async ({ page }) => {
      await delayApp(page, 800);
      const parts = '.site-header, .site-nav li, h1, .card, .card-title, .pager';
      await page.goto('');
      await expect(page.locator('#quire-boot h1')).toBeVisible();
      const before = await boxes(page, parts);
      await expect(page.locator('#quire-boot')).toHaveCount(0);
      await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
      expect(await boxes(page, parts)).toEqual(before);
    });
  });
}

type Parts = { comments: boolean; form: boolean; footer: boolean };

/** Notes, at the moment the app swaps out the boot shell and at the moment
 * the discussion appears, which of the page's lower parts (the discussion,
 * the reply form, the site footer) are in the document. */
async function watchSwap(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __atSwap?: Parts; __atComments?: Parts };
    const parts = () => ({
      comments: !!document.getElementById('comments'),
      form: !!document.getElementById('respond'),
      footer: !!document.querySelector('footer.site-footer'),
    });
    new MutationObserver((_, observer) => {
      if (!w.__atSwap && !document.getElementById('quire-boot') && document.getElementById('main')) w.__atSwap = parts();
      if (!w.__atComments && document.getElementById('comments')) w.__atComments = parts();
      if (w.__atSwap && w.__atComments) observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
}

const atSwap = (page: Page) => page.evaluate(() => (window as unknown as { __atSwap?: Parts }).__atSwap);
const atComments = (page: Page) => page.evaluate(() => (window as unknown as { __atComments?: Parts }).__atComments);

test('on a cold load the discussion and the footer come after the article is swapped in', async ({ page }) => {
  await watchSwap(page);
  await page.goto(permalink(slowNews));
  await expect(page.getByRole('region', { name: 'Comments' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save for offline' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Comment *' })).toBeVisible();
  // Rendered after the frame that showed the swap, a task for the
  // discussion and another for the form and the footer.
  expect(await atSwap(page)).toEqual({ comments: false, form: false, footer: false });
  expect(await atComments(page)).toEqual({ comments: true, form: false, footer: false });
});

test('a cold load that must be whole at once (a comment permalink) swaps in the discussion with the article', async ({ page }) => {
  const first = approvedComments(slowNews)[0];
  await watchSwap(page);
  await page.goto(`${permalink(slowNews)}#comment-${first.id}`);
  await expect(page.locator(`li#comment-${first.id}`)).toHaveAttribute('data-linked', '');
  await expect(page.locator(`li#comment-${first.id}`)).toBeInViewport();
  expect(await atSwap(page)).toEqual({ comments: true, form: true, footer: true });
});

/** An article's body as markup, each element's attributes in one order
 * (the entry page's writer and the browser order them differently). */
const bodyMarkup = (page: Page) =>
  page.locator('#main .entry-content').evaluate((root) => {
    const out: string[] = [];
    const walk = (n: Node) => {
      for (const c of n.childNodes) {
        if (c instanceof Element) {
          const attrs = [...c.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
          out.push(`<${c.localName} ${attrs}>`);
          walk(c);
          out.push(`</${c.localName}>`);
        } else if (c.nodeType === Node.TEXT_NODE) out.push(c.textContent ?? '');
      }
    };
    walk(root);
    return out.join('');
  });

test("on a cold load the app adopts the entry page's body, as it renders that body itself", async ({ page }) => {
  await delayApp(page, 500);
  await page.goto(permalink(slowNews));
  // Marks a node of the static body, to see whether the app keeps it.
  await page.locator('#quire-boot .entry-content > p').first().evaluate((p) => ((p as unknown as { __static: boolean }).__static = true));
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save for offline' })).toBeVisible();
  const first = page.locator('#main .entry-content > p').first();
  expect(await first.evaluate((p) => (p as unknown as { __static?: boolean }).__static)).toBe(true);
  const adopted = await bodyMarkup(page);
  expect(adopted).toContain('For twelve years I worked on a news desk');
  // The same article rendered by the app: home, and back through a link.
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Latest articles');
  await page.getByRole('link', { name: slowNews.meta.title }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(slowNews.meta.title);
  expect(await first.evaluate((p) => (p as unknown as { __static?: boolean }).__static)).toBeUndefined();
  expect(await bodyMarkup(page)).toBe(adopted);
});

test("an entry page older than its article is not adopted: the article's current text shows", async ({ page }) => {
  await page.route(`**/data/articles/${slowNews.meta.slug}.json`, async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.body_html = '<p>A correction was added.</p>' + json.body_html;
    await route.fulfill({ response, json });
  });
  await page.goto(permalink(slowNews));
  await expect(page.locator('#quire-boot')).toHaveCount(0);
  await expect(page.getByText('A correction was added.')).toBeVisible();
  await expect(page.getByText('For twelve years I worked on a news desk')).toHaveCount(1);
});

/** When the page rendered its first frame (its first animation frame
 * callback runs in it, before it is painted), when its request for the
 * app's wasm began, and how each content file in `files` was requested. */
const frameAndRequests = (page: Page, files: string[]) =>
  page.evaluate((files) => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      frame: (window as unknown as { __firstFrame?: number }).__firstFrame ?? NaN,
      wasm: resources.find((r) => r.name.endsWith('_bg.wasm'))?.startTime ?? NaN,
      files: files.map((f) => resources.filter((r) => r.name.endsWith(f)).map((r) => r.initiatorType)),
    };
  }, files);

test('a page with its content starts the app only after painting it, with its content files preloaded', async ({ page, request }) => {
  await page.addInitScript(() => {
    requestAnimationFrame(() => ((window as unknown as { __firstFrame: number }).__firstFrame = performance.now()));
  });
  for (const [address, file] of [
    [permalink(slowNews), 'data/articles/the-case-for-slow-news.json'],
    ['', 'data/index/1.json'],
  ]) {
    const html = await (await request.get(address)).text();
    expect(html).toContain('id="quire-boot"');
    expect(html, `${address || 'home'} preloads the app`).not.toMatch(/rel="(module)?preload"/);
    await page.goto(address);
    await expect(page.locator('#quire-boot')).toHaveCount(0);
    const { frame, wasm, files } = await frameAndRequests(page, ['data/site.json', file]);
    expect(frame).toBeGreaterThan(0);
    expect(wasm, `${address || 'home'}: wasm requested at ${wasm} ms, first frame at ${frame} ms`).toBeGreaterThan(frame);
    // Each file was requested once, by the preload the boot module added,
    // and the app used that response instead of fetching it again.
    expect(files, address || 'home').toEqual([['link'], ['link']]);
  }
});

test('the shell, which has nothing to show without the app, preloads it', async ({ page, request }) => {
  for (const address of ['shell.html', '404.html']) {
    const html = await (await request.get(address)).text();
    expect(html, address).toMatch(/<link rel="preload" href="[^"]*_bg\.wasm"/);
    expect(html, address).toMatch(/<link rel="modulepreload" href="[^"]*quire-app-[0-9a-f]+\.js"/);
  }
  // A route without a page of its own gets the shell, and the app still starts.
  await page.goto('saved/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('#quire-boot')).toHaveCount(0);
});
