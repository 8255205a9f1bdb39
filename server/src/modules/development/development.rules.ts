import { ruleInWords } from '../../platform/provenance.contract.ts';

/**
 * The time rules of member development (domain-rules.md §1.3), as versioned configuration: one
 * version applies from `effectiveFrom`; each number keeps its source and how sure it is (`status`:
 * V verified, S secondary, L local practice; internal, shown to people only as words).
 */
export interface TimedRule {
  value: number;
  enforcement: 'warn' | 'block';
  text: string;
  source: string;
  status: 'V' | 'S' | 'L' | 'U';
}

export interface DevelopmentRules {
  version: string;
  effectiveFrom: string;
  minAge: TimedRule;
  talkWithinMonths: TimedRule;
  activistMinMonths: TimedRule;
  assessmentEveryMonths: TimedRule;
  trainingMinDays: TimedRule;
  trainingMinHours: TimedRule;
  publicityWorkingDays: TimedRule;
  approvalWarnMonths: TimedRule;
  approvalMaxMonths: TimedRule;
  probationMonths: TimedRule;
  extensionMinMonths: TimedRule;
  extensionMaxMonths: TimedRule;
  conversionApprovalMonths: TimedRule;
}

export const DEVELOPMENT_RULE_VERSIONS: readonly DevelopmentRules[] = [
  {
    version: '2014-06',
    effectiveFrom: '2014-06-10',
    minAge: {
      value: 18,
      enforcement: 'block',
      text: '年满十八岁方可申请入党',
      source: '中国共产党发展党员工作细则第五条；党章',
      status: 'V',
    },
    talkWithinMonths: {
      value: 1,
      enforcement: 'warn',
      text: '收到入党申请书后一个月内派人谈话',
      source: '中国共产党发展党员工作细则第七条',
      status: 'V',
    },
    activistMinMonths: {
      value: 12,
      enforcement: 'block',
      text: '入党积极分子经过一年以上培养教育和考察方可确定为发展对象',
      source: '中国共产党发展党员工作细则第十三条',
      status: 'V',
    },
    assessmentEveryMonths: {
      value: 6,
      enforcement: 'warn',
      text: '党支部每半年对入党积极分子进行一次考察',
      source: '中国共产党发展党员工作细则第十一条',
      status: 'V',
    },
    trainingMinDays: {
      value: 3,
      enforcement: 'block',
      text: '发展对象集中培训时间一般不少于三天（或二十四个学时）',
      source: '中国共产党发展党员工作细则第十七条',
      status: 'V',
    },
    trainingMinHours: {
      value: 24,
      enforcement: 'block',
      text: '发展对象集中培训一般不少于二十四个学时',
      source: '中国共产党发展党员工作细则第十七条',
      status: 'V',
    },
    publicityWorkingDays: {
      value: 5,
      enforcement: 'block',
      text: '发展对象公示不少于五个工作日，公示期满方可报上级党委预审',
      source: '地方发展党员工作规程',
      status: 'L',
    },
    approvalWarnMonths: {
      value: 3,
      enforcement: 'warn',
      text: '支部大会通过后，上级党委应在三个月内审批',
      source: '中国共产党发展党员工作细则第二十四条',
      status: 'V',
    },
    approvalMaxMonths: {
      value: 6,
      enforcement: 'block',
      text: '特殊情况审批时间最长不超过六个月，逾期须报上级并重新办理',
      source: '中国共产党发展党员工作细则第二十四条',
      status: 'V',
    },
    probationMonths: {
      value: 12,
      enforcement: 'block',
      text: '预备期为一年，从支部大会通过之日起计算，期满方可讨论转正',
      source: '党章第七条',
      status: 'V',
    },
    extensionMinMonths: {
      value: 6,
      enforcement: 'block',
      text: '延长预备期不少于半年',
      source: '中国共产党发展党员工作细则第三十一条',
      status: 'S',
    },
    extensionMaxMonths: {
      value: 12,
      enforcement: 'block',
      text: '延长预备期最长不超过一年，且只能延长一次',
      source: '党章第七条；中国共产党发展党员工作细则第三十一条',
      status: 'V',
    },
    conversionApprovalMonths: {
      value: 3,
      enforcement: 'warn',
      text: '上级党委应在三个月内审批转正',
      source: '中国共产党发展党员工作细则第三十二条',
      status: 'S',
    },
  },
];

/** The version in force on a date (the latest already in effect; the first before any). */
export function developmentRulesOn(date: string): DevelopmentRules {
  const inForce = DEVELOPMENT_RULE_VERSIONS.filter((r) => r.effectiveFrom <= date);
  return inForce.at(-1) ?? DEVELOPMENT_RULE_VERSIONS[0]!;
}

/** A rule as people read it: its text and source in words, no status letter. */
export const ruleText = (rule: TimedRule) => ruleInWords(rule.text, rule.source);
