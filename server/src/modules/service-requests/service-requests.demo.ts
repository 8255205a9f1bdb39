import { type Insertable, sql } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { addWorkingDays, loadWorkCalendar, localDate, yearsOf } from '../work-calendar/index.ts';
import { REQUEST_LEVELS, type RequestLevel } from './service-requests.contract.ts';
import { getRuleOn } from './service-requests.queries.ts';
import type {
  ServiceRequestEventsTable,
  ServiceRequestsTable,
  ServiceRequestVisitsTable,
} from './service-requests.tables.ts';

const SAMPLES: Record<string, string[]> = {
  property: ['楼道灯不亮', '单元门禁损坏', '小区停车位被占用', '电梯经常故障'],
  environment: ['垃圾清运不及时', '绿化带杂草丛生', '楼后卫生死角', '雨后积水发臭'],
  facilities: ['路灯损坏', '井盖松动', '健身器材损坏', '申请加装电梯'],
  neighbourhood: ['楼上漏水', '夜间噪音扰民', '楼道堆放杂物', '宠物扰邻'],
  social_security: ['医保转移咨询', '灵活就业参保', '养老金认证'],
  elderly_care: ['独居老人助餐', '适老化改造申请', '残疾人证办理'],
  safety: ['消防通道堵塞', '电动车楼道充电', '外墙瓷砖脱落'],
  certificates: ['开具居住证明', '代办老年证'],
  other: ['建议增设快递柜', '咨询社区活动'],
};
const PLACES = ['3号楼2单元', '小区东门', '5号楼北侧', '社区广场', '12号楼', '幼儿园门口', '农贸市场旁'];
/** The grid worker's six requests: received how many days ago, and what became of them. */
const GRID_DAYS_AGO = [0, 0, 1, 3, 8, 15];
const GRID_KINDS = ['open', 'open', 'open', 'on_spot', 'transferred', 'on_spot'] as const;
const ROUTES = ['转物业公司维修', '转社区网格员上门核实', '转街道城管科', '转供电所', '转区住建局'];

/** A small deterministic generator (the demo must be the same on every start). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4_294_967_296;
  };
}

/** A few hundred requests over the last months across the demo district, in every state. */
export async function seedServiceRequestsDemo({ db, now, seed }: DemoSeedContext): Promise<void> {
  const rand = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'level', 'code'])
    .where('level', 'in', [...REQUEST_LEVELS])
    .where('code', 'like', 'SFQ%')
    .execute();
  if (orgs.length === 0) return;
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const categories = await db.selectFrom('serviceRequestCategories').select(['id', 'code']).execute();
  const resident = await db
    .selectFrom('users')
    .select(['id', 'homeOrgId'])
    .where('username', '=', 'resident')
    .executeTakeFirst();
  // The grid worker of 朝阳社区第一网格 starts with work: requests of their grid, new and handled.
  const gridWorker = await db
    .selectFrom('users')
    .select(['id', 'homeOrgId'])
    .where('username', '=', 'grid')
    .executeTakeFirst();
  const gridHome = gridWorker ? byId.get(gridWorker.homeOrgId) : undefined;
  const today = localDate(now);
  const rule = await getRuleOn(db, today);
  const calendar = await loadWorkCalendar(
    db,
    yearsOf(`${Number(today.slice(0, 4)) - 1}-01-01`, `${Number(today.slice(0, 4)) + 1}-12-31`),
  );
  const origins = orgs.filter((o) => o.level === 'grid' || o.level === 'community');
  const ancestorAt = (path: string, level: RequestLevel) =>
    path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(Number(id)))
      .find((o) => o?.level === level);

  const rows: Insertable<ServiceRequestsTable>[] = [];
  const total = 420;
  for (let i = 0; i < total; i++) {
    // The demo resident's community gets a handful of the resident's own requests.
    const own = resident && i < 6;
    // Requests 6–11 come from the grid worker's grid: three still open (received today and
    // yesterday, due within the grid's limit), then handled ones (on the spot, transferred, closed).
    const gridOwn = gridHome !== undefined && i >= 6 && i < 12 ? i - 6 : null;
    const gridOrigin = gridOwn !== null ? gridHome : undefined;
    // (Drawn even when overridden: the other requests stay as they were.)
    const drawn = own ? (byId.get(resident.homeOrgId) ?? pick(origins)) : pick(origins);
    const origin = gridOrigin ?? drawn;
    const level = origin.level as RequestLevel;
    const category = pick(categories);
    const drawnDays = own ? 2 + i * 5 : Math.floor(rand() * 150);
    const daysAgo = gridOwn !== null ? GRID_DAYS_AGO[gridOwn] : drawnDays;
    const receivedAt = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(rand() * 8) * 3_600_000);
    const receivedOn = localDate(receivedAt);
    const r = rand();
    const kind =
      gridOwn !== null
        ? GRID_KINDS[gridOwn]
        : r < 0.5
          ? 'on_spot'
          : r < 0.72
            ? 'transferred'
            : r < 0.82
              ? 'escalated'
              : r < 0.93
                ? 'open'
                : 'open_escalated';
    const confirmed = rand() < 0.8;
    let handling = origin;
    let handlingLevel = level;
    let startedOn = receivedOn;
    if (kind === 'escalated' || kind === 'open_escalated') {
      const up = REQUEST_LEVELS[REQUEST_LEVELS.indexOf(level) + 1];
      const target = ancestorAt(origin.path, up);
      if (target) {
        handling = target;
        handlingLevel = up;
        startedOn = addWorkingDays(calendar, receivedOn, Math.min(rule.limits[level], 2));
      }
    }
    const dueOn = addWorkingDays(calendar, startedOn, rule.limits[handlingLevel]);
    const isOpen = kind === 'open' || kind === 'open_escalated' || daysAgo < 1;
    const resolvedAt = isOpen
      ? null
      : new Date(receivedAt.getTime() + (kind === 'on_spot' ? 0.2 : 1 + rand() * 9) * 86_400_000);
    const sample = pick(SAMPLES[category.code] ?? SAMPLES.other);
    const place = pick(PLACES);
    const drawnSource = own
      ? 'resident'
      : pick(['resident', 'resident', 'grid_worker', 'service_desk'] as const);
    rows.push({
      code: `SR-DEMO-${i}`,
      orgId: origin.id,
      orgPath: origin.path,
      originLevel: level,
      handlingOrgId: handling.id,
      handlingPath: handling.path,
      handlingLevel,
      source: gridOwn !== null ? (gridOwn % 2 === 0 ? 'grid_worker' : 'resident') : drawnSource,
      categoryId: category.id,
      title: sample,
      description: `${place}${sample}，请尽快处理。`,
      location: place,
      lat: null,
      lng: null,
      residentUserId: own ? resident.id : null,
      contactName: own ? '居民 赵明' : `居民${String.fromCharCode(0x5f20 + (i % 40))}`,
      contactPhoneEnc: null,
      contactPhoneHash: null,
      status: isOpen ? 'open' : confirmed || own ? (own && i % 2 === 0 ? 'resolved' : 'closed') : 'resolved',
      disposition: kind === 'on_spot' && !isOpen ? 'on_spot' : kind === 'open' ? null : 'transferred',
      nextRoute: kind === 'on_spot' || kind === 'open' ? null : pick(ROUTES),
      ruleVersion: rule.version,
      levelStartedOn: startedOn,
      dueOn,
      resolution: isOpen ? null : kind === 'on_spot' ? '网格员现场处理完毕' : '已协调责任单位处理完毕',
      resolvedAt,
      resolvedLevel: isOpen ? null : handlingLevel,
      closedAt: !isOpen && confirmed ? resolvedAt : null,
      escalationCount: handlingLevel === level ? 0 : 1,
      wasOverdue: resolvedAt !== null && localDate(resolvedAt) > dueOn,
      open311KeyId: null,
      proposalId: null,
      receivedAt,
      updatedAt: resolvedAt ?? receivedAt,
    });
  }
  const inserted: { id: number; code: string }[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    inserted.push(
      ...(await db
        .insertInto('serviceRequests')
        .values(rows.slice(i, i + 200))
        .returning(['id', 'code'])
        .execute()),
    );
  }
  const events: Insertable<ServiceRequestEventsTable>[] = [];
  const visits: Insertable<ServiceRequestVisitsTable>[] = [];
  const RATING_CYCLE = [
    'satisfied',
    'satisfied',
    'satisfied',
    'basically_satisfied',
    'satisfied',
    'satisfied',
    'basically_satisfied',
    'satisfied',
    'unsatisfied',
    'satisfied',
  ] as const;
  inserted.forEach(({ id }, i) => {
    const row = rows[i];
    events.push({
      requestId: id,
      kind: 'submitted',
      toLevel: row.originLevel,
      toOrgId: row.orgId,
      actorName: row.contactName,
      note: '受理',
      at: row.receivedAt,
    });
    if (row.handlingOrgId !== row.orgId) {
      events.push({
        requestId: id,
        kind: 'escalated',
        fromLevel: row.originLevel,
        toLevel: row.handlingLevel,
        fromOrgId: row.orgId,
        toOrgId: row.handlingOrgId,
        actorName: '社区党委',
        reason: '涉及多个部门，社区无法独立解决',
        nextRoute: row.nextRoute,
        at: new Date(row.receivedAt.getTime() + 86_400_000),
      });
    } else if (row.disposition === 'transferred') {
      events.push({
        requestId: id,
        kind: 'transferred',
        fromLevel: row.originLevel,
        toLevel: row.originLevel,
        fromOrgId: row.orgId,
        toOrgId: row.orgId,
        actorName: '社区党委',
        reason: '需要责任单位处理',
        nextRoute: row.nextRoute,
        at: new Date(row.receivedAt.getTime() + 3_600_000),
      });
    }
    if (row.resolvedAt) {
      events.push({
        requestId: id,
        kind: row.disposition === 'on_spot' ? 'resolved_on_spot' : 'completed',
        actorName: '网格员',
        note: row.resolution,
        at: row.resolvedAt,
      });
    }
    if (row.closedAt) {
      // 满意度回访: most residents are satisfied, a few basically, one in ten not (deterministic).
      const rating = RATING_CYCLE[i % RATING_CYCLE.length];
      const label = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' }[rating];
      const at = new Date(row.closedAt as Date);
      visits.push({
        requestId: id,
        rating,
        solved: true,
        comment: null,
        byUserId: row.residentUserId ?? null,
        byName: row.contactName ?? '居民',
        ratedAt: at,
        finalAt: new Date(at.getTime() + 24 * 3_600_000),
        correctedAt: null,
      });
      events.push({
        requestId: id,
        kind: 'confirmed',
        actorName: row.contactName,
        note: `满意度回访：${label}`,
        at,
      });
    }
  });
  for (let i = 0; i < visits.length; i += 500) {
    await db
      .insertInto('serviceRequestVisits')
      .values(visits.slice(i, i + 500))
      .execute();
  }
  for (let i = 0; i < events.length; i += 500) {
    await db
      .insertInto('serviceRequestEvents')
      .values(events.slice(i, i + 500))
      .execute();
  }
  await db
    .updateTable('serviceRequests')
    .set({
      code: sql<string>`'SR' || to_char(received_at at time zone 'Asia/Shanghai', 'YYYY') || lpad(id::text, 6, '0')`,
    })
    .where('code', 'like', 'SR-DEMO-%')
    .execute();
  if (resident) {
    const mine = await db
      .selectFrom('serviceRequests')
      .select(['id', 'title', 'status', 'handlingLevel', 'dueOn', 'updatedAt'])
      .where('residentUserId', '=', resident.id)
      .execute();
    if (mine.length > 0) {
      await db
        .insertInto('serviceRequestNotifications')
        .values(
          mine.map((m) => ({
            userId: resident.id,
            requestId: m.id,
            eventId: null,
            message:
              m.status === 'resolved'
                ? `您的诉求「${m.title}」已办结，请确认办理结果，如不满意可申请重新办理。`
                : m.status === 'closed'
                  ? `您已确认诉求「${m.title}」的办理结果，感谢您的参与。`
                  : `您的诉求「${m.title}」正在办理中，预计 ${m.dueOn} 前办理。`,
            // Told when the last step happened; what the resident already confirmed was read.
            createdAt: m.updatedAt,
            readAt: m.status === 'closed' ? m.updatedAt : null,
          })),
        )
        .execute();
    }
  }
}
