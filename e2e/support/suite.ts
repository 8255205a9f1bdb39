/**
 * The setup every browser spec repeats: one demo server and one Chromium for the file, stopped
 * after it. `const env = browserSuite();` then `env.server.url`, `env.browser` inside the tests.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
}

export function browserSuite(serverEnv: Record<string, string> = {}): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer(serverEnv);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
