import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_BACKEND } from '../server/test/db.ts';
import { parseArgs, runBench } from './run.ts';

// `npm run bench -- --quick` inside the suite, so the harness cannot rot. It checks that the
// harness measures and reports; it never asserts speed (targets are reported, not enforced).
// The quick run measures the embedded database (PGlite); the suite's PostgreSQL pass skips it
// and says why, so the same work is not done twice on the CI machine.
const measures = 'pglite';
const skip = TEST_BACKEND !== measures;
const title = skip
  ? `npm run bench -- --quick (skipped: it measures ${measures}, this pass tests JICENG_TEST_BACKEND=${TEST_BACKEND})`
  : 'npm run bench -- --quick';

if (skip) console.warn(title);

describe.skipIf(skip)(title, () => {
  it('measures the district size on PGlite and writes well-formed result rows', async () => {
    const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-results-'));
    try {
      const options = { ...parseArgs(['--quick']), resultsDir, log: () => undefined };
      expect(options.backends).toEqual([measures]);
      const { rows, file } = await runBench(options);
      const written = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
      expect(written).toEqual(rows);
      for (const r of rows) {
        expect(Object.keys(r).sort()).toEqual(['met', 'name', 'target', 'unit', 'value']);
        expect(Number.isFinite(r.value)).toBe(true);
        expect(r.value).toBeGreaterThanOrEqual(0);
        expect(r.met === null).toBe(r.target === null);
      }
      const names = rows.map((r) => r.name);
      for (const expected of [
        'startup.pglite.empty-with-demo',
        'startup.pglite.restart',
        'startup.pglite.first-start.step.demo: district tree and accounts',
        'district.pglite.read.indexed-lookup',
        'district.pglite.read.cockpit.street.ratio-to-lookup',
        'district.pglite.read.cockpit.district.ratio-to-lookup',
        'district.pglite.read.compliance-summary.district.ratio-to-lookup',
        'district.pglite.read.compliance-full.district.rows',
        'district.pglite.read.members-list.street.ratio-to-lookup',
        'district.pglite.inproc.compliance-summary.district.ratio-to-lookup',
        'district.pglite.http.list-vs-one-query.rps-ratio',
        'district.pglite.http.static.rps',
        'district.pglite.responsiveness.health-wait',
        'district.pglite.memory.server-peak-rss',
        'district.pglite.import.csv-vs-raw-copy',
        'district.pglite.import.encryption-alone',
        'district.pglite.import.xlsx',
        'district.pglite.import.raw-copy.rate',
      ]) {
        expect(names).toContain(expected);
      }
      const value = (name: string) => rows.find((r) => r.name === name)?.value;
      expect(value('district.pglite.dataset.members')).toBeGreaterThan(0);
      expect(value('district.pglite.import.csv.rows')).toBe(options.importRows);
      // The street's compliance covers the demo's branches, so the figure is about real rows.
      expect(value('district.pglite.inproc.compliance-full.street.branch-rows')).toBeGreaterThan(0);
      expect(value('district.pglite.inproc.compliance-summary.street.children')).toBeGreaterThan(0);
    } finally {
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 300_000);
});
