// Worker thread entry for spreadsheet parsing: loads a TypeScript parser through tsx, so the
// same file works under `npm start`, the CLI and the tests. workerData names the parser module
// and its exported function (members and organization imports share this worker).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const parser = await import(workerData.module);
const result = await parser[workerData.fn](workerData.input, (done, total) =>
  parentPort?.postMessage({ type: 'progress', done, total }),
);
parentPort?.postMessage({ type: 'result', result });
