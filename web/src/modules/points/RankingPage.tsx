import { Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, downloadUrl } from '../../shared/api.ts';
import { useT } from '../../shared/i18n.tsx';
import { ListPage } from '../../shared/ListPage.tsx';
import { useList } from '../../shared/useList.ts';
import { useOrgChoices } from '../org-life/BranchPage.tsx';

interface RankingRow {
  rank: number;
  memberId: number;
  name: string;
  orgName: string;
  total: number;
}
interface Ranking {
  year: number;
  ranking: RankingRow[];
  yearTotals: { year: number; total: number; entries: number }[];
}

/**
 * `/points/ranking`: a secretary's ranking of members by yearly points, yearly totals and CSV
 * export. On the shared list page, so at phone width each member is a card (name, branch, points)
 * instead of a table squeezing the names.
 */
export default function RankingPage() {
  const t = useT();
  const choices = useOrgChoices();
  const [orgId, setOrgId] = useState<number | undefined>(choices[0]?.value);
  const [year, setYear] = useState(dayjs().year());
  const [yearTotals, setYearTotals] = useState<Ranking['yearTotals'] | null>(null);
  const list = useList<RankingRow, { orgId?: number; year: number }>(
    async ({ filters }, signal) => {
      if (!filters.orgId) return { data: [] };
      const { data } = await api.get<{ data: Ranking }>(
        `/orgs/${filters.orgId}/points/ranking`,
        { year: filters.year, limit: 500 },
        { signal },
      );
      setYearTotals(data.yearTotals);
      return { data: data.ranking };
    },
    { filters: { orgId, year }, pageSize: 50 },
  );
  return (
    <ListPage
      title={t('points.ranking')}
      intro={t('points.ranking.intro')}
      list={list}
      rowKey={(r) => r.memberId}
      cardTitle={(r) => `${r.rank}. ${r.name}`}
      exportHref={orgId ? downloadUrl(`/orgs/${orgId}/points/ranking.csv`, { year }) : undefined}
      exportLabel={t('points.export')}
      filters={
        <>
          {choices.length > 1 && (
            <Select
              style={{ minWidth: 200 }}
              value={orgId}
              options={choices}
              onChange={setOrgId}
              aria-label={t('points.org')}
            />
          )}
          <Select
            value={year}
            onChange={setYear}
            aria-label={t('points.year')}
            options={[0, 1, 2].map((d) => ({ value: dayjs().year() - d, label: `${dayjs().year() - d}` }))}
          />
        </>
      }
      notice={
        yearTotals && (
          <Typography.Paragraph type="secondary">
            {t('points.yearTotalsLine', {
              list:
                yearTotals
                  .map((y) => t('points.yearTotal', { year: y.year, total: y.total }))
                  .join(t('points.listSeparator')) || '—',
            })}
          </Typography.Paragraph>
        )
      }
      columns={[
        // The rank leads the card's title at phone width, so the card has no separate line for it.
        { title: '#', dataIndex: 'rank', width: 60, responsive: ['sm'] },
        { title: t('points.name'), dataIndex: 'name' },
        { title: t('points.org'), dataIndex: 'orgName' },
        { title: t('points.points'), dataIndex: 'total', align: 'right' },
      ]}
    />
  );
}
