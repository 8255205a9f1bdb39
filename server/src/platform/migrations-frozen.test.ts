import { describe, expect, it } from 'vitest';
import { migrationFiles, readLock } from '../../../scripts/freeze-migrations.ts';

describe('migrations are frozen once merged', () => {
  it('every migration is recorded in server/migrations.lock.json and none has changed', () => {
    const lock = readLock();
    const current = migrationFiles();
    const changed = Object.keys(lock).filter((name) => current[name] && current[name] !== lock[name]);
    const removed = Object.keys(lock).filter((name) => !current[name]);
    const unrecorded = Object.keys(current).filter((name) => !lock[name]);
    expect(changed, 'edited migrations: add a new migration instead').toEqual([]);
    expect(removed, 'deleted migrations').toEqual([]);
    expect(unrecorded, 'run `npm run migrations:freeze`').toEqual([]);
  });
});
