import * as createAuditLog from './20261121T100000_audit_create-audit-log.ts';

export const migrations = {
  '20261121T100000_audit_create-audit-log': createAuditLog,
};
