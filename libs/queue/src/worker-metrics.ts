import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The worker process's own metrics (one registry per process): how long jobs take and how many fail, per
 * queue and job name. Its ops server (worker-bootstrap.ts) serves them; the gateway's /metrics scrapes them.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'time a worker spent on a job, by queue, job and outcome (completed, failed)',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'queue_job_failures_total',
    help: 'failed job attempts by queue and job (final: no attempt left, or a payload no retry can fix)',
    labelNames: ['queue', 'job', 'final'],
    registers: [this.registry],
  });
  private defaults = false;

  /** Labels every series with the process's service (e.g. `intake-worker`) and adds the process metrics. */
  label(service: string): void {
    this.registry.setDefaultLabels({ service });
    if (!this.defaults) collectDefaultMetrics({ register: this.registry });
    this.defaults = true;
  }
}

export const workerMetrics = new WorkerMetrics();
