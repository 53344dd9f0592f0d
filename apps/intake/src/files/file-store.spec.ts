import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FileTooLarge, stage } from './file-store';
import { LocalFileStore } from './local-file-store';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe(LocalFileStore.name, () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under its SHA-256, once, and gives it back', async () => {
    const store = new LocalFileStore(root);
    const content = Buffer.from('%PDF-1.4 some bytes %%EOF');
    const put = await store.put(content);
    expect(put).toEqual({ sha256: sha(content), size: content.length });
    expect(await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]))).toEqual(put);
    expect(await store.has(put.sha256)).toBe(true);
    expect(readFileSync(store.pathOf(put.sha256))).toEqual(content);
    const stream = await store.get(put.sha256);
    const chunks: Buffer[] = [];
    for await (const c of stream as Readable) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(readdirSync(store.stagingDir)).toEqual([]); // no scratch left behind
  });

  it('answers false and null for content it does not hold, or for something that is not a hash', async () => {
    const store = new LocalFileStore(root);
    expect(await store.has('0'.repeat(64))).toBe(false);
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.has('../../etc/passwd')).toBe(false);
  });

  it('takes over a staged upload by renaming it into place', async () => {
    const store = new LocalFileStore(root);
    const staged = await stage(Buffer.from('abc'), store.stagingDir);
    expect(staged.sha256).toBe(sha(Buffer.from('abc')));
    await store.put(staged);
    expect(readdirSync(store.stagingDir)).toEqual([]);
    expect(readFileSync(store.pathOf(staged.sha256), 'utf8')).toBe('abc');
  });
});

describe(stage.name, () => {
  it('refuses a stream over the limit and leaves no partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stage-'));
    try {
      await expect(stage(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), dir, 1000)).rejects.toBeInstanceOf(FileTooLarge);
      expect(readdirSync(dir)).toEqual([]);
      const ok = await stage(Readable.from([Buffer.alloc(1000)]), dir, 1000);
      expect(ok.size).toBe(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
