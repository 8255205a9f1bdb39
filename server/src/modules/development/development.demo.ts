import { addDays, chinaDate } from '../../platform/clock.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { seedDemoActivations } from '../accounts/index.ts';
import { checkDigit, encryptedColumns } from '../members/index.ts';
import { admitMembers } from './development.service.ts';
import { addMonths } from './development.timing.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['晓东', '丽娜', '建国', '雪梅', '志强', '海燕', '文博', '思雨', '子涵', '明轩'];

/** One demo case per entry: the step it is at and its dates relative to today (months back). */
const PLAN: {
  step: number;
  applied: number;
  activist?: number;
  assessed?: number;
  target?: number;
  publicity?: number;
  assembly?: number;
  relative?: boolean;
}[] = [
  { step: 2, applied: 0.3 },
  { step: 2, applied: 1.5 }, // talk overdue
  { step: 5, applied: 8, activist: 4 },
  { step: 6, applied: 14, activist: 8 }, // half-yearly assessment overdue
  { step: 7, applied: 16, activist: 10, assessed: 3 }, // not yet a year: blocked
  { step: 7, applied: 20, activist: 13, assessed: 2 }, // may become a development target
  { step: 9, applied: 22, activist: 15, assessed: 4, target: 1, relative: true },
  { step: 11, applied: 24, activist: 17, assessed: 5, target: 2 },
  { step: 13, applied: 26, activist: 19, assessed: 6, target: 3, publicity: 0.1 },
  { step: 17, applied: 28, activist: 20, assessed: 8, target: 5, publicity: 3, assembly: 4 }, // approval late
  { step: 20, applied: 30, activist: 22, assessed: 10, target: 7, publicity: 5, assembly: 3 },
  { step: 23, applied: 40, activist: 30, assessed: 18, target: 15, publicity: 14, assembly: 12.5 },
];

/**
 * Every community of the demo district has a development pipeline in its first branch, with
 * people at every stage (some late, one 优亲厚友 flag to clear); the people past approval are
 * probationary members of the register, admitted through the approval step's own set-based
 * statement (`admitMembers`: one record with its status history). Also: most demo members have
 * activated their accounts. Set-based: a handful of statements whatever the number of communities.
 */
export async function seedDemoDevelopment({ db, crypto, now }: DemoSeedContext): Promise<void> {
  await seedDemoActivations(db, now);
  const today = chinaDate(now);
  const back = (months: number | undefined) =>
    months === undefined
      ? null
      : addDays(addMonths(today, -Math.floor(months)), -Math.round((months % 1) * 30));
  const branches = await db
    .selectFrom('orgs as c')
    .innerJoin('orgs as b', 'b.parentId', 'c.id')
    .select(['b.id', 'c.id as communityId'])
    .distinctOn('c.id')
    .where('c.level', '=', 'community')
    .where('b.kind', '=', 'branch')
    .where('b.status', '=', 'active')
    .orderBy('c.id')
    .orderBy('b.id')
    .execute();
  let n = 0;
  const cases = branches.flatMap(({ id: orgId }) =>
    PLAN.map((p) => {
      n += 1;
      const birth = `${1988 + (n % 12)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
      const body = `110199${birth}${String(n % 1000).padStart(3, '0')}`;
      const idNumber = body + checkDigit(body);
      const cols = encryptedColumns(crypto, { idNumber, phone: null, address: null });
      const assemblyOn = back(p.assembly);
      const admitted = p.step > 17 && assemblyOn !== null;
      return {
        orgId,
        name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`,
        gender: Number(idNumber[16]) % 2 === 1 ? ('male' as const) : ('female' as const),
        birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
        idNumberEnc: cols.idNumberEnc,
        idNumberHash: cols.idNumberHash,
        idNumberMasked: cols.idNumberMasked,
        appliedOn: back(p.applied)!,
        step: p.step,
        stepSince: back(Math.min(p.applied, p.assembly ?? p.target ?? p.activist ?? p.applied)) ?? today,
        activistOn: back(p.activist),
        lastAssessmentOn: back(p.assessed),
        targetOn: back(p.target),
        publicityFrom: back(p.publicity),
        trainingDays: p.step > 11 ? 3 : null,
        assemblyOn,
        approvedOn: admitted ? addMonths(assemblyOn, 1) : null,
        probationEndsOn: admitted ? addMonths(assemblyOn, 12) : null,
        relativeFlag: p.relative ?? false,
        relativeClearedReason: null,
        memberId: null,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  if (cases.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('developmentCases')
      .values(cases)
      .returning(['id', 'appliedOn', 'approvedOn'])
      .execute();
    // step 1's record of every case (the application), as `recordApplication` writes it
    await trx
      .insertInto('developmentSteps')
      .values(
        inserted.map((c) => ({
          caseId: c.id,
          step: 1,
          doneOn: c.appliedOn,
          record: '入党申请书',
          detail: '{}',
          actorId: null,
          createdAt: now,
        })),
      )
      .execute();
    const approved = inserted.filter((c) => c.approvedOn !== null);
    await admitMembers(
      trx,
      { caseIds: approved.map((c) => c.id), approvedOn: approved.map((c) => c.approvedOn!) },
      null,
      now,
    );
  });
}
