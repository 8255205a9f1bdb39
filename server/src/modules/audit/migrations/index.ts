import * as createAuditLog from './20261121T100000_audit_create-audit-log.ts';
import * as keyTheChain from './20261207T070000_audit_key-the-chain.ts';

export const migrations = {
  '20261121T100000_audit_create-audit-log': createAuditLog,
  '20261207T070000_audit_key-the-chain': keyTheChain,
};
