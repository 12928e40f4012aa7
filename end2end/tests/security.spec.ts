import { test, expect } from '../fixtures/test';
import { article, permalink } from '../fixtures/content';

declare global {
  interface Window {
    __xss?: unknown;
  }
}

const HOSTILE = '2026/01/01/hostile/';

/**
 * What the sanitizer leaves in the page. Chromium reports (and blocks) the
 * inline handlers and styles it meets while the sanitizer parses the raw
 * markup; those reports are the subject of a test of their own below, so
 * they are accepted here.
 */
test.describe('hostile article', () => {
  test.beforeEach(async ({ articlePage, consoleGuard }) => {
    consoleGuard.allow(/Content Security Policy/);
    await articlePage.goto(HOSTILE);
    await expect(articlePage.heading).toHaveText('Hostile markup');
  });

  test('no payload runs', async ({ articlePage, page }) => {
    await page.waitForTimeout(1000);
    // Interactions that would fire leftover handlers.
    await articlePage.body.getByText('Hover paragraph').hover();
    await articlePage.body.getByText('Hover paragraph').click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  });

  test('active elements are gone from the body and comments', async ({ articlePage, page }) => {
    await expect(articlePage.body).toBeVisible();
    const forbidden = 'script, iframe, object, embed, svg, math, form, button, style, frame, template';
    await expect(articlePage.body.locator(forbidden)).toHaveCount(0);
    await expect(page.locator('.comment-content').first()).toBeVisible();
    await expect(page.locator('.comment-content').locator(`${forbidden}, img`)).toHaveCount(0);
  });

  test('no event handler or style attribute survives', async ({ page }) => {
    const offenders = await page.locator('.entry-content, .comment-content').evaluateAll((roots) =>
      roots.flatMap((root) =>
        [root, ...root.querySelectorAll('*')].flatMap((el) =>
          el
            .getAttributeNames()
            .filter((n) => n.toLowerCase().startsWith('on') || n.toLowerCase() === 'style')
            .map((n) => `<${el.localName} ${n}="${el.getAttribute(n)}">`),
        ),
      ),
    );
    expect(offenders).toEqual([]);
  });

  test('no javascript: or data: URL survives', async ({ page }) => {
    const urls = await page.locator('.entry-content, .comment-content').evaluateAll((roots) =>
      roots.flatMap((root) =>
        [...root.querySelectorAll('[href], [src], [action], [data], [formaction], [xlink\\:href]')].flatMap((el) =>
          ['href', 'src', 'action', 'data', 'formaction', 'xlink:href']
            .map((a) => el.getAttribute(a))
            .filter((v): v is string => v !== null),
        ),
      ),
    );
    const bad = urls.filter((u) => /^(javascript|data|vbscript):/i.test(u.replace(/[\s\u0000-\u001f]/g, '')));
    expect(bad).toEqual([]);
    // The unsafe links themselves stay as plain text.
    await expect(page.locator('.entry-content')).toContainText('js link');
    await expect(page.locator('.entry-content')).toContainText('data link');
  });

  test('safe content survives', async ({ articlePage, page }) => {
    await expect(articlePage.body.getByText('Safe paragraph survives')).toBeVisible();
    const external = articlePage.body.getByRole('link', { name: 'external link' });
    await expect(external).toHaveAttribute('href', 'https://example.org/ext');
    await expect(external).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(page.locator('.comment-content em').filter({ hasText: 'emphasis' })).toBeVisible();
    await expect(articlePage.body.getByText('styled')).toBeVisible();
  });
});

/** The same markup with the CSP switched off: only the sanitizer stands guard. */
test.describe('hostile article without the CSP', () => {
  test.use({ bypassCSP: true });

  test('no payload runs and nothing active reaches the page', async ({ articlePage, page }) => {
    await articlePage.goto(HOSTILE);
    await expect(articlePage.heading).toHaveText('Hostile markup');
    await page.waitForTimeout(1000);
    await articlePage.body.getByText('Hover paragraph').hover();
    await articlePage.body.getByText('Hover paragraph').click();
    await page.locator('.entry-content details summary').click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await expect(page.locator('.entry-content, .comment-content').locator('script, iframe, object, embed, svg, form')).toHaveCount(0);
    await expect(articlePage.body.getByText('Safe paragraph survives')).toBeVisible();
  });
});

test.describe('content security policy', () => {
  test('the page is served with a strict CSP and the app runs under it', async ({ articlePage, page, consoleGuard }) => {
    const slowNews = article('the-case-for-slow-news');
    const response = await page.goto(permalink(slowNews));
    expect(response, 'navigation response').not.toBeNull();
    expect(response!.status()).toBe(200);
    const csp = response!.headers()['content-security-policy'];
    expect(csp, 'Content-Security-Policy header').toBeTruthy();
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    await articlePage.ready(slowNews.meta.title);
    await page.waitForTimeout(300);
    const violations = consoleGuard.messages.filter((m) => m.text.includes('Content Security Policy'));
    expect(violations).toEqual([]);
  });

  // The sanitizer works on the browser's own (inert) parse of the raw
  // markup. Chromium checks the page's CSP while it builds that parse and
  // reports the inline handlers and style attributes it meets: those reports
  // are the CSP blocking them, a second line of defence. Nothing else may be
  // reported (no script element, no navigation, no external load).
  test('the hostile article only triggers blocked-inline-attribute reports', async ({ articlePage, page, consoleGuard }) => {
    consoleGuard.allow(/Content Security Policy/);
    const response = await page.goto(HOSTILE);
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    await articlePage.ready('Hostile markup');
    await page.waitForTimeout(500);
    const reports = consoleGuard.messages.filter((m) => m.text.includes('Content Security Policy'));
    for (const r of reports) {
      expect(r.text).toMatch(/(Executing inline event handler|Applying inline style)/);
    }
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  });
});
