import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Readable } from 'node:stream';
import { AuthUser, isStaff } from '@permits/auth';
import { Clock } from '@permits/clock';
import { FileRow } from './file.entity';
import { FILE_STORE, FileStore, isSha256, StagedFile, sweepStaging } from './file-store';
import { filesOfEnterprise } from './material-files';
import { MediaType, sniff } from './sniff';
import { fileLockSql } from './upload-sweep';
import { DomainError, notFound } from '@permits/core';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const STAGING_DIR = Symbol('STAGING_DIR');
export const FILES_QUOTA = Symbol('FILES_QUOTA');

/** What one enterprise may keep uploaded; 0 is no limit. */
export interface FilesQuota {
  bytes: number;
  files: number;
}

type Db = Pick<EntityManager, 'query'>;

export interface UploadedFileDto {
  sha256: string;
  size: number;
  mediaType: MediaType;
}

/** Materials uploaded by applicants: checked by content, stored by hash, recorded once. */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(STAGING_DIR) private readonly stagingDir: string,
    @Inject(FILES_QUOTA) private readonly quota: FilesQuota,
  ) {}

  /** 413 when one more upload of `size` bytes would take the enterprise over its quota (a content it already has is free). */
  private async checkQuota(db: Db, creditCode: string, sha256: string, size: number): Promise<void> {
    if (!this.quota.bytes && !this.quota.files) return;
    const [u]: { has: boolean; bytes: string; files: number }[] = await db.query(
      `SELECT bool_or(u.sha256 = $2) AS has, COALESCE(sum(f.size), 0)::bigint AS bytes, count(*)::int AS files
         FROM file_uploads u JOIN files f ON f.sha256 = u.sha256 WHERE u.credit_code = $1`,
      [creditCode, sha256],
    );
    if (u?.has) return;
    const bytes = Number(u?.bytes ?? 0) + size;
    const files = (u?.files ?? 0) + 1;
    if ((this.quota.bytes && bytes > this.quota.bytes) || (this.quota.files && files > this.quota.files)) {
      throw new DomainError(
        'QUOTA_EXCEEDED',
        `upload quota exceeded: an enterprise keeps at most ${this.quota.files || 'unlimited'} files and ${this.quota.bytes || 'unlimited'} bytes`,
      );
    }
  }

  async onModuleInit(): Promise<void> {
    const removed = await sweepStaging(this.stagingDir);
    if (removed) this.logger.warn({ removed }, 'removed scratch files of interrupted uploads');
  }

  /**
   * A file as the caller may read it: staff and auditors any; an applicant only what its enterprise
   * uploaded or its applications refer to. Anything else, and a hash no store holds, is 404.
   */
  async open(user: AuthUser, sha256: string): Promise<{ mediaType: string; size: number; content: Readable }> {
    const row = isSha256(sha256) ? await this.db.getRepository(FileRow).findOneBy({ sha256 }) : null;
    const mayRead =
      row &&
      (isStaff(user) || user.roles.includes('auditor') || (user.creditCode && (await filesOfEnterprise(this.db, user.creditCode, [sha256])).has(sha256)));
    const content = mayRead ? await this.store.get(sha256) : null;
    if (!row || !content) throw notFound('file');
    return { mediaType: row.mediaType, size: row.size, content };
  }

  /** Takes over a received upload: refused (and removed) unless its content is a PDF, OFD or image. */
  async accept(user: AuthUser, staged: StagedFile): Promise<{ created: boolean; file: UploadedFileDto }> {
    let kept = false;
    try {
      const sniffed = await sniff(staged.size, (offset, length) => staged.read(offset, length));
      if (!sniffed.ok) throw new DomainError(sniffed.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED', sniffed.message);
      await this.checkQuota(this.db, user.creditCode as string, staged.sha256, staged.size);
      const now = await this.clock.now();
      const creditCode = user.creditCode as string;
      // 201 the first time *this enterprise* uploads the content: whether another one did says nothing here
      const created = await this.db.transaction(async (tx) => {
        // storing and recording a content is exclusive with the sweep removing it (UploadSweep)
        await tx.query(fileLockSql, [staged.sha256]);
        try {
          await this.store.put(staged);
          kept = true;
        } catch (err) {
          this.logger.error({ err, sha256: staged.sha256 }, 'file store refused a file');
          throw new DomainError('SERVICE_UNAVAILABLE', 'the file store is unavailable; try again');
        }
        // one upload of an enterprise at a time decides against its quota
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('file_uploads:' || $1))`, [creditCode]);
        await this.checkQuota(tx, creditCode, staged.sha256, staged.size);
        await tx
          .createQueryBuilder()
          .insert()
          .into(FileRow)
          .values({
            sha256: staged.sha256,
            size: staged.size,
            mediaType: sniffed.mediaType,
            uploaderCreditCode: creditCode,
            uploaderUserId: user.id,
            uploadedAt: now,
          })
          .orIgnore()
          .execute();
        const mine: unknown[] = await tx.query(
          `INSERT INTO file_uploads (sha256, credit_code, uploader_user_id, uploaded_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING sha256`,
          [staged.sha256, creditCode, user.id, now],
        );
        return mine.length > 0;
      });
      const row = await this.db.getRepository(FileRow).findOneByOrFail({ sha256: staged.sha256 });
      return { created, file: { sha256: staged.sha256, size: row.size, mediaType: row.mediaType as MediaType } };
    } finally {
      if (!kept) await staged.discard();
    }
  }
}
