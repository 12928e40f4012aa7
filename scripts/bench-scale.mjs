// Page loads of a huge site against the sample site, in one run: the home
// page and a deep archive page (the last page of the home listing) of a
// site built from N generated articles (scripts/bench-build.sh), and the
// same two pages of the sample site, each served by nginx with the shipped
// config. Each figure is the median of 7 cold loads, each in a fresh
// browser context: time until the listing's first article card is visible.
// Prints a markdown table; timings vary by machine, so they live here.
// Usage: node scripts/bench-scale.mjs SAMPLE_DIST BIG_DIST
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const [sampleDist, bigDist] = process.argv.slice(2).map((p) => path.resolve(p));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = path.join(root, 'target', 'bench', 'nginx');
fs.mkdirSync(run, { recursive: true });
const conf = execFileSync(path.join(root, 'scripts', 'nginx-conf.sh'), [
  run, '127.0.0.1:8641', sampleDist, '/', '127.0.0.1:8642', bigDist, '/',
]).toString();
fs.writeFileSync(path.join(run, 'nginx.conf'), conf);
const nginx = spawn('/usr/sbin/nginx', ['-e', path.join(run, 'error.log'), '-c', path.join(run, 'nginx.conf'), '-p', run, '-g', 'daemon off;'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));

const lastPage = (dist) => JSON.parse(fs.readFileSync(path.join(dist, 'data', 'index', '1.json'), 'utf8')).total_pages;
const sites = [
  { name: 'sample', origin: 'http://127.0.0.1:8641/', pages: lastPage(sampleDist) },
  { name: 'big', origin: 'http://127.0.0.1:8642/', pages: lastPage(bigDist) },
];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const site of sites) {
    for (const [label, rel] of [['home', ''], [`page ${site.pages}`, site.pages > 1 ? `page/${site.pages}/` : '']]) {
      const times = [];
      for (let i = 0; i < 7; i++) {
        const context = await browser.newContext({ serviceWorkers: 'block' });
        const page = await context.newPage();
        const start = Date.now();
        await page.goto(site.origin + rel);
        await page.locator('main article').first().waitFor({ state: 'visible' });
        times.push(Date.now() - start);
        await context.close();
      }
      rows.push({ site: site.name, label, ms: median(times) });
    }
  }
} finally {
  await browser.close();
  nginx.kill();
}
console.log('| site | page | median load (ms) |');
console.log('|---|---|---|');
for (const r of rows) console.log(`| ${r.site} | ${r.label} | ${r.ms} |`);
fs.writeFileSync(path.join(root, 'target', 'bench', 'scale.json'), JSON.stringify(rows, null, 2));
