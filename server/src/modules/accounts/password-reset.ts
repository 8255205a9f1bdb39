import { maskMiddle } from '../../platform/crypto.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { AccountCtx } from './accounts.service.ts';
import { queueSms } from './sms.ts';

/** How long a reset's temporary password may be used to set one's own password. */
export const RESET_VALID_HOURS = 72;

export type DeliveryKind = 'sms' | 'slip';

export interface ResetTarget {
  id: number;
  username: string;
  displayName: string;
  phoneEnc: string | null;
}

export interface ResetDeliveryResult {
  /** SMS: the masked number the text went to. */
  sentTo?: string;
  /** Slip: what the printed, sealed slip shows, once. */
  slip?: {
    resetId: number;
    username: string;
    displayName: string;
    temporaryPassword: string;
    issuedAt: string;
    expiresAt: string;
    issuedBy: string;
  };
}

/**
 * Where a temporary password goes: to the person, never to the administrator's screen
 * (issue 11). SMS queues a text to the account's own phone; the slip is printed once, sealed and
 * handed over, and who printed it is in the audit log.
 */
export interface PasswordResetDelivery {
  readonly kind: DeliveryKind;
  deliver(
    ctx: AccountCtx,
    reset: { id: number; account: ResetTarget; temporaryPassword: string; expiresAt: Date },
  ): Promise<ResetDeliveryResult>;
}

export function smsDelivery(options: {
  gatewayConfigured: boolean;
  production: boolean;
}): PasswordResetDelivery {
  return {
    kind: 'sms',
    async deliver(ctx, { account, temporaryPassword, expiresAt }) {
      if (!account.phoneEnc) {
        throw new ValidationError({ delivery: '该账户未登记手机号，无法短信发送，请选择打印密封单' });
      }
      if (options.production && !options.gatewayConfigured) {
        throw new ValidationError({ delivery: '未配置短信网关，请选择打印密封单' });
      }
      const phone = ctx.crypto.decrypt(account.phoneEnc);
      const until = expiresAt.toISOString().slice(0, 16).replace('T', ' ');
      await queueSms(ctx.trx, ctx.crypto, {
        purpose: 'password_reset',
        userId: account.id,
        to: phone,
        text: `【基层治理平台】您的账号 ${account.username} 的密码已重置，临时密码：${temporaryPassword}，请于 ${until}（UTC）前登录并设置您自己的密码。如非本人申请，请联系安全管理员。`,
        now: ctx.now,
      });
      return { sentTo: maskMiddle(phone) ?? undefined };
    },
  };
}

export const slipDelivery: PasswordResetDelivery = {
  kind: 'slip',
  async deliver(ctx, { id, account, temporaryPassword, expiresAt }) {
    return {
      slip: {
        resetId: id,
        username: account.username,
        displayName: account.displayName,
        temporaryPassword,
        issuedAt: ctx.now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        issuedBy: ctx.actor.user.username,
      },
    };
  },
};
