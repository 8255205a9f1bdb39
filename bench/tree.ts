/**
 * Tree representation benchmark (ADR 0003): a district-sized organization tree stored as a
 * materialized path (what the project uses), as ltree and as a closure table, on PGlite and on the
 * PostgreSQL server. Measures subtree reads, subtree joins to members, ancestor lookups, subtree
 * moves, build time and storage.
 *
 *   npx tsx bench/tree.ts [--backends pglite,postgres] [--members-per-building 4] [--runs 7]
 */
import { pathToFileURL } from 'node:url';
import { type BenchBackend, openRaw, postgresAvailable, type RawDb } from './lib/raw.ts';
import { type BenchRow, elapsed, formatTable, median, row, timeMedian } from './lib/stats.ts';

export interface TreeOptions {
  backends: BenchBackend[];
  /** Children per level below the district: streets, communities, grids, buildings. */
  shape: [number, number, number, number];
  membersPerBuilding: number;
  runs: number;
  log?: (line: string) => void;
}

export const DEFAULT_TREE: TreeOptions = {
  backends: ['pglite', 'postgres'],
  // 1 + 20 + 400 + 4,000 + 56,000 = 60,421 organizations.
  shape: [20, 20, 10, 14],
  membersPerBuilding: 4,
  runs: 7,
};

interface Node {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
}

export function buildTree(shape: TreeOptions['shape']): Node[] {
  const nodes: Node[] = [{ id: 1, parentId: null, path: '/1/', depth: 0 }];
  let level = [nodes[0]];
  for (const fanout of shape) {
    const next: Node[] = [];
    for (const parent of level) {
      for (let i = 0; i < fanout; i++) {
        const id = nodes.length + 1;
        const node = { id, parentId: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1 };
        nodes.push(node);
        next.push(node);
      }
    }
    level = next;
  }
  return nodes;
}

const toLtree = (path: string) => path.slice(1, -1).replaceAll('/', '.');

type Variant = 'mpath' | 'ltree' | 'closure';
const VARIANTS: Variant[] = ['mpath', 'ltree', 'closure'];

async function load(db: RawDb, nodes: Node[], membersPerBuilding: number): Promise<Record<string, number>> {
  const ids = nodes.map((n) => n.id);
  const parents = nodes.map((n) => n.parentId);
  const paths = nodes.map((n) => n.path);
  const depths = nodes.map((n) => n.depth);
  const build: Record<string, number> = {};
  await db.exec(`
    create extension if not exists ltree;
    create table tree_mp (id integer primary key, parent_id integer, path text not null, depth smallint not null);
    create table tree_lt (id integer primary key, parent_id integer, lpath ltree not null);
    create table tree_cl (id integer primary key, parent_id integer);
    create table tree_closure (ancestor_id integer not null, descendant_id integer not null, depth smallint not null);
    create table bench_member (id integer generated always as identity primary key, org_id integer not null);
  `);
  build.mpath = await elapsed(async () => {
    await db.query(
      'insert into tree_mp select * from unnest($1::int[], $2::int[], $3::text[], $4::smallint[])',
      [ids, parents, paths, depths],
    );
    await db.exec(
      'create index tree_mp_path on tree_mp (path text_pattern_ops); create index tree_mp_parent on tree_mp (parent_id)',
    );
  });
  build.ltree = await elapsed(async () => {
    await db.query(
      'insert into tree_lt select id, parent_id, lpath::ltree from unnest($1::int[], $2::int[], $3::text[]) as t(id, parent_id, lpath)',
      [ids, parents, paths.map(toLtree)],
    );
    await db.exec(
      'create index tree_lt_path on tree_lt using gist (lpath); create index tree_lt_parent on tree_lt (parent_id)',
    );
  });
  build.closure = await elapsed(async () => {
    await db.query('insert into tree_cl select * from unnest($1::int[], $2::int[])', [ids, parents]);
    // One row per (ancestor, descendant) pair including the node itself, from the known paths.
    await db.query(
      `insert into tree_closure (ancestor_id, descendant_id, depth)
       select a.id::int, n.id, (n.depth - (a.ord - 1))::smallint
         from unnest($1::int[], $2::text[], $3::int[]) as n(id, path, depth)
        cross join lateral unnest(string_to_array(trim(both '/' from n.path), '/')) with ordinality as a(id, ord)`,
      [ids, paths, depths],
    );
    await db.exec(`
      alter table tree_closure add primary key (ancestor_id, descendant_id);
      create index tree_closure_desc on tree_closure (descendant_id, ancestor_id);
      create index tree_cl_parent on tree_cl (parent_id);
    `);
  });
  await db.query(
    `insert into bench_member (org_id)
     select b.id from tree_mp b cross join generate_series(1, $1::int) g
      where b.depth = 4 order by md5(b.id::text || '-' || g::text)`,
    [membersPerBuilding],
  );
  await db.exec('create index bench_member_org on bench_member (org_id)');
  await db.exec('vacuum analyze');
  return build;
}

const subtreeSql: Record<Variant, { nodes: string; members: string; ancestors: string }> = {
  mpath: {
    nodes: `select count(*)::int as n from tree_mp where path like $1`,
    members: `select count(*)::int as n from tree_mp o join bench_member m on m.org_id = o.id where o.path like $1`,
    ancestors: `select count(*)::int as n from tree_mp where id = any(string_to_array(trim(both '/' from $1::text), '/')::int[])`,
  },
  ltree: {
    nodes: 'select count(*)::int as n from tree_lt where lpath <@ $1::ltree',
    members:
      'select count(*)::int as n from tree_lt o join bench_member m on m.org_id = o.id where o.lpath <@ $1::ltree',
    ancestors: 'select count(*)::int as n from tree_lt where lpath @> $1::ltree',
  },
  closure: {
    nodes: 'select count(*)::int as n from tree_closure where ancestor_id = $1',
    members:
      'select count(*)::int as n from tree_closure c join bench_member m on m.org_id = c.descendant_id where c.ancestor_id = $1',
    ancestors: 'select count(*)::int as n from tree_closure where descendant_id = $1',
  },
};

/** The query parameter: for the path, the LIKE pattern (as orgs and scope.ts pass it) or the path. */
function arg(variant: Variant, node: Node, pattern = true): string | number {
  if (variant === 'mpath') return pattern ? `${node.path}%` : node.path;
  if (variant === 'ltree') return toLtree(node.path);
  return node.id;
}

async function count(db: RawDb, text: string, param: unknown): Promise<number> {
  const rows = await db.query<{ n: number }>(text, [param]);
  return rows[0].n;
}

async function currentPath(db: RawDb, id: number): Promise<string> {
  const rows = await db.query<{ path: string }>('select path from tree_mp where id = $1', [id]);
  return rows[0].path;
}

/** Move `id` under `parent` with one representation, in one transaction. */
async function move(db: RawDb, variant: Variant, id: number, parent: number): Promise<void> {
  await db.exec('begin');
  if (variant === 'mpath') {
    const [node] = await db.query<{ path: string; depth: number }>(
      'select path, depth from tree_mp where id = $1 for update',
      [id],
    );
    const [target] = await db.query<{ path: string; depth: number }>(
      'select path, depth from tree_mp where id = $1',
      [parent],
    );
    await db.query('update tree_mp set parent_id = $2 where id = $1', [id, parent]);
    await db.query(
      `update tree_mp set path = $1 || substr(path, $2::int), depth = depth + $3::int where path like $4 || '%'`,
      [`${target.path}${id}/`, node.path.length + 1, target.depth + 1 - node.depth, node.path],
    );
  } else if (variant === 'ltree') {
    const [node] = await db.query<{ lpath: string }>(
      'select lpath::text from tree_lt where id = $1 for update',
      [id],
    );
    const [target] = await db.query<{ lpath: string }>('select lpath::text from tree_lt where id = $1', [
      parent,
    ]);
    await db.query('update tree_lt set parent_id = $2 where id = $1', [id, parent]);
    await db.query(
      'update tree_lt set lpath = $1::ltree || subpath(lpath, nlevel($2::ltree) - 1) where lpath <@ $2::ltree',
      [target.lpath, node.lpath],
    );
  } else {
    await db.query('select id from tree_cl where id = $1 for update', [id]);
    await db.query('update tree_cl set parent_id = $2 where id = $1', [id, parent]);
    await db.query(
      `delete from tree_closure
        where descendant_id in (select descendant_id from tree_closure where ancestor_id = $1)
          and ancestor_id in (select ancestor_id from tree_closure where descendant_id = $1 and ancestor_id <> $1)`,
      [id],
    );
    await db.query(
      `insert into tree_closure (ancestor_id, descendant_id, depth)
       select up.ancestor_id, down.descendant_id, (up.depth + down.depth + 1)::smallint
         from tree_closure up cross join tree_closure down
        where up.descendant_id = $2 and down.ancestor_id = $1`,
      [id, parent],
    );
  }
  await db.exec('commit');
}

async function storage(db: RawDb): Promise<Record<Variant, number>> {
  const size = async (tables: string[]) => {
    let total = 0;
    for (const t of tables) {
      const [r] = await db.query<{ n: number }>('select pg_total_relation_size($1::regclass)::int as n', [t]);
      total += r.n;
    }
    return total / 1024 / 1024;
  };
  return {
    mpath: await size(['tree_mp']),
    ltree: await size(['tree_lt']),
    closure: await size(['tree_cl', 'tree_closure']),
  };
}

export async function runTreeBench(options: TreeOptions = DEFAULT_TREE): Promise<BenchRow[]> {
  const log = options.log ?? (() => undefined);
  const nodes = buildTree(options.shape);
  const byDepth = (d: number) => nodes.filter((n) => n.depth === d);
  const streets = byDepth(1);
  const communities = byDepth(2);
  const buildings = byDepth(4);
  const subtrees: { label: string; node: Node }[] = [
    { label: 'community', node: communities[Math.floor(communities.length / 2)] },
    { label: 'street', node: streets[Math.floor(streets.length / 2)] },
    { label: 'district', node: nodes[0] },
  ];
  const rows: BenchRow[] = [];
  for (const backend of options.backends) {
    if (backend === 'postgres' && !(await postgresAvailable())) {
      log('tree: PostgreSQL server not reachable, skipped');
      continue;
    }
    const db = await openRaw(backend, 'tree');
    try {
      log(`tree/${backend}: loading ${nodes.length} organizations`);
      const build = await load(db, nodes, options.membersPerBuilding);
      const p = `tree.${backend}`;
      rows.push(row(`${p}.organizations`, nodes.length, 'rows'));
      const [{ n: members }] = await db.query<{ n: number }>('select count(*)::int as n from bench_member');
      rows.push(row(`${p}.members`, members, 'rows'));
      const [{ n: closureRows }] = await db.query<{ n: number }>(
        'select count(*)::int as n from tree_closure',
      );
      rows.push(row(`${p}.closure-rows`, closureRows, 'rows'));
      for (const v of VARIANTS) rows.push(row(`${p}.build.${v}`, build[v], 'ms'));
      const sizes = await storage(db);
      for (const v of VARIANTS) rows.push(row(`${p}.storage.${v}`, sizes[v], 'MiB'));
      // The baseline every read is compared with: one primary-key lookup.
      const pk = await timeMedian(
        () => db.query('select id, parent_id from tree_cl where id = $1', [buildings[7].id]),
        options.runs * 3,
        5,
      );
      rows.push(row(`${p}.pk-lookup`, pk, 'ms'));
      for (const { label, node } of subtrees) {
        for (const kind of ['nodes', 'members'] as const) {
          const expected = new Set<number>();
          for (const v of VARIANTS) {
            const text = subtreeSql[v][kind];
            expected.add(await count(db, text, arg(v, node)));
            const ms = await timeMedian(() => db.query(text, [arg(v, node)]), options.runs);
            rows.push(row(`${p}.${label}.subtree-${kind}.${v}`, ms, 'ms'));
          }
          if (expected.size !== 1)
            throw new Error(`tree: variants disagree on ${label} ${kind}: ${[...expected]}`);
        }
      }
      const leaf = buildings[buildings.length - 3];
      for (const v of VARIANTS) {
        const text = subtreeSql[v].ancestors;
        const n = await count(db, text, arg(v, leaf, false));
        if (n !== 5) throw new Error(`tree: ${v} found ${n} ancestors, expected 5`);
        rows.push(
          row(
            `${p}.ancestors.${v}`,
            await timeMedian(() => db.query(text, [arg(v, leaf, false)]), options.runs),
            'ms',
          ),
        );
      }
      // Moves: a community (1 + 10 + 140 nodes) to another street, a street (3,021 nodes) under
      // another street; each moved there and back, every move timed.
      const moves = [
        { label: 'community', id: communities[3].id, from: communities[3].parentId!, to: streets[5].id },
        { label: 'street', id: streets[2].id, from: streets[2].parentId!, to: streets[9].id },
      ];
      for (const m of moves) {
        for (const v of VARIANTS) {
          const times: number[] = [];
          const pairs = Math.max(2, Math.ceil(options.runs / 2));
          for (let i = 0; i < pairs; i++) {
            times.push(await elapsed(() => move(db, v, m.id, m.to)));
            times.push(await elapsed(() => move(db, v, m.id, m.from)));
          }
          rows.push(row(`${p}.move-${m.label}.${v}`, median(times), 'ms'));
        }
        // All three representations must agree after moving back and forth.
        const moved = nodes.find((n) => n.id === m.id)!;
        const path = await currentPath(db, m.id);
        if (path !== moved.path)
          throw new Error(`tree: ${m.label} path ${path} after moves, expected ${moved.path}`);
        const counts = new Set<number>();
        for (const v of VARIANTS) counts.add(await count(db, subtreeSql[v].nodes, arg(v, moved)));
        if (counts.size !== 1) throw new Error(`tree: variants disagree after moving the ${m.label}`);
      }
    } finally {
      await db.close();
    }
  }
  return rows;
}

/** The ADR's matrix: one line per measurement, one column per backend × representation. */
export function treeMatrix(rows: BenchRow[]): string {
  const backends = [...new Set(rows.map((r) => r.name.split('.')[1]))];
  const keys = [
    ...new Set(
      rows
        .filter((r) => VARIANTS.some((v) => r.name.endsWith(`.${v}`)))
        .map((r) => r.name.split('.').slice(2, -1).join('.')),
    ),
  ];
  const header = `| measurement | ${backends.flatMap((b) => VARIANTS.map((v) => `${b} ${v}`)).join(' | ')} |`;
  const sep = `|---|${backends.flatMap(() => VARIANTS.map(() => '---:')).join('|')}|`;
  const lines = keys.map((k) => {
    const cells = backends.flatMap((b) =>
      VARIANTS.map((v) => {
        const r = rows.find((x) => x.name === `tree.${b}.${k}.${v}`);
        return r ? `${r.value}` : '—';
      }),
    );
    const unit = rows.find((x) => x.name.endsWith(`.${k}.mpath`))?.unit ?? '';
    return `| ${k} (${unit}) | ${cells.join(' | ')} |`;
  });
  return [header, sep, ...lines].join('\n');
}

function parseArgs(argv: string[]): TreeOptions {
  const options = { ...DEFAULT_TREE };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backends') options.backends = argv[++i].split(',') as BenchBackend[];
    else if (a === '--members-per-building') options.membersPerBuilding = Number(argv[++i]);
    else if (a === '--runs') options.runs = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = { ...parseArgs(process.argv.slice(2)), log: (l: string) => console.error(l) };
  const rows = await runTreeBench(options);
  console.log(formatTable(rows));
  console.log();
  console.log(treeMatrix(rows));
}
