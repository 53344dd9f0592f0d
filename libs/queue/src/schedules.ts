import { JobsOptions, Queue } from 'bullmq';
import { QueueName } from '@permits/contracts/jobs';
import type { JobHandler } from './consumer';
import { QueueSigner } from './signature';

/**
 * A scheduled job is not retried: the next tick is the retry. Kept a while for the dashboard, failures longer
 * (a tick failing every period while the database is down must not fill Redis).
 */
export const SCHEDULED_JOB_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } };

/**
 * Puts the queue's job schedulers in line with its scheduled handlers (those with `everyMs`): one scheduler per job,
 * its id the job's name, making a job every `everyMs` (BullMQ makes one job per period whatever the number of
 * workers, and shows the schedulers on the dashboard); `everyMs` 0 removes it. Idempotent: every worker replica
 * runs it at start. The template's data is signed for (queue, name, scheduler id) with no facts
 * (QueueSigner.sealScheduled); the consumer accepts a scheduled job only under that rule.
 */
export async function upsertSchedulers(queue: Queue, signer: QueueSigner, handlers: JobHandler<object>[]): Promise<void> {
  for (const h of handlers) {
    if (h.everyMs === undefined) continue;
    const id = h.job.name;
    if (h.everyMs > 0) {
      await queue.upsertJobScheduler(
        id,
        { every: h.everyMs },
        { name: h.job.name, data: signer.sealScheduled(queue.name as QueueName, h.job.name, id), opts: SCHEDULED_JOB_OPTIONS },
      );
    } else {
      await queue.removeJobScheduler(id);
    }
  }
}
