import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  deployUpdate, deployVersion, E2E_DIR, ISSO_DIR, ISSO_LOG, ISSO_ORIGIN, ISSO_PID_FILE, MAIN_DIR, NGINX_PID_FILE, RUN_DIR, stopIsso, stopNginx,
  UPDATE_SITES, updateCopy, updateLink, type UpdateSite, WORDPRESS_SITE,
} from './harness';

const FIXTURES = path.join(__dirname, 'fixtures', 'content');
const BROKEN_FIXTURES = ['broken-syntax.json', 'future-format.json', 'bad-shape.json', 'hostile.json'];

async function waitFor200(url: string, deadline: number, what = 'nginx'): Promise<void> {
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not answer 200 at ${url} (${last})`);
}

export default async function globalSetup(): Promise<void> {
  // A previous run that died before its teardown may have left them running.
  stopNginx();
  stopIsso();

  for (const build of ['dist', 'dist-blog']) {
    if (!fs.existsSync(path.join(MAIN_DIR, build, 'index.html'))) {
      throw new Error(`${build}/ is missing: run \`make test-e2e\` (or \`make build\` and \`make dist-blog\`) first`);
    }
  }
  // The second deploy the update tests swap in.
  for (const build of ['target/dist-next', 'target/dist-blog-next']) {
    if (!fs.existsSync(path.join(MAIN_DIR, build, 'index.html'))) {
      throw new Error(`${build}/ is missing (the next deploy for tests/update.spec.ts): run \`make test-e2e\` (or \`make dist-next\`) first`);
    }
  }

  fs.rmSync(E2E_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_DIR, { recursive: true });
  const root = path.join(E2E_DIR, 'root');
  const blog = path.join(E2E_DIR, 'blog-dist');
  execFileSync('cp', ['-r', path.join(MAIN_DIR, 'dist'), root]);
  execFileSync('cp', ['-r', path.join(MAIN_DIR, 'dist-blog'), blog]);

  // Damaged and hostile content, next to the real articles.
  for (const copy of [root, blog]) {
    const articles = path.join(copy, 'data', 'articles');
    for (const name of BROKEN_FIXTURES) {
      for (const stale of [name, `${name}.br`, `${name}.gz`]) {
        fs.rmSync(path.join(articles, stale), { force: true });
      }
      fs.copyFileSync(path.join(FIXTURES, name), path.join(articles, name));
    }
  }

  // The update servers: both deploys of each base, and the link that picks one.
  const updateServers: string[] = [];
  for (const site of Object.keys(UPDATE_SITES) as UpdateSite[]) {
    const { listen, base, builds } = UPDATE_SITES[site];
    for (const deploy of ['old', 'next'] as const) {
      execFileSync('cp', ['-r', path.join(MAIN_DIR, builds[deploy]), updateCopy(site, deploy)]);
      // Both deploys with the same file times, as reproducible build
      // pipelines leave them: a server that validated by time and size
      // would answer 304 for the new sw.js (same size) and hide the deploy.
      execFileSync('find', [updateCopy(site, deploy), '-exec', 'touch', '-h', '-d', '2026-01-01T00:00:00Z', '{}', '+']);
    }
    const version = (deploy: 'old' | 'next') => deployVersion(site, deploy);
    if (!version('old') || version('old') === version('next')) {
      throw new Error(
        `${builds.old} and ${builds.next} must be two builds with different quire-build versions ` +
          `(found ${version('old')} and ${version('next')}): run \`make test-e2e\``,
      );
    }
    deployUpdate(site, 'old');
    updateServers.push(listen, updateLink(site), base);
  }

  // WordPress's theme unit test export, imported and built (`make dist-wordpress`).
  if (!fs.existsSync(path.join(WORDPRESS_SITE.dist, 'index.html'))) {
    throw new Error(`${WORDPRESS_SITE.dist} is missing: run \`make test-e2e\` (it runs \`make dist-wordpress\`)`);
  }

  fs.mkdirSync(RUN_DIR, { recursive: true });
  const conf = execFileSync(path.join(MAIN_DIR, 'scripts', 'nginx-conf.sh'), [
    RUN_DIR,
    '127.0.0.1:8631', root, '/',
    '127.0.0.1:8632', blog, '/blog/',
    ...updateServers,
    WORDPRESS_SITE.listen, WORDPRESS_SITE.dist, '/',
  ], { env: { ...process.env, QUIRE_COMMENTS: ISSO_ORIGIN } }).toString();
  const confPath = path.join(RUN_DIR, 'nginx.conf');
  fs.writeFileSync(confPath, conf);

  const log = fs.openSync(path.join(RUN_DIR, 'nginx-stderr.log'), 'a');
  const nginx = spawn(
    '/usr/sbin/nginx',
    ['-e', path.join(RUN_DIR, 'error.log'), '-c', confPath, '-p', RUN_DIR, '-g', 'daemon off;'],
    { stdio: ['ignore', log, log], detached: false },
  );
  let exited: string | null = null;
  nginx.on('exit', (code, signal) => {
    exited = `nginx exited (code ${code}, signal ${signal})`;
  });
  if (nginx.pid === undefined) throw new Error('could not start nginx');
  fs.writeFileSync(NGINX_PID_FILE, String(nginx.pid));
  nginx.unref();

  const deadline = Date.now() + 15_000;
  try {
    await waitFor200('http://127.0.0.1:8631/', deadline);
    await waitFor200('http://127.0.0.1:8632/blog/', deadline);
    for (const { listen, base } of Object.values(UPDATE_SITES)) await waitFor200(`http://${listen}${base}`, deadline);
    await waitFor200(`http://${WORDPRESS_SITE.listen}/`, deadline);
  } catch (e) {
    stopNginx();
    throw new Error(`${exited ?? ''} ${e}\n${fs.readFileSync(path.join(RUN_DIR, 'nginx-stderr.log'), 'utf8')}`);
  }

  await startIsso();
}

/** A fresh local Isso (empty database) that both test origins may post to. */
async function startIsso(): Promise<void> {
  fs.mkdirSync(ISSO_DIR, { recursive: true });
  const log = fs.openSync(ISSO_LOG, 'a');
  const isso = spawn(
    path.join(MAIN_DIR, 'scripts', 'isso.sh'),
    [
      'run', ISSO_DIR, ISSO_ORIGIN.replace('http://', ''), 'http://127.0.0.1:8631', 'http://127.0.0.1:8632',
      ...Object.values(UPDATE_SITES).map(({ listen }) => `http://${listen}`),
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  if (isso.pid === undefined) throw new Error('could not start Isso');
  fs.writeFileSync(ISSO_PID_FILE, String(isso.pid));
  isso.unref();
  try {
    await waitFor200(`${ISSO_ORIGIN}/?uri=/`, Date.now() + 60_000, 'Isso');
  } catch (e) {
    stopIsso();
    throw new Error(`${e}\n${fs.readFileSync(ISSO_LOG, 'utf8')}`);
  }
}
