import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { stage } from './file-store';
import { S3Error, S3FileStore } from './s3-file-store';
import { signRequest } from './sigv4';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const KEYS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test-key', region: 'cn-north-1' };

/**
 * A stand-in for an S3 endpoint on loopback: path-style bucket/key, objects in memory. It checks what S3
 * checks: the SigV4 signature (recomputed with the signer proven against AWS's published example), the
 * payload hash against the body, and Content-Length.
 */
function fakeS3(secret: string) {
  const objects = new Map<string, Buffer>();
  const requests: { method: string; path: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', path: req.url ?? '' });
      const auth = String(req.headers.authorization ?? '');
      const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1].split(';') ?? [];
      const given: Record<string, string> = {};
      for (const h of signed) if (!['host', 'x-amz-date', 'x-amz-content-sha256'].includes(h)) given[h] = String(req.headers[h]);
      const date = String(req.headers['x-amz-date']);
      const at = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
      const expected = signRequest({ method: req.method ?? '', url: new URL(`http://${req.headers.host}${req.url}`), headers: given, payloadHash: String(req.headers['x-amz-content-sha256']) }, { ...KEYS, secretAccessKey: secret }, at).authorization;
      if (auth !== expected) return res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      const key = req.url ?? '';
      if (req.method === 'PUT') {
        if (Number(req.headers['content-length']) !== body.length) return res.writeHead(400).end('<Code>IncompleteBody</Code>');
        if (sha(body) !== req.headers['x-amz-content-sha256']) return res.writeHead(400).end('<Code>XAmzContentSHA256Mismatch</Code>');
        objects.set(key, body);
        return res.writeHead(200).end();
      }
      const obj = objects.get(key);
      if (!obj) return res.writeHead(404).end();
      if (req.method === 'HEAD') return res.writeHead(200, { 'content-length': obj.length }).end();
      return res.writeHead(200).end(obj);
    });
  });
  return { server, objects, requests };
}

describe(S3FileStore.name, () => {
  let s3: ReturnType<typeof fakeS3>;
  let endpoint: string;
  let staging: string;

  beforeAll(async () => {
    s3 = fakeS3(KEYS.secretAccessKey);
    await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(s3.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (s3.server as Server).close(() => resolve()));
  });
  beforeEach(() => {
    staging = mkdtempSync(join(tmpdir(), 's3-staging-'));
  });
  afterEach(() => rmSync(staging, { recursive: true, force: true }));

  const store = (secret = KEYS.secretAccessKey) => new S3FileStore({ ...KEYS, secretAccessKey: secret, endpoint, bucket: 'materials', prefix: 'files/', stagingDir: staging });

  it('puts a buffer, a stream and a staged upload under {prefix}{sha256}, signed, and reads them back', async () => {
    const s = store();
    const a = Buffer.from('%PDF-1.4 buffer %%EOF');
    const b = Buffer.from('%PDF-1.4 stream %%EOF');
    const c = Buffer.from('%PDF-1.4 staged %%EOF');
    expect(await s.put(a)).toEqual({ sha256: sha(a), size: a.length });
    expect(await s.put(Readable.from([b.subarray(0, 3), b.subarray(3)]))).toEqual({ sha256: sha(b), size: b.length });
    expect(await s.put(await stage(c, staging))).toEqual({ sha256: sha(c), size: c.length });
    expect(s3.objects.get(`/materials/files/${sha(a)}`)).toEqual(a);
    expect(s3.objects.get(`/materials/files/${sha(c)}`)).toEqual(c);
    expect(await s.has(sha(b))).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of (await s.get(sha(b))) as Readable) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(b);
    expect(readdirSync(staging)).toEqual([]); // scratch files removed
  });

  it('does not upload content the bucket already holds', async () => {
    const s = store();
    const a = Buffer.from('the same bytes twice');
    await s.put(a);
    const before = s3.requests.length;
    await s.put(a);
    expect(s3.requests.slice(before).map((r) => r.method)).toEqual(['HEAD']);
  });

  it('answers false and null for content it does not hold', async () => {
    expect(await store().has('0'.repeat(64))).toBe(false);
    expect(await store().get('0'.repeat(64))).toBeNull();
  });

  it('fails with the store answer when the keys are wrong, and keeps no scratch file', async () => {
    await expect(store('wrong-secret').put(Buffer.from('x'))).rejects.toMatchObject({ status: 403 });
    await expect(store('wrong-secret').put(Readable.from([Buffer.from('y')]))).rejects.toBeInstanceOf(S3Error);
    expect(readdirSync(staging)).toEqual([]);
  });
});
