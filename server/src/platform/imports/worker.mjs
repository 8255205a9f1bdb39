// Long-lived worker thread for spreadsheet imports: it loads TypeScript parsers through tsx once
// (so the same file works under `npm start`, the CLI and the tests) and then runs one task at a
// time: { id, module, fn, input } → progress messages, then { id, result } or { id, error }.
import { parentPort } from 'node:worker_threads';

// Compiled (server/dist, `npm start`): plain JavaScript; from the sources: TypeScript through tsx.
if (!import.meta.url.includes('/server/dist/')) (await import('tsx/esm/api')).register();
const modules = new Map();
parentPort.on('message', async ({ id, module, fn, input }) => {
  try {
    if (!modules.has(module)) modules.set(module, import(module));
    const parser = await modules.get(module);
    // No function: only load the parser ahead of the first file.
    const result =
      fn === null
        ? null
        : await parser[fn](input, (done, total) =>
            parentPort.postMessage({ id, type: 'progress', done, total }),
          );
    parentPort.postMessage({ id, type: 'result', result });
  } catch (error) {
    parentPort.postMessage({
      id,
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
parentPort.postMessage({ type: 'ready' });
