import * as fs from 'node:fs';
import * as path from 'node:path';

/** Paths shared by global setup and teardown. */
export const MAIN_DIR = path.resolve(__dirname, '..');
export const E2E_DIR = path.join(MAIN_DIR, 'target', 'e2e');
export const RUN_DIR = path.join(E2E_DIR, 'run');
export const NGINX_PID_FILE = path.join(E2E_DIR, 'nginx.child.pid');

/**
 * Stops the nginx this harness started (by the pid it recorded), and only if
 * that pid still belongs to an nginx running our config.
 */
export function stopNginx(): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(NGINX_PID_FILE, 'utf8').trim());
  } catch {
    return;
  }
  fs.rmSync(NGINX_PID_FILE, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // already gone
  }
  if (!cmdline.includes('nginx') || !cmdline.includes(path.join(RUN_DIR, 'nginx.conf'))) return;
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
