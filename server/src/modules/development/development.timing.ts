import { joinAgeProblem, probationEnd } from '../members/index.ts';
import { addWorkingDays, type WorkCalendar } from '../work-calendar/index.ts';
import type { DevelopmentRules } from './development.rules.ts';

/** `date` plus whole months (the 31st becomes the month's last day; 29 Feb plus a year is 28 Feb). */
export const addMonths = (date: string, months: number) => probationEnd(date, { months });

/** What the time rules need of a case. */
export interface CaseDates {
  step: number;
  stepSince: string;
  appliedOn: string;
  activistOn: string | null;
  lastAssessmentOn: string | null;
  publicityFrom: string | null;
  assemblyOn: string | null;
  probationEndsOn: string | null;
  relativeFlag: boolean;
  relativeClearedReason: string | null;
}

/** Age at application (block): null when old enough. */
export function applicationAgeProblem(
  birthDate: string,
  appliedOn: string,
  rules: DevelopmentRules,
): string | null {
  return joinAgeProblem(birthDate, appliedOn, { minAge: rules.minAge.value })
    ? `申请入党须年满 ${rules.minAge.value} 周岁（${birthDate} 出生，${appliedOn} 申请时未满）`
    : null;
}

/** The last day of the publicity (公示): `n` working days after the day it was posted. */
export function publicityEnds(calendar: WorkCalendar, from: string, rules: DevelopmentRules): string {
  return addWorkingDays(calendar, from, rules.publicityWorkingDays.value);
}

/**
 * Why the current step cannot be completed today (a hard rule), or null. Warnings never block;
 * they are in `timingOf`.
 */
export function stepBlock(
  c: CaseDates,
  today: string,
  rules: DevelopmentRules,
  calendar: WorkCalendar,
): string | null {
  if (c.step >= 7 && c.step <= 25 && c.relativeFlag && !c.relativeClearedReason) {
    return '申请人为村（社区）干部近亲属（优亲厚友提示），须上级党委核查并说明理由后才能继续';
  }
  if (c.step === 7) {
    if (!c.activistOn) return '尚未确定为入党积极分子';
    const from = addMonths(c.activistOn, rules.activistMinMonths.value);
    if (today < from) {
      return `入党积极分子培养考察须满一年（${c.activistOn} 确定，${from} 起方可确定为发展对象）`;
    }
  }
  if (c.step === 13) {
    if (!c.publicityFrom) return '尚未公示';
    const ends = publicityEnds(calendar, c.publicityFrom, rules);
    if (today <= ends) {
      return `公示须满 ${rules.publicityWorkingDays.value} 个工作日（${c.publicityFrom} 公示，${ends} 期满），期满后方可预审`;
    }
  }
  if (c.step === 17 && c.assemblyOn) {
    const max = addMonths(c.assemblyOn, rules.approvalMaxMonths.value);
    if (today > max) {
      return `支部大会（${c.assemblyOn}）通过已超过 ${rules.approvalMaxMonths.value} 个月，不能审批：须报告上级党委并重新履行程序`;
    }
  }
  if (c.step === 23 && c.probationEndsOn && today < c.probationEndsOn) {
    return `预备期至 ${c.probationEndsOn} 期满，期满前不能讨论转正`;
  }
  return null;
}

export interface Timing {
  /** The date the current step is due by (warn) or allowed from (block), if a rule sets one. */
  dueOn: string | null;
  timing: 'ok' | 'due' | 'late';
  notes: string[];
}

/** Due dates and warnings of the current step (due within 14 days: `due`; past: `late`). */
export function timingOf(c: CaseDates, today: string, rules: DevelopmentRules): Timing {
  const notes: string[] = [];
  let dueOn: string | null = null;
  if (c.step === 2) dueOn = addMonths(c.appliedOn, rules.talkWithinMonths.value);
  if (c.step >= 4 && c.step <= 7 && c.activistOn) {
    const assessBy = addMonths(c.lastAssessmentOn ?? c.activistOn, rules.assessmentEveryMonths.value);
    if (today > assessBy) notes.push(`半年考察逾期（应于 ${assessBy} 前考察）`);
    if (c.step !== 7) dueOn = assessBy;
  }
  if ((c.step === 16 || c.step === 17) && c.assemblyOn) {
    dueOn = addMonths(c.assemblyOn, rules.approvalWarnMonths.value);
    if (today > addMonths(c.assemblyOn, rules.approvalMaxMonths.value))
      notes.push('超过六个月未审批，须报告上级');
  }
  if (c.step === 22 && c.probationEndsOn) dueOn = c.probationEndsOn;
  if (c.step === 24) dueOn = addMonths(c.stepSince, rules.conversionApprovalMonths.value);
  const soon = dueOn ? daysBetween(today, dueOn) : null;
  const late = dueOn !== null && today > dueOn;
  if (late) notes.unshift(`已逾期（应于 ${dueOn} 前完成）`);
  const timing = late || notes.length > 0 ? 'late' : soon !== null && soon <= 14 ? 'due' : 'ok';
  return { dueOn, timing, notes };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
