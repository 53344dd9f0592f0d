import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { FileSource, FileStore, isSha256, stage, StagedFile, StoredFile } from './file-store';

export interface S3Options {
  /** http(s)://host[:port] of an S3-compatible service; unset: AWS S3 in `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  prefix?: string;
  /** `path`: {endpoint}/{bucket}/{key} (MinIO and most S3-compatible stores); `virtual`: {bucket}.{endpoint host}/{key}. */
  addressing: 'path' | 'virtual';
  /**
   * Static keys, with a session token for temporary credentials (STS). Unset: the AWS SDK's default chain
   * (AWS_* variables, the shared config, a web identity token, the container or instance role), which renews
   * temporary credentials by itself.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, the first included (the SDK's standard retry: backoff with jitter on throttling, 5xx and network errors). */
  maxAttempts?: number;
  /** Local scratch space for streams whose hash is not yet known. */
  stagingDir: string;
  timeoutMs?: number;
  /** The connection agent (e.g. for a proxy or a test's name resolution); the SDK's own by default. */
  agent?: HttpAgent | HttpsAgent;
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An S3-compatible bucket through the AWS SDK, objects keyed `{prefix}{sha256}`. PUT of one object is atomic
 * in S3, so a crash never leaves half an object; each PUT carries the content's SHA-256 (x-amz-checksum-sha256),
 * so the store refuses bytes that do not match their name.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  /** For streamed PUTs: a stream cannot be replayed by the SDK's retry, so `upload` retries with a fresh one. */
  private readonly once: S3Client;

  constructor(private readonly o: S3Options) {
    const config = {
      region: o.region,
      endpoint: o.endpoint,
      forcePathStyle: o.addressing === 'path',
      credentials: o.credentials,
      maxAttempts: o.maxAttempts ?? 3,
      // checksums only where S3 requires them: S3-compatible stores do not all take the SDK's CRC trailers
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        requestTimeout: o.timeoutMs ?? 60_000,
        connectionTimeout: 10_000,
        ...(o.agent ? { httpAgent: o.agent as HttpAgent, httpsAgent: o.agent as HttpsAgent } : {}),
      },
    } as const;
    this.client = new S3Client(config);
    this.once = new S3Client({ ...config, maxAttempts: 1 });
  }

  keyOf(sha256: string): string {
    return `${this.o.prefix ?? ''}${sha256}`;
  }

  async put(source: FileSource): Promise<StoredFile> {
    if (Buffer.isBuffer(source)) {
      const sha256 = createHash('sha256').update(source).digest('hex');
      if (!(await this.has(sha256))) await this.upload(sha256, source, source.length);
      return { sha256, size: source.length };
    }
    const staged = source instanceof StagedFile ? source : await stage(source, this.o.stagingDir);
    try {
      if (!(await this.has(staged.sha256))) await this.upload(staged.sha256, () => createReadStream(staged.path), staged.size);
      return { sha256: staged.sha256, size: staged.size };
    } finally {
      await staged.discard();
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw s3Error('HEAD', this.keyOf(sha256), err);
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!isSha256(sha256)) return null;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
      return res.Body as Readable;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw s3Error('GET', this.keyOf(sha256), err);
    }
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw s3Error('DELETE', this.keyOf(sha256), err);
    }
  }

  /** One PUT; a body given as a function is opened afresh for each attempt the SDK makes. */
  private async upload(sha256: string, body: Buffer | (() => Readable), size: number): Promise<void> {
    const key = this.keyOf(sha256);
    const checksum = Buffer.from(sha256, 'hex').toString('base64');
    for (let attempt = 1; ; attempt++) {
      try {
        await (Buffer.isBuffer(body) ? this.client : this.once).send(
          new PutObjectCommand({
            Bucket: this.o.bucket,
            Key: key,
            Body: Buffer.isBuffer(body) ? body : body(),
            ContentLength: size,
            ContentType: 'application/octet-stream',
            ChecksumSHA256: checksum,
          }),
        );
        return;
      } catch (err) {
        const retryable = !Buffer.isBuffer(body) && attempt < (this.o.maxAttempts ?? 3) && isRetryable(err);
        if (!retryable) throw s3Error('PUT', key, err);
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  return status === undefined || status === 429 || status >= 500;
}

function s3Error(method: string, key: string, err: unknown): S3Error {
  const status = statusOf(err) ?? 0;
  const code = err instanceof S3ServiceException ? err.name : ((err as Error)?.name ?? 'Error');
  return new S3Error(status, `S3 ${method} ${key} failed: ${status || 'no answer'} ${code}: ${(err as Error)?.message ?? String(err)}`);
}
