import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit.ts';
import { ValidationError } from '../../platform/errors.ts';
import { actorOf, auditContextOf, noStore, runAction } from '../../platform/http.ts';
import { loadOrgFor } from '../../platform/org-scope.ts';
import { renderPrintHtml } from '../../platform/print/document.ts';
import { hitRateLimit, RateLimitedError } from '../../platform/rate-limit.ts';
import { idParam, okBody } from '../../platform/validation.ts';
import {
  activateBody,
  activateResponse,
  activationStatusResponse,
  communityOptionsResponse,
  issueActivationBody,
  issuedCodesResponse,
  linkAccountBody,
  linkAccountResponse,
  registerResidentBody,
  registerResidentResponse,
  smsCodeBody,
} from './accounts.activation.contract.ts';
import {
  activateMember,
  activationRefused,
  activationStatus,
  consumePhoneVerification,
  issueActivationCodes,
  linkMemberAccount,
  newPhoneVerification,
  registerResident,
} from './accounts.activation.service.ts';
import { activationSmsSender } from './accounts.activation.sms.ts';
import { deliverSmsOutbox, queueSms } from './sms.ts';

const tags = ['accounts'];

export const activationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, clock, crypto, config } = app.deps;
  const sender = activationSmsSender(config, app.log);
  const rules = config.registration;

  /** Activation and registration attempts per client address and hour (and SMS codes per phone). */
  const limit = async (key: string, what: string, max = rules.attemptsPerIpHour) => {
    const hit = await hitRateLimit(db, 'ip', `${what}:${key}`, max, 3600, clock.now());
    if (hit.limited) throw new RateLimitedError(hit.retryAfterSeconds);
  };
  const origin = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

  app.get(
    '/orgs/:id/activations',
    {
      config: { access: 'accounts.invite' },
      schema: { tags, params: idParam, response: { 200: activationStatusResponse } },
    },
    async (request) => {
      const org = await loadOrgFor(db, actorOf(request), request.params.id, 'accounts.invite');
      return activationStatus(db, org, clock.now());
    },
  );

  const issue = (
    request: Parameters<typeof runAction>[0],
    orgId: number,
    body: z.infer<typeof issueActivationBody>,
  ) =>
    runAction(request, async (trx, audit) => {
      const actor = actorOf(request);
      const org = await loadOrgFor(trx, actor, orgId, 'accounts.invite');
      const codes = await issueActivationCodes(trx, crypto, actor, org, {
        memberIds: body.memberIds,
        validDays: body.validDays,
        now: clock.now(),
        baseUrl: origin(request),
      });
      await audit({
        action: 'accounts.issue_activation',
        objectType: 'org',
        objectId: org.id,
        orgPath: org.path,
        detail: { count: codes.length, memberIds: codes.map((c) => c.memberId).slice(0, 200) },
      });
      return { org, codes };
    });

  app.post(
    '/orgs/:id/activation-codes',
    {
      config: { access: 'accounts.invite' },
      schema: { tags, params: idParam, body: issueActivationBody, response: { 200: issuedCodesResponse } },
    },
    async (request, reply) => {
      const { codes } = await issue(request, request.params.id, request.body);
      noStore(reply);
      return { data: codes };
    },
  );

  // The sheet to print and hand out: new codes, one block per member (the codes are shown only here).
  app.post(
    '/orgs/:id/activation-sheet',
    {
      config: { access: 'accounts.invite' },
      schema: {
        tags,
        params: idParam,
        body: issueActivationBody,
        response: { 200: z.any().describe('可打印的激活码单（HTML）') },
      },
    },
    async (request, reply) => {
      const { org, codes } = await issue(request, request.params.id, request.body);
      const today = clock.now().toISOString().slice(0, 10);
      noStore(reply);
      return reply.type('text/html; charset=utf-8').send(
        renderPrintHtml({
          title: '党员账号激活通知',
          number: `${org.name} · ${codes.length} 人`,
          paragraphs: [
            '请登录本系统“账号激活”页面（或打开下方链接），填写本人姓名、身份证号和激活码，设置用户名和密码。激活码只能使用一次，请妥善保管，不要转交他人。',
          ],
          fields: codes.map((c) => [
            `${c.name}（${c.idNumberMasked}）`,
            `激活码 ${c.code}，有效期至 ${c.expiresAt.slice(0, 10)}\n${c.link}`,
          ]),
          signatures: ['经办人'],
          seal: org.name,
          date: today,
        }),
      );
    },
  );

  app.post(
    '/members/:id/link-account',
    {
      config: { access: 'accounts.link_member' },
      schema: { tags, params: idParam, body: linkAccountBody, response: { 200: linkAccountResponse } },
    },
    async (request) => {
      const data = await runAction(request, (trx, audit) =>
        linkMemberAccount(trx, actorOf(request), audit, request.params.id, request.body.userId, clock.now()),
      );
      return { data };
    },
  );

  app.post(
    '/auth/activate',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: activateBody, response: { 200: activateResponse } },
    },
    async (request, reply) => {
      await limit(request.ip, 'activate');
      const result = await runAction(request, async (trx, audit) => {
        const out = await activateMember(trx, crypto, request.body, clock.now());
        if ('refused' in out) return out;
        await audit({
          action: 'accounts.activate',
          objectType: 'member',
          objectId: out.memberId,
          orgPath: out.orgPath,
          detail: { userId: out.userId },
        });
        return out;
      });
      if ('refused' in result) {
        await recordAudit(db, auditContextOf(request), {
          action: 'accounts.activate',
          objectType: 'member',
          objectId: result.memberId,
          outcome: 'failure',
          detail: { reason: result.refused },
        });
        request.audited = true;
        throw activationRefused();
      }
      noStore(reply);
      return { data: { userId: result.userId, memberId: result.memberId } };
    },
  );

  app.get(
    '/auth/register/communities',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: communityOptionsResponse } } },
    async () => {
      const rows = await db
        .selectFrom('orgs')
        .select(['id', 'name'])
        .where('level', '=', 'community')
        .where('status', '=', 'active')
        .orderBy('path')
        .limit(1000)
        .execute();
      return { data: rows };
    },
  );

  app.post(
    '/auth/register/sms-code',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: smsCodeBody, response: { 200: okBody } },
    },
    async (request) => {
      if (!sender)
        throw new ValidationError({ phone: '本系统未配置短信发送，暂不能自助注册' }, '短信发送未配置');
      const phone = request.body.phone;
      await limit(request.ip, 'sms-code', rules.codesPerIpHour);
      // per phone number (its blind index: the counter never holds the number itself)
      await limit(crypto.blindIndex(phone), 'sms-phone', rules.codesPerPhoneHour);
      await runAction(request, async (trx, audit) => {
        const code = await newPhoneVerification(trx, crypto, phone, clock.now(), rules.codeMinutes);
        await queueSms(trx, crypto, {
          purpose: 'register',
          userId: null,
          to: phone,
          text: `【基层党建】您的注册验证码为 ${code}，${rules.codeMinutes} 分钟内有效。如非本人操作请忽略。`,
          now: clock.now(),
        });
        await audit({ action: 'accounts.sms_code', objectType: 'phone', detail: { purpose: 'register' } });
      });
      await deliverSmsOutbox(db, crypto, sender, () => clock.now()).catch((error) =>
        request.log.error({ err: error }, 'SMS delivery failed'),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/register',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: registerResidentBody, response: { 201: registerResidentResponse } },
    },
    async (request, reply) => {
      await limit(request.ip, 'register');
      const body = request.body;
      const out = await runAction(request, async (trx, audit) => {
        const verified = await consumePhoneVerification(trx, crypto, body.phone, body.smsCode, {
          now: clock.now(),
          maxAttempts: rules.codeAttempts,
        });
        if (!verified) {
          return null;
        }
        const created = await registerResident(trx, crypto, body, clock.now());
        await audit({
          action: 'accounts.register_resident',
          objectType: 'user',
          objectId: created.userId,
          orgPath: created.orgPath,
        });
        return created;
      });
      if (!out) {
        // the attempt count was written in the transaction that found the wrong code
        throw new ValidationError({ smsCode: '短信验证码不正确或已过期' }, '短信验证码不正确或已过期');
      }
      noStore(reply);
      return reply.status(201).send({ data: { userId: out.userId, username: out.username } });
    },
  );
};
