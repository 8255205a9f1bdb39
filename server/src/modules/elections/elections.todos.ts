/**
 * elections' part of each person's to-do list (notifications module, `TodoSource`): for the level
 * above, the committees below whose term ends within the reminder period of the term rule (six
 * months in the 2021 rule, configurable per place) or has ended; for a committee, its own term.
 */
import type { Executor } from '../../platform/db.ts';
import type { TodoItem, TodoSource } from '../../platform/module.ts';
import { addMonthsTo, termRuleFor } from './elections.rules.ts';

/** At most this many reminders per source (the earliest ends first). */
const TODO_LIMIT = 50;

/**
 * Current terms under `path` (strictly below it when `below`, else the organization at `path`
 * itself) that end on or before the reminder date of the rule in force at `path`.
 */
async function termsEnding(db: Executor, path: string, today: string, below: boolean) {
  const rule = await termRuleFor(db, path, today);
  if (!rule) return [];
  const until = addMonthsTo(today, rule.remindMonths);
  let q = db
    .selectFrom('orgTerms as t')
    .innerJoin('orgs as o', 'o.id', 't.orgId')
    .select(['t.id', 't.orgId', 't.endsOn', 'o.name as orgName'])
    .where('t.status', '=', 'current')
    .where('o.status', '=', 'active')
    .where('t.endsOn', '<=', until);
  q = below
    ? q.where('t.orgPath', 'like', `${path}%`).where('t.orgPath', '!=', path)
    : q.where('t.orgPath', '=', path);
  return q.orderBy('t.endsOn').orderBy('t.id').limit(TODO_LIMIT).execute();
}

const item = (r: { id: number; orgId: number; endsOn: string; orgName: string }, today: string): TodoItem => {
  const overdue = r.endsOn < today;
  return {
    // the state is part of the id: a term that becomes overdue is unread again
    id: `${r.id}:${overdue ? 'overdue' : 'due'}`,
    title: `${r.orgName}${overdue ? '任期已届满，尚未换届' : '即将届满，应做好换届准备'}`,
    detail: `任期至 ${r.endsOn}${overdue ? '，请督促换届或批准延期' : ''}`,
    date: r.endsOn,
    overdue,
    path: `/elections?status=${overdue ? 'overdue' : 'due'}`,
  };
};

async function collect(db: Executor, paths: readonly string[], today: string, below: boolean) {
  const seen = new Map<number, { id: number; orgId: number; endsOn: string; orgName: string }>();
  for (const path of paths) {
    for (const r of await termsEnding(db, path, today, below)) seen.set(r.id, r);
  }
  return [...seen.values()]
    .sort((a, b) => (a.endsOn === b.endsOn ? a.id - b.id : a.endsOn < b.endsOn ? -1 : 1))
    .slice(0, TODO_LIMIT)
    .map((r) => item(r, today));
}

export const electionsTodos: readonly TodoSource<'elections.approve' | 'elections.run'>[] = [
  {
    key: 'elections.terms-due',
    title: '下级组织换届提醒',
    permission: 'elections.approve',
    list: ({ db, actor, today }) => collect(db, actor.paths('elections.approve'), today, true),
  },
  {
    key: 'elections.own-term',
    title: '本组织换届提醒',
    permission: 'elections.run',
    list: ({ db, actor, today }) => collect(db, actor.paths('elections.run'), today, false),
  },
];
