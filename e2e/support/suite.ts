/**
 * The one way a browser spec gets a server and a browser: one demo server and one Chromium for the
 * file, stopped after it.
 *
 *   const { server, browser, tmp } = browserSuite({ JICENG_DEMO_MEMBERS: '0' }, { tmp: 'org-import' });
 *
 * `server` and `browser` are late-bound (server/test/late-bound.ts): name them at module level and
 * use them inside tests (`openPage(browser, server.url)`) as the objects themselves. `tmp` (when
 * asked for) is a fresh directory for files the spec writes, removed after the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { lateBound } from '../../server/test/late-bound.ts';
import { launchBrowser } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
  /** The spec's scratch directory ('' unless `options.tmp` was given). */
  tmp: string;
}

export function browserSuite(
  serverEnv: Record<string, string> = {},
  options: { /** Name part of a scratch directory made for the file. */ tmp?: string } = {},
): BrowserSuite {
  const state: { server?: RunningServer; browser?: Browser } = {};
  const tmp = options.tmp ? fs.mkdtempSync(path.join(os.tmpdir(), `jiceng-e2e-${options.tmp}-`)) : '';
  // Starting the demo server may take JICENG_E2E_START_TIMEOUT_MS on a loaded machine; the hook waits longer.
  const startMs = Number(process.env.JICENG_E2E_START_TIMEOUT_MS) || 300_000;
  beforeAll(async () => {
    state.server = await startServer(serverEnv);
    state.browser = await launchBrowser();
  }, startMs + 120_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  return {
    server: lateBound('server', () => state.server),
    browser: lateBound('browser', () => state.browser),
    tmp,
  };
}

/** A UTF-8 CSV file (with the BOM spreadsheet programs write) of `header` and `rows` in `dir`. */
export function csvFile(dir: string, name: string, header: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `\uFEFF${header}\n${rows.join('\n')}\n`);
  return file;
}
