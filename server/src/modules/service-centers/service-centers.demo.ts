import type { Insertable } from 'kysely';
import type { DemoSeedContext } from '../../platform/module.ts';
import { localDate } from '../work-calendar/index.ts';
import type { CatalogueItem, OpeningHours, RoomKind } from './service-centers.contract.ts';
import type { RoomBookingsTable } from './service-centers.tables.ts';

const STREET_HOURS: OpeningHours = {
  '1': ['08:30', '17:30'],
  '2': ['08:30', '17:30'],
  '3': ['08:30', '17:30'],
  '4': ['08:30', '17:30'],
  '5': ['08:30', '17:30'],
  '6': ['09:00', '12:00'],
};
/** Community centres stay open in the evening and at weekends for residents. */
const COMMUNITY_HOURS: OpeningHours = {
  '1': ['08:30', '20:30'],
  '2': ['08:30', '20:30'],
  '3': ['08:30', '20:30'],
  '4': ['08:30', '20:30'],
  '5': ['08:30', '20:30'],
  '6': ['09:00', '17:00'],
  '7': ['09:00', '17:00'],
};
const STREET_CATALOGUE: CatalogueItem[] = [
  { name: '社保医保', description: '参保登记、医保转移接续、待遇认证' },
  { name: '民政救助', description: '低保、特困、临时救助申请' },
  { name: '户籍证明', description: '居住证明、亲属关系证明' },
  { name: '就业创业', description: '失业登记、技能培训报名' },
  { name: '党员服务', description: '组织关系转接、党费缴纳' },
];
const COMMUNITY_CATALOGUE: CatalogueItem[] = [
  { name: '居住证明', description: '当场开具' },
  { name: '老年证代办' },
  { name: '水电燃气缴费' },
  { name: '四点半课堂', description: '工作日 16:30–18:00，小学生课后托管' },
  { name: '法律咨询', description: '每周三下午律师坐班' },
  { name: '党员志愿服务报名' },
];
const STREET_ROOMS: { name: string; kind: RoomKind; capacity: number; requiresApproval: boolean }[] = [
  { name: '党员活动室', kind: 'meeting_room', capacity: 40, requiresApproval: true },
  { name: '报告厅', kind: 'hall', capacity: 150, requiresApproval: true },
];
const COMMUNITY_ROOMS: { name: string; kind: RoomKind; capacity: number; requiresApproval: boolean }[] = [
  { name: '多功能活动室', kind: 'activity_room', capacity: 40, requiresApproval: true },
  { name: '议事厅', kind: 'meeting_room', capacity: 20, requiresApproval: true },
  { name: '阅览室', kind: 'library', capacity: 12, requiresApproval: false },
];

/** The instant of a local (CST) date and time. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * 党群服务中心 of every street and of the communities of the first street, with their service
 * catalogue, opening hours and rooms; the demo community's rooms carry bookings around today in
 * every state (pending to approve, approved to check in, checked in, rejected, no-show).
 */
export async function seedServiceCentersDemo({ db, now }: DemoSeedContext): Promise<void> {
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'level'])
    .where((eb) =>
      eb.or([
        eb.and([eb('level', '=', 'street'), eb('code', 'like', 'SFQ-__')]),
        eb.and([eb('level', '=', 'community'), eb('code', 'like', 'SFQ-01-__')]),
      ]),
    )
    .orderBy('code')
    .execute();
  if (orgs.length === 0) return;
  const centers = await db
    .insertInto('serviceCenters')
    .values(
      orgs.map((o) => {
        const street = o.level === 'street';
        const place = o.name.replace(/党工委|党委/g, '');
        return {
          orgId: o.id,
          name: `${place}党群服务中心`,
          address: street ? `${place}${o.code.slice(-2)}号` : `${place}居委会一楼`,
          phone: `0571-8${o.code.replace(/\D/g, '').padEnd(7, '0').slice(0, 7)}`,
          openingHours: JSON.stringify(street ? STREET_HOURS : COMMUNITY_HOURS),
          catalogue: JSON.stringify(street ? STREET_CATALOGUE : COMMUNITY_CATALOGUE),
          noShowGraceMinutes: 15,
          createdAt: now,
        };
      }),
    )
    .returning(['id', 'orgId'])
    .execute();
  const levelOf = new Map(orgs.map((o) => [o.id, o.level]));
  const rooms = await db
    .insertInto('serviceCenterRooms')
    .values(
      centers.flatMap((c) =>
        (levelOf.get(c.orgId) === 'street' ? STREET_ROOMS : COMMUNITY_ROOMS).map((r) => ({
          centerId: c.id,
          ...r,
        })),
      ),
    )
    .returning(['id', 'centerId', 'name'])
    .execute();

  // Bookings in the demo community (SFQ-01-01): who booked them are the demo accounts there.
  const home = orgs.find((o) => o.code === 'SFQ-01-01');
  const homeCenter = centers.find((c) => c.orgId === home?.id);
  const users = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'in', ['community', 'member', 'resident', 'branch'])
    .execute();
  const user = (name: string) => users.find((u) => u.username === name)?.id;
  const official = user('community');
  if (!homeCenter || official === undefined) return;
  const room = (name: string) => rooms.find((r) => r.centerId === homeCenter.id && r.name === name)!.id;
  const today = localDate(now);
  const rows: Insertable<RoomBookingsTable>[] = [];
  const add = (
    roomName: string,
    title: string,
    day: number,
    from: string,
    to: string,
    attendees: number,
    by: number | undefined,
    status: RoomBookingsTable['status'],
  ) => {
    if (by === undefined) return;
    const date = addDays(today, day);
    const decided = status !== 'pending';
    rows.push({
      roomId: room(roomName),
      title,
      startsAt: at(date, from),
      endsAt: at(date, to),
      attendees,
      bookedBy: by,
      status,
      linkedType: null,
      linkedId: null,
      decidedBy: decided ? official : null,
      decidedAt: decided ? new Date(now.getTime() - 86_400_000) : null,
      decisionNote: status === 'rejected' ? '与社区集中活动时间冲突，请改期' : null,
      checkedInAt: status === 'checked_in' ? at(date, from) : null,
      createdAt: new Date(now.getTime() - 3 * 86_400_000),
    });
  };
  add('多功能活动室', '党支部主题党日', -2, '14:30', '16:30', 30, user('branch'), 'checked_in');
  add('议事厅', '楼道改造居民议事会', -1, '14:00', '15:30', 15, official, 'no_show');
  add('多功能活动室', '四点半课堂', 1, '16:30', '18:00', 25, official, 'approved');
  add('多功能活动室', '老年合唱队排练', 2, '09:30', '11:00', 20, user('resident'), 'pending');
  add('议事厅', '党员志愿服务队例会', 2, '15:00', '16:00', 12, user('member'), 'pending');
  add('多功能活动室', '亲子手工活动', 3, '14:00', '16:00', 35, user('resident'), 'rejected');
  add('阅览室', '读书分享会', 4, '15:00', '16:30', 10, user('member'), 'approved');
  if (rows.length) await db.insertInto('roomBookings').values(rows).execute();
}
