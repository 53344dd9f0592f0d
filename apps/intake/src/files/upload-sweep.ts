import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@permits/clock';
import { JobDef, ScheduleTickV1 } from '@permits/contracts/jobs';
import { JobHandler } from '@permits/queue';
import { FILE_STORE, FileStore } from './file-store';

export interface UploadSweepOptions {
  /** An upload older than this that no application of its enterprise refers to is removed; 0: never. */
  unreferencedHours: number;
  /** How often the worker sweeps (UPLOAD_SWEEP_SECONDS). */
  everySeconds: number;
  /** Rows per transaction. */
  batchSize?: number;
}

export interface SweepResult {
  /** Upload records removed (one per enterprise and content). */
  uploads: number;
  /** Contents removed from the store (no enterprise's upload and no application refers to them). */
  files: number;
}

/** The lock that makes "store the content, record it" (FilesService.accept) and "remove it" exclusive per content. */
export const fileLockSql = `SELECT pg_advisory_xact_lock(hashtext('file:' || $1))`;

/**
 * Removes uploads no application refers to once they are older than UPLOAD_UNREFERENCED_HOURS, so a disk
 * is not filled by files uploaded and never used, and an enterprise's quota is freed of them.
 *
 * Two steps, in batches of `batchSize`, each batch its own transaction:
 * 1. an enterprise's upload record (file_uploads) goes when none of *its* applications lists the content;
 * 2. the content itself (files row and stored bytes) goes when no upload record is left and no application
 *    at all lists it. Bytes are deleted inside the transaction that deletes the row, under the per-content
 *    lock the upload path takes, so a content uploaded again at that moment is never left recorded
 *    without its bytes. Several workers may sweep at once (SKIP LOCKED).
 */
@Injectable()
export class UploadSweep {
  constructor(
    private readonly db: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  async sweep(now: Date, unreferencedHours: number, batchSize = 200): Promise<SweepResult> {
    const result: SweepResult = { uploads: 0, files: 0 };
    if (unreferencedHours <= 0) return result;
    const cutoff = new Date(now.getTime() - unreferencedHours * 3600_000);
    for (;;) {
      const [removed] = (await this.db.query(
        `DELETE FROM file_uploads d USING (
           SELECT u.sha256, u.credit_code FROM file_uploads u
            WHERE u.uploaded_at < $1
              AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.credit_code = u.credit_code AND a.materials @> jsonb_build_array(jsonb_build_object('sha256', u.sha256)))
            ORDER BY u.uploaded_at LIMIT $2 FOR UPDATE SKIP LOCKED) old
          WHERE d.sha256 = old.sha256 AND d.credit_code = old.credit_code
         RETURNING d.sha256`,
        [cutoff, batchSize],
      )) as [{ sha256: string }[], number]; // TypeORM answers a DELETE … RETURNING as [rows, count]
      result.uploads += removed.length;
      if (removed.length < batchSize) break;
    }
    // contents left without any upload record and older than the cutoff (also those step 1 just freed)
    let after = '';
    for (;;) {
      const candidates: { sha256: string }[] = await this.db.query(
        `SELECT f.sha256 FROM files f
          WHERE f.uploaded_at < $1 AND f.sha256 > $2
            AND NOT EXISTS (SELECT 1 FROM file_uploads u WHERE u.sha256 = f.sha256)
          ORDER BY f.sha256 LIMIT $3`,
        [cutoff, after, batchSize],
      );
      for (const { sha256 } of candidates) if (await this.removeContent(sha256)) result.files++;
      if (candidates.length < batchSize) break;
      after = candidates[candidates.length - 1].sha256;
    }
    return result;
  }

  /** One content: its row and bytes go together, or neither (a store failure keeps the row for the next sweep). */
  private removeContent(sha256: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query(fileLockSql, [sha256]);
      const [, count] = (await tx.query(
        `DELETE FROM files f WHERE f.sha256 = $1
            AND NOT EXISTS (SELECT 1 FROM file_uploads u WHERE u.sha256 = f.sha256)
            AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.materials @> jsonb_build_array(jsonb_build_object('sha256', f.sha256)))
          RETURNING f.sha256`,
        [sha256],
      )) as [unknown[], number];
      if (count === 0) return false;
      await this.store.delete(sha256);
      return true;
    });
  }
}

/**
 * Intake's worker: the sweep, on the job scheduler `schedule.upload-sweep.v1` of the intake queue (every
 * UPLOAD_SWEEP_SECONDS, one job per period for all replicas; none when UPLOAD_UNREFERENCED_HOURS is 0).
 */
export class UploadSweepHandler implements JobHandler<ScheduleTickV1> {
  private readonly logger = new Logger('UploadSweep');
  readonly everyMs: number;

  constructor(
    readonly job: JobDef<ScheduleTickV1>,
    private readonly sweep: UploadSweep,
    private readonly clock: Clock,
    private readonly options: UploadSweepOptions,
  ) {
    this.everyMs = options.unreferencedHours > 0 ? options.everySeconds * 1000 : 0;
  }

  async handle(): Promise<void> {
    const removed = await this.sweep.sweep(await this.clock.now(), this.options.unreferencedHours, this.options.batchSize);
    if (removed.uploads || removed.files) this.logger.log({ ...removed }, 'removed unreferenced uploads');
  }
}
