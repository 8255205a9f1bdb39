import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { insertMemberRows, type MemberInsert } from '../modules/members/bulk.ts';
import { checkDigit } from '../modules/members/idcard.ts';
import type { Education, MemberStatus } from '../modules/members/members.contract.ts';
import { encryptedColumns } from '../modules/members/members.service.ts';
import { chinaDate } from '../platform/clock.ts';
import { createFieldCrypto, type FieldCrypto } from '../platform/crypto.ts';
import type { Executor } from '../platform/db.ts';
import { expectedDemoBranches } from './demo-district.ts';
import { PREGENERATE_PROBE, takePregeneratedMembers } from './pregenerate.ts';

/** A small deterministic generator (mulberry32): the same seed gives the same district. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强春梅海燕玉兰红梅晓东文杰立新爱民振华淑珍丽华国强宏伟丹慧颖佳琳浩宇子涵思远欣怡雨轩梓涵俊杰鑫鹏晨曦';
const ETHNICITIES = [
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '汉族',
  '回族',
  '满族',
  '蒙古族',
  '壮族',
];
/** Fictional address codes under valid province prefixes (the first two digits). */
const REGION_HEADS = [
  '11',
  '12',
  '13',
  '14',
  '21',
  '32',
  '33',
  '34',
  '35',
  '37',
  '41',
  '42',
  '43',
  '44',
  '51',
];
const ROADS = ['朝阳路', '人民路', '解放路', '建设路', '和平街', '新华路', '光明巷', '长江路'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const SURNAME_CHARS = [...SURNAMES];
const GIVEN_CHARS = [...GIVEN];

function personName(r: () => number): string {
  const surname = pick(r, SURNAME_CHARS);
  const chars = GIVEN_CHARS;
  return r() < 0.35 ? surname + pick(r, chars) : surname + pick(r, chars) + pick(r, chars);
}

function addYears(date: string, years: number, days = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dateBetween(r: () => number, from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor((r() * Math.max(1, b - a)) / 86_400_000) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Unique by construction for index < 10,000,000: the region's last 4 digits and the sequence encode it. */
export function demoIdNumber(index: number, birthDate: string, male: boolean): string {
  const head = REGION_HEADS[index % REGION_HEADS.length]!;
  const block = Math.floor(index / REGION_HEADS.length);
  const region = `${head}${String(Math.floor(block / 500) % 10_000).padStart(4, '0')}`;
  // 3-digit sequence: the last digit's parity carries the gender (GB 11643).
  const seq = (block % 500) * 2 + (male ? 1 : 0);
  const body = `${region}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return body + checkDigit(body);
}

export interface GenerateOptions {
  count: number;
  seed: number;
  /** First generator index (IDs depend on it; continue after earlier runs). */
  startIndex?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * The embedded engine of an EMPTY members table: rows then go in by `COPY … FROM '/dev/blob'`
   * (several times faster than multi-row INSERTs), inside the caller's open transaction. Without
   * it (PostgreSQL servers, or continuing an existing dataset) rows go in as multi-row INSERTs
   * that skip ID numbers already registered.
   */
  copyInto?: PGlite;
}

/** The member columns COPY writes, in order (generated and serial columns left out). */
const COPY_COLUMNS = [
  'orgId',
  'userId',
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'idNumberEnc',
  'idNumberHash',
  'idNumberMasked',
  'phoneEnc',
  'phoneHash',
  'phoneMasked',
  'addressEnc',
  'education',
  'workUnit',
  'position',
  'joinedOn',
  'fullOn',
  'category',
  'status',
  'statusSince',
  'importId',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof MemberInsert)[];

/** CSV for COPY: null is an empty unquoted field, every other value is quoted. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = v instanceof Date ? v.toISOString() : String(v);
  return `"${text.replace(/"/g, '""')}"`;
}

export function membersCsv(rows: readonly MemberInsert[]): string {
  let out = '';
  for (const row of rows) out += `${COPY_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
  return out;
}

async function copyMemberCsv(pglite: PGlite, csv: string): Promise<void> {
  const cols = COPY_COLUMNS.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ');
  await pglite.query(`copy members (${cols}) from '/dev/blob' with (format csv)`, [], {
    blob: new Blob([csv]),
  });
}

/** A branch as the generator sees it (its id goes into the rows). */
export interface GeneratorBranch {
  id: number;
  level: string | null;
  unitType: string | null;
}

/**
 * Members number `from` to `from + n - 1` of the generator, dealt round-robin over `branches`;
 * `r` carries the random sequence from one batch to the next (batches must run in order).
 */
function memberBatch(
  r: () => number,
  branches: readonly GeneratorBranch[],
  crypto: FieldCrypto,
  now: Date,
  from: number,
  n: number,
): MemberInsert[] {
  const today = chinaDate(now);
  const rows: MemberInsert[] = [];
  for (let k = 0; k < n; k++) {
    const index = from + k;
    const branch = branches[index % branches.length]!;
    const unit = branch.unitType !== null;
    const ageRoll = r();
    // Age mix of an urban district: many retired members, fewer under 30.
    const age = Math.floor(ageRoll < 0.12 ? 22 + r() * 8 : ageRoll < 0.55 ? 30 + r() * 30 : 60 + r() * 32);
    const birthDate = dateBetween(r, addYears(today, -age - 1, 1), addYears(today, -age));
    const male = r() < 0.62;
    const probationary = age < 40 && r() < 0.08;
    const joinedOn = probationary
      ? dateBetween(r, addYears(today, -1, 1), today)
      : dateBetween(r, addYears(birthDate, 18, 1), addYears(today, -1, -1));
    const fullOn = probationary ? null : addYears(joinedOn, 1);
    let status: MemberStatus = probationary ? 'probationary' : 'full';
    const s = r();
    if (!probationary && s < 0.01) status = 'lost_contact';
    else if (!probationary && s < 0.02) status = 'deceased';
    const category =
      age < 25 && r() < 0.4
        ? 'student'
        : age >= 80 && r() < 0.5
          ? 'elderly_sick'
          : age >= 60
            ? 'retired'
            : r() < 0.08
              ? 'mobile'
              : branch.level === null && !unit
                ? 'farmer'
                : 'in_service';
    const eduRoll = r();
    const education: Education =
      age >= 70
        ? eduRoll < 0.4
          ? 'primary'
          : eduRoll < 0.75
            ? 'middle_school'
            : 'high_school'
        : eduRoll < 0.12
          ? 'postgraduate'
          : eduRoll < 0.5
            ? 'bachelor'
            : eduRoll < 0.75
              ? 'college'
              : eduRoll < 0.92
                ? 'high_school'
                : 'middle_school';
    const idNumber = demoIdNumber(index, birthDate, male);
    const phone =
      r() < 0.85
        ? `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
        : null;
    const address =
      r() < 0.7
        ? `示范区${pick(r, ROADS)}${1 + Math.floor(r() * 300)}号${1 + Math.floor(r() * 20)}栋${101 + Math.floor(r() * 30)}室`
        : null;
    rows.push({
      orgId: branch.id,
      userId: null,
      name: personName(r),
      gender: male ? ('male' as const) : ('female' as const),
      ethnicity: pick(r, ETHNICITIES),
      birthDate,
      ...encryptedColumns(crypto, { idNumber, phone, address }),
      education,
      workUnit:
        category === 'in_service'
          ? unit
            ? null
            : pick(r, ['区人民医院', '示范区第一中学', '市供电公司', '区税务局', '华信科技有限公司'])
          : null,
      position: null,
      joinedOn,
      fullOn,
      category,
      status,
      statusSince:
        status === 'full'
          ? (fullOn as string)
          : status === 'probationary'
            ? joinedOn
            : dateBetween(r, fullOn as string, today),
      importId: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  return rows;
}

/**
 * Generate members across every active branch of the tree, in multi-row batches: memory stays
 * flat for a million rows, and each batch updates the rollups once (statement triggers).
 */
export async function generateMembers(
  db: Executor,
  crypto: FieldCrypto,
  now: Date,
  options: GenerateOptions,
): Promise<number> {
  const branches = await db
    .selectFrom('orgs')
    .select(['id', 'level', 'unitType'])
    .where('kind', '=', 'branch')
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  if (branches.length === 0) throw new Error('没有可以编入党员的党支部');
  const batchSize = options.batchSize ?? 1000;
  const start = options.startIndex ?? 0;
  if (options.copyInto && start === 0) {
    // Start-up may have generated these very rows in a worker thread already (pregenerate.ts).
    const ready = await takePregeneratedMembers({
      count: options.count,
      seed: options.seed,
      batchSize,
      nowMs: now.getTime(),
      probe: crypto.blindIndex(PREGENERATE_PROBE),
      branches,
    });
    if (ready) {
      let done = 0;
      for await (const chunk of ready) {
        await copyMemberCsv(options.copyInto, chunk.csv);
        done += chunk.rows;
        options.onProgress?.(done, options.count);
      }
      return done;
    }
  }
  const r = rng(options.seed + start);
  let done = 0;
  while (done < options.count) {
    const n = Math.min(batchSize, options.count - done);
    const rows = memberBatch(r, branches, crypto, now, start + done, n);
    if (options.copyInto) await copyMemberCsv(options.copyInto, membersCsv(rows));
    else await insertMemberRows(db, rows);
    done += n;
    options.onProgress?.(done, options.count);
  }
  return done;
}

/**
 * The demo district's members as COPY CSV, batch by batch, for a fresh database whose tree is
 * still being written: runs in the start-up worker thread (members-worker.mjs). The branches
 * are the ones a fresh database will number (checked against the database before use).
 */
export function* pregenerateMemberCsv(
  secret: Uint8Array,
  spec: { count: number; seed: number; batchSize: number; nowMs: number },
): Generator<{ csv: string; rows: number } | { probe: string; branches: GeneratorBranch[] }> {
  const crypto = createFieldCrypto(Buffer.from(secret));
  const branches = expectedDemoBranches();
  yield { probe: crypto.blindIndex(PREGENERATE_PROBE), branches };
  const r = rng(spec.seed);
  const now = new Date(spec.nowMs);
  for (let done = 0; done < spec.count; ) {
    const n = Math.min(spec.batchSize, spec.count - done);
    yield { csv: membersCsv(memberBatch(r, branches, crypto, now, done, n)), rows: n };
    done += n;
  }
}

/** Status history for generated members that have none yet: one row per member, set-based. */
export async function backfillStatusHistory(db: Executor, now: Date): Promise<void> {
  await sql`
    insert into member_status_history (member_id, org_id, status, since, reason, actor_id, at)
    select m.id, m.org_id, m.status, m.status_since, '示范数据', null, ${now}
      from members m
     where not exists (select 1 from member_status_history h where h.member_id = m.id)
  `.execute(db);
}

/** The demo `member` account reads its own record: link it to a member of its branch. */
export async function linkDemoMemberAccount(db: Executor): Promise<void> {
  const user = await db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.homeOrgId')
    .select(['u.id', 'u.homeOrgId'])
    .where('u.username', '=', 'member')
    .executeTakeFirst();
  if (!user) return;
  // Prefer a full member of her gender (the account is 刘红); small demo sizes may have none.
  const member = await db
    .selectFrom('members')
    .select('id')
    .where('orgId', '=', user.homeOrgId)
    .orderBy(sql`(status = 'full')`, 'desc')
    .orderBy(sql`(gender = 'female')`, 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!member) return;
  await db
    .updateTable('members')
    .set({ userId: user.id, name: '刘红' })
    .where('id', '=', member.id)
    .execute();
}
