import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateVote } from './quorum.contract.ts';

const read = (p: string) => readFileSync(new URL(p, import.meta.url), 'utf8');

describe('one vote rule for the live form and the server (issue 13)', () => {
  it('does not pass a vote that saving would refuse: more votes than voters present', () => {
    // The form once showed "赞成 27 票…通过" live while saving refused it.
    const r = evaluateVote({
      expectedVoting: 30,
      presentVoting: 20,
      yes: 27,
      no: 0,
      abstain: 0,
      writtenYes: 0,
      writtenNo: 0,
    });
    expect(r.passed).toBe(false);
    expect(r.errors).toContain('到会表决票数之和不能超过实到有表决权人数');
    const neg = evaluateVote({
      expectedVoting: 5,
      presentVoting: 3,
      yes: -1,
      no: 0,
      abstain: 0,
      writtenYes: 0,
      writtenNo: 0,
    });
    expect(neg.errors).toContain('赞成票必须是非负整数');
  });

  it('is the function the web form and the server both call', () => {
    const page = read('../../../../web/src/modules/org-life/MeetingPage.tsx');
    const api = read('../../../../web/src/modules/org-life/api.ts');
    const service = read('./org-life.service.ts');
    expect(api).toMatch(
      /export \{ evaluateVote, moreThanHalf \} from '[./]+\/server\/src\/modules\/org-life\/quorum\.contract\.ts'/,
    );
    expect(page).toMatch(/import \{[^}]*\bevaluateVote\b[^}]*\} from '\.\/api\.ts'/);
    expect(page).toContain('evaluateVote({');
    // No arithmetic of its own left in the form.
    expect(page).not.toMatch(/2 \* (present|yes)/);
    expect(service).toMatch(/import \{ evaluateVote \} from '\.\/quorum\.contract\.ts'/);
    expect(service).toContain('evaluateVote(input)');
  });
});
