import * as fs from 'node:fs';
import * as path from 'node:path';

/** Paths shared by global setup and teardown. */
export const MAIN_DIR = path.resolve(__dirname, '..');
export const E2E_DIR = path.join(MAIN_DIR, 'target', 'e2e');
export const RUN_DIR = path.join(E2E_DIR, 'run');
export const NGINX_PID_FILE = path.join(E2E_DIR, 'nginx.child.pid');

/**
 * The update servers (127.0.0.1:8636 at `/`, 127.0.0.1:8637 at `/blog/`)
 * serve a symlink each, which points at a copy of the first deploy (`old`)
 * or of the next one (`next`, built by `make dist-next` from changed
 * content). Swapping the link is a deploy: nginx follows it per request.
 */
export type UpdateSite = 'root' | 'blog';
export type Deploy = 'old' | 'next';
export const UPDATE_SITES: Record<UpdateSite, { listen: string; base: string; builds: Record<Deploy, string> }> = {
  root: { listen: '127.0.0.1:8636', base: '/', builds: { old: 'dist', next: path.join('target', 'dist-next') } },
  blog: { listen: '127.0.0.1:8637', base: '/blog/', builds: { old: 'dist-blog', next: path.join('target', 'dist-blog-next') } },
};
/**
 * WordPress's theme unit test export, imported by `quire import wordpress`
 * and built like any site (`make dist-wordpress`), served at `/` on its own
 * server: tests/wordpress.spec.ts.
 */
export const WORDPRESS_SITE = {
  listen: '127.0.0.1:8638',
  dist: path.join(MAIN_DIR, 'target', 'dist-wordpress'),
  export: path.join(MAIN_DIR, 'crates', 'quire-cli', 'tests', 'fixtures', 'wordpress', 'themeunittestdata.wordpress.xml'),
};

/** The symlink nginx serves for `site`. */
export const updateLink = (site: UpdateSite) => path.join(E2E_DIR, `update-${site}`);
/** The copy of one deploy of `site`. */
export const updateCopy = (site: UpdateSite, deploy: Deploy) => path.join(E2E_DIR, `update-${site}-${deploy}`);

/** Points `site`'s update server at `deploy`, atomically (a rename over the old link). */
export function deployUpdate(site: UpdateSite, deploy: Deploy): void {
  const link = updateLink(site);
  const tmp = `${link}.tmp-${process.pid}`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(updateCopy(site, deploy), tmp);
  fs.renameSync(tmp, link);
}

/** The build version (`<meta name="quire-build">`) of a copied deploy. */
export function deployVersion(site: UpdateSite, deploy: Deploy): string | undefined {
  const html = fs.readFileSync(path.join(updateCopy(site, deploy), 'index.html'), 'utf8');
  return /<meta name="quire-build" content="([^"]+)"/.exec(html)?.[1];
}

/** Which deploy `site`'s update server serves now. */
export function deployedUpdate(site: UpdateSite): Deploy {
  const target = fs.readlinkSync(updateLink(site));
  if (target === updateCopy(site, 'old')) return 'old';
  if (target === updateCopy(site, 'next')) return 'next';
  throw new Error(`${updateLink(site)} points at ${target}`);
}

/** The local Isso comment server the tests post to (scripts/isso.sh). */
export const ISSO_ORIGIN = 'http://127.0.0.1:8633';
export const ISSO_DIR = path.join(E2E_DIR, 'isso');
export const ISSO_LOG = path.join(ISSO_DIR, 'isso.log');
export const ISSO_PID_FILE = path.join(E2E_DIR, 'isso.child.pid');

/** Stops the nginx this harness started. */
export function stopNginx(): void {
  stopRecorded(NGINX_PID_FILE, ['nginx', path.join(RUN_DIR, 'nginx.conf')]);
}

/** Stops the Isso this harness started. */
export function stopIsso(): void {
  stopRecorded(ISSO_PID_FILE, ['isso', path.join(ISSO_DIR, 'isso.cfg')]);
}

/**
 * Stops a server this harness started (by the pid it recorded), and only if
 * that pid still belongs to a process whose command line has `markers`.
 */
function stopRecorded(pidFile: string, markers: string[]): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // already gone
  }
  if (!markers.every((m) => cmdline.includes(m))) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  // Wait (briefly) until it has released its ports.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && fs.existsSync(`/proc/${pid}`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.split(' ')[2] === 'Z') break;
    } catch {
      break;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}
