import { describe, expect, it } from 'vitest';
import { runInParseWorker } from './parse-worker.ts';

describe('parse worker memory limit', () => {
  it('a parse that runs out of memory ends its worker only and fails in Chinese', async () => {
    process.env.JICENG_IMPORT_WORKER_MAX_MB = '96';
    const hog = new URL('../../../test/fixtures/memory-hog.ts', import.meta.url).href;
    await expect(runInParseWorker(hog, 'hog', null)).rejects.toThrow(
      /^解析文件时内存超出上限：文件过大或疑似压缩炸弹/,
    );
    // The next task gets a fresh worker.
    const parser = new URL('./sheet.ts', import.meta.url).href;
    await expect(runInParseWorker(parser, null, null)).resolves.toBeNull();
  }, 60_000);
});
