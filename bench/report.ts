import type { BenchResults } from './run';

const round1 = (x: number) => Math.round(x * 10) / 10;
const n = (v: number | null | undefined, unit = '') => (v === null || v === undefined ? '–' : `${v}${unit}`);

/** The results as markdown: what the README's performance section quotes. */
export function markdown(r: BenchResults): string {
  const out: string[] = [];
  out.push(`# Benchmark ${r.date}${r.quick ? ' (quick)' : ''}`, '');
  out.push(
    `${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}; load average at start ${r.machine.loadAverageAtStart.join(' ')}. Code: ${r.machine.code}.`,
    '',
  );

  out.push('| measure | value |', '| --- | --- |');
  const row = (k: string, v: string) => out.push(`| ${k} | ${v} |`);
  if (r.limit) {
    row(
      `raw PostgreSQL limit (version-checked case update + history + outbox, ${r.limit.concurrency} connections)`,
      `**${r.limit.txPerSecond} tx/s** (p50 ${n(r.limit.latencyMs.p50)} ms, p99 ${n(r.limit.latencyMs.p99)} ms)`,
    );
  }
  const pr = r.peer;
  if (pr && 'transitionsPerSecond' in pr)
    row(
      `peer: bpmn-engine, state upserted into PostgreSQL after every step, ${pr.inflight} in flight (${pr.instancesDone ?? pr.instances} instances)`,
      `**${pr.transitionsPerSecond} transitions/s** (${pr.instancesPerSecond} instances/s)`,
    );
  else if (pr) row('peer: bpmn-engine', 'skipped' in pr ? `skipped: ${pr.skipped}` : `error: ${pr.error.slice(0, 300)}`);
  const e = r.engine;
  if (e && 'transitions' in e) {
    row(
      `engine alone: ${e.cases.completed}/${e.cases.requested} cases through CaseRuntime in process, concurrency ${e.concurrency} (no HTTP, no queue)`,
      `${e.seconds} s${e.cases.failed ? `, ${e.cases.failed} failed` : ''}`,
    );
    row(
      `engine alone: transitions per second (${e.transitions.commands} commands + ${e.transitions.systemSteps} handover/permit steps)`,
      `**${e.transitions.perSecond}** (${e.casesPerSecond} cases/s)`,
    );
    row('engine.ratioToLimit / engine.ratioToPeer', `**${n(e.ratioToLimit)}** (target ≥ 0.5) / **${n(e.ratioToPeer)}** (target ≥ 2)`);
    if (e.cpuMsPerTransition)
      row(
        'engine alone: CPU per transition (whole machine)',
        `${e.cpuMsPerTransition.machine} ms (engine process ${e.cpuMsPerTransition.engineProcess}, PostgreSQL/other ${e.cpuMsPerTransition.postgresAndOther})`,
      );
    row(
      'engine alone: transition latency p50 / p99',
      `${n(e.latencyMs.transition.p50)} / ${n(e.latencyMs.transition.p99)} ms (${Object.entries(e.latencyMs.byKind)
        .map(([k, v]) => `${k} ${n(v.p50)}/${n(v.p99)}`)
        .join(', ')})`,
    );
    row(
      'engine alone: database work per transition',
      `${e.database.commitsPerTransition} commits, ${e.database.rowsInsertedPerTransition} rows inserted, ${e.database.rowsUpdatedPerTransition} updated` +
        (e.database.statementsPerTransition === undefined
          ? ''
          : `; ${e.database.statementsPerTransition} statements (BEGIN and COMMIT included: ${Object.entries(e.database.statementsByKind)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')})`),
    );
  } else if (e) row('engine alone', `error: ${e.error.slice(0, 300)}`);
  const t = r.throughput;
  if (t) {
    row(
      `end to end: ${t.cases.completed}/${t.cases.requested} discharge permits, concurrency ${t.concurrency}`,
      `${t.seconds} s${t.cases.failed ? `, ${t.cases.failed} failed` : ''}${t.cases.notStarted ? `, ${t.cases.notStarted} not started` : ''}${t.drained ? '' : ', not fully drained'}`,
    );
    row('cases per second (submission to permit issued)', `**${t.casesPerSecond}**`);
    row(
      `transitions per second (${t.transitions.taskCompletions} task completions + ${t.transitions.systemSteps} system steps)`,
      `**${t.transitions.perSecond}**`,
    );
    row('ratioToPeer (end-to-end transitions/s ÷ the peer’s) / ratioToLimit (÷ raw tx/s)', `**${n(t.ratioToPeer)}** (target ≥ 1) / **${n(t.ratioToLimit)}**`);
    if (t.cpuMsPerTransition && r.limit?.cpuMsPerTx !== undefined) {
      const c = t.cpuMsPerTransition;
      row(
        'CPU per transition (whole machine) against CPU per raw transaction',
        `${c.machine} ms (services ${c.services}, PostgreSQL/Redis/other ${c.postgresRedisAndOther}, driver ${c.benchDriver}) against ${r.limit.cpuMsPerTx} ms`,
      );
    }
    if (t.database)
      row(
        'database work per transition (pg_stat_database; the raw limit: 1 commit, 2 rows inserted, 1 updated)',
        `${t.database.commitsPerTransition} commits (reads included), ${t.database.rowsInsertedPerTransition} rows inserted, ${t.database.rowsUpdatedPerTransition} updated, ${t.database.rowsDeletedPerTransition} deleted`,
      );
    row('task completion over HTTP, p50 / p99', `${n(t.latencyMs.taskCompletion.p50)} / ${n(t.latencyMs.taskCompletion.p99)} ms`);
    for (const [kind, l] of Object.entries(t.latencyMs.byKind)) row(`  ${kind} completion, p50 / p99`, `${n(l.p50)} / ${n(l.p99)} ms`);
    row('submission over HTTP, p50 / p99', `${n(t.latencyMs.submit.p50)} / ${n(t.latencyMs.submit.p99)} ms`);
    row('queue hop, acceptance completed → review task created, p50 / p99', `${n(t.latencyMs.queueHop.p50)} / ${n(t.latencyMs.queueHop.p99)} ms`);
    row('system step, decision completed → permit issued, p50 / p99', `${n(t.latencyMs.permitHop.p50)} / ${n(t.latencyMs.permitHop.p99)} ms`);
    row('status back to intake, p50 / p99', `${n(t.latencyMs.statusBackToIntake.p50)} / ${n(t.latencyMs.statusBackToIntake.p99)} ms`);
    const nt = t.notices;
    if (nt) {
      const pc = nt.perCase;
      row(
        'notices per case: notifications stored / notification.requested.v1 jobs / deliveries (sent) / notification.deliver.v1 jobs',
        `${pc.notificationsStored} / ${pc.notificationRequests} / ${pc.deliveries} (${pc.deliveriesSent}) / ${pc.deliverJobs}`,
      );
      row('queue jobs per case, every service (outbox messages)', `${pc.allJobs}`);
      row('notice path, task created → task_assigned stored, p50 / p99', `${n(nt.latencyMs.stored.p50)} / ${n(nt.latencyMs.stored.p99)} ms`);
      row('notice path, case closed → decision stored, p50 / p99', `${n(nt.latencyMs.decisionStored.p50)} / ${n(nt.latencyMs.decisionStored.p99)} ms`);
      if (nt.latencyMs.sent) row('notice path, task created → e-mail sent, p50 / p99', `${n(nt.latencyMs.sent.p50)} / ${n(nt.latencyMs.sent.p99)} ms`);
    }
    if (t.inbox)
      row(
        `how the departments learned of their tasks: ${t.inbox.mode === 'stream' ? 'the task stream' : 'polling'}`,
        `${t.inbox.announcements} announcements, ${t.inbox.reads} inbox reads (p50 ${n(t.latencyMs.inboxPoll.p50)} ms)`,
      );
    row('one case end to end as the driver sees it, p50 / p99', `${n(t.latencyMs.caseEndToEnd.p50)} / ${n(t.latencyMs.caseEndToEnd.p99)} ms`);
  }
  const ol = r.openLoop;
  if (ol) {
    row(
      `open loop: ${ol.cases} cases arriving at ${ol.arrivalsPerSecond}/s (half the peak), task completion p50 / p99`,
      `${n(ol.taskCompletion.p50)} / **${n(ol.taskCompletion.p99)}** ms (target p99 < 100 ms); ${ol.transitionsPerSecond} transitions/s; ${ol.failed} failed`,
    );
    for (const [kind, l] of Object.entries(ol.byKind)) row(`  open loop: ${kind} completion, p50 / p99`, `${n(l.p50)} / ${n(l.p99)} ms`);
  }
  for (const sd of r.scale?.seeds ?? []) row(`seeding ${sd.cases} open cases (${Object.values(sd.rows).reduce((a, b) => a + b, 0)} rows)`, `${sd.seconds} s`);
  for (const [label, e] of [
    ['small', r.scale?.small],
    ['large', r.scale?.large],
  ] as const) {
    if (!e) continue;
    for (const x of e.runs)
      row(
        `${x.what} at ${e.openCases} open cases (${e.inboxDept}: ${e.inboxOpenTasks} open tasks)${x.what.includes('1 connection') ? '' : `, ${x.connections} connections`}`,
        `${x.requestsPerSecond} req/s, p50 ${x.latencyMs.p50} ms, p99 ${x.latencyMs.p99} ms${x.non2xx || x.errors ? `, ${x.non2xx} non-2xx, ${x.errors} errors` : ''}`,
      );
    void label;
  }
  const ap = r.alertPath;
  if (ap && 'skipped' in ap) row('alert path (due time → sla_yellow notification)', `skipped: ${ap.skipped}`);
  else if (ap) {
    for (const a of [ap.small, ap.large]) {
      if (!a) continue;
      if ('latencyMs' in a)
        row(
          `alert path at ${a.openCases} open cases (clock moved → sla_yellow visible), ${a.latencyMs.n} probes`,
          `p50 ${a.latencyMs.p50} ms, p90 ${a.latencyMs.p90 ?? '–'} ms, max ${a.latencyMs.max} ms${a.otherAlerts ? ` (${a.otherAlerts} alerts for other cases)` : ''}`,
        );
      else row(`alert path at ${a.openCases} open cases`, 'skipped' in a ? `skipped: ${a.skipped}` : `error: ${a.error}`);
    }
    if (ap.ratio !== undefined && ap.ratio !== null) row('alert latency p50, large ÷ small', `${ap.ratio}× (target ≤ 1.5×)`);
  }
  out.push('');

  const mem = Object.entries(r.phases).filter(([, p]) => p.memoryMiB);
  if (mem.length) {
    const names = [...new Set(mem.flatMap(([, p]) => Object.keys(p.memoryMiB ?? {})))];
    out.push('Peak resident memory per process during each phase (MiB; VmHWM since the process started in brackets):', '');
    out.push(`| phase | ${names.join(' | ')} |`, `| --- | ${names.map(() => '---').join(' | ')} |`);
    for (const [phase, p] of mem)
      out.push(`| ${phase} | ${names.map((k) => (p.memoryMiB?.[k] ? `${p.memoryMiB[k].peakRssMiB} (${p.memoryMiB[k].hwmMiB})` : '–')).join(' | ')} |`);
    // the V8 old-space cap each process ran with (read from its command line and NODE_OPTIONS)
    const cap = (k: string) => mem.map(([, p]) => p.memoryMiB?.[k]?.oldSpaceCapMiB).find((c) => c !== undefined);
    out.push(`| old-space cap | ${names.map((k) => (cap(k) === undefined ? 'none' : String(cap(k)))).join(' | ')} |`);
    out.push('');
  }
  const cpu = Object.entries(r.phases).filter(([, p]) => p.cpu);
  if (cpu.length) {
    out.push('CPU during each phase (seconds of CPU; "other" is PostgreSQL, Redis and anything else on the machine):', '');
    out.push('| phase | load average at start | wall s | machine busy | services | bench driver | other |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const [phase, p] of cpu) {
      const c = p.cpu as NonNullable<typeof p.cpu>;
      const top = Object.entries(c.servicesSeconds)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      out.push(
        `| ${phase} | ${p.loadAverageAtStart?.join(' ') ?? '–'} | ${c.wallSeconds} | ${c.machineBusyPercent}% of ${c.cores} cores | ${top || '–'} | ${c.benchDriverSeconds} | ${c.otherSeconds} |`,
      );
    }
    out.push('');
  }
  if (r.targets.length) {
    out.push('Targets of issue 16 (reported, not asserted):', '');
    for (const x of r.targets) out.push(`- **${x.met === null ? 'not measured' : x.met ? 'met' : 'missed'}**: ${x.name}, ${x.target}: ${x.measured}`);
    out.push('');
  }
  if (r.consoleSize)
    out.push(
      `Console first-load JS: ${'gzipBytes' in r.consoleSize ? `${(r.consoleSize.gzipBytes / 1024).toFixed(1)} KiB gzip (${r.consoleSize.files} files, budget ${Math.round(r.consoleSize.budgetBytes / 1024)} KiB)` : 'skipped' in r.consoleSize ? `skipped (${r.consoleSize.skipped}; hook in bench/console-size.ts)` : `error: ${r.consoleSize.error}`}.`,
      '',
    );
  const pf = r.profiles;
  if (pf && (pf.throughput?.profiles.length || pf.readPaths?.profiles.length || pf.engine)) {
    out.push('## Where the CPU goes (profiles)', '', pf.note, '');
    const section = (p: NonNullable<typeof pf.engine>, phase: string) => {
      out.push(`### ${p.process} (${phase}): busy ${round1(p.busyMs / 1000)} s of ${round1(p.spanMs / 1000)} s`, '');
      out.push(`By package: ${p.byPackage.map((x) => `${x.name} ${x.percent}%`).join(', ')}.`, '');
      out.push('| self % | self ms | function | where |', '| --- | --- | --- | --- |');
      for (const f of p.top) out.push(`| ${f.selfPercent} | ${f.selfMs} | \`${f.function.replace(/\|/g, '\\|')}\` | ${f.location.replace(/\|/g, '\\|')} |`);
      out.push('');
    };
    const system = (sp: typeof pf.throughput, title: string, phase: string) => {
      if (!sp) return;
      if (sp.byPackage.length) {
        const busy = sp.profiles.reduce((a, p) => a + p.busyMs, 0);
        out.push(`### All service processes over ${title}: busy ${round1(busy / 1000)} s of CPU`, '');
        out.push(`By process: ${sp.profiles.map((p) => `${p.process} ${round1(p.busyMs / 1000)} s`).join(', ')}.`, '');
        out.push(`By package (each process's top 8 summed): ${sp.byPackage.map((x) => `${x.name} ${round1(x.ms / 1000)} s (${x.percent}%)`).join(', ')}.`, '');
      }
      for (const p of sp.profiles) if (p.busyMs >= 500) section(p, phase);
      const idle = sp.profiles.filter((p) => p.busyMs < 500);
      if (idle.length) out.push(`Busy under 0.5 s in ${title} (left out): ${idle.map((p) => `${p.process} ${round1(p.busyMs / 1000)} s`).join(', ')}.`, '');
      if (sp.missing.length) out.push(`No profile from: ${sp.missing.join(', ')}.`, '');
    };
    if (pf.engine) section(pf.engine, 'engine alone');
    system(pf.throughput, 'the throughput phase', 'throughput');
    if (pf.readPaths) system(pf.readPaths, `the read paths at ${pf.readPaths.openCases} open cases`, 'read paths');
  }
  if (r.errors.length) out.push('Errors:', '', ...r.errors.map((e) => `- ${e.split('\n')[0]}`), '');
  return `${out.join('\n')}\n`;
}
