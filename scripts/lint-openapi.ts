/**
 * Lints the OpenAPI document integrators read (`/api/docs/json`) with Redocly and the committed
 * ruleset (`redocly.yaml`): boots the app in-process as the tests do, writes the document to a
 * temporary file and runs `redocly lint`; any error fails (`npm run lint:openapi`, `.ci/run`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp } from '../server/test/app.ts';

const root = path.resolve(import.meta.dirname, '..');
const t = await buildTestApp();
const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
await t.close();
if (res.statusCode !== 200) {
  console.error(`/api/docs/json answered ${res.statusCode}`);
  process.exit(1);
}
const file = path.join(os.tmpdir(), `jiceng-openapi-${process.pid}.json`);
fs.writeFileSync(file, res.body);
const redocly = process.env.REDOCLY_BIN ?? path.join(root, 'node_modules', '.bin', 'redocly');
const run = spawnSync(redocly, ['lint', file, '--config', path.join(root, 'redocly.yaml')], {
  stdio: 'inherit',
});
fs.rmSync(file, { force: true });
process.exit(run.status ?? 1);
