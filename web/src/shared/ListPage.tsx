/**
 * The list page every module uses: title and actions, filters, the table with paging and total,
 * loading, error and empty states, an export button. At phone width (≤ 576 px) rows become cards
 * (a title line and label: value lines), so nothing scrolls sideways.
 */
import { DownloadOutlined, FilterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Pagination, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import { Fragment, type Key, type ReactNode, useState } from 'react';
import { useT } from './i18n.tsx';
import { useIsPhone } from './useIsPhone.ts';
import type { ListState } from './useList.ts';

export interface ListPageProps<Row, F> {
  title?: ReactNode;
  intro?: ReactNode;
  /** Buttons next to the title (create, import…). */
  actions?: ReactNode;
  /** The filter form (its items wrap; at phone width each takes the whole line). */
  filters?: ReactNode;
  list: ListState<Row, F>;
  columns: ColumnsType<Row>;
  rowKey: (row: Row) => Key;
  /** Where the export button downloads from (same origin; the cookie goes along). */
  exportHref?: string;
  exportLabel?: ReactNode;
  emptyText?: ReactNode;
  /** The pager's total (default 「共 n 条」). */
  totalText?: (total: number) => string;
  /** Width the table needs on a desktop before it scrolls (defaults to fitting the screen). */
  scrollX?: number;
  onRowClick?: (row: Row) => void;
  /** A card for one row at phone width; by default built from the columns. */
  renderCard?: (row: Row) => ReactNode;
  /** The title line of the default card (by default the first column's cell). */
  cardTitle?: (row: Row) => ReactNode;
  /** Shown between the header and the filters (a notice, a check result). */
  notice?: ReactNode;
  /** Without a frame (the page is one tab of a bigger page). */
  bare?: boolean;
  /** Shown under the list (a drawer, a modal form). */
  children?: ReactNode;
  testId?: string;
  /** A test id for each row (the table row, or the card at phone width). */
  rowTestId?: (row: Row) => string;
}

function cellOf<Row>(column: ColumnType<Row>, row: Row, index: number): ReactNode {
  const dataIndex = column.dataIndex;
  const value =
    typeof dataIndex === 'string' || typeof dataIndex === 'number'
      ? (row as Record<string | number, unknown>)[dataIndex]
      : undefined;
  if (column.render) {
    const rendered = column.render(value, row, index);
    if (rendered && typeof rendered === 'object' && 'children' in rendered && !('$$typeof' in rendered)) {
      return (rendered as { children: ReactNode }).children;
    }
    return rendered as ReactNode;
  }
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** The default phone card: the first column as the title, the rest as label: value lines. */
function ColumnCard<Row>({
  row,
  index,
  columns,
  title,
  onClick,
}: {
  row: Row;
  index: number;
  columns: ColumnsType<Row>;
  title?: (row: Row) => ReactNode;
  onClick?: () => void;
}) {
  // A column the table shows only from some width up (antd `responsive` without 'xs') stays off the card.
  const all = (columns as ColumnType<Row>[]).filter((c) => !c.responsive || c.responsive.includes('xs'));
  const [first, ...others] = all;
  const rest = title ? all : others;
  const heading = title ? title(row) : first ? cellOf(first, row, index) : null;
  return (
    <Card size="small" className="jc-list-card" onClick={onClick} hoverable={Boolean(onClick)}>
      {heading && <div className="jc-list-card-title">{heading}</div>}
      <div className="jc-list-card-lines">
        {rest.map((column, i) => {
          const cell = cellOf(column, row, index);
          const label = typeof column.title === 'function' ? null : column.title;
          const key = String(column.key ?? column.dataIndex ?? i);
          // The row's buttons (a column without a title, or keyed `actions`) take the whole line.
          return label && column.key !== 'actions' ? (
            <Fragment key={key}>
              <span className="jc-list-card-label">{label}</span>
              <span className="jc-list-card-value">{cell}</span>
            </Fragment>
          ) : (
            <div className="jc-list-card-wide" key={key}>
              {cell}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

export function ListPage<Row, F>({
  title,
  intro,
  actions,
  filters,
  list,
  columns,
  rowKey,
  exportHref,
  exportLabel,
  emptyText,
  totalText,
  scrollX,
  onRowClick,
  renderCard,
  cardTitle,
  notice,
  bare,
  children,
  testId,
  rowTestId,
}: ListPageProps<Row, F>) {
  const t = useT();
  const isPhone = useIsPhone();
  const [isFilterOpen, setFilterOpen] = useState(false);
  const showTotal = totalText ?? ((total: number) => t('common.table.total', { total }));
  const empty = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('common.state.empty')} />
  );
  const exportButton = exportHref ? (
    <Button icon={<DownloadOutlined />} href={exportHref} download data-testid="list-export">
      {exportLabel ?? t('common.action.export')}
    </Button>
  ) : null;
  const header =
    title || intro || actions || exportButton ? (
      <div className="jc-page-header">
        <div>
          {title && <Typography.Title level={3}>{title}</Typography.Title>}
          {intro && <Typography.Text type="secondary">{intro}</Typography.Text>}
        </div>
        {(actions || exportButton) && (
          <Space wrap>
            {actions}
            {exportButton}
          </Space>
        )}
      </div>
    ) : null;

  // Paged by the server: the rows are this page. Otherwise the page slices the whole list.
  const visible = list.isServerPaged
    ? list.rows
    : list.rows.slice((list.page - 1) * list.pageSize, list.page * list.pageSize);
  const offset = list.isServerPaged ? 0 : (list.page - 1) * list.pageSize;

  const body = isPhone ? (
    <Spin spinning={list.loading}>
      <div className="jc-list-cards" data-testid="list-cards">
        {visible.length === 0 && !list.loading ? empty : null}
        {visible.map((row, i) => (
          <div key={rowKey(row)} data-testid={rowTestId?.(row)}>
            {renderCard ? (
              renderCard(row)
            ) : (
              <ColumnCard
                row={row}
                index={offset + i}
                columns={columns}
                title={cardTitle}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              />
            )}
          </div>
        ))}
      </div>
      {list.total > 0 && (
        <Pagination
          className="jc-list-pager"
          simple
          size="small"
          current={list.page}
          pageSize={list.pageSize}
          total={list.total}
          showTotal={showTotal}
          onChange={(page, size) => list.setPage(page, size)}
        />
      )}
    </Spin>
  ) : (
    <Table<Row>
      data-testid="list-table"
      rowKey={rowKey}
      loading={list.loading}
      dataSource={visible}
      columns={columns}
      scroll={scrollX ? { x: scrollX } : undefined}
      tableLayout="auto"
      locale={{ emptyText: empty }}
      onRow={(row) => ({
        ...(rowTestId ? { 'data-testid': rowTestId(row) } : {}),
        ...(onRowClick ? { onClick: () => onRowClick(row), style: { cursor: 'pointer' } } : {}),
      })}
      pagination={{
        current: list.page,
        pageSize: list.pageSize,
        total: list.total,
        showSizeChanger: list.total > list.pageSize,
        showTotal,
        onChange: (page, size) => list.setPage(page, size),
      }}
    />
  );

  const content = (
    <div className="jc-list-page" data-testid={testId}>
      {header}
      {notice}
      {filters && isPhone && (
        <Button
          block
          icon={<FilterOutlined />}
          className="jc-list-filter-toggle"
          aria-expanded={isFilterOpen}
          onClick={() => setFilterOpen((open) => !open)}
          data-testid="list-filter-toggle"
        >
          {isFilterOpen ? t('common.list.hideFilters') : t('common.list.showFilters')}
        </Button>
      )}
      {filters && (
        <div className="jc-filters jc-list-filters" hidden={isPhone && !isFilterOpen}>
          {filters}
        </div>
      )}
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      {body}
      {children}
    </div>
  );
  return bare ? content : <Card>{content}</Card>;
}
