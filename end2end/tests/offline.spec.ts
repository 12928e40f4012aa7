/**
 * Offline reading with the service worker (public/sw.js) and the offline
 * layer (src/offline.js): the app shell and every route open without a
 * connection; saved articles and recently read ones open, others say so;
 * the library (`saved/`) saves, removes and counts; a full disk never
 * breaks reading; comment drafts keep working; the site is installable.
 *
 * Every test starts from a fresh browser context: no worker, no caches.
 * URLs are relative, so the subpath project covers `/blog/`.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, abs } from '../fixtures/test';
import { article, permalink, site } from '../fixtures/content';
import { CommentForm, commentable, DraftsPage, openCommentForm, storedDraftTexts } from '../fixtures/pages';
import { createdWith, marker, waitForCreated } from '../fixtures/isso';
import {
  BACK_ONLINE, cachedUrls, cacheName, goOffline, goOnline, OFFLINE_LOAD, OFFLINE_NOTICE, OfflineChrome,
  SavedPage, SaveToggle, waitForServiceWorker,
} from '../fixtures/offline';

const slowNews = article('the-case-for-slow-news');
const margins = article('margins-and-pencils');
const seedSwap = article('seed-swap-at-the-old-school');
const winterSoup = article('winter-soup-ledger');
const measure = article('measure-and-line-length');
// On the home listing's second page: never precached, never visited here.
const council = article('council-votes-on-the-footbridge');
const [blogroll] = commentable('bring-back-the-blogroll');

const FEATURED_ALT = 'A folded newspaper beside a cup of tea, drawn in flat shapes';
const BODY_IMAGE_ALT = 'A stack of five books of different colours and sizes';

/** The site base of the project (`/` or `/blog/`), as in the cache names. */
const basePath = (baseURL: string | undefined) => new URL(abs(baseURL, './')).pathname;
/** The content file an article is read from. */
const articleFile = (baseURL: string | undefined, slug: string) => abs(baseURL, `data/articles/${slug}.json`);

/** "Saved <date> · <size>", as the library shows it, for something saved today. */
function savedToday(): RegExp {
  const today = new Date().toLocaleDateString('en', { year: 'numeric', month: 'long', day: 'numeric' });
  return new RegExp(`^Saved ${today} · \\d+(\\.\\d)? (KB|MB)$`);
}

/** The storage line of the library for `n` saved articles. */
function usageLine(n: number): RegExp {
  return new RegExp(
    `^Saved articles: ${n} \\(\\d+(\\.\\d)? (KB|MB)\\)\\. This site uses \\d+(\\.\\d)? (KB|MB|GB) of this device’s storage; ` +
      `\\d+(\\.\\d)? (KB|MB|GB) more is available\\.`,
  );
}

/** A first visit (the home page, or `path`): waits until the service worker controls the page (its first install). */
async function firstVisit(page: Page, path = './'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await waitForServiceWorker(page);
}

/** Opens an article (a full page load) and waits for its "Save for offline" toggle. */
async function openArticle(page: Page, slug: string, title: string): Promise<SaveToggle> {
  await page.goto(permalink(article(slug)));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const toggle = new SaveToggle(page);
  await expect(toggle.button).toBeVisible();
  return toggle;
}

/** Reads an article online (no save) and waits until the worker has kept it as recent reading. */
async function readOnline(page: Page, baseURL: string | undefined, slug: string): Promise<void> {
  const a = article(slug);
  await openArticle(page, slug, a.meta.title);
  await expect
    .poll(() => cachedUrls(page, cacheName(basePath(baseURL), 'pages')), { message: `${slug} kept as recent reading` })
    .toContain(articleFile(baseURL, slug));
}

/** Both images of "The case for slow news" have loaded (from the network or a cache). */
async function expectSlowNewsImages(page: Page): Promise<void> {
  for (const alt of [FEATURED_ALT, BODY_IMAGE_ALT]) {
    const img = page.getByRole('main').getByRole('img', { name: alt, exact: true });
    await img.scrollIntoViewIfNeeded();
    await expect
      .poll(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)), { message: `“${alt}” loaded` })
      .toBeGreaterThan(0);
  }
}

test.describe('outside the offline specs', () => {
  // The config blocks service workers: page.route must see every request.
  test('the service worker is blocked, and the site still works', async ({ page, listing, consoleGuard }) => {
    await listing.goto('./');
    await listing.ready('Latest articles');
    await expect
      .poll(() => consoleGuard.messages.map((m) => m.text).join('\n'))
      .toMatch(/Offline reading is not available/);
    expect(await page.evaluate(async () => ({
      controller: !!navigator.serviceWorker?.controller,
      registrations: (await navigator.serviceWorker?.getRegistrations())?.length ?? 0,
    }))).toEqual({ controller: false, registrations: 0 });
    await expect(new SaveToggle(page).netStatus).toBeHidden();
  });
});

test.describe('offline reading', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the offline switch also cuts off the service worker', async ({ page, context, consoleGuard, baseURL }) => {
    consoleGuard.allow(OFFLINE_LOAD);
    // Measured, not assumed (microsoft/playwright#2311): context.setOffline
    // must stop the worker's own fetches, or "offline" tests would read the
    // network through the worker.
    await firstVisit(page);
    const [worker] = context.serviceWorkers();
    expect(worker.url()).toBe(abs(baseURL, 'sw.js'));
    const fromWorker = (slug: string) =>
      worker.evaluate(async (url) => {
        try {
          return String((await fetch(url, { cache: 'no-store' })).status);
        } catch (e) {
          return `failed: ${e}`;
        }
      }, articleFile(baseURL, slug));
    // Through the worker: an uncached file comes from the network or not at all.
    const fromPage = (slug: string) =>
      page.evaluate(async (url) => {
        try {
          return String((await fetch(url)).status);
        } catch (e) {
          return `failed: ${e}`;
        }
      }, articleFile(baseURL, slug));
    expect(await fromWorker(council.meta.slug)).toBe('200');
    expect(await fromPage(margins.meta.slug)).toBe('200');

    await goOffline(context);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect(await worker.evaluate(() => navigator.onLine)).toBe(false);
    expect(await fromWorker(council.meta.slug)).toMatch(/^failed: TypeError/);
    expect(await fromPage(council.meta.slug)).toMatch(/^failed: TypeError/);

    await goOnline(context);
    expect(await fromWorker(council.meta.slug)).toBe('200');
    expect(await fromPage(council.meta.slug)).toBe('200');
  });

  test('a saved article opens offline from its deep link, with its images', async ({ page, context, consoleGuard, baseURL, errorPage }) => {
    consoleGuard.allow(OFFLINE_LOAD);
    await firstVisit(page, permalink(slowNews));
    const chrome = new OfflineChrome(page);
    await expect(chrome.netStatus).toBeHidden();
    const toggle = new SaveToggle(page);
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'false');
    await toggle.save();
    await expect(toggle.status).toHaveText(/^Saved for offline reading\./);
    // The article and both its images are in the saved cache.
    const saved = await cachedUrls(page, cacheName(basePath(baseURL), 'saved'));
    expect(saved.sort()).toEqual(
      [articleFile(baseURL, slowNews.meta.slug), abs(baseURL, 'media/reading-pile.svg'), abs(baseURL, 'media/slow-news.svg')].sort(),
    );

    // Only the saved copy may serve it: recent reading and seen images go
    // (as they would after enough other reading).
    await page.evaluate((names) => Promise.all(names.map((n) => caches.delete(n))), [
      cacheName(basePath(baseURL), 'pages'),
      cacheName(basePath(baseURL), 'images'),
    ]);

    await goOffline(context);
    await expect(chrome.netStatus).toHaveText(OFFLINE_NOTICE);
    expect((await page.reload())?.fromServiceWorker(), 'the page comes from the service worker').toBe(true);
    await expect(chrome.heading).toHaveText(slowNews.meta.title);
    await expect(page.locator('main article.entry .entry-content')).not.toBeEmpty();
    await expectSlowNewsImages(page);
    await expect(chrome.netStatus).toBeVisible();
    await expect(chrome.netStatus).toHaveText(OFFLINE_NOTICE);
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'true');
    // No update on a first install.
    await expect(chrome.updateBanner).toHaveCount(0);

    // An article never read nor saved says so, and leads to the saved ones.
    await page.goto(permalink(council));
    await errorPage.ready('Not available offline');
    await expect(errorPage.view).toContainText('You are offline, and this page is not saved on this device.');
    await expect(errorPage.retry).toBeVisible();
    await expect(errorPage.home).toBeVisible();
    const seeSaved = errorPage.view.getByRole('link', { name: 'See saved articles', exact: true });
    await seeSaved.click();
    await expect(page).toHaveURL(abs(baseURL, 'saved/'));
    const library = new SavedPage(page);
    await library.ready('Saved articles');
    await expect(library.titles).toHaveText([slowNews.meta.title]);
    await library.open(slowNews.meta.title).click();
    await expect(chrome.heading).toHaveText(slowNews.meta.title);
    await expectSlowNewsImages(page);

    // Back online, "Try again" on the unavailable article loads it.
    await page.goto(permalink(council));
    await errorPage.ready('Not available offline');
    await goOnline(context);
    await errorPage.retry.click();
    await expect(chrome.heading).toHaveText(council.meta.title);
  });

  // A toggle's name must not change with its state (aria-pressed says the
  // state); the tick shown when pressed has empty alt text in the CSS.
  test('the "Save for offline" toggle keeps its name when pressed', async ({ page }) => {
    await firstVisit(page);
    const toggle = await openArticle(page, slowNews.meta.slug, slowNews.meta.title);
    await expect(toggle.button).toHaveAccessibleName('Save for offline');
    await toggle.save();
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle.button).toHaveAccessibleName('Save for offline');
    await toggle.unsave();
    await expect(toggle.button).toHaveAccessibleName('Save for offline');
  });

  test('an article read online, not saved, opens offline from its deep link', async ({ page, context, consoleGuard, baseURL }) => {
    consoleGuard.allow(OFFLINE_LOAD);
    await firstVisit(page);
    await readOnline(page, baseURL, margins.meta.slug);
    expect(await cachedUrls(page, cacheName(basePath(baseURL), 'saved'))).toEqual([]);

    await goOffline(context);
    await page.goto('./');
    await page.goto(permalink(margins));
    const toggle = new SaveToggle(page);
    await expect(toggle.heading).toHaveText(margins.meta.title);
    await expect(page.locator('main article.entry .entry-content')).not.toBeEmpty();
    await expect(toggle.netStatus).toHaveText(OFFLINE_NOTICE);
    // Kept as recent reading, not saved.
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'false');
  });

  test('offline, the home listing marks which articles open', async ({ page, context, consoleGuard, baseURL, listing }) => {
    consoleGuard.allow(OFFLINE_LOAD);
    await firstVisit(page);
    await openArticle(page, slowNews.meta.slug, slowNews.meta.title).then((t) => t.save());
    await readOnline(page, baseURL, margins.meta.slug);
    await listing.goto('./');
    const mark = (title: string) => listing.card(title).locator('.offline-mark');
    const available = [slowNews, margins];
    const unavailable = [seedSwap, winterSoup, measure];
    await expect(listing.cards).toHaveCount(available.length + unavailable.length);
    await expect(page.getByText('Available offline')).toHaveCount(0);

    // Going offline marks the cards on screen.
    await goOffline(context);
    for (const a of available) await expect(mark(a.meta.title)).toHaveText('Available offline');
    for (const a of unavailable) await expect(mark(a.meta.title)).toHaveText('Not available offline');

    // Back online the marks go, and the pill says so.
    await goOnline(context);
    await expect(listing.cards.locator('.offline-mark')).toHaveCount(0);
    await expect(new OfflineChrome(page).netStatus).toHaveText(BACK_ONLINE);

    // A fresh load while offline (the listing from the precached shell).
    await goOffline(context);
    await page.reload();
    await listing.ready('Latest articles');
    await expect(listing.cards).toHaveCount(available.length + unavailable.length);
    for (const a of available) await expect(mark(a.meta.title)).toHaveText('Available offline');
    for (const a of unavailable) await expect(mark(a.meta.title)).toHaveText('Not available offline');
    await expect(page.getByText('Available offline', { exact: true })).toHaveCount(available.length);
    await expect(page.getByText('Not available offline', { exact: true })).toHaveCount(unavailable.length);
    await expect(new OfflineChrome(page).netStatus).toHaveText(OFFLINE_NOTICE);

    // An available card opens offline.
    await listing.cardLink(margins.meta.title).click();
    await expect(listing.heading).toHaveText(margins.meta.title);
  });

  test('saving, removing and removing all, with the library following each step', async ({ page, baseURL }) => {
    await firstVisit(page);
    const library = new SavedPage(page);
    await library.menuLink('Saved').click();
    await expect(page).toHaveURL(abs(baseURL, 'saved/'));
    await library.ready('Saved articles');
    await expect(library.empty).toBeVisible();
    await expect(library.usage).toHaveText(usageLine(0));
    await expect(library.removeAll).toHaveCount(0);

    // Save two articles.
    await (await openArticle(page, slowNews.meta.slug, slowNews.meta.title)).save();
    await (await openArticle(page, margins.meta.slug, margins.meta.title)).save();
    await library.goto();
    // Newest first.
    await expect(library.titles).toHaveText([margins.meta.title, slowNews.meta.title]);
    for (const a of [margins, slowNews]) {
      const entry = library.entry(a.meta.title);
      await expect(entry.getByRole('heading', { level: 2 }).getByRole('link')).toHaveAttribute('href', new URL(abs(baseURL, permalink(a))).pathname);
      await expect(entry.locator('.saved-meta')).toHaveText(savedToday());
      await expect(library.open(a.meta.title)).toBeVisible();
      await expect(library.remove(a.meta.title)).toBeVisible();
    }
    await expect(library.usage).toHaveText(usageLine(2));
    await expect(library.empty).toBeHidden();

    // Remove one from its article's toggle.
    await library.open(slowNews.meta.title).click();
    const toggle = new SaveToggle(page);
    await expect(toggle.heading).toHaveText(slowNews.meta.title);
    await toggle.unsave();
    await library.menuLink('Saved').click();
    await library.ready('Saved articles');
    await expect(library.titles).toHaveText([margins.meta.title]);
    await expect(library.usage).toHaveText(usageLine(1));

    // Remove the other from the library.
    await library.remove(margins.meta.title).click();
    await expect(library.status).toHaveText(`Removed “${margins.meta.title}”.`);
    await expect(library.empty).toBeVisible();
    await expect(library.entries).toHaveCount(0);
    await expect(library.usage).toHaveText(usageLine(0));
    // Nothing is left behind: no article, no image.
    expect(await cachedUrls(page, cacheName(basePath(baseURL), 'saved'))).toEqual([]);

    // Remove all, with Cancel first.
    await (await openArticle(page, slowNews.meta.slug, slowNews.meta.title)).save();
    await (await openArticle(page, margins.meta.slug, margins.meta.title)).save();
    await library.goto();
    await expect(library.entries).toHaveCount(2);
    await library.removeAll.click();
    await expect(library.confirmation).toHaveText('Remove all 2 saved articles from this device? Yes, remove all Cancel');
    await expect(library.confirmRemoveAll).toBeFocused();
    await library.cancelRemoveAll.click();
    await expect(library.confirmation).toHaveCount(0);
    await expect(library.removeAll).toBeFocused();
    await expect(library.entries).toHaveCount(2);
    await page.reload();
    await library.ready('Saved articles');
    await expect(library.entries).toHaveCount(2);

    await library.removeAll.click();
    await library.confirmRemoveAll.click();
    await expect(library.empty).toBeVisible();
    await expect(library.status).toHaveText('All saved articles were removed.');
    await expect(library.usage).toHaveText(usageLine(0));
    await page.reload();
    await library.ready('Saved articles');
    await expect(library.empty).toBeVisible();
    const toggleAgain = await openArticle(page, margins.meta.slug, margins.meta.title);
    await expect(toggleAgain.button).toHaveAttribute('aria-pressed', 'false');
  });

  test('the library in one tab follows saves and removals in another', async ({ page, context }) => {
    await firstVisit(page);
    const library = new SavedPage(page);
    await library.goto();
    await expect(library.empty).toBeVisible();

    const other = await context.newPage();
    const toggle = await openArticle(other, slowNews.meta.slug, slowNews.meta.title);
    await toggle.save();
    await expect(library.titles).toHaveText([slowNews.meta.title]);
    await expect(library.usage).toHaveText(usageLine(1));

    await toggle.unsave();
    await expect(library.empty).toBeVisible();
    await expect(library.usage).toHaveText(usageLine(0));

    // And the other way: removing in the library unpresses the article's toggle.
    await toggle.save();
    await expect(library.entries).toHaveCount(1);
    await library.remove(slowNews.meta.title).click();
    await expect(library.empty).toBeVisible();
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'false');
  });

  test('with no storage space left, articles still open and "Save for offline" says it was not saved', async ({ page, context, baseURL }) => {
    await firstVisit(page);
    const cdp = await context.newCDPSession(page);
    const origin = new URL(baseURL!).origin;
    // Far less than the app shell already uses: every write fails. (Chromium
    // 156 applies the override to writes; storage.estimate() still reports
    // the real quota.)
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    const probe = () =>
      page.evaluate(async () => {
        try {
          await (await caches.open('quota probe')).put('quota-probe', new Response('x'.repeat(1000)));
          return 'stored';
        } catch (e) {
          return (e as Error).name;
        } finally {
          await caches.delete('quota probe');
        }
      });
    expect(await probe(), 'the quota override applies').toBe('QuotaExceededError');

    // Reading online is unaffected.
    const toggle = await openArticle(page, slowNews.meta.slug, slowNews.meta.title);
    await expect(page.locator('main article.entry .entry-content')).not.toBeEmpty();
    await expectSlowNewsImages(page);

    await toggle.button.click();
    await expect(toggle.status).toHaveText(
      'This article was not saved. There is not enough storage space on this device. Remove saved articles you have read, then try again.',
    );
    await expect(toggle.button).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle.button).toBeEnabled();
    const library = new SavedPage(page);
    await library.goto();
    await expect(library.empty).toBeVisible();

    // Other articles still open.
    await openArticle(page, margins.meta.slug, margins.meta.title);
    await expect(page.locator('main article.entry .entry-content')).not.toBeEmpty();

    // With the quota back, saving works.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    expect(await probe()).toBe('stored');
    const again = await openArticle(page, slowNews.meta.slug, slowNews.meta.title);
    await again.save();
  });

  test('comment drafts are kept and restored offline', async ({ page, context, consoleGuard, baseURL }, testInfo) => {
    consoleGuard.allow(OFFLINE_LOAD);
    await firstVisit(page);
    await readOnline(page, baseURL, measure.meta.slug);
    await goOffline(context);
    await page.reload();
    let form = new CommentForm(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(measure.meta.title);
    await expect(form.heading).toBeVisible();
    const text = `Written with no signal ${marker(testInfo.project.name, 'sw-draft')}`;
    await form.type(text);
    await form.waitForSaved(text);

    // A reload offline: the worker serves the page, the draft comes back.
    expect((await page.reload())?.fromServiceWorker(), 'the page comes from the service worker').toBe(true);
    form = new CommentForm(page);
    await expect(form.comment).toHaveValue(text);
    await expect(form.restored).toBeVisible();

    // The drafts page opens offline too, and lists it.
    const drafts = new DraftsPage(page);
    await drafts.goto();
    await expect(drafts.entry(measure.meta.title)).toContainText(text);
    expect(await storedDraftTexts(page)).toContain(text);
  });

  test('a comment posted offline waits in the outbox and is sent when back online', async ({ page, context, consoleGuard }, testInfo) => {
    consoleGuard.allow(OFFLINE_LOAD);
    test.setTimeout(60_000);
    // Isso answers the app's check on a pending comment with 403 (see posting.spec.ts).
    consoleGuard.allow(/status of 403 \(FORBIDDEN\) \(http:\/\/127\.0\.0\.1:8633\/id\/\d+\)/);
    await firstVisit(page);
    const form = await openCommentForm(page, blogroll);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(blogroll.meta.title);
    const m = marker(testInfo.project.name, 'sw-outbox');
    const text = `Queued behind the service worker ${m}`;
    await form.identify({ name: 'Wren', email: 'wren@example.org' });
    await form.type(text);
    await goOffline(context);
    await form.post.click();
    await expect(form.status).toContainText('You are offline: your comment will be sent when you are back online.');
    await expect(form.comment).toHaveValue(text);
    await goOnline(context);
    await expect(form.status).toContainText('Thank you. Your comment is awaiting moderation.');
    await waitForCreated(m);
    await expect(form.comment).toHaveValue('');
    await page.reload();
    await expect(form.heading).toBeVisible();
    await page.waitForTimeout(500);
    expect(createdWith(m)).toHaveLength(1);
  });
});

test.describe('accessibility of the offline views', () => {
  test.use({ serviceWorkers: 'allow' });

  for (const scheme of ['light', 'dark'] as const) {
    test(`${scheme} scheme: the library, the offline marks and "Not available offline" have no WCAG A/AA violations`, async ({ page, context, consoleGuard, errorPage, listing }) => {
      // axe runs five times.
      test.setTimeout(90_000);
      consoleGuard.allow(OFFLINE_LOAD);
      await page.emulateMedia({ colorScheme: scheme });
      const violations = async (what: string) => {
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        return results.violations.map((v) => ({
          what,
          rule: v.id,
          impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
        }));
      };
      const found: unknown[] = [];

      await firstVisit(page);
      const toggle = await openArticle(page, slowNews.meta.slug, slowNews.meta.title);
      await toggle.save();
      found.push(...(await violations('article with a saved toggle')));
      await (await openArticle(page, margins.meta.slug, margins.meta.title)).save();
      const library = new SavedPage(page);
      await library.goto();
      await expect(library.entries).toHaveCount(2);
      found.push(...(await violations('library')));
      await library.removeAll.click();
      await expect(library.confirmation).toBeVisible();
      found.push(...(await violations('library asking to remove all')));

      await goOffline(context);
      await listing.goto('./');
      await expect(listing.cards.locator('.offline-mark')).toHaveCount(5);
      await expect(new OfflineChrome(page).netStatus).toBeVisible();
      found.push(...(await violations('home listing offline')));
      await page.goto(permalink(council));
      await errorPage.ready('Not available offline');
      found.push(...(await violations('not available offline')));
      expect(found).toEqual([]);
    });
  }
});

test.describe('installing the site', () => {
  test('the web app manifest names the site, stays under the base and has icons that load', async ({ page, request, baseURL }) => {
    const manifestUrl = abs(baseURL, 'manifest.webmanifest');
    const res = await request.get(manifestUrl);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = await res.json();
    expect(manifest.name).toBe(site.title);
    expect(manifest.start_url).toBe('./');
    expect(manifest.scope).toBe('./');
    expect(new URL(manifest.start_url, manifestUrl).href).toBe(abs(baseURL, './'));
    expect(manifest.display).toBe('standalone');
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);

    type Icon = { src: string; sizes: string; type: string; purpose?: string };
    const icons: Icon[] = manifest.icons;
    const purposes = (i: Icon) => (i.purpose ?? 'any').split(/\s+/);
    const maskable = icons.filter((i) => i.sizes === '512x512' && i.type === 'image/png' && purposes(i).includes('maskable'));
    const small = icons.filter((i) => i.sizes === '192x192' && i.type === 'image/png');
    expect(maskable, 'a 512px maskable PNG icon').toHaveLength(1);
    expect(small, 'a 192px PNG icon').toHaveLength(1);
    for (const icon of [...maskable, ...small]) {
      const url = new URL(icon.src, manifestUrl).href;
      expect(url.startsWith(abs(baseURL, './')), `${url} under the base`).toBe(true);
      const r = await request.get(url);
      expect(r.status(), url).toBe(200);
      expect(r.headers()['content-type'], url).toBe('image/png');
      // The PNG's own size (IHDR) matches what the manifest says.
      const png = await r.body();
      const size = `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
      expect(size, url).toBe(icon.sizes);
    }

    await page.goto('./');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const link = page.locator('link[rel="manifest"]');
    await expect(link).toHaveCount(1);
    expect(await link.evaluate((l: HTMLLinkElement) => l.href)).toBe(manifestUrl);
    await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color);
    // Chromium reads the same manifest without complaint.
    const cdp = await page.context().newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.url).toBe(manifestUrl);
    expect(parsed.errors).toEqual([]);
  });
});
