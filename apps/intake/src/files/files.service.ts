import { HttpException, Inject, Injectable, Logger, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@permits/auth';
import { Clock } from '@permits/clock';
import { FileRow } from './file.entity';
import { FILE_STORE, FileStore, StagedFile, sweepStaging } from './file-store';
import { MediaType, sniff } from './sniff';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const STAGING_DIR = Symbol('STAGING_DIR');

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
  ) {}

  async onModuleInit(): Promise<void> {
    const removed = await sweepStaging(this.stagingDir);
    if (removed) this.logger.warn({ removed }, 'removed scratch files of interrupted uploads');
  }

  /** Takes over a received upload: refused (and removed) unless its content is a PDF, OFD or image. */
  async accept(user: AuthUser, staged: StagedFile): Promise<{ created: boolean; file: UploadedFileDto }> {
    let kept = false;
    try {
      const sniffed = await sniff(staged.size, (offset, length) => staged.read(offset, length));
      if (!sniffed.ok) throw new HttpException({ statusCode: sniffed.status, message: sniffed.message }, sniffed.status);
      try {
        await this.store.put(staged);
        kept = true;
      } catch (err) {
        this.logger.error({ err, sha256: staged.sha256 }, 'file store refused a file');
        throw new ServiceUnavailableException('the file store is unavailable; try again');
      }
      const now = await this.clock.now();
      const inserted = await this.db
        .createQueryBuilder()
        .insert()
        .into(FileRow)
        .values({ sha256: staged.sha256, size: staged.size, mediaType: sniffed.mediaType, uploaderCreditCode: user.creditCode as string, uploaderUserId: user.id, uploadedAt: now })
        .orIgnore()
        .returning('sha256')
        .execute();
      const created = (inserted.raw as unknown[]).length > 0;
      const row = created ? null : await this.db.getRepository(FileRow).findOneByOrFail({ sha256: staged.sha256 });
      return { created, file: { sha256: staged.sha256, size: row?.size ?? staged.size, mediaType: (row?.mediaType as MediaType | undefined) ?? sniffed.mediaType } };
    } finally {
      if (!kept) await staged.discard();
    }
  }
}
