import { defineModule } from '../../platform/module.ts';
import { activationRoutes } from './accounts.activation.routes.ts';
import { registrationRate } from './accounts.activation.service.ts';
import { accountsAuditObjects } from './accounts.audit.ts';
import { accountsDocs } from './accounts.docs.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { migrations } from './migrations/index.ts';

export const accountsModule = defineModule({
  name: 'accounts',
  docs: accountsDocs,
  migrations,
  auditObjects: accountsAuditObjects,
  permissions: {
    'accounts.read': '查看账号',
    'accounts.create': '新建账号',
    'accounts.update': '修改账号',
    'accounts.disable': '停用账号',
    'accounts.unlock': '解除账号锁定',
    'accounts.reset_password': '重置密码',
    'accounts.manage_admins': '管理三员账号',
    'accounts.reset_totp': '重置双因素认证',
    'roles.grant': '授予角色',
    'roles.revoke': '撤销角色',
    'accounts.invite': '发放党员激活码',
    'accounts.link_member': '关联党员账号',
  },
  figures: [
    {
      key: 'accounts.registration_rate',
      title: '党员实名注册率（%）',
      permission: 'accounts.invite',
      compute: ({ db, org }) => registrationRate(db, org.path),
      drill: { path: '/member-activations' },
    },
  ],
  menu: [
    {
      key: 'accounts',
      path: '/accounts',
      title: '账号与角色',
      permission: 'accounts.read',
      for: 'admin',
      order: 80,
    },
    {
      key: 'member-activations',
      path: '/member-activations',
      title: '党员账号激活',
      permission: 'accounts.invite',
      for: 'branch',
      order: 26,
    },
  ],
  routes: async (app) => {
    await app.register(authRoutes);
    await app.register(accountsRoutes);
    await app.register(activationRoutes);
  },
});

export { seedDemoActivations } from './accounts.activation.demo.ts';
export type { AccountsTables } from './accounts.tables.ts';
