import type { ReactNode } from 'react';
import { Card, Empty, Spin, Table } from 'antd';
import { usePhone } from './phone';

export interface Column<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
}

export { usePhone };

/**
 * Rows of a list: a table on a desk, one card per row on a phone (a wide table would squeeze every column to a
 * character's width there). The first column is the card's heading.
 */
export function Rows<T>({
  rows,
  columns,
  rowKey,
  testid,
  empty,
  loading,
  size,
  rowProps,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  testid: string;
  empty?: string;
  loading?: boolean;
  size?: 'small' | 'middle';
  rowProps?: (row: T) => Record<string, string>;
}) {
  const phone = usePhone();
  if (!phone) {
    return (
      <Table<T>
        data-testid={testid}
        rowKey={rowKey}
        size={size}
        pagination={false}
        loading={loading}
        dataSource={rows}
        locale={empty ? { emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{empty}</span> } : undefined}
        scroll={{ x: 'max-content' }}
        onRow={rowProps ? (r) => rowProps(r) as React.HTMLAttributes<HTMLElement> : undefined}
        columns={columns.map((c) => ({ key: c.key, title: c.title, render: (_: unknown, r: T) => c.render(r) }))}
      />
    );
  }
  const [head, ...rest] = columns;
  return (
    <div data-testid={testid} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {loading ? <Spin /> : null}
      {!loading && !rows.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : null}
      {rows.map((r) => (
        <Card
          key={rowKey(r)}
          size="small"
          title={head ? <div style={{ whiteSpace: 'normal' }}>{head.render(r)}</div> : undefined}
          data-testid={`${testid}-card`}
          {...rowProps?.(r)}
        >
          <dl style={{ display: 'grid', gridTemplateColumns: 'minmax(6em, auto) 1fr', gap: '4px 12px', margin: 0 }}>
            {rest.map((c) => (
              <div key={c.key} style={{ display: 'contents' }}>
                <dt style={{ color: 'rgba(0,0,0,0.65)' }}>{c.title}</dt>
                <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{c.render(r)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      ))}
    </div>
  );
}
