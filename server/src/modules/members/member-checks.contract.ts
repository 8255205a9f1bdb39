/**
 * Member rules as pure functions, shared by the server (form API and spreadsheet import) and the
 * web form, so the live check and the server's check are one rule. The numbers come from the
 * versioned rules (`rule_settings`: members.join_age, members.probation, orgs.setup), never from
 * here. Dates are 'YYYY-MM-DD' strings.
 */
export interface JoinAgeRule {
  /** Age at joining (支部大会通过为预备党员之日) at least this many full years. */
  minAge: number;
}
export interface ProbationRule {
  /** Length of the probation in months, from the day the branch assembly admitted the member. */
  months: number;
}
export interface OrgSetupRule {
  /** A branch needs at least this many full members (else a joint branch). */
  branchMinFull: number;
  /** From this many full members a branch sets up a committee; below it, a secretary only. */
  committeeMinFull: number;
  /** A branch has generally no more than this many members. */
  branchMax: number;
  /** A general branch may be set up above this many members. */
  generalBranchAbove: number;
}

/** Full years between a birth date and a day. */
export function fullYearsOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The birth date written in an 18-character ID number (positions 7–14), or null. */
export function birthDateOfIdNumber(idNumber: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(idNumber.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * The age-at-joining rule (members.join_age): a Chinese message, or null when it holds.
 * `precision: 'year'` compares birth and joining years only — for callers who did not type the ID
 * number (an edit of the join date), so trying dates cannot reveal a hidden birth date (issue 11):
 * it refuses only what is under age whatever the days are.
 */
export function joinAgeProblem(
  birthDate: string,
  joinedOn: string,
  rule: JoinAgeRule,
  precision: 'day' | 'year' = 'day',
): string | null {
  if (precision === 'year') {
    const years = Number(joinedOn.slice(0, 4)) - Number(birthDate.slice(0, 4));
    return years < rule.minAge
      ? `入党时未满 ${rule.minAge} 周岁（入党年份与出生年份仅相差 ${years} 年）`
      : null;
  }
  const age = fullYearsOn(birthDate, joinedOn);
  return age < rule.minAge ? `入党时应年满 ${rule.minAge} 周岁，按身份证号计算入党时 ${age} 周岁` : null;
}

/** The day the probation ends (预备期满): the join date plus the rule's months (end of month clamps). */
export function probationEnd(joinedOn: string, rule: ProbationRule): string {
  const [y, m, d] = joinedOn.split('-').map(Number);
  const total = y * 12 + (m - 1) + rule.months;
  const ey = Math.floor(total / 12);
  const em = (total % 12) + 1;
  const last = new Date(Date.UTC(ey, em, 0)).getUTCDate();
  return `${String(ey).padStart(4, '0')}-${String(em).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A probationary member whose probation ended before `today` and who is not yet converted. */
export function conversionOverdue(
  m: { status: string; joinedOn: string },
  today: string,
  rule: ProbationRule,
): boolean {
  return m.status === 'probationary' && probationEnd(m.joinedOn, rule) < today;
}

/** Whether a branch of this many full members has a committee (支部委员会) under the setup rule. */
export function hasCommittee(fullMembers: number, rule: OrgSetupRule): boolean {
  return fullMembers >= rule.committeeMinFull;
}

export interface SetupAdvice {
  code: 'too_few' | 'committee' | 'no_committee' | 'too_many' | 'general_branch_small';
  level: 'warning' | 'info';
  text: string;
}

/**
 * Organization setup advice (domain-rules.md §3.1) for one organization from its members: what
 * the setup rules say for its kind and size. Advice, not a block: the decision is the upper
 * organization's.
 */
export function setupAdvice(
  kind: string,
  counts: { full: number; all: number },
  rule: OrgSetupRule,
): SetupAdvice[] {
  const out: SetupAdvice[] = [];
  if (kind === 'branch') {
    if (counts.full < rule.branchMinFull)
      out.push({
        code: 'too_few',
        level: 'warning',
        text: `正式党员 ${counts.full} 人，不足 ${rule.branchMinFull} 人：一般应与邻近单位成立联合党支部`,
      });
    if (hasCommittee(counts.full, rule))
      out.push({
        code: 'committee',
        level: 'info',
        text: `正式党员 ${counts.full} 人，达到 ${rule.committeeMinFull} 人：应设立支部委员会（3–5 人），支委会每月召开`,
      });
    else if (counts.full >= rule.branchMinFull)
      out.push({
        code: 'no_committee',
        level: 'info',
        text: `正式党员 ${counts.full} 人，不足 ${rule.committeeMinFull} 人：不设支部委员会，设书记 1 名，由支部党员大会履行支委会职责`,
      });
    if (counts.all > rule.branchMax)
      out.push({
        code: 'too_many',
        level: 'warning',
        text: `党员 ${counts.all} 人，超过 ${rule.branchMax} 人：一般应分设党支部或设立党总支`,
      });
  }
  if (kind === 'general_branch' && counts.all <= rule.generalBranchAbove)
    out.push({
      code: 'general_branch_small',
      level: 'info',
      text: `党员 ${counts.all} 人，未超过 ${rule.generalBranchAbove} 人：一般设党支部即可`,
    });
  return out;
}
