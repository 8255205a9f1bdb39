// Worker thread entry for the start-up's demo members (pregenerate.ts): loads the TypeScript
// generator through tsx and posts the CSV batches as they are made.
import { parentPort, workerData } from 'node:worker_threads';

// Compiled (server/dist, `npm start`): plain JavaScript; from the sources: TypeScript through tsx.
if (!import.meta.url.includes('/server/dist/')) (await import('tsx/esm/api')).register();
const { pregenerateMemberCsv } = await import('./demo-members.ts');
for (const message of pregenerateMemberCsv(workerData.secret, workerData.spec)) {
  parentPort?.postMessage(message);
}
parentPort?.postMessage({ done: true });
