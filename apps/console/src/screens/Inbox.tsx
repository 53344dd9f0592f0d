import { useEffect, useState } from 'react';
import { Button, Select, Space, Tooltip, Typography } from 'antd';
import { client, FALLBACK_REFRESH_MS, listenToTaskStream, ok } from '../api';
import type { Application, Task, TaskQuery } from '../api';
import { ErrorText, Lamp } from '../Lamp';
import { useI18n } from '../i18n';
import { Rows } from '../Rows';
import type { Column } from '../Rows';

const PAGE = 20;
/** The case a task belongs to: a licence's application, or a supervision case (inspection, alarm, penalty). */
const caseOf = (task: Task) => task.caseId ?? task.applicationId;

/** 待办 (open, soonest due first) and 已办 (completed by me or my department), paged by the API's cursor. */
export default function Inbox({ status }: { status: 'open' | 'completed' }) {
  const { t, l, labels, date, dateTime } = useI18n();
  const [kind, setKind] = useState<string | undefined>();
  const [level, setLevel] = useState<'green' | 'yellow' | 'red' | undefined>();
  const [licenseType, setLicenseType] = useState<TaskQuery['licenseType']>();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<{ items: Task[]; nextCursor: string | null } | null>(null);
  const [cases, setCases] = useState<Record<string, Application>>({});
  const [error, setError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];
  // bumped to read the page again: when the task stream says new work opened, or on the fallback timer
  const [fresh, setFresh] = useState(0);

  useEffect(() => setCursors([null]), [status, kind, level, licenseType]);
  useEffect(() => {
    let live = true;
    setError(null);
    ok(
      client.GET('/api/v1/tasks', {
        params: {
          query: { status, sort: status === 'open' ? 'dueDate' : undefined, kind, slaLevel: level, licenseType, limit: PAGE, cursor: cursor ?? undefined },
        },
      }),
    )
      .then(async (p) => {
        if (!live) return;
        setPage(p);
        // the counted days left and the project come from each case's own view (a licence or a supervision case)
        const ids = [...new Set(p.items.map(caseOf))];
        const views = await Promise.all(ids.map((id) => ok(client.GET('/api/v1/cases/{caseId}', { params: { path: { caseId: id } } })).catch(() => null)));
        if (live) setCases(Object.fromEntries(views.filter((v): v is Application => !!v).map((v) => [v.id, v])));
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [status, kind, level, licenseType, cursor, fresh]);

  // 待办 live: the first page is read again when the task stream announces new work; while the stream is down,
  // at most every FALLBACK_REFRESH_MS (the stream's own reconnection attempts are the clock: no timer here)
  useEffect(() => {
    if (status !== 'open' || cursor !== null) return;
    let lastRead = Date.now();
    const bump = () => {
      lastRead = Date.now();
      setFresh((n) => n + 1);
    };
    return listenToTaskStream({
      task: bump,
      down: () => {
        if (Date.now() - lastRead >= FALLBACK_REFRESH_MS) bump();
      },
    });
  }, [status, cursor]);

  const columns: Column<Task>[] = [
    {
      title: t('project'),
      key: 'project',
      render: (task: Task) => {
        const c = cases[caseOf(task)];
        return (
          <Space orientation="vertical" size={0}>
            <span>{c?.project?.name ?? (c?.caseKind ? t(c.caseKind) : l('taskKind', task.kind))}</span>
            {c ? <Typography.Text type="secondary">{`${c.applicant.name} · ${l('licenseType', c.licenseType)}`}</Typography.Text> : null}
          </Space>
        );
      },
    },
    {
      title: t('level'),
      key: 'lamp',
      render: (task: Task) => (
        <Lamp
          level={task.slaLevel}
          daysLeft={
            status === 'open' && task.kind !== 'countersign' && task.kind !== 'acceptance' ? (cases[task.applicationId]?.sla?.remainingDays ?? null) : undefined
          }
          unit={cases[task.applicationId]?.sla?.committedLimit?.unit}
        />
      ),
    },
    {
      title: t('dueDate'),
      key: 'due',
      render: (task: Task) =>
        task.dueDate ? (
          <span data-testid="due" data-due={task.dueDate}>
            {date(task.dueDate)}
          </span>
        ) : (
          <Tooltip title={t('noDueDate')}>
            <span data-testid="due" data-due="" tabIndex={0} aria-label={t('noDueDate')}>
              —
            </span>
          </Tooltip>
        ),
    },
    { title: t('kind'), key: 'kind', render: (task: Task) => l('taskKind', task.kind) },
    { title: t('dept'), key: 'dept', render: (task: Task) => l('dept', task.dept) },
    ...(status === 'completed'
      ? [
          { title: t('outcome'), key: 'outcome', render: (task: Task) => (task.outcome ? l('outcome', task.outcome) : '—') },
          { title: t('completedAt'), key: 'completedAt', render: (task: Task) => dateTime(task.completedAt) },
        ]
      : []),
    {
      title: t('open'),
      key: 'open',
      render: (task: Task) => (
        <a href={`#/case/${encodeURIComponent(caseOf(task))}`} data-testid="open-case" data-application={caseOf(task)} data-kind={task.kind}>
          {t('open')}
        </a>
      ),
    },
  ];

  return (
    <section aria-labelledby="inbox-title">
      <Typography.Title level={2} id="inbox-title" style={{ fontSize: 20 }}>
        {t(status === 'open' ? 'inbox' : 'done')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Filter
          name={t('kind')}
          width={180}
          value={kind}
          onChange={setKind}
          testid="filter-kind"
          options={Object.entries(labels.taskKind ?? {}).map(([value, label]) => ({ value, label }))}
        />
        <Filter
          name={t('level')}
          width={140}
          value={level}
          onChange={setLevel}
          testid="filter-level"
          options={(['green', 'yellow', 'red'] as const).map((value) => ({ value, label: l('slaLevel', value) }))}
        />
        <Filter
          name={t('licenceFilter')}
          width={200}
          value={licenseType}
          onChange={setLicenseType}
          testid="filter-license"
          options={Object.entries(labels.licenseType ?? {}).map(([value, label]) => ({ value: value as NonNullable<TaskQuery['licenseType']>, label }))}
        />
      </Space>
      <ErrorText error={error} />
      <Rows<Task> rowKey={(x) => x.id} columns={columns} rows={page?.items ?? []} loading={!page && !error} empty={t('noTasks')} testid="task-table" />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('prev')}
        </Button>
        <Button disabled={!page?.nextCursor} onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])} data-testid="next-page">
          {t('next')}
        </Button>
      </Space>
    </section>
  );
}

/** One of the list's filters: a select that may be cleared, named for the screen reader by its placeholder. */
function Filter<T extends string>({
  name,
  width,
  value,
  onChange,
  testid,
  options,
}: {
  name: string;
  width: number;
  value: T | undefined;
  onChange: (v: T | undefined) => void;
  testid: string;
  options: { value: T; label: string }[];
}) {
  return <Select aria-label={name} placeholder={name} allowClear style={{ width }} value={value} onChange={onChange} data-testid={testid} options={options} />;
}
