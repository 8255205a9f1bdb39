import { Alert, Button, Card, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type {
  activationStatusResponse,
  issuedCodesResponse,
} from '../../../../server/src/modules/accounts/accounts.activation.contract.ts';
import { useSession } from '../../app/session.tsx';
import { api } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useMessage } from '../../shared/message.ts';
import { useIsPhone } from '../../shared/useIsPhone.ts';
import { usePageOrg } from '../../shared/usePageOrg.ts';

type Status = z.infer<typeof activationStatusResponse>;
type Issued = z.infer<typeof issuedCodesResponse>['data'];

/** `/member-activations`: a branch invites its members to activate their own accounts. */
export default function MemberActivationsPage() {
  const t = useT();
  const message = useMessage();
  const phone = useIsPhone();
  const { me } = useSession();
  const { orgId } = usePageOrg(me?.roles ?? []);
  const [status, setStatus] = useState<Status | null>(null);
  const [issued, setIssued] = useState<Issued>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    if (!orgId) return;
    api.get<Status>(`/orgs/${orgId}/activations`).then(setStatus, (e) => message.error(errorText(e)));
  }, [orgId, message]);
  useEffect(load, [load]);
  const pending = status?.data.filter((r) => !r.activated).map((r) => r.memberId) ?? [];
  const issue = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ data: Issued }>(`/orgs/${orgId}/activation-codes`, { memberIds: pending });
      setIssued(r.data);
      load();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const print = () =>
    api
      .download(`/orgs/${orgId}/activation-sheet`, { memberIds: pending }, '党员账号激活通知单.html')
      .then(load, (e) => message.error(errorText(e)));
  return (
    <Card data-testid="member-activations-page">
      <div className="jc-page-header">
        <div>
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {t('activation.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('activation.intro')}</Typography.Text>
        </div>
        <Space wrap>
          <Button type="primary" onClick={issue} loading={busy} disabled={pending.length === 0}>
            {t('activation.issueAll')}
          </Button>
          <Button onClick={print} disabled={pending.length === 0}>
            {t('activation.printSheet')}
          </Button>
        </Space>
      </div>
      {status && (
        <Statistic
          title={t('activation.rate')}
          value={status.summary.rate}
          suffix={`% (${status.summary.activated}/${status.summary.members})`}
          style={{ margin: '12px 0' }}
        />
      )}
      {issued.length > 0 && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('activation.issued', { n: issued.length })}
          description={
            <ul style={{ paddingLeft: 16, margin: 0 }}>
              {issued.map((c) => (
                <li key={c.memberId} style={{ overflowWrap: 'anywhere' }}>
                  {c.name}：<code>{c.code}</code>（{c.expiresAt.slice(0, 10)}）{' '}
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      navigator.clipboard
                        ?.writeText(c.link)
                        .then(() => message.success(t('activation.copied')))
                    }
                  >
                    {t('activation.copyLink')}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table
        rowKey="memberId"
        size={phone ? 'small' : 'middle'}
        dataSource={status?.data ?? []}
        loading={!status}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('activation.col.name'), dataIndex: 'name' },
          ...(phone ? [] : [{ title: t('activation.col.idNumber'), dataIndex: 'idNumberMasked' }]),
          {
            title: t('activation.col.state'),
            render: (_: unknown, r: Status['data'][number]) =>
              r.activated ? (
                <Tag color="green">{t('activation.state.active')}</Tag>
              ) : r.codeExpiresAt ? (
                <Tag color="gold">{t('activation.state.issued')}</Tag>
              ) : (
                <Tag>{t('activation.state.none')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}
