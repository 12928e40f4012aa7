/**
 * Comment drafts: what the reader types under an article is kept in the
 * browser (IndexedDB) and comes back after a reload, a second tab or a
 * crash; the drafts page lists them; a storage failure is said, not hidden.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { test, expect } from '../fixtures/test';
import { article, permalink, type Entry } from '../fixtures/content';
import { CommentForm, commentable, DraftsPage, openCommentForm as openArticle, storedDraftTexts, storedEntries, storeEntry } from '../fixtures/pages';
import { createdWith, marker } from '../fixtures/isso';

const [measure, seedSwap, sourdough, train, tomatoes, aFont, webRemembers] = commentable(
  'measure-and-line-length',
  'seed-swap-at-the-old-school',
  'sourdough-on-a-schedule',
  'reading-on-the-train',
  'tomatoes-in-a-cold-spring',
  'a-font-for-every-season',
  'the-web-remembers-nothing',
);




/** Gives the app a moment to restore whatever it would (for checks that nothing comes back). */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(750);
}

test.describe('a draft in one tab', () => {
  test('is restored after a reload, and Discard forgets it', async ({ page }, testInfo) => {
    const text = `A draft about line length ${marker(testInfo.project.name, 'restore')}`;
    let form = await openArticle(page, measure);
    await expect(form.restored).toBeHidden();
    await form.type(text);
    await form.waitForSaved(text);

    await page.reload();
    form = new CommentForm(page);
    await expect(form.comment).toHaveValue(text);
    await expect(form.restored).toHaveText('Draft restored, saved just now. Discard');
    await expect(form.discard).toBeVisible();

    await form.discard.click();
    await expect(form.comment).toHaveValue('');
    await expect(form.restored).toBeHidden();
    await expect(form.comment).toBeFocused();
    await expect.poll(() => storedDraftTexts(page)).not.toContain(text);

    await page.reload();
    form = new CommentForm(page);
    await expect(form.heading).toBeVisible();
    await settle(page);
    await expect(form.comment).toHaveValue('');
    await expect(form.restored).toBeHidden();
  });

  test('says how long ago it was saved', async ({ page }, testInfo) => {
    const text = `An older draft ${marker(testInfo.project.name, 'ago')}`;
    const form = await openArticle(page, measure);
    await form.type(text);
    await form.waitForSaved(text);
    // Back-date the stored draft by five minutes, as if typed earlier.
    const [[key, value]] = (await storedEntries(page, 'quire:draft:')).filter(([, v]) => v.includes(text));
    const draft = JSON.parse(value);
    draft.saved_at -= 5 * 60_000;
    await storeEntry(page, key, JSON.stringify(draft));

    await page.reload();
    await expect(form.comment).toHaveValue(text);
    await expect(form.restored).toHaveText('Draft restored, saved 5 minutes ago. Discard');
  });

  test('keeps what was typed just before a reload', async ({ page }, testInfo) => {
    const text = `Typed just before leaving ${marker(testInfo.project.name, 'pagehide')}`;
    const form = await openArticle(page, measure);
    await form.type(text);
    await form.waitForSaved(text);
    // The last words are typed less than 300 ms before the reload: only
    // the save on pagehide can keep them.
    await form.comment.pressSequentially(' and the last words');
    // Well within the 300 ms before the next save to IndexedDB.
    await page.waitForTimeout(100);
    await page.reload();
    await expect(form.heading).toBeVisible();
    await expect(form.comment).toHaveValue(`${text} and the last words`);
    await expect(form.restored).toBeVisible();
  });
});

test.describe('two tabs on one article', () => {
  test('typing in one shows in the other, both ways', async ({ page, context }, testInfo) => {
    const a = await openArticle(page, seedSwap);
    const pageB = await context.newPage();
    const b = await openArticle(pageB, seedSwap);

    const first = `Written in tab A ${marker(testInfo.project.name, 'tabs')}`;
    await a.type(first);
    await expect.poll(() => b.comment.inputValue()).toBe(first);
    await expect(b.conflict).toBeHidden();

    const second = ` and continued in tab B`;
    await b.comment.press('End');
    await b.comment.pressSequentially(second);
    await expect.poll(() => a.comment.inputValue()).toBe(first + second);
    await expect(a.conflict).toBeHidden();
    await expect(b.comment).toHaveValue(first + second);
  });

  /**
   * Types in B, then in A before B's save (300 ms): B's save reaches A while
   * A has unsaved typing, so A is asked which version to keep. On a slow
   * machine A may type after B's save arrived (then A simply adopts it), so
   * the race is run again, up to three times.
   */
  async function conflicting(page: Page, context: BrowserContext, m: string) {
    const a = await openArticle(page, sourdough);
    const pageB = await context.newPage();
    const b = await openArticle(pageB, sourdough);
    const mine = `Mine, from tab A ${m}`;
    const theirs = `Theirs, from tab B ${m}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      await b.comment.fill(`${theirs} (${attempt})`);
      await b.comment.fill(theirs);
      await a.comment.fill(mine);
      const asked = await expect(a.conflict)
        .toBeVisible({ timeout: 3_000 })
        .then(() => true, () => false);
      if (asked) break;
    }
    await expect(a.conflict).toBeVisible();
    await expect(a.alert).toContainText(theirs);
    await expect(a.comment).toHaveValue(mine);
    await expect(b.conflict).toBeHidden();
    return { a, b, pageB, mine, theirs };
  }

  test('when both typed, "Keep mine" keeps this tab\'s text everywhere', async ({ page, context }, testInfo) => {
    const { a, b, mine } = await conflicting(page, context, marker(testInfo.project.name, 'keep'));
    await a.keepMine.click();
    await expect(a.conflict).toBeHidden();
    await expect(a.comment).toHaveValue(mine);
    await expect.poll(() => b.comment.inputValue()).toBe(mine);
    await expect.poll(() => storedDraftTexts(page)).toEqual([mine]);
    await page.reload();
    await expect(a.comment).toHaveValue(mine);
  });

  test('when both typed, "Use the other version" takes the other tab\'s text everywhere', async ({ page, context }, testInfo) => {
    const { a, b, theirs } = await conflicting(page, context, marker(testInfo.project.name, 'theirs'));
    await a.useTheirs.click();
    await expect(a.conflict).toBeHidden();
    await expect(a.comment).toHaveValue(theirs);
    await expect.poll(() => storedDraftTexts(page)).toEqual([theirs]);
    await expect.poll(() => b.comment.inputValue()).toBe(theirs);
    await page.reload();
    await expect(a.comment).toHaveValue(theirs);
  });
});

/** Pids of the Chromium processes using `userDataDir` (main process first). */
function chromiumPids(userDataDir: string): { main: number[]; all: number[] } {
  const main: number[] = [];
  const all: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmd.split('\0');
    if (!args.some((a) => a === `--user-data-dir=${userDataDir}`)) continue;
    all.push(Number(entry));
    if (!args.some((a) => a.startsWith('--type='))) main.push(Number(entry));
  }
  return { main, all };
}

test('a draft survives the browser being killed mid-typing', async ({ baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `quire-crash-${testInfo.project.name}-`));
  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      executablePath: launchOptions.executablePath ?? '/usr/bin/chromium',
      args: launchOptions.args,
      baseURL,
    });
  const text = `Typed before the crash ${marker(testInfo.project.name, 'crash')}`;
  let context: BrowserContext | undefined;
  try {
    context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    const form = await openArticle(page, train);
    await form.type(text);
    await page.waitForTimeout(1_000);

    const { main } = chromiumPids(userDataDir);
    expect(main, 'the browser process of this profile').toHaveLength(1);
    process.kill(main[0], 'SIGKILL');
    await expect.poll(() => chromiumPids(userDataDir).main.length).toBe(0);
    // Its helpers go with it; make sure none holds the profile.
    for (const pid of chromiumPids(userDataDir).all) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await expect.poll(() => chromiumPids(userDataDir).all.length).toBe(0);
    await context.close().catch(() => {});

    context = await launch();
    const again = context.pages()[0] ?? (await context.newPage());
    const restored = await openArticle(again, train);
    await expect(restored.comment).toHaveValue(text);
    await expect(restored.restored).toBeVisible();
  } finally {
    await context?.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('when storage refuses to write, the reader is told and keeps the text', async ({ page, context }, testInfo) => {
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const text = `Nowhere to keep this ${marker(testInfo.project.name, 'quota')}`;
  const form = await openArticle(page, tomatoes);
  await form.type(text);
  await expect(form.storageProblem).toBeVisible();
  await expect(form.alert).toContainText('Your draft could not be saved (The quota has been exceeded.).');
  await expect(form.alert).toContainText(
    'Drafts cannot be kept on this device right now; your text stays in the box while this page is open.',
  );
  await expect(form.comment).toHaveValue(text);
  await expect(form.copyText).toBeVisible();
  await form.copyText.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  // Typing on keeps the text and the warning.
  await form.comment.pressSequentially(' more');
  await expect(form.comment).toHaveValue(`${text} more`);
  await expect(form.storageProblem).toBeVisible();
});

test.describe('the drafts page', () => {
  test('lists the drafts of this site, opens and discards them', async ({ page }, testInfo) => {
    const drafts = new DraftsPage(page);
    const m = marker(testInfo.project.name, 'list');
    const fontText = `Thoughts on seasonal fonts ${m}`;
    const webText = `Archive everything, says I ${m}`;

    let form = await openArticle(page, aFont);
    await expect(drafts.menuEntry).toBeHidden();
    await form.type(fontText);
    await form.waitForSaved(fontText);
    await expect(drafts.menuLink('Drafts (1)')).toBeVisible();
    form = await openArticle(page, webRemembers);
    await form.type(webText);
    await form.waitForSaved(webText);
    await expect(drafts.menuLink('Drafts (2)')).toBeVisible();

    await drafts.menuLink('Drafts (2)').click();
    await drafts.ready('Your drafts');
    await expect(page).toHaveURL(/\/drafts\/$/);
    await expect(drafts.entries).toHaveCount(2);
    // Newest first.
    await expect(drafts.main.getByRole('heading', { level: 2 })).toHaveText([
      webRemembers.meta.title,
      aFont.meta.title,
    ]);
    for (const [a, text] of [
      [aFont, fontText],
      [webRemembers, webText],
    ] as const) {
      const entry = drafts.entry(a.meta.title);
      await expect(entry).toContainText('Last edited just now');
      await expect(entry).toContainText(text);
      await expect(entry).not.toContainText('Reply to');
      await expect(entry.getByRole('heading', { level: 2 }).getByRole('link')).toHaveAttribute(
        'href',
        new RegExp(`${permalink(a)}#respond$`),
      );
      await expect(drafts.open(a.meta.title)).toBeVisible();
      await expect(drafts.discard(a.meta.title)).toBeVisible();
    }

    await drafts.open(aFont.meta.title).click();
    await expect(page).toHaveURL(new RegExp(`${permalink(aFont)}#respond$`));
    form = new CommentForm(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(aFont.meta.title);
    await expect(form.comment).toHaveValue(fontText);
    await expect(form.restored).toBeVisible();

    await drafts.goto();
    await drafts.discard(webRemembers.meta.title).click();
    await expect(drafts.entries).toHaveCount(1);
    await expect(drafts.entry(aFont.meta.title)).toBeVisible();
    await expect(drafts.menuLink('Drafts (1)')).toBeVisible();
    await page.reload();
    await drafts.ready('Your drafts');
    await expect(drafts.entries).toHaveCount(1);
    await expect(drafts.main).not.toContainText(webText);

    await drafts.discard(aFont.meta.title).click();
    await expect(drafts.empty).toBeVisible();
    await expect(drafts.menuEntry).toBeHidden();
    // The article's box is empty now.
    form = await openArticle(page, aFont);
    await settle(page);
    await expect(form.comment).toHaveValue('');
  });

  test('says when there are none', async ({ page }) => {
    const drafts = new DraftsPage(page);
    await drafts.goto();
    await expect(drafts.empty).toBeVisible();
    await expect(drafts.menuEntry).toBeHidden();
  });

  test('lists a damaged stored draft with a warning, and discards it', async ({ page, baseURL }) => {
    const drafts = new DraftsPage(page);
    await drafts.goto();
    await expect(drafts.empty).toBeVisible();
    const site = new URL(baseURL!).origin + new URL(baseURL!).pathname;
    await storeEntry(page, `quire:draft:v1:0 ${measure.meta.slug} ${site}`, '{"v":1,"text":');
    await page.reload();
    await drafts.ready('Your drafts');
    await expect(drafts.entries).toHaveCount(1);
    await expect(drafts.entries.first()).toContainText('A draft stored here could not be read');
    await drafts.entries.first().getByRole('button', { name: 'Discard' }).click();
    await expect(drafts.empty).toBeVisible();
    expect(await storedEntries(page, 'quire:draft:')).toEqual([]);
  });
});

test.describe('the form checks what is missing before sending', () => {
  test('errors are announced, linked to their fields, and focus the first', async ({ page }, testInfo) => {
    const form = await openArticle(page, measure);
    await form.post.click();
    await expect(form.errorSummary).toHaveText('Please correct the 3 marked fields.');
    await expect(form.comment).toBeFocused();
    await expect(form.comment).toHaveAttribute('aria-invalid', 'true');
    await expect(form.comment).toHaveAccessibleDescription('Write a comment.');
    await expect(form.name).toHaveAttribute('aria-invalid', 'true');
    await expect(form.name).toHaveAccessibleDescription('Enter your name.');
    await expect(form.email).toHaveAttribute('aria-invalid', 'true');
    await expect(form.email).toHaveAccessibleDescription(
      'Enter your email address. Your email address will not be published.',
    );
    await expect(form.website).not.toHaveAttribute('aria-invalid', /.*/);

    const text = `Checked before sending ${marker(testInfo.project.name, 'validate')}`;
    await form.type(text);
    await form.identify({ name: 'Val', email: 'not-an-email', website: 'ftp://example.org' });
    await form.post.click();
    await expect(form.errorSummary).toHaveText('Please correct the 2 marked fields.');
    await expect(form.email).toBeFocused();
    await expect(form.comment).not.toHaveAttribute('aria-invalid', /.*/);
    await expect(form.comment).toHaveAccessibleDescription('');
    await expect(form.name).not.toHaveAttribute('aria-invalid', /.*/);
    await expect(form.email).toHaveAttribute('aria-invalid', 'true');
    await expect(form.email).toHaveAccessibleDescription(
      'Enter an email address like name@example.org. Your email address will not be published.',
    );
    await expect(form.website).toHaveAttribute('aria-invalid', 'true');
    await expect(form.website).toHaveAccessibleDescription(
      'Enter a web address starting with http:// or https://, or leave it empty.',
    );

    await form.email.fill('val@example.org');
    await form.website.fill('');
    await form.name.fill('');
    await form.post.click();
    await expect(form.errorSummary).toHaveText('Please correct the marked field.');
    await expect(form.name).toBeFocused();
    await expect(form.email).not.toHaveAttribute('aria-invalid', /.*/);
    // Nothing invalid ever reached the comment server.
    await page.waitForTimeout(500);
    expect(createdWith(text)).toEqual([]);
  });
});

test('a site without a comment server says so, and still keeps drafts', async ({ page }, testInfo) => {
  // The same build, with site.json's comment provider taken out.
  await page.route(/\/data\/site\.json$/, async (route) => {
    const response = await route.fetch();
    const site = await response.json();
    site.comments.provider = null;
    site.comments.url = null;
    await route.fulfill({ response, json: site });
  });
  const form = await openArticle(page, measure);
  await expect(page.getByText('This site takes no new comments.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Post Comment' })).toBeHidden();
  await expect(page.getByRole('button', { name: /^Reply to / })).toHaveCount(0);
  const text = `Kept even without a server ${marker(testInfo.project.name, 'noserver')}`;
  await form.type(text);
  await form.waitForSaved(text);
  await page.reload();
  await expect(form.comment).toHaveValue(text);
  await expect(form.restored).toBeVisible();
});
