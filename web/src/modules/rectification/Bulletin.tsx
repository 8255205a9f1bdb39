import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, List, Modal, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  type BulletinDto,
  bulletinEndpoints,
} from '../../../../server/src/modules/rectification/rectification.bulletin.contract.ts';
import { createClient } from '../../shared/client.ts';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { useIsPhone } from '../../shared/useIsPhone.ts';

const bulletinApi = createClient(bulletinEndpoints);

/** A campaign's bulletin (通报): figures, ranking, typical problems; print and .xlsx links. */
export function BulletinModal({ campaignId, onClose }: { campaignId: number | null; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [bulletin, setBulletin] = useState<BulletinDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setBulletin(null);
    setError(null);
    if (campaignId)
      bulletinApi.campaign({ params: { id: campaignId } }).then(
        (r) => setBulletin(r.data),
        (e) => setError(errorText(e)),
      );
  }, [campaignId]);
  const base = `/api/v1/inspections/${campaignId}/bulletin`;
  return (
    <Modal
      open={campaignId !== null}
      onCancel={onClose}
      footer={null}
      width={isPhone ? '100%' : 760}
      title={
        bulletin
          ? `${t('rectification.bulletin.title')}：${bulletin.title}`
          : t('rectification.bulletin.title')
      }
      destroyOnHidden
    >
      {error && <Alert type="error" message={error} />}
      {!bulletin && !error && <Spin />}
      {bulletin && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Button icon={<PrinterOutlined />} href={`${base}/print`} target="_blank">
              {t('rectification.bulletin.print')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={`${base}.xlsx`}>
              {t('rectification.bulletin.xlsx')}
            </Button>
          </Space>
          <Typography.Paragraph>
            {t('rectification.bulletin.summary', {
              targets: bulletin.targets,
              findings: bulletin.findings,
              rectified: bulletin.rectified,
              onTime: bulletin.onTime,
              overdue: bulletin.overdue,
              returned: bulletin.returned,
            })}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="orgId"
            pagination={{ pageSize: 10 }}
            dataSource={bulletin.ranking}
            scroll={isPhone ? undefined : { x: 600 }}
            columns={[
              { title: t('rectification.bulletin.rank'), dataIndex: 'rank', width: 64 },
              { title: t('rectification.field.targetOrg'), dataIndex: 'orgName' },
              { title: t('rectification.field.findings'), dataIndex: 'findings', width: 80 },
              ...(isPhone
                ? []
                : [
                    { title: t('rectification.field.rectified'), dataIndex: 'rectified', width: 80 },
                    { title: t('rectification.field.overdue'), dataIndex: 'overdue', width: 70 },
                  ]),
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('rectification.bulletin.problems')}
          </Typography.Title>
          <List
            size="small"
            dataSource={bulletin.problems}
            renderItem={(p) => (
              <List.Item>
                <List.Item.Meta
                  title={`${p.checklistItem}（${t('rectification.bulletin.count', { count: p.count })}）`}
                  description={p.examples.join('；')}
                />
              </List.Item>
            )}
          />
        </Space>
      )}
    </Modal>
  );
}
