// Worker thread entry for spreadsheet parsing: loads the TypeScript parser through tsx, so the
// same file works under `npm start`, the CLI and the tests.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseMemberFile } = await import('./parse.ts');
const result = await parseMemberFile(workerData, (done, total) =>
  parentPort?.postMessage({ type: 'progress', done, total }),
);
parentPort?.postMessage({ type: 'result', result });
