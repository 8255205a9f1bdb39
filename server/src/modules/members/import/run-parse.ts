import { Worker } from 'node:worker_threads';
import type { ParseInput, ParseResult } from './parse.ts';

const WORKER = new URL('./worker.mjs', import.meta.url);
const MEMBER_PARSER = new URL('./parse.ts', import.meta.url).href;

/**
 * Run an exported parser function `fn(input, onProgress)` of `module` (a file URL) in a worker
 * thread (never on the request thread), with a time bound.
 */
export function runParserInWorker<I, R>(
  module: string,
  fn: string,
  input: I,
  onProgress?: (done: number, total: number) => void,
  timeoutMs = 120_000,
): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { module, fn, input },
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('解析超时：文件过大或格式异常'));
    }, timeoutMs);
    worker.on(
      'message',
      (msg: { type: 'progress'; done: number; total: number } | { type: 'result'; result: R }) => {
        if (msg.type === 'progress') onProgress?.(msg.done, msg.total);
        else {
          clearTimeout(timer);
          resolve(msg.result);
          void worker.terminate();
        }
      },
    );
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`解析进程异常退出（${code}）`));
    });
  });
}

/** Parse a member spreadsheet in a worker thread. */
export function parseInWorker(
  input: ParseInput,
  onProgress?: (done: number, total: number) => void,
  timeoutMs = 120_000,
): Promise<ParseResult> {
  return runParserInWorker(MEMBER_PARSER, 'parseMemberFile', input, onProgress, timeoutMs);
}
