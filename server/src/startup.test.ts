import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { systemClock } from './platform/clock.ts';
import { prepareDatabase, stepLabel } from './startup.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('start-up console', () => {
  it('a first start on an empty data directory announces each step in Chinese, in order', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-steps-'));
    dirs.push(root);
    const config = loadConfig({
      NODE_ENV: 'development',
      JICENG_DEMO: '0',
      JICENG_DATA_DIR: path.join(root, 'data'),
    });
    const steps: string[] = [];
    const started = await prepareDatabase(config, systemClock, { onStep: (label) => steps.push(label) });
    await started.database.close();
    expect(steps.slice(0, 3)).toEqual(['准备数据目录', '打开数据库', '升级数据库结构']);
    // Every step that was timed was announced first, and no label is an internal key.
    expect(steps).toEqual(started.timings.map((t) => stepLabel(t.step)));
    for (const label of steps) expect(label).toMatch(/[\u4e00-\u9fff]/);
  });

  it('demo seeds share one label; unknown steps keep their key', () => {
    expect(stepLabel('demo: org-life')).toBe(stepLabel('demo: points'));
    expect(stepLabel('demo: district tree and accounts')).toBe('生成示范区：组织树和演示账户');
  });

  it('demo mode keeps the request log off the console; production and JICENG_LOG_REQUESTS turn it on', () => {
    expect(loadConfig({}).logRequests).toBe(false);
    expect(loadConfig({ JICENG_DEMO: '0' }).logRequests).toBe(true);
    expect(loadConfig({ JICENG_LOG_REQUESTS: '1' }).logRequests).toBe(true);
  });
});
