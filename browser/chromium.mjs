// Debian's Chromium (/usr/bin/chromium), headless, through playwright-core:
// no browser download, a fresh profile, nothing phoning home.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const executable = process.env.STOMPSPEC_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  if (!fs.existsSync(executable)) throw new Error(`${executable} not found: run scripts/install-browser.sh`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stompspec-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  // playwright passes the fresh profile as --user-data-dir (it refuses it in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable, headless: true, args, timeout: 30000, viewport: { width: 1280, height: 900 } });
  const close = async () => {
    try { await Promise.race([context.close(), new Promise((r) => setTimeout(r, 5000))]); } catch { /* gone */ }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
