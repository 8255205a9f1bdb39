/**
 * Every endpoint a module declares in its contract (the table the web's typed client is built
 * from) is a route the server mounts, with the same method and path; so a renamed or removed
 * route breaks this test instead of a page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverKit } from '../../test/kit.ts';
import type { Endpoint } from './endpoints.contract.ts';

const MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../modules');

function isEndpoint(value: unknown): value is Endpoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    'method' in value &&
    'path' in value &&
    'response' in value &&
    typeof value.path === 'string'
  );
}

async function declaredEndpoints(): Promise<{ name: string; endpoint: Endpoint }[]> {
  const found: { name: string; endpoint: Endpoint }[] = [];
  for (const dir of fs.readdirSync(MODULES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(MODULES, dir.name))) {
      if (!file.endsWith('.contract.ts')) continue;
      const contract: Record<string, unknown> = await import(path.join(MODULES, dir.name, file));
      for (const [table, value] of Object.entries(contract)) {
        if (typeof value !== 'object' || value === null) continue;
        for (const [name, endpoint] of Object.entries(value)) {
          if (isEndpoint(endpoint)) found.push({ name: `${file}: ${table}.${name}`, endpoint });
        }
      }
    }
  }
  return found;
}

const { t } = serverKit({}, { tree: false });

const mounted = (endpoint: Pick<Endpoint, 'method' | 'path'>) =>
  t.app.hasRoute({ method: endpoint.method, url: `/api/v1${endpoint.path}` });

describe('endpoint tables in the contracts', () => {
  it('name only routes the server mounts', async () => {
    const endpoints = await declaredEndpoints();
    expect(endpoints.length).toBeGreaterThan(5);
    const missing = endpoints.filter(({ endpoint }) => !mounted(endpoint)).map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('would notice a route that is not mounted', () => {
    expect(mounted({ method: 'GET', path: '/orgs/search' })).toBe(true);
    expect(mounted({ method: 'GET', path: '/orgs/lookup' })).toBe(false);
    expect(mounted({ method: 'POST', path: '/orgs/search' })).toBe(false);
  });
});
