import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { rm } from 'node:fs/promises';
import { stage, StagedFile } from './file-store';

/** What the staging storage adds to multer's file description. */
export interface StagedUpload extends Express.Multer.File {
  sha256: string;
}

export const stagedOf = (f: StagedUpload) => new StagedFile(f.path, f.sha256, f.size);

/**
 * A multer storage engine that streams an upload into a scratch file while hashing it (never the whole
 * file in memory). multer removes the scratch file through _removeFile when the request fails (e.g. the
 * size limit); otherwise the files service takes it over.
 */
export class StagingStorage implements StorageEngine {
  constructor(private readonly dir: string) {}

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<StagedUpload>) => void): void {
    stage(file.stream, this.dir).then(
      (staged) => cb(null, { path: staged.path, size: staged.size, sha256: staged.sha256 }),
      (err: unknown) => cb(err),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    if (!file.path) return cb(null);
    rm(file.path, { force: true }).then(
      () => cb(null),
      (err: Error) => cb(err),
    );
  }
}
