import { describe, expect, it } from 'vitest';
import { testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import { insertMember } from '../members/index.ts';

const { t, tree, sec, far, mem } = serverKit({
  sec: { org: 'b1', role: 'branch_secretary', username: 'pr_sec' },
  far: { org: 'd2', role: 'district_admin', username: 'pr_far' },
  mem: { org: 'b1', role: 'member', username: 'pr_mem' },
});

describe('组织生活会议记录 print (HTML and PDF)', () => {
  it('prints the recorded meeting with number, attendance, resolutions and signature lines; audited; 404 outside', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const ids: number[] = [];
    for (const name of ['张明', '李华', '王芳'])
      ids.push(await insertMember(t.db, testCrypto, tree.b1.id, { name }));
    const planned = await sec({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/meetings`,
      payload: {
        typeCode: 'theme_day',
        topic: '学习贯彻全会精神',
        plannedOn: '2026-11-20',
        place: '党群服务中心',
        hostName: '陈书记',
        recorderName: '王委员',
      },
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const id = planned.json().data.id as number;
    // Not recorded yet: nothing to print.
    expect((await sec({ method: 'GET', url: `/api/v1/org-life/meetings/${id}/print` })).statusCode).toBe(422);

    const rec = await sec({
      method: 'PUT',
      url: `/api/v1/org-life/meetings/${id}/record`,
      payload: {
        heldOn: '2026-11-20',
        minutes: '集体学习全会公报，交流体会。',
        attendance: [
          { memberId: ids[0], status: 'present' },
          { memberId: ids[1], status: 'present' },
          { memberId: ids[2], status: 'leave', reason: '出差' },
        ],
        resolutions: [{ title: '开展入户走访', body: '十二月上旬完成' }],
      },
    });
    expect(rec.statusCode, rec.body).toBe(200);

    const html = await sec({ method: 'GET', url: `/api/v1/org-life/meetings/${id}/print` });
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    const number = /编号：([^<]+)</.exec(html.body)?.[1] ?? '';
    expect(number).toMatch(/^[\w-]+-2026-001$/);
    for (const text of [
      '组织生活会议记录',
      '主持人',
      '陈书记',
      '记录人',
      '王委员',
      '党群服务中心',
      '学习贯彻全会精神',
      '应到 3 人，实到 2 人，请假 1 人，缺席 0 人',
      '王芳（出差）',
      '1. 开展入户走访：十二月上旬完成',
      '主持人（签字）',
      '记录人（签字）',
      '（盖章）',
      '2026 年 11 月 20 日',
    ]) {
      expect(html.body).toContain(text);
    }

    const pdf = await sec({ method: 'GET', url: `/api/v1/org-life/meetings/${id}/print.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain(`(${number})`);
    expect(pdf.rawPayload.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);

    for (const url of [
      `/api/v1/org-life/meetings/${id}/print`,
      `/api/v1/org-life/meetings/${id}/print.pdf`,
    ]) {
      expect((await far({ method: 'GET', url })).statusCode).toBe(404);
    }
    // A member reads the meeting but does not print the office's record.
    expect((await mem({ method: 'GET', url: `/api/v1/org-life/meetings/${id}/print` })).statusCode).toBe(403);
    const audited = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('action', '=', 'org_life.print_record')
      .where('objectId', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.detail)).toEqual([
      { format: 'html', number },
      { format: 'pdf', number },
    ]);
  });
});
