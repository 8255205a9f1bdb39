import type { Executor } from './db.ts';

/** Who did it and from where: taken from the request, never from its body. */
export interface AuditContext {
  at: Date;
  userId: number | null;
  username: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Set once something was recorded for this request. */
  onRecorded?: () => void;
}

export interface AuditEvent {
  /** `module.action`, e.g. `orgs.create`, `auth.login`. */
  action: string;
  objectType?: string;
  objectId?: string | number;
  /** Organization path the object belongs to: audit rows are scoped like everything else. */
  orgPath?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  /** Never a password, token or full ID number. */
  detail?: Record<string, unknown>;
}

const FORBIDDEN_DETAIL = /password|token|secret|idnumber|id_number/i;

/** Append one audit row inside the caller's transaction: if the audit write fails, the action fails. */
export async function recordAudit(db: Executor, ctx: AuditContext, event: AuditEvent): Promise<void> {
  const detail = event.detail ?? {};
  for (const key of Object.keys(detail)) {
    if (FORBIDDEN_DETAIL.test(key)) throw new Error(`audit detail must not contain ${key}`);
  }
  await db
    .insertInto('auditLog')
    .values({
      at: ctx.at,
      userId: ctx.userId,
      username: ctx.username,
      action: event.action,
      objectType: event.objectType ?? null,
      objectId: event.objectId == null ? null : String(event.objectId),
      orgPath: event.orgPath ?? null,
      outcome: event.outcome ?? 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300) ?? null,
      requestId: ctx.requestId,
      detail: JSON.stringify(detail),
    })
    .execute();
  ctx.onRecorded?.();
}
