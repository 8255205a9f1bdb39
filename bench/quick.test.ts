import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from './run.ts';

// `npm run bench -- --quick` inside the suite, so the harness cannot rot. It checks that the
// harness measures and reports; it never asserts speed (targets are reported, not enforced).
describe('npm run bench -- --quick', () => {
  it('measures the district size on PGlite and writes well-formed result rows', async () => {
    const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-results-'));
    try {
      const { rows, file } = await runBench({
        quick: true,
        sizes: ['district'],
        backends: ['pglite'],
        tree: false,
        resultsDir,
        updateDocs: false,
        log: () => undefined,
      });
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
        'district.pglite.read.indexed-lookup',
        'district.pglite.read.members-list.street.ratio-to-lookup',
        'district.pglite.http.list-vs-one-query.rps-ratio',
        'district.pglite.http.static.rps',
        'district.pglite.responsiveness.health-wait',
        'district.pglite.memory.server-peak-rss',
        'district.pglite.import.raw-copy.rate',
      ]) {
        expect(names).toContain(expected);
      }
      const members = rows.find((r) => r.name === 'district.pglite.dataset.members');
      expect(members?.value).toBeGreaterThan(0);
    } finally {
      fs.rmSync(resultsDir, { recursive: true, force: true });
    }
  }, 300_000);
});
