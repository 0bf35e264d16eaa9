#!/usr/bin/env node
// Opens an HTML report written by `stompspec run --report DIR` in Debian's
// Chromium: the page loads with no console error and no failed request, every
// case of results.json has its row, the status filters, "Problems only",
// "All" and the search box show exactly the rows they should, and a
// screenshot is kept.
//   node browser/report-check.mjs --report DIR [--screenshot FILE.png] [--timeout MS]
// Exit 0: all checks pass; 1: a check failed; 2: setup problem.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from './chromium.mjs';
import { serve } from './serve.mjs';

// A closed stdout (| head) must not kill us before Chromium is closed; a
// SIGINT/SIGTERM closes it too (Chromium also exits when its pipe closes).
process.stdout.on('error', () => {});
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, async () => { await Promise.all([chromium?.close(), server?.close()]); process.exit(code); });
}

const { values: o } = parseArgs({ options: {
  report: { type: 'string' }, screenshot: { type: 'string' }, timeout: { type: 'string', default: '10000' } } });
if (!o.report) { console.error('report-check: --report DIR is required'); process.exit(2); }
const timeout = Number(o.timeout);
let results;
try {
  results = JSON.parse(fs.readFileSync(path.join(o.report, 'results.json'), 'utf8'));
  fs.accessSync(path.join(o.report, 'index.html'));
} catch (e) { console.error(`report-check: ${e.message}`); process.exit(2); }

const instances = results.cases.map((c) => c.instance || c.id);
const statusOf = new Map(results.cases.map((c) => [c.instance || c.id, c.status]));
let failures = 0, passes = 0;
function check(what, ok, detail = '') {
  if (ok) { passes++; console.log(`ok    ${what}`); } else { failures++; console.log(`FAIL  ${what}${detail ? `\n      ${detail}` : ''}`); }
}
const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
const show = (a) => (a.length > 6 ? `${a.slice(0, 6).join(', ')} … (${a.length})` : a.join(', ') || '(none)');

let chromium, server, code = 0;
const watchdog = setTimeout(async () => {
  console.error(`report-check: watchdog: over ${timeout * 6} ms, giving up`); await chromium?.close(); await server?.close(); process.exit(2);
}, timeout * 6);
try {
  server = await serve({ staticDir: o.report });
  chromium = await launch();
  const page = await chromium.context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  // Only this machine: any request leaving 127.0.0.1 is refused and reported.
  await page.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => { errors.push(`off-machine request: ${route.request().url()}`); route.abort(); });

  await page.goto(`${server.origin}/static/index.html`, { waitUntil: 'load' });
  const visible = () => page.$$eval('details.case', (ds) => ds.filter((d) => !d.hidden && d.offsetParent !== null)
    .map((d) => d.querySelector('summary .id').textContent));
  const shownText = () => page.$eval('#shown', (e) => e.textContent);

  check('every case of results.json has a row, all shown at first', same(await visible(), instances),
        `rows: ${show(await visible())}; results.json: ${show(instances)}`);
  check('the counter says all are shown', (await shownText()) === `${instances.length} of ${instances.length} shown`, await shownText());
  if (o.screenshot) {
    fs.mkdirSync(path.dirname(path.resolve(o.screenshot)), { recursive: true });
    await page.screenshot({ path: o.screenshot, fullPage: false });
  }

  // Each status chip with rows: unchecking it hides exactly those rows, checking it brings them back.
  const statuses = [...new Set(results.cases.map((c) => c.status))];
  for (const s of statuses) {
    await page.click(`label.chip.st-${s}`);
    const want = instances.filter((i) => statusOf.get(i) !== s);
    const got = await visible();
    check(`unchecking "${s}" hides its ${instances.length - want.length} rows and only those`, same(got, want), `shown: ${show(got)}`);
    check(`the counter follows (${want.length} of ${instances.length})`, (await shownText()) === `${want.length} of ${instances.length} shown`, await shownText());
    await page.click(`label.chip.st-${s}`);
    check(`checking "${s}" again shows all rows`, same(await visible(), instances));
  }
  await page.click('#problems');
  const problems = instances.filter((i) => ['fail', 'error', 'warn', 'xpass'].includes(statusOf.get(i)));
  check(`"Problems only" shows the ${problems.length} fail/error/warn/xpass rows`, same(await visible(), problems), `shown: ${show(await visible())}`);
  await page.click('#all');
  check('"All" shows every row again', same(await visible(), instances));
  const one = instances[instances.length - 1];
  await page.fill('#q', one);
  const matching = instances.filter((i) => i.toLowerCase().includes(one.toLowerCase()) ||
    results.cases.find((c) => (c.instance || c.id) === i).title.toLowerCase().includes(one.toLowerCase()));
  check(`searching "${one}" shows its ${matching.length} row(s)`, same(await visible(), matching), `shown: ${show(await visible())}`);
  await page.fill('#q', '');
  // A row opens on click and shows its transcript table or the "no transcript" note.
  await page.click(`details.case >> nth=0 >> summary`);
  check('clicking a row opens its detail', await page.$eval('details.case', (d) => d.open && !!d.querySelector('.detail')));
  check('no console error, page error or failed request', errors.length === 0, errors.join('\n      '));
} catch (e) {
  console.error(`report-check: ${e.message.split('\n')[0]}`); code = 2;
} finally {
  await chromium?.close(); await server?.close(); clearTimeout(watchdog);
}
if (code === 0) code = failures ? 1 : 0;
console.log(`report-check: ${passes} ok, ${failures} failed${o.screenshot ? `, screenshot ${o.screenshot}` : ''}`);
process.exit(code);
