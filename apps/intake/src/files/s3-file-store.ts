import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { FileSource, FileStore, isSha256, stage, StagedFile, StoredFile } from './file-store';
import { signRequest, SigV4Credentials, EMPTY_SHA256, uriEncode } from './sigv4';

export interface S3Options extends SigV4Credentials {
  /** http(s)://host[:port]; requests are path-style: {endpoint}/{bucket}/{key} */
  endpoint: string;
  bucket: string;
  prefix?: string;
  /** Local scratch space for streams whose hash is not yet known. */
  stagingDir: string;
  timeoutMs?: number;
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
 * An S3-compatible bucket, objects keyed `{prefix}{sha256}`. PUT of one object is atomic in S3, so a
 * crash never leaves half an object; the payload's SHA-256 is signed (x-amz-content-sha256), so the
 * store refuses bytes that do not match their name.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;

  constructor(private readonly o: S3Options) {}

  async put(source: FileSource): Promise<StoredFile> {
    if (Buffer.isBuffer(source)) {
      const sha256 = createHash('sha256').update(source).digest('hex');
      if (!(await this.has(sha256))) await this.send('PUT', sha256, { body: source, size: source.length, payloadHash: sha256 });
      return { sha256, size: source.length };
    }
    const staged = source instanceof StagedFile ? source : await stage(source, this.o.stagingDir);
    try {
      if (!(await this.has(staged.sha256))) {
        await this.send('PUT', staged.sha256, { body: () => createReadStream(staged.path), size: staged.size, payloadHash: staged.sha256 });
      }
      return { sha256: staged.sha256, size: staged.size };
    } finally {
      await staged.discard();
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    const res = await this.send('HEAD', sha256, { accept: [200, 404] });
    res.resume();
    return res.statusCode === 200;
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!isSha256(sha256)) return null;
    const res = await this.send('GET', sha256, { accept: [200, 404] });
    if (res.statusCode === 404) {
      res.resume();
      return null;
    }
    return res;
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    const res = await this.send('DELETE', sha256, { accept: [200, 204, 404] });
    res.resume();
  }

  urlOf(sha256: string): URL {
    const base = this.o.endpoint.replace(/\/+$/, '');
    return new URL(`${base}/${uriEncode(this.o.bucket, false)}/${uriEncode(`${this.o.prefix ?? ''}${sha256}`, true)}`);
  }

  private send(method: 'PUT' | 'HEAD' | 'GET' | 'DELETE', sha256: string, opts: { body?: Buffer | (() => Readable); size?: number; payloadHash?: string; accept?: number[] }): Promise<IncomingMessage> {
    const url = this.urlOf(sha256);
    const headers = signRequest(
      { method, url, headers: opts.body !== undefined ? { 'content-length': String(opts.size ?? 0), 'content-type': 'application/octet-stream' } : {}, payloadHash: opts.payloadHash ?? EMPTY_SHA256 },
      this.o,
      new Date(),
    );
    const accept = opts.accept ?? [200];
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method, headers, timeout: this.o.timeoutMs ?? 60_000 }, (res) => {
        if (accept.includes(res.statusCode ?? 0)) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
        res.on('end', () => reject(new S3Error(res.statusCode ?? 0, `S3 ${method} ${url.pathname} answered ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`)));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`S3 ${method} ${url.pathname} timed out`)));
      req.on('error', reject);
      if (opts.body === undefined) return req.end();
      if (Buffer.isBuffer(opts.body)) return req.end(opts.body);
      const stream = opts.body();
      stream.on('error', (err) => req.destroy(err));
      stream.pipe(req);
    });
  }
}
