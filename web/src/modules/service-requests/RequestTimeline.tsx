import { Timeline, Typography } from 'antd';
import { formatDateTime } from '../../shared/format.ts';
import { useT } from '../../shared/i18n.tsx';
import type { ServiceRequestDetail } from './api.ts';

/** Every step of a request: who, why and the next route. */
export function RequestTimeline({ events }: { events: ServiceRequestDetail['events'] }) {
  const t = useT();
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        color:
          e.kind === 'escalated' || e.kind === 'reopened'
            ? 'orange'
            : e.kind === 'confirmed'
              ? 'green'
              : 'blue',
        children: (
          <div data-testid={`event-${e.kind}`}>
            <Typography.Text strong>{t(`service-requests.event.${e.kind}`)}</Typography.Text>
            {e.toOrgName && e.kind === 'escalated' ? ` → ${e.toOrgName}` : ''}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)} {e.actorName ?? ''}
              </Typography.Text>
            </div>
            {e.reason ? <div>{`${t('service-requests.field.reason')}：${e.reason}`}</div> : null}
            {e.nextRoute ? <div>{`${t('service-requests.field.nextRoute')}：${e.nextRoute}`}</div> : null}
            {e.note ? <div>{e.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
