// Records the SHA-256 of every migration file in server/migrations.lock.json. Existing entries are
// never rewritten: a merged migration is frozen (the test in server/src/platform/migrations-frozen.test.ts
// fails if one changes). Run after adding a migration: `npm run migrations:freeze`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lockFile = path.join(root, 'server/migrations.lock.json');

export function migrationFiles(): Record<string, string> {
  const modulesDir = path.join(root, 'server/src/modules');
  const out: Record<string, string> = {};
  for (const mod of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, mod, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!/^\d{8}T\d{6}_.+\.ts$/.test(file)) continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      out[file.replace(/\.ts$/, '')] = createHash('sha256').update(text).digest('hex');
    }
  }
  return out;
}

export function readLock(): Record<string, string> {
  return fs.existsSync(lockFile) ? JSON.parse(fs.readFileSync(lockFile, 'utf8')) : {};
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const lock = readLock();
  const current = migrationFiles();
  // Existing databases run migrations in name order and refuse one that sorts before the last
  // one they ran, so a new migration must be named after every frozen one.
  const newest = Object.keys(lock).sort().at(-1) ?? '';
  let added = 0;
  for (const [name, hash] of Object.entries(current).sort(([a], [b]) => a.localeCompare(b))) {
    if (!lock[name] && name < newest) {
      console.error(`迁移 ${name} 的名称早于已冻结的 ${newest}；请用更晚的时间戳命名。`);
      process.exitCode = 1;
    } else if (!lock[name]) {
      lock[name] = hash;
      added += 1;
    } else if (lock[name] !== hash) {
      console.error(`迁移 ${name} 已冻结，不能修改；请新增一个迁移。`);
      process.exitCode = 1;
    }
  }
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(lockFile, `${JSON.stringify(sorted, null, 2)}\n`);
  console.log(`migrations.lock.json: ${added} 个新迁移已记录，共 ${Object.keys(sorted).length} 个`);
}
