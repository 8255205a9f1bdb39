import { z } from 'zod';
import type { Executor } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { placeProfileOf } from '../../platform/place-profile.ts';

/** One points rule with its provenance (V/S/L/U as in domain-rules.md). */
export const pointsRuleSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9_.]+$/),
  name: z.string().min(1).max(60),
  kind: z.enum(['auto', 'manual']),
  /** Fixed points for automatic rules; null for manual rules (the request states them). */
  points: z.number().min(-100).max(100).nullable(),
  min: z.number().min(-100).max(100).optional(),
  max: z.number().min(-100).max(100).optional(),
  /** Most points this rule can add in a year (per member); null for none. */
  yearlyCap: z.number().min(0).max(1000).nullable(),
  status: z.enum(['V', 'S', 'L', 'U']),
  source: z.string().min(1).max(300),
});
export type PointsRule = z.infer<typeof pointsRuleSchema>;

export interface RuleSet {
  id: number;
  profile: string;
  version: string;
  effectiveFrom: string;
  name: string;
  allowUnverified: boolean;
  rules: PointsRule[];
}

const COLUMNS = ['id', 'profile', 'version', 'effectiveFrom', 'name', 'allowUnverified', 'rules'] as const;

export async function ruleSetFor(db: Executor, orgPath: string, date: string): Promise<RuleSet> {
  const profile = await placeProfileOf(db, orgPath);
  const pick = (p: string) =>
    db
      .selectFrom('pointsRuleSets')
      .select(COLUMNS)
      .where('profile', '=', p)
      .where('effectiveFrom', '<=', date)
      .orderBy('effectiveFrom', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  const row = (await pick(profile)) ?? (profile !== 'default' ? await pick('default') : undefined);
  if (!row) throw new NotFoundError(`${date} 没有生效的积分规则`);
  return { ...row, rules: z.array(pointsRuleSchema).parse(row.rules) };
}

export async function listRuleSets(db: Executor) {
  const rows = await db
    .selectFrom('pointsRuleSets')
    .select(COLUMNS)
    .orderBy('profile')
    .orderBy('effectiveFrom', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, rules: z.array(pointsRuleSchema).parse(r.rules) }));
}

/** Whether a rule applies under this set: U rules only when the profile turns them on. */
export function ruleActive(set: RuleSet, rule: PointsRule): boolean {
  return rule.status !== 'U' || set.allowUnverified;
}
