/**
 * Shared by the server (recording a meeting) and the web vote form's live check (a contract file:
 * the web imports it), so what the form shows is what saving accepts (issue 13).
 *
 * Quorum and vote arithmetic for a branch assembly (支部党员大会), domain-rules.md §1.4 (V):
 * - quorum: voting members present > half of the voting members expected to attend (应到会);
 * - pass: yes votes (written opinions included) > half of the voting members expected to attend —
 *   of those expected, not of those present.
 * Everything is integer arithmetic: "more than half of n" is 2·x > n.
 */
export interface VoteInput {
  /** 应到会有表决权的正式党员 (正式党员 − approved exclusions). */
  expectedVoting: number;
  /** 实到会有表决权的党员. */
  presentVoting: number;
  yes: number;
  no: number;
  abstain: number;
  /** 会前提交的书面意见: counted as votes. */
  writtenYes: number;
  writtenNo: number;
}

export interface VoteResult {
  quorumMet: boolean;
  passed: boolean;
  /** Smallest present count that makes a quorum. */
  quorumNeeded: number;
  /** Smallest yes count (incl. written) that passes. */
  yesNeeded: number;
  totalYes: number;
  explanation: string;
  errors: string[];
}

const VOTE_LABELS: Record<keyof VoteInput, string> = {
  expectedVoting: '应到会有表决权人数',
  presentVoting: '实到有表决权人数',
  yes: '赞成票',
  no: '反对票',
  abstain: '弃权票',
  writtenYes: '书面赞成意见',
  writtenNo: '书面反对意见',
};

export function moreThanHalf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function evaluateVote(v: VoteInput): VoteResult {
  const errors: string[] = [];
  const values = Object.entries(v) as [keyof VoteInput, number][];
  for (const [k, n] of values)
    if (!Number.isInteger(n) || n < 0) errors.push(`${VOTE_LABELS[k]}必须是非负整数`);
  if (v.presentVoting > v.expectedVoting) errors.push('实到有表决权人数不能超过应到人数');
  if (v.yes + v.no + v.abstain > v.presentVoting) errors.push('到会表决票数之和不能超过实到有表决权人数');
  if (v.presentVoting + v.writtenYes + v.writtenNo > v.expectedVoting) {
    errors.push('到会人数与书面意见人数之和不能超过应到人数');
  }
  const quorumNeeded = moreThanHalf(v.expectedVoting);
  const yesNeeded = moreThanHalf(v.expectedVoting);
  const totalYes = v.yes + v.writtenYes;
  const quorumMet = v.expectedVoting > 0 && 2 * v.presentVoting > v.expectedVoting;
  const passed = errors.length === 0 && quorumMet && 2 * totalYes > v.expectedVoting;
  const explanation =
    `应到会有表决权党员 ${v.expectedVoting} 人，实到 ${v.presentVoting} 人，` +
    `${quorumMet ? '超过' : '未超过'}半数（至少需 ${quorumNeeded} 人），会议${quorumMet ? '有效' : '无效'}；` +
    `赞成 ${totalYes} 票（含书面意见 ${v.writtenYes} 票），反对 ${v.no + v.writtenNo} 票，弃权 ${v.abstain} 票；` +
    `赞成票须超过应到会有表决权党员的半数（至少 ${yesNeeded} 票），${passed ? '通过' : '未通过'}。`;
  return { quorumMet, passed, quorumNeeded, yesNeeded, totalYes, explanation, errors };
}
