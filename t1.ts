import { PGlite } from '@electric-sql/pglite';
import { hash } from '@node-rs/argon2';

const t0 = Date.now();
const db = await PGlite.create();
console.log('create mem', Date.now() - t0);
const t1 = Date.now();
const dump = await db.dumpDataDir('none');
console.log('dump', Date.now() - t1, dump.size);
const t2 = Date.now();
const db2 = await PGlite.create({ loadDataDir: dump });
console.log('load', Date.now() - t2, (await db2.query('select 1 as x')).rows);
console.log(await hash('x'));
const m = await import('@electric-sql/pglite');
console.log(Object.keys(m));
