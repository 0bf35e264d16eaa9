#!/usr/bin/env node
// The browser client check: @stomp/stompjs in Debian's Chromium against one
// WebSocket or SockJS target, written as a stompspec results.json.
//
//   node browser/stompjs-check.mjs --target ws://127.0.0.1:8081/gs-guide-websocket --dialog greeting \
//        --same-origin --server-heartbeat 10000,10000 --report DIR
//   node browser/stompjs-check.mjs --target sockjs+http://127.0.0.1:8081/gs-guide-websocket ...
//   STOMPSPEC_PASSCODE=guest node browser/stompjs-check.mjs --target ws://127.0.0.1:15674/ws \
//        --login guest --host / --dialog roundtrip --destinations /topic/,/queue/ --receipts --report DIR
//
// Exit 0: every case passed (or was skipped); 1: a case failed; 2: setup
// problem (no Chromium, bad options, a page that did not load, the watchdog).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from './chromium.mjs';
import { serve } from './serve.mjs';

// A closed stdout (| head) must not kill us before Chromium is closed; a
// SIGINT/SIGTERM closes it too (Chromium also exits when its pipe closes).
process.stdout.on('error', () => {});
let interruptedBy = 0;
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(sig, async () => {
    if (interruptedBy) process.exit(code);        // a second signal: at once
    interruptedBy = code; await closeAll();        // the run ends after the current case
  });
}

const { values: o } = parseArgs({ options: {
  target: { type: 'string' }, dialog: { type: 'string', default: 'roundtrip' },
  login: { type: 'string' }, passcode: { type: 'string' }, host: { type: 'string' },
  heartbeat: { type: 'string', default: '10000,10000' }, 'server-heartbeat': { type: 'string' },
  destinations: { type: 'string', default: '/topic/' }, receipts: { type: 'boolean', default: false },
  'greeting-format': { type: 'string', default: 'Hello, %s!' }, 'same-origin': { type: 'boolean', default: false },
  'sockjs-transports': { type: 'string', default: 'websocket' },
  deviation: { type: 'string', multiple: true, default: [] },
  timeout: { type: 'string', default: '5000' }, report: { type: 'string' }, profile: { type: 'string', default: '' },
} });

function usage(msg) { console.error(`stompjs-check: ${msg}`); process.exit(2); }
if (!o.target) usage('--target URL is required (ws://, wss:// or sockjs+http://)');
if (!o.report) usage('--report DIR is required');
if (!['greeting', 'roundtrip'].includes(o.dialog)) usage('--dialog is greeting or roundtrip');
const timeoutMs = Number(o.timeout);
const passcode = o.passcode ?? process.env.STOMPSPEC_PASSCODE;

// stompspec's URL forms: sockjs+http://... is sockjs-client's http://...
let transport = 'ws', url = o.target;
if (/^sockjs\+https?:\/\//.test(url)) { transport = 'sockjs'; url = url.slice('sockjs+'.length); }
else if (!/^wss?:\/\//.test(url)) usage(`unsupported target ${url}`);
const target = new URL(url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) usage('loopback targets only');

// An unreachable target is a setup problem (exit 2, as stompspec run), not a verdict.
const port = Number(target.port || (/^(wss|https)/.test(url) ? 443 : 80));
const reachable = await new Promise((resolve) => {
  const s = net.connect(port, target.hostname.replace(/^\[|\]$/g, ''));
  const done = (ok, why) => { s.destroy(); resolve(ok || why); };
  s.setTimeout(3000, () => done(false, 'no answer in 3000 ms'));
  s.on('connect', () => done(true));
  s.on('error', (e) => done(false, e.code || e.message));
});
if (reachable !== true) { console.error(`stompjs-check: cannot reach ${o.target}: ${reachable}`); process.exit(2); }

// id -> what it checks; which apply depends on the dialog and the options.
const destinations = o.destinations.split(',').filter(Boolean);
const plan = [
  { n: 1, name: 'heartbeats', title: 'stompjs in Chromium connects and schedules the negotiated heart-beats', level: 'MUST' },
  { n: 2, name: 'greeting', title: 'stompjs in Chromium: /app/hello {"name"} gets the greeting on /topic/greetings (gs-messaging-stomp-websocket)', level: 'MUST',
    skip: o.dialog !== 'greeting' && 'the target is not the greeting app (--dialog greeting)' },
  { n: 3, name: 'roundtrip', dest: '/topic/', title: 'stompjs in Chromium: SUBSCRIBE and SEND on a /topic/ destination with receipts, the MESSAGE comes back', level: 'MUST',
    skip: (o.dialog !== 'roundtrip' || !o.receipts || !destinations.includes('/topic/')) && 'needs --dialog roundtrip, --receipts and /topic/ in --destinations' },
  { n: 4, name: 'roundtrip', dest: '/queue/', title: 'stompjs in Chromium: SUBSCRIBE and SEND on a /queue/ destination with receipts, the MESSAGE comes back', level: 'MUST',
    skip: (o.dialog !== 'roundtrip' || !o.receipts || !destinations.includes('/queue/')) && 'needs --dialog roundtrip, --receipts and /queue/ in --destinations' },
  { n: 5, name: 'disconnect', title: 'stompjs in Chromium: DISCONNECT with a receipt gets its RECEIPT', level: 'SHOULD',
    skip: !o.receipts && 'the target gives no receipts (--receipts)' },
];

const started = new Date();
// results.jsonl as stompspec run writes it: the run, each case as it ends, the end.
// `stompspec report DIR/results.jsonl --format html,junit` renders it.
fs.mkdirSync(o.report, { recursive: true });
const stream = fs.openSync(path.join(o.report, 'results.jsonl'), 'w');
const streamLine = (obj) => fs.writeSync(stream, JSON.stringify(obj) + '\n');
const startedAt = started.toISOString().replace(/\.\d+Z$/, 'Z');
streamLine({ run: { tool: 'stompspec', version: '0.1.0', target: o.target, profile: o.profile || 'browser-stompjs',
                    started_at: startedAt, strict: false } });
const t0 = performance.now();
const results = [];
let closeAll = async () => {};
// Nothing hangs: the whole run has a budget, after which everything is torn down.
const budget = timeoutMs * (plan.length * 3) + 60000;
const watchdog = setTimeout(async () => {
  console.error(`stompjs-check: watchdog: the run took over ${budget} ms, giving up`);
  await closeAll(); process.exit(2);
}, budget);

// --deviation N=reason: a known deviation of the target (as in a profile): fail -> xfail, pass -> xpass.
const deviations = new Map(o.deviation.map((d) => { const i = d.indexOf('='); return [d.slice(0, i), d.slice(i + 1)]; }));
function caseResult(p, r, ms) {
  const known = deviations.get(`browser/stompjs/${p.n}`);
  if (known && r.status === 'fail') { r.status = 'xfail'; r.reason = known; }
  else if (known && r.status === 'pass') { r.status = 'xpass'; r.reason = known + ' (but it passed: remove the deviation)'; }
  const version = r.version || '1.2';
  return { id: `browser/stompjs/${p.n}`, instance: `browser/stompjs/${p.n}@${version}`, title: p.title, version, transport,
           status: r.status, level: p.level, duration_ms: ms, refs: [], requirements: [],
           message: r.message || '', expected: r.expected || '', actual: r.actual || '', reason: r.reason || '',
           source: 'browser/page/cases.js', transcript: r.transcript || [] };
}

let exitCode = 0;
let server, chromium;
try {
  const proxy = o['same-origin'] ? { prefix: target.pathname, port: Number(target.port || 80) } : null;
  server = await serve({ proxy });
  chromium = await launch();
  closeAll = async () => { await chromium?.close(); await server?.close(); };
  const page = await chromium.context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.origin + '/', { timeout: 15000 });
  await page.waitForFunction(() => typeof window.stompspecCase === 'function' && window.StompJs && window.SockJS, null, { timeout: 10000 });
  const ua = await page.evaluate(() => navigator.userAgent.match(/Chrom\S+/)[0]);
  // With --same-origin the page reaches the endpoint through its own origin.
  const pageUrl = proxy ? (transport === 'ws' ? server.origin.replace('http', 'ws') : server.origin) + target.pathname + target.search : url;
  const cfg = { url: pageUrl, transport, login: o.login ?? null, passcode: passcode ?? null, host: o.host ?? null,
                heartbeat: o.heartbeat.split(',').map(Number), server_heartbeat: o['server-heartbeat'] ?? null,
                greeting_format: o['greeting-format'], timeout_ms: timeoutMs,
                sockjs_transports: o['sockjs-transports'].split(',') };
  for (const p of plan) {
    if (interruptedBy) break;
    const c0 = performance.now();
    if (p.skip) { results.push(caseResult(p, { status: 'skip', reason: p.skip }, 0)); streamLine({ case: results.at(-1) }); continue; }
    let r;
    try {
      // The page's own waits are bounded; this bounds the page itself.
      r = await Promise.race([
        page.evaluate(([name, cfg]) => window.stompspecCase(name, cfg), [p.name, { ...cfg, destination: p.dest }]),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`the page did not finish in ${timeoutMs * 3} ms`)), timeoutMs * 3)),
      ]);
    } catch (e) {
      // Playwright appends Chromium's whole log to its errors: the first line says it.
      r = { status: 'error', message: interruptedBy ? 'interrupted' : e.message.split('\n')[0], transcript: [] };
    }
    if (consoleErrors.length && r.status === 'pass') {
      r.status = 'fail'; r.message = 'the page logged errors: ' + consoleErrors.join(' | ');
    }
    consoleErrors.length = 0;
    const res = caseResult(p, r, performance.now() - c0);
    results.push(res);
    streamLine({ case: res });
    console.log(`${res.status.padEnd(5)} ${res.instance} ${transport} ${(res.duration_ms / 1000).toFixed(2)} s  ${res.message}`);
    if (res.reason) console.log(`      reason: ${res.reason}`);
    if (res.status !== 'pass') { if (res.expected || res.actual) console.log(`      expected: ${res.expected}\n      actual:   ${res.actual}`); }
  }
  console.log(`browser: ${ua}, @stomp/stompjs ${JSON.parse(fs.readFileSync(new URL('./node_modules/@stomp/stompjs/package.json', import.meta.url))).version}`);
  if (results.some((r) => ['fail', 'error'].includes(r.status))) exitCode = 1;
} catch (e) {
  console.error(`stompjs-check: ${e.message.split('\n')[0]}`);
  exitCode = 2;
} finally {
  await chromium?.close();
  await server?.close();
  clearTimeout(watchdog);
}

streamLine({ end: { duration_ms: performance.now() - t0, interrupted: interruptedBy !== 0 } });
fs.closeSync(stream);
const summary = { total: results.length };
for (const s of ['pass', 'fail', 'warn', 'info', 'skip', 'error', 'xfail', 'xpass']) summary[s] = results.filter((r) => r.status === s).length;
const report = { tool: 'stompspec', version: '0.1.0', target: o.target, profile: o.profile || 'browser-stompjs',
                 started_at: startedAt, duration_ms: performance.now() - t0,
                 strict: false, interrupted: interruptedBy !== 0, summary, cases: results };
const out = path.join(o.report, 'results.json');
fs.writeFileSync(out + '.tmp', JSON.stringify(report, null, 2) + '\n');
fs.renameSync(out + '.tmp', out);
console.log(`stompjs-check: ${summary.pass} pass, ${summary.fail} fail, ${summary.error} error, ${summary.skip} skip -> ${out}`);
process.exit(interruptedBy || exitCode);
