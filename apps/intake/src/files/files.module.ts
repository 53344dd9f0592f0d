import { DynamicModule, Module } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { IntakeConfig } from '@permits/config';
import { FILE_STORE, FileStore } from './file-store';
import { UploadFileHandler } from './commands/upload-file';
import { FilesController } from './files.controller';
import { FILES_QUOTA, FilesService, STAGING_DIR } from './files.service';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';

/** Where uploads are received before they are checked: scratch space beside the local store. */
export const stagingDirOf = (config: IntakeConfig) => join(resolve(config.FILES_DIR), '.tmp');

/** The store FILE_STORE selects: local disk by default, an S3-compatible bucket with FILE_STORE=s3. */
export function createFileStore(config: IntakeConfig): FileStore {
  if (config.FILE_STORE === 's3') {
    return new S3FileStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET as string,
      prefix: config.S3_PREFIX ?? '',
      addressing: config.S3_ADDRESSING,
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, sessionToken: config.S3_SESSION_TOKEN }
          : undefined,
      maxAttempts: config.S3_MAX_ATTEMPTS,
      stagingDir: stagingDirOf(config),
    });
  }
  return new LocalFileStore(resolve(config.FILES_DIR));
}

/** POST /api/v1/files: material uploads (multipart, streamed to scratch, sniffed, stored by hash). */
@Module({})
export class FilesModule {
  static forRoot(config: IntakeConfig): DynamicModule {
    const staging = stagingDirOf(config);
    return {
      module: FilesModule,
      controllers: [FilesController],
      providers: [
        { provide: FILE_STORE, useValue: createFileStore(config) },
        { provide: STAGING_DIR, useValue: staging },
        { provide: FILES_QUOTA, useValue: { bytes: config.FILES_QUOTA_BYTES, files: config.FILES_QUOTA_FILES } },
        FilesService,
        UploadFileHandler,
      ],
      exports: [FILE_STORE, FilesService],
    };
  }
}
