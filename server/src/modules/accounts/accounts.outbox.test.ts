import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrg, insertUser, testCrypto } from '../../../test/app.ts';
import { serverKit } from '../../../test/kit.ts';
import * as separate from './migrations/20261207T050001_accounts_separate-role-classes.ts';
import { deliverSmsOutbox, httpSmsSender, queueSms } from './sms.ts';

const { t } = serverKit({}, { tree: false });
let orgId: number;

beforeAll(async () => {
  orgId = (await insertOrg(t.db, { code: 'O1', level: 'district' })).id;
});

describe('SMS outbox', () => {
  it('hands queued texts to the HTTP gateway once; a failing gateway keeps them queued', async () => {
    const received: { id: number; to: string; text: string }[] = [];
    let fail = true;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (fail) {
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
      const id = await queueSms(t.db, testCrypto, {
        purpose: 'test',
        userId: null,
        to: '13800002222',
        text: '测试短信',
        now: t.clock.now(),
      });
      const sender = httpSmsSender(url);
      expect(await deliverSmsOutbox(t.db, testCrypto, sender, () => t.clock.now())).toBe(0);
      fail = false;
      expect(await deliverSmsOutbox(t.db, testCrypto, sender, () => t.clock.now())).toBe(1);
      expect(await deliverSmsOutbox(t.db, testCrypto, sender, () => t.clock.now())).toBe(0);
      expect(received).toEqual([{ id, to: '13800002222', text: '测试短信' }]);
      const row = await t.db
        .selectFrom('smsOutbox')
        .select(['sentAt', 'attempts'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.sentAt).not.toBeNull();
      expect(row.attempts).toBe(2);
    } finally {
      server.close();
    }
  });
});

describe('migration separate-role-classes', () => {
  it('refuses to run over an account that already holds both classes, naming it', async () => {
    const id = await insertUser(t.db, { username: 'mixed', orgId, role: 'audit_admin' });
    await separate.down(t.db);
    try {
      await t.db
        .insertInto('roleGrants')
        .values({
          userId: id,
          role: 'district_admin',
          orgId,
          grantedBy: null,
          grantedAt: new Date(),
          revokedAt: null,
          revokedBy: null,
        })
        .execute();
      await expect(separate.up(t.db)).rejects.toThrow(new RegExp(`三员分立.*${id}`));
    } finally {
      await sql`update role_grants set revoked_at = now() where user_id = ${id} and role = 'district_admin'`.execute(
        t.db,
      );
      await separate.up(t.db).catch(() => undefined);
    }
    const trigger = await sql<{ n: number }>`
      select count(*)::int as n from pg_trigger where tgname = 'role_grants_one_class'`.execute(t.db);
    expect(trigger.rows[0].n).toBe(1);
  });
});
