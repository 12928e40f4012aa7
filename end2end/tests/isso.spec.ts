/**
 * The comment server as shipped: deploy/isso/isso.cfg, run by
 * scripts/isso.sh exactly as `make serve` and a site owner would. These
 * check the configuration the reader's comment form relies on (CORS for the
 * site's origins, moderation on, sanitized Markdown), against a real Isso.
 */
import * as fs from 'node:fs';
import { test, expect } from '../fixtures/test';
import { ISSO_LOG, ISSO_ORIGIN } from '../harness';

const json = { 'Content-Type': 'application/json' };

test.describe('comment server (Isso, shipped config)', () => {
  test('takes a comment from the site origin and holds it for moderation until approved', async ({ request, baseURL }, testInfo) => {
    const origin = new URL(baseURL!).origin;
    const uri = encodeURIComponent(`/isso-config/${testInfo.project.name}/`);
    const post = await request.post(`${ISSO_ORIGIN}/new?uri=${uri}`, {
      headers: { ...json, Origin: origin },
      data: {
        text: 'Hello **there** <script>window.pwned = 1</script>',
        author: 'Bo',
        email: 'bo@example.org',
        website: null,
        title: 'Config check',
        parent: null,
      },
    });
    expect(post.status(), await post.text()).toBe(202);
    expect(post.headers()['access-control-allow-origin']).toBe(origin);
    const posted = await post.json();
    expect(posted.mode).toBe(2);

    const list = async () => (await (await request.get(`${ISSO_ORIGIN}/?uri=${uri}`)).json()).replies ?? [];
    expect(await list(), 'a pending comment is not shown to readers').toHaveLength(0);

    // With notify = stdout, Isso logs the moderator's activation link.
    let activate = '';
    await expect
      .poll(() => {
        const m = fs.readFileSync(ISSO_LOG, 'utf8').match(new RegExp(`(http\\S+/id/${posted.id}/activate/\\S+)`));
        activate = m ? m[1] : '';
        return activate;
      })
      .not.toBe('');
    expect((await request.post(activate)).status()).toBe(200);

    const shown = await list();
    expect(shown).toHaveLength(1);
    expect(shown[0].text).toContain('<strong>there</strong>');
    expect(shown[0].text).not.toContain('<script');
  });

  test('does not grant other origins', async ({ request }) => {
    const res = await request.get(`${ISSO_ORIGIN}/?uri=/`, { headers: { Origin: 'http://evil.example' } });
    expect(res.headers()['access-control-allow-origin']).not.toBe('http://evil.example');
  });

  test('refuses a comment without a name or email, as the form does', async ({ request, baseURL }) => {
    const res = await request.post(`${ISSO_ORIGIN}/new?uri=/isso-config/anonymous/`, {
      headers: { ...json, Origin: new URL(baseURL!).origin },
      data: { text: 'Anonymous', author: null, email: null, website: null, title: 'T', parent: null },
    });
    expect(res.status()).toBe(403);
  });
});
