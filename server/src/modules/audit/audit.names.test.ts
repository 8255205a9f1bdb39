/**
 * Every audit action the server writes has a Chinese name in the viewer (issue 14): the action
 * codes written as literals anywhere in server/src (`action: 'x.y'` in audit events, `audit: 'x.y'`
 * in action tables) are each named by the catalogue or by a permission of the same code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../platform/registry.ts';
import { modules } from '../index.ts';
import { actionName } from './audit.names.ts';

const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('audit action names', () => {
  it('names every action code the server writes', () => {
    const registry = buildRegistry(modules);
    const codes = new Set<string>();
    for (const file of sources(SERVER_SRC)) {
      for (const m of fs
        .readFileSync(file, 'utf8')
        .matchAll(/\b(?:action|audit): '([a-z0-9_-]+\.[a-z0-9_.]+)'/g)) {
        codes.add(m[1] as string);
      }
    }
    expect(codes.size).toBeGreaterThan(50);
    const unnamed = [...codes].filter((code) => actionName(registry, code) === null).sort();
    expect(unnamed).toEqual([]);
  });

  it('falls back to nothing for an unknown code (the viewer then shows the code in the detail)', () => {
    expect(actionName(buildRegistry(modules), 'made.up')).toBeNull();
    expect(actionName(buildRegistry(modules), 'orgs.create')).toBe('新建组织');
  });
});
