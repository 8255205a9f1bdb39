import { describe, expect, it } from 'vitest';
import { expectNotFoundFor, serverKit } from '../../../test/kit.ts';
import { nextIdNumber } from '../members/index.ts';

/** The record a step produces, uploaded as a file (photo or PDF) by whoever does the step. */
const { t, tree, branch, community, farCommunity } = serverKit({
  branch: { org: 'b1', role: 'branch_secretary' },
  community: { org: 'c1', role: 'community_secretary' },
  farCommunity: { org: 'c3', role: 'community_secretary' },
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function multipart(name: string, content: Buffer) {
  const boundary = '----dev';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('development step records as files', () => {
  it('the branch uploads the record of its step; the level above and the branch read it; others get 404', async () => {
    t.clock.set('2026-11-21T09:00:00+08:00');
    const created = await branch({
      method: 'POST',
      url: `/api/v1/orgs/${tree.b1.id}/development`,
      payload: { name: '申请人', idNumber: nextIdNumber('19990101'), appliedOn: '2026-11-20' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;

    const up = await branch({
      method: 'POST',
      url: `/api/v1/development/${id}/files`,
      ...multipart('谈话记录.pdf', PDF),
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().data).toMatchObject({ step: 2, filename: '谈话记录.pdf', mime: 'application/pdf' });
    const fileId = up.json().data.id;

    // not a photo or PDF
    const text = await branch({
      method: 'POST',
      url: `/api/v1/development/${id}/files`,
      ...multipart('x.pdf', Buffer.from('plain text')),
    });
    expect(text.statusCode).toBe(422);
    expect(text.json().error.fields.file).toContain('PDF');

    const detail = await community({ method: 'GET', url: `/api/v1/development/${id}` });
    expect(detail.json().data.files).toEqual([expect.objectContaining({ id: fileId, step: 2 })]);
    const download = await community({ method: 'GET', url: `/api/v1/development/${id}/files/${fileId}` });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);

    await expectNotFoundFor(
      farCommunity,
      [`GET /api/v1/development/:id/files/${fileId}`, 'GET /api/v1/development/:id'],
      id,
    );
    const far = await farCommunity({
      method: 'POST',
      url: `/api/v1/development/${id}/files`,
      ...multipart('x.pdf', PDF),
    });
    expect(far.statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'development.file_added')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
