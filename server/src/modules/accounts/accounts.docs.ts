import { z } from 'zod';
import type { RouteDocs } from '../../platform/openapi.ts';
import { accountSchema } from './accounts.contract.ts';

z.globalRegistry.add(accountSchema, { id: 'Account', description: '账号' });

/** operationId (`accounts.<action>`) and Chinese summary of each route, for the OpenAPI document. */
export const accountsDocs: RouteDocs = {
  module: 'accounts',
  operations: {
    'POST /api/v1/auth/login': ['login', '登录'],
    'POST /api/v1/auth/logout': ['logout', '退出登录'],
    'GET /api/v1/auth/me': ['getMe', '当前登录信息'],
    'POST /api/v1/auth/totp/setup': ['setupTotp', '生成双因素认证密钥'],
    'POST /api/v1/auth/totp/enable': ['enableTotp', '启用双因素认证'],
    'POST /api/v1/auth/totp/verify': ['verifyTotp', '双因素认证校验'],
    'POST /api/v1/auth/password': ['changePassword', '修改密码'],
    'GET /api/v1/accounts': ['listAccounts', '账号列表'],
    'GET /api/v1/accounts/{id}': ['getAccount', '账号详情'],
    'PATCH /api/v1/accounts/{id}': ['updateAccount', '修改账号'],
    'POST /api/v1/orgs/{id}/accounts': ['createAccount', '新建账号'],
    'POST /api/v1/accounts/{id}/disable': ['disableAccount', '停用账号'],
    'POST /api/v1/accounts/{id}/enable': ['enableAccount', '启用账号'],
    'POST /api/v1/accounts/{id}/unlock': ['unlockAccount', '解除账号锁定'],
    'POST /api/v1/accounts/{id}/reset-password': ['resetPassword', '重置密码'],
    'POST /api/v1/accounts/{id}/reset-totp': ['resetTotp', '重置双因素认证'],
    'POST /api/v1/accounts/{id}/role-grants': ['grantRole', '授予角色'],
    'POST /api/v1/role-grants/{id}/revoke': ['revokeRoleGrant', '撤销角色授权'],
    'GET /api/v1/orgs/{id}/activations': ['listActivations', '党员账号激活情况'],
    'POST /api/v1/orgs/{id}/activation-codes': ['issueActivationCodes', '发放党员激活码'],
    'POST /api/v1/orgs/{id}/activation-sheet': ['printActivationSheet', '打印党员激活码单'],
    'POST /api/v1/members/{id}/link-account': ['linkMemberAccount', '关联党员账号'],
    'POST /api/v1/auth/activate': ['activateMemberAccount', '党员激活账号'],
    'GET /api/v1/auth/register/communities': ['listRegisterCommunities', '可注册的社区'],
    'POST /api/v1/auth/register/sms-code': ['sendRegisterSmsCode', '发送注册短信验证码'],
    'POST /api/v1/auth/register': ['registerResident', '居民自助注册'],
  },
};
