import { test, expect } from '../fixtures/test';
import {
  approvedComments,
  article,
  articles,
  commentDepths,
  isApproved,
  permalink,
  plainText,
  site,
} from '../fixtures/content';

const blogroll = article('bring-back-the-blogroll');
const title = blogroll.meta.title;
const threadDepth = site.comments.thread_depth ?? 5;

test.describe('a long discussion', () => {
  test.beforeEach(async ({ articlePage }) => {
    await articlePage.goto(permalink(blogroll));
  });

  test('the heading counts the approved comments', async ({ articlePage }) => {
    const n = approvedComments(blogroll).length;
    expect(n).toBeGreaterThan(1);
    await expect(articlePage.commentsHeading).toHaveText(`${n} thoughts on “${title}”`);
    await expect(articlePage.commentItems).toHaveCount(n);
  });

  test('pending and spam comments are not shown', async ({ articlePage }) => {
    const hidden = (blogroll.comments ?? []).filter((c) => !isApproved(c));
    expect(hidden.length, 'the sample has unapproved comments').toBeGreaterThan(0);
    await expect(articlePage.commentItems.first()).toBeVisible();
    for (const c of hidden) {
      await expect(articlePage.comment(c.id)).toHaveCount(0);
      await expect(articlePage.comments).not.toContainText(plainText(c.text).slice(0, 40));
      await expect(articlePage.comments).not.toContainText(c.author_name);
    }
  });

  test('replies nest at least four levels deep', async ({ page }) => {
    const nested = page.locator(
      'li.comment > ol.children > li.comment > ol.children > li.comment > ol.children > li.comment',
    );
    await expect(nested.first()).toBeVisible();
    await expect(page.locator('li.comment.depth-4').first()).toBeVisible();
    // Every approved comment sits at the depth its thread gives it.
    for (const [id, depth] of commentDepths(blogroll)) {
      await expect(page.locator(`li#comment-${id}`)).toHaveClass(
        new RegExp(`\\bdepth-${Math.min(depth, threadDepth)}\\b`),
      );
    }
  });

  test(`replies deeper than ${threadDepth} levels are marked "in reply to"`, async ({ articlePage }) => {
    const depths = commentDepths(blogroll);
    const shown = new Map(approvedComments(blogroll).map((c) => [c.id, c]));
    const deep = [...depths].filter(([, d]) => d > threadDepth).map(([id]) => shown.get(id)!);
    expect(deep.length, 'the sample has a thread deeper than the limit').toBeGreaterThan(0);
    for (const c of deep) {
      const li = articlePage.comment(c.id);
      await expect(li).toHaveClass(new RegExp(`\\bdepth-${threadDepth}\\b`));
      await expect(li.locator(':scope > article .in-reply-to')).toHaveText(
        `in reply to ${shown.get(c.parent!)!.author_name}`,
      );
    }
    // Comments within the limit carry no such mark.
    const shallow = [...depths].filter(([, d]) => d <= threadDepth).map(([id]) => id);
    for (const id of shallow) {
      await expect(articlePage.comment(id).locator(':scope > article .in-reply-to')).toHaveCount(0);
    }
  });

  test('comment author links are nofollow and ugc', async ({ articlePage }) => {
    const withUrl = approvedComments(blogroll).filter((c) => c.author_url);
    expect(withUrl.length).toBeGreaterThan(0);
    const links = articlePage.comments.locator('.comment-author a');
    await expect(links).toHaveCount(withUrl.length);
    for (const c of withUrl) {
      const link = articlePage.comment(c.id).locator(':scope > article .comment-author a');
      await expect(link).toHaveText(c.author_name);
      await expect(link).toHaveAttribute('href', c.author_url!);
      await expect(link).toHaveAttribute('rel', /\bnofollow\b/);
      await expect(link).toHaveAttribute('rel', /\bugc\b/);
    }
  });
});

test('a comment permalink opened directly scrolls to the comment and highlights it', async ({ articlePage, page }) => {
  const shown = approvedComments(blogroll);
  const target = shown[shown.length - 1];
  await page.goto(`${permalink(blogroll)}#comment-${target.id}`);
  await articlePage.ready(title);
  const highlighted = articlePage.comment(target.id).locator(':scope > article');
  await expect(highlighted).toBeInViewport();
  const border = (l: typeof highlighted) => l.evaluate((el) => getComputedStyle(el).borderInlineStartWidth);
  expect(await border(highlighted)).toBe('4px');
  expect(await border(articlePage.comment(shown[0].id).locator(':scope > article'))).toBe('0px');
});

test('an article with exactly one comment says "One thought"', async ({ articlePage }) => {
  const one = articles.find((a) => approvedComments(a).length === 1);
  expect(one, 'the sample has an article with one comment').toBeDefined();
  await articlePage.goto(permalink(one!));
  await expect(articlePage.commentsHeading).toHaveText(`One thought on “${one!.meta.title}”`);
  await expect(articlePage.commentItems).toHaveCount(1);
});

test('an article without comments invites the first one', async ({ articlePage }) => {
  const none = articles.find((a) => approvedComments(a).length === 0 && a.comments_open !== false);
  expect(none, 'the sample has an article without comments').toBeDefined();
  await articlePage.goto(permalink(none!));
  await expect(articlePage.commentsHeading).toContainText('first');
  await expect(articlePage.commentsHeading).toContainText(`“${none!.meta.title}”`);
  await expect(articlePage.commentItems).toHaveCount(0);
  await expect(articlePage.comments.getByText('Comments are closed.')).toHaveCount(0);
});

test('an article with comments closed says so', async ({ articlePage }) => {
  const closed = articles.find((a) => a.comments_open === false);
  expect(closed, 'the sample has an article with comments closed').toBeDefined();
  await articlePage.goto(permalink(closed!));
  await expect(articlePage.comments.getByText('Comments are closed.')).toBeVisible();
  const n = approvedComments(closed!).length;
  await expect(articlePage.commentItems).toHaveCount(n);
});
