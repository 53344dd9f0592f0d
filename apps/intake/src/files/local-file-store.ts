import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileSource, FileStore, isSha256, stage, StagedFile, StoredFile } from './file-store';

/**
 * Files on a local disk: `<root>/ab/cd/<sha256>`. A file is written to `<root>/.tmp`, flushed, then
 * renamed into place: rename is atomic on one file system, so a crash never leaves a half file under
 * its hash. Content-addressed, so two writers of the same bytes race harmlessly.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  readonly stagingDir: string;

  constructor(readonly root: string) {
    this.stagingDir = join(root, '.tmp');
  }

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: FileSource): Promise<StoredFile> {
    const staged = source instanceof StagedFile ? source : await stage(source, this.stagingDir);
    const target = this.pathOf(staged.sha256);
    try {
      if (await this.has(staged.sha256)) return { sha256: staged.sha256, size: staged.size };
      await mkdir(join(target, '..'), { recursive: true });
      await rename(staged.path, target);
      await this.syncDir(join(target, '..'));
      return { sha256: staged.sha256, size: staged.size };
    } finally {
      await rm(staged.path, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return createReadStream(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Makes the rename itself durable (the directory entry), where the platform allows it. */
  private async syncDir(dir: string): Promise<void> {
    const fh = await open(dir, 'r').catch(() => null);
    if (!fh) return;
    try {
      await fh.sync().catch(() => undefined);
    } finally {
      await fh.close();
    }
  }
}
