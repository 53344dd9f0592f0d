import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  sha256: string;
  size: number;
}

/**
 * A file already written to local scratch space and hashed (an upload being received). `put` takes it
 * over: the store moves or copies it and removes the scratch file.
 */
export class StagedFile implements StoredFile {
  constructor(
    readonly path: string,
    readonly sha256: string,
    readonly size: number,
  ) {}

  /** Reads `length` bytes at `offset` (for content sniffing). */
  async read(offset: number, length: number): Promise<Buffer> {
    const fh = await open(this.path, 'r');
    try {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, this.size - offset)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  discard(): Promise<void> {
    return rm(this.path, { force: true });
  }
}

export type FileSource = Buffer | Readable | StagedFile;

/**
 * Where uploaded materials live, addressed by the SHA-256 of their content: the same bytes are stored
 * once, and a stored file never changes. `put` is idempotent and atomic (a crash leaves the file whole or
 * absent, never half written).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  put(source: FileSource): Promise<StoredFile>;
  has(sha256: string): Promise<boolean>;
  /** The content, or null when the store does not hold it. */
  get(sha256: string): Promise<Readable | null>;
  /** Removes the content; removing what the store does not hold is no error. */
  delete(sha256: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`file larger than ${limit} bytes`);
  }
}

export const isSha256 = (s: string) => /^[0-9a-f]{64}$/.test(s);

/**
 * Writes a stream to a new file in `dir` while hashing it, flushed to disk before it returns. More than
 * `limit` bytes: the file is removed and FileTooLarge thrown. Any failure removes the partial file.
 */
export async function stage(source: Readable | Buffer, dir: string, limit = Number.POSITIVE_INFINITY): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit) return cb(new FileTooLarge(limit));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, meter, createWriteStream(path, { flags: 'wx' }));
    const fh = await open(path, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return new StagedFile(path, hash.digest('hex'), size);
}

/** Removes scratch files older than `maxAgeMs` (left by a crash mid-upload). */
export async function sweepStaging(dir: string, maxAgeMs = 3600_000): Promise<number> {
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.part')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
