/**
 * Posting comments through the "Leave a Reply" form to the real Isso
 * (moderation on): awaiting moderation for the author, published after
 * approval, replies nested, offline posts sent exactly once, hostile
 * comment text made harmless, the reader's identity remembered on request.
 *
 * Each test uses its own article (Isso allows 3 top-level comments per
 * thread and IP), and each project has its own threads.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, refuseServiceWorkers } from '../fixtures/test';
import { approvedComments, article, permalink, type Entry } from '../fixtures/content';
import { CommentForm, commentable, DraftsPage, openCommentForm as openArticle, storedDraftTexts, storedEntries } from '../fixtures/pages';
import { approve, createdWith, marker, postApproved, published, threadUri, waitForCreated } from '../fixtures/isso';

const [tomatoes, council, winterSoup, seedSwap, train, webRemembers, colour, aFont] = commentable(
  'tomatoes-in-a-cold-spring',
  'council-votes-on-the-footbridge',
  'winter-soup-ledger',
  'seed-swap-at-the-old-school',
  'reading-on-the-train',
  'the-web-remembers-nothing',
  'accessible-colour-on-a-budget',
  'a-font-for-every-season',
);

const ISSO_ID_BASE = 1_000_000_000_000;
const AWAITING = 'Thank you. Your comment is awaiting moderation.';
const QUEUED = 'You are offline: your comment will be sent when you are back online.';




/**
 * The app asks Isso (`GET /id/N`) whether the reader's pending comments
 * still exist; Isso answers 403 without the edit cookie, which Chromium
 * logs as a console error (the browser logs every 4xx answer); allowed here.
 * It is the only way Isso tells a deleted comment (404) from a pending one.
 */
const PENDING_PROBE = /status of 403 \(FORBIDDEN\) \(http:\/\/127\.0\.0\.1:8633\/id\/\d+\)/;

test.beforeEach(({ consoleGuard }) => {
  consoleGuard.allow(PENDING_PROBE);
});

/** "N thoughts on “Title”", as the comments heading counts. */
function thoughts(n: number, a: Entry): string {
  return n === 1 ? `One thought on “${a.meta.title}”` : `${n} thoughts on “${a.meta.title}”`;
}

/** A reader who never wrote here: a new browser context, failing on page errors. */
async function freshVisitor(browser: Browser, baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL });
  await refuseServiceWorkers(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/integrity/i.test(m.text())) errors.push(`console error: ${m.text()}`);
  });
  return { context, page, errors };
}

/** The comment (an `article` landmark-like element) by `name` that contains `text`. */
function commentBy(page: Page, name: string, text: string) {
  return page.getByRole('article', { name: `Comment by ${name}`, exact: true }).filter({ hasText: text });
}

test('a reply draft and a top-level draft on one article are kept apart', async ({ page, request, baseURL }, testInfo) => {
  const m = marker(testInfo.project.name, 'reply-draft');
  const uri = threadUri(baseURL, permalink(tomatoes));
  const iris = await postApproved(request, new URL(baseURL!).origin, uri, {
    text: `Frost again last night ${m}`,
    author: 'Iris',
    title: tomatoes.meta.title,
  });
  const irisId = ISSO_ID_BASE + iris;
  const site = new URL(baseURL!).href;

  const form = await openArticle(page, tomatoes);
  const top = `A top-level thought ${m}`;
  const reply = `A reply to Iris ${m}`;
  await form.type(top);
  await form.waitForSaved(top);

  await form.replyTo('Iris').click();
  await expect(form.heading).toHaveAccessibleName('Leave a Reply to Iris Cancel reply');
  await expect(form.cancelReply).toBeVisible();
  await expect(form.comment).toHaveValue('');
  await expect(form.comment).toBeFocused();
  // The form sits under Iris's comment.
  await expect(page.locator(`li#isso-${iris}`).getByLabel('Comment *', { exact: true })).toBeVisible();
  await form.type(reply);
  await form.waitForSaved(reply);

  await form.cancelReply.click();
  await expect(form.heading).toHaveAccessibleName('Leave a Reply');
  await expect(form.comment).toHaveValue(top);
  await expect(page.locator(`li#isso-${iris}`).getByLabel('Comment *', { exact: true })).toHaveCount(0);

  const stored = new Map(await storedEntries(page, 'quire:draft:'));
  expect(JSON.parse(stored.get(`quire:draft:v1:0 ${tomatoes.meta.slug} ${site}`)!).text).toBe(top);
  const replyDraft = JSON.parse(stored.get(`quire:draft:v1:${irisId} ${tomatoes.meta.slug} ${site}`)!);
  expect(replyDraft.text).toBe(reply);
  expect(replyDraft.reply_to).toBe('Iris');

  await page.reload();
  await expect(form.comment).toHaveValue(top);
  await expect(form.heading).toHaveAccessibleName('Leave a Reply');

  const drafts = new DraftsPage(page);
  await expect(drafts.menuLink('Drafts (2)')).toBeVisible();
  await drafts.goto();
  await expect(drafts.entries).toHaveCount(2);
  const replyEntry = drafts.entries.filter({ hasText: reply });
  await expect(replyEntry).toContainText('Reply to Iris · Last edited just now');
  await expect(drafts.entries.filter({ hasText: top })).not.toContainText('Reply to');
  await replyEntry.getByRole('link', { name: `Open the draft on “${tomatoes.meta.title}”` }).click();
  await expect(page).toHaveURL(new RegExp(`${permalink(tomatoes)}\\?replytocom=${irisId}#respond$`));
  await expect(form.heading).toHaveAccessibleName('Leave a Reply to Iris Cancel reply');
  await expect(form.comment).toHaveValue(reply);
});

test('a comment and a reply wait for moderation, then everyone sees them nested', async ({ page, request, browser, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const m = marker(testInfo.project.name, 'thread');
  const name = 'Ada';
  const topText = `The footbridge needs new planks ${m}`;
  const replyText = `And a handrail, replying to myself ${m}`;
  const before = approvedComments(council).length;

  const form = await openArticle(page, council);
  await expect(page.getByRole('heading', { level: 2, name: thoughts(before, council) })).toBeVisible();
  // The article file's own comments cannot be replied to on the server.
  await expect(page.getByRole('article', { name: /^Comment by / })).toHaveCount(before);
  await expect(page.getByRole('button', { name: /^Reply to / })).toHaveCount(0);

  await form.identify({ name, email: 'ada@example.org' });
  await form.type(topText);
  await form.post.click();
  await expect(form.status).toContainText(AWAITING);
  await expect(form.comment).toHaveValue('');
  const top = await waitForCreated(m);
  expect(top.parent).toBeNull();
  const mine = commentBy(page, name, topText);
  await expect(mine).toContainText('Your comment is awaiting moderation.');
  await expect(page.locator(`li#isso-${top.id}`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Reply to ${name}` })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: thoughts(before, council) })).toBeVisible();
  expect(await storedDraftTexts(page)).toEqual([]);
  expect((await storedEntries(page, 'quire:awaiting:v1:')).map(([k]) => k)).toEqual([
    `quire:awaiting:v1:${ISSO_ID_BASE + top.id}`,
  ]);
  // Still shown to its author after a reload, and to nobody else.
  await page.reload();
  await expect(mine).toContainText('Your comment is awaiting moderation.');
  const stranger = await freshVisitor(browser, baseURL);
  await stranger.page.goto(permalink(council));
  await expect(stranger.page.getByRole('heading', { level: 2, name: thoughts(before, council) })).toBeVisible();
  await expect(stranger.page.getByText(topText)).toHaveCount(0);

  await approve(request, top.id);
  await page.reload();
  await expect(mine).toBeVisible();
  await expect(mine).not.toContainText('awaiting moderation');
  await expect(page.getByRole('heading', { level: 2, name: thoughts(before + 1, council) })).toBeVisible();

  await form.identify({ name, email: 'ada@example.org' });
  await form.replyTo(name).click();
  await expect(form.heading).toHaveAccessibleName(`Leave a Reply to ${name} Cancel reply`);
  await expect(page.locator(`li#isso-${top.id}`).getByLabel('Comment *', { exact: true })).toBeFocused();
  await form.type(replyText);
  await form.post.click();
  await expect(form.status).toContainText(AWAITING);
  await expect(form.heading).toHaveAccessibleName('Leave a Reply');
  await expect.poll(() => createdWith(m).length).toBe(2);
  const replyCreated = createdWith(m).find((c) => c.text.includes(replyText))!;
  expect(replyCreated.parent, 'the reply is sent with its parent').toBe(top.id);
  const nestedReply = page.locator(`li#isso-${top.id} ol.children li#isso-${replyCreated.id}`);
  await expect(nestedReply).toContainText(replyText);
  await expect(nestedReply).toContainText('Your comment is awaiting moderation.');

  await approve(request, replyCreated.id);
  await stranger.page.reload();
  const seen = stranger.page;
  await expect(seen.getByRole('heading', { level: 2, name: thoughts(before + 2, council) })).toBeVisible();
  await expect(commentBy(seen, name, topText).first()).toBeVisible();
  await expect(seen.locator(`li#isso-${top.id} ol.children li#isso-${replyCreated.id}`)).toContainText(replyText);
  await expect(seen.getByText('Your comment is awaiting moderation.')).toHaveCount(0);
  await expect(seen.getByRole('button', { name: `Reply to ${name}` })).toHaveCount(2);
  expect(stranger.errors).toEqual([]);
  await stranger.context.close();

  // The author's own view forgets the awaiting notes once approved.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: thoughts(before + 2, council) })).toBeVisible();
  await expect(page.getByText('Your comment is awaiting moderation.')).toHaveCount(0);
  await expect.poll(() => storedEntries(page, 'quire:awaiting:v1:')).toEqual([]);
});

test('a comment posted offline is sent once when the browser is back online', async ({ page, context, request, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const m = marker(testInfo.project.name, 'offline');
  const text = `Written on the train without signal ${m}`;
  const form = await openArticle(page, winterSoup);
  // A second tab of the same reader, also listening for "online".
  const other = await context.newPage();
  await other.goto('./');
  await expect(other.getByRole('navigation', { name: 'Site' })).toBeVisible();

  await form.identify({ name: 'Otto', email: 'otto@example.org' });
  await form.type(text);
  await context.setOffline(true);
  await form.post.click();
  await expect(form.status).toContainText(QUEUED);
  await expect(form.comment).toHaveValue(text);
  expect((await storedEntries(page, 'quire:outbox:v1:')).length).toBe(1);
  await page.waitForTimeout(500);
  expect(createdWith(m)).toHaveLength(0);

  await context.setOffline(false);
  await expect(form.status).toContainText(AWAITING);
  await waitForCreated(m);
  await expect(commentBy(page, 'Otto', text)).toContainText('Your comment is awaiting moderation.');
  await expect(form.comment).toHaveValue('');
  await expect.poll(() => storedEntries(page, 'quire:outbox:v1:')).toEqual([]);
  expect(await storedDraftTexts(page)).toEqual([]);

  // Reloads and another visit send nothing more.
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(commentBy(page, 'Otto', text)).toBeVisible();
    await other.reload();
  }
  await page.waitForTimeout(1_000);
  expect(createdWith(m)).toHaveLength(1);

  await approve(request, createdWith(m)[0].id);
  const shown = (await published(request, threadUri(baseURL, permalink(winterSoup)))).filter((c) => c.text.includes(m));
  expect(shown).toHaveLength(1);
});

// With moderation on, a pending comment is not in the public list the app
// checks before resending, so after a lost answer it asks the reader
// instead of sending again on its own; once approved, the comment is found
// and the outbox entry goes.
test('a comment whose answer was lost is not sent twice', async ({ page, request, baseURL, consoleGuard }, testInfo) => {
  consoleGuard.allow(/ERR_FAILED|Failed to load resource/);
  const m = marker(testInfo.project.name, 'lost');
  const text = `The answer to this one gets lost ${m}`;
  const form = await openArticle(page, train);
  await form.identify({ name: 'Lou', email: 'lou@example.org' });
  await form.type(text);
  // The comment reaches the server, but its answer never reaches the page.
  await page.route(/\/new\?uri=/, async (route) => {
    await route.fetch();
    await route.abort('failed');
  });
  await form.post.click();
  await waitForCreated(m);
  const unsure = page.getByText('Your comment may not have reached the comment server');
  await expect(unsure).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send it again' })).toBeVisible();
  await page.unroute(/\/new\?uri=/);

  await page.reload();
  await expect(form.heading).toBeVisible();
  await expect(unsure, 'still unconfirmed after a reload, and not resent').toBeVisible();
  await expect(form.comment).toHaveValue(text);
  await page.waitForTimeout(1_000);
  expect(createdWith(m), 'the comment reached the server once').toHaveLength(1);

  // Approved, it is in the public list: the next visit finds it and clears
  // the outbox and the draft without sending again.
  await approve(request, createdWith(m)[0].id);
  await page.reload();
  await expect.poll(() => storedEntries(page, 'quire:outbox:v1:')).toEqual([]);
  expect(createdWith(m)).toHaveLength(1);
  const shown = (await published(request, threadUri(baseURL, permalink(train)))).filter((c) => c.text.includes(m));
  expect(shown).toHaveLength(1);
});

test('pressing Post Comment twice sends the comment once', async ({ page }, testInfo) => {
  const m = marker(testInfo.project.name, 'twice');
  const form = await openArticle(page, aFont);
  await form.identify({ name: 'Tess', email: 'tess@example.org' });
  await form.type(`Only once, please ${m}`);
  await form.post.dblclick();
  await expect(form.status).toContainText(AWAITING);
  await waitForCreated(m);
  await page.waitForTimeout(1_000);
  expect(createdWith(m)).toHaveLength(1);
});

test('hostile comment text is shown harmless', async ({ page, request, browser, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const m = marker(testInfo.project.name, 'xss');
  const url = 'https://example.org/a?b=1';
  const text = [
    `Hostile ${m}`,
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=1</script>',
    '[x](javascript:window.__pwned=1)',
    '<a href="javascript:window.__pwned=1">y</a>',
    `see ${url}`,
  ].join('\n\n');

  const check = async (p: Page) => {
    const c = commentBy(p, 'Mallory', `Hostile ${m}`);
    await expect(c).toBeVisible();
    await expect(c).toContainText(`see ${url}`);
    const content = c.locator('.comment-content');
    await expect(content.locator('img, script, iframe, object, embed, svg, style')).toHaveCount(0);
    for (const el of await content.locator('*').all()) {
      const attrs = await el.evaluate((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`));
      for (const a of attrs) {
        expect(a, 'no event handler or script URL').not.toMatch(/^on|javascript:/i);
      }
    }
    await expect(p.locator('a[href^="javascript:" i]')).toHaveCount(0);
    const link = content.getByRole('link', { name: url, exact: true });
    await expect(link).toHaveAttribute('href', url);
    await expect(link).toHaveAttribute('rel', 'nofollow ugc noopener noreferrer');
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  };

  const form = await openArticle(page, webRemembers);
  await form.identify({ name: 'Mallory', email: 'mallory@example.org' });
  await form.comment.fill(text);
  await form.post.click();
  await expect(form.status).toContainText(AWAITING);
  const created = await waitForCreated(m);
  // The author's own copy, awaiting moderation, is rendered from the server's answer.
  await check(page);

  await approve(request, created.id);
  const visitor = await freshVisitor(browser, baseURL);
  await visitor.page.goto(permalink(webRemembers));
  await check(visitor.page);
  await visitor.page.waitForTimeout(500);
  expect(await visitor.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(visitor.errors).toEqual([]);
  await visitor.context.close();
});

test('"Save my name, email, and website" remembers the reader, and forgets when unticked', async ({ page }, testInfo) => {
  const m = marker(testInfo.project.name, 'identity');
  const who = { name: 'Rem Ember', email: 'rem@example.org', website: 'https://rem.example.org/' };
  let form = await openArticle(page, colour);
  await expect(form.remember).not.toBeChecked();
  await form.identify(who);
  await form.remember.check();
  await form.type(`Remember me ${m}`);
  await form.post.click();
  await expect(form.status).toContainText(AWAITING);
  await waitForCreated(m);

  await page.reload();
  form = new CommentForm(page);
  await expect(form.name).toHaveValue(who.name);
  await expect(form.email).toHaveValue(who.email);
  await expect(form.website).toHaveValue(who.website);
  await expect(form.remember).toBeChecked();
  // On another article of the site too.
  form = await openArticle(page, winterSoup);
  await expect(form.name).toHaveValue(who.name);

  await form.remember.uncheck();
  await expect.poll(() => storedEntries(page, 'quire:identity:')).toEqual([]);
  await page.reload();
  await expect(form.heading).toBeVisible();
  await page.waitForTimeout(750);
  await expect(form.name).toHaveValue('');
  await expect(form.email).toHaveValue('');
  await expect(form.website).toHaveValue('');
  await expect(form.remember).not.toBeChecked();
});
