import { Worker } from 'node:worker_threads';

const WORKER = new URL('./worker.mjs', import.meta.url);
const POOL_SIZE = 2;

interface Task {
  id: number;
  module: string;
  fn: string | null;
  input: unknown;
  onProgress?: (done: number, total: number) => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timeoutMs: number;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Spreadsheet parsing never runs on the request thread: a small pool of long-lived worker threads
 * (started once, on first use or by `startParseWorkers` at start-up, and kept without holding the
 * process open) takes one task at a time. A task that runs too long or a worker that dies takes
 * only that worker down; the next task starts a new one.
 */
const slots: Slot[] = [];

/**
 * Memory of each parse worker (JICENG_IMPORT_WORKER_MAX_MB, default 1024): a file that needs more
 * ends that worker only, and the import fails with a Chinese message.
 */
function workerLimits() {
  const mb = Number.parseInt(process.env.JICENG_IMPORT_WORKER_MAX_MB ?? '', 10);
  const maxOldGenerationSizeMb = Number.isFinite(mb) && mb > 0 ? mb : 1024;
  return { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: Math.min(64, maxOldGenerationSizeMb) };
}
const queue: Task[] = [];
let nextId = 1;

function spawn(): Slot {
  const worker = new Worker(WORKER, { resourceLimits: workerLimits() });
  worker.unref();
  const slot: Slot = { worker, task: null, timer: null };
  worker.on(
    'message',
    (
      msg:
        | { type: 'ready' }
        | { id: number; type: 'progress'; done: number; total: number }
        | { id: number; type: 'result'; result: unknown }
        | { id: number; type: 'error'; message: string },
    ) => {
      if (msg.type === 'ready') return;
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if (msg.type === 'progress') {
        task.onProgress?.(msg.done, msg.total);
        return;
      }
      finish(slot);
      if (msg.type === 'result') task.resolve(msg.result);
      else task.reject(new Error(msg.message));
    },
  );
  const fail = (error: Error & { code?: string }) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    const task = slot.task;
    finish(slot);
    task?.reject(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new Error('解析文件时内存超出上限：文件过大或疑似压缩炸弹，已拒绝')
        : error,
    );
    pump();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`解析进程异常退出（${code}）`)));
  slots.push(slot);
  return slot;
}

function finish(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.task = null;
  slot.worker.unref();
  queueMicrotask(pump);
}

function pump(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => !s.task) ?? (slots.length < POOL_SIZE ? spawn() : undefined);
    if (!slot) return;
    const task = queue.shift()!;
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      const t = slot.task;
      slot.task = null;
      t?.reject(new Error('解析超时：文件过大或格式异常'));
      void slot.worker.terminate();
    }, task.timeoutMs);
    slot.worker.postMessage({ id: task.id, module: task.module, fn: task.fn, input: task.input });
  }
}

/**
 * Start a worker and load a parser ahead of the first import (app start-up), so no upload waits
 * for the worker to start or the parser to load.
 */
export function preloadParser(module: string): Promise<void> {
  return runInParseWorker<null, null>(module, null, null).then(() => undefined);
}

/**
 * Run an exported parser function `fn(input, onProgress)` of `module` (a file URL) in a worker
 * thread, with a time bound.
 */
export function runInParseWorker<I, R>(
  module: string,
  fn: string | null,
  input: I,
  onProgress?: (done: number, total: number) => void,
  timeoutMs = 120_000,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    queue.push({
      id: nextId++,
      module,
      fn,
      input,
      onProgress,
      resolve: resolve as (value: unknown) => void,
      reject,
      timeoutMs,
    });
    pump();
  });
}
