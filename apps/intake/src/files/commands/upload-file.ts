import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@permits/auth';
import type { StagedFile } from '../file-store';
import { FilesService, UploadedFileDto } from '../files.service';

/** An applicant's material file, received to scratch space: `created` when this enterprise uploads the content for the first time. */
export class UploadFile extends Command<{ created: boolean; file: UploadedFileDto }> {
  constructor(
    readonly user: AuthUser,
    readonly staged: StagedFile,
  ) {
    super();
  }
}

/** Checks the content (sniffed, within the quota), stores it by hash and records the upload (FilesService.accept). */
@CommandHandler(UploadFile)
export class UploadFileHandler implements ICommandHandler<UploadFile> {
  constructor(private readonly files: FilesService) {}

  execute({ user, staged }: UploadFile): Promise<{ created: boolean; file: UploadedFileDto }> {
    return this.files.accept(user, staged);
  }
}
