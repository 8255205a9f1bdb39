import type { FieldCrypto } from '../../platform/crypto.ts';
import type { Db, Executor } from '../../platform/db.ts';

/**
 * Text messages go through a transactional outbox (security.md REL-07): the row is written in the
 * transaction of the action that sends it, encrypted (it may carry a temporary password), and a
 * sender delivers unsent rows afterwards. The receiver dedupes by the message id.
 */
export interface SmsSender {
  send(message: { id: number; to: string; text: string }): Promise<void>;
}

export async function queueSms(
  trx: Executor,
  crypto: FieldCrypto,
  message: { purpose: string; userId: number | null; to: string; text: string; now: Date },
): Promise<number> {
  const { id } = await trx
    .insertInto('smsOutbox')
    .values({
      purpose: message.purpose,
      userId: message.userId,
      phoneEnc: crypto.encrypt(message.to),
      bodyEnc: crypto.encrypt(message.text),
      createdAt: message.now,
      sentAt: null,
      lastError: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * An HTTP SMS gateway (JICENG_SMS_GATEWAY_URL): POST `{ id, to, text }` as JSON; any 2xx is
 * delivered. Adapt a provider (阿里云短信, 腾讯云短信 …) behind such a URL.
 */
export function httpSmsSender(url: string): SmsSender {
  return {
    async send(message) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `jiceng-sms-${message.id}` },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    },
  };
}

/** Deliver every unsent message (oldest first); failures stay queued for the next run. */
export async function deliverSmsOutbox(
  db: Db,
  crypto: FieldCrypto,
  sender: SmsSender,
  now: () => Date,
): Promise<number> {
  const rows = await db
    .selectFrom('smsOutbox')
    .select(['id', 'phoneEnc', 'bodyEnc'])
    .where('sentAt', 'is', null)
    .where('attempts', '<', 10)
    .orderBy('id')
    .limit(100)
    .execute();
  let sent = 0;
  for (const row of rows) {
    try {
      await sender.send({ id: row.id, to: crypto.decrypt(row.phoneEnc), text: crypto.decrypt(row.bodyEnc) });
      await db
        .updateTable('smsOutbox')
        .set((eb) => ({ sentAt: now(), attempts: eb('attempts', '+', 1), lastError: null }))
        .where('id', '=', row.id)
        .execute();
      sent++;
    } catch (error) {
      await db
        .updateTable('smsOutbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: String(error).slice(0, 300) }))
        .where('id', '=', row.id)
        .execute();
    }
  }
  return sent;
}
