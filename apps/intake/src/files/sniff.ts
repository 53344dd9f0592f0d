import { PassThrough, Readable } from 'node:stream';
import { Entry, fromRandomAccessReaderPromise, getFileNameLowLevel, RandomAccessReader, ZipFile } from 'yauzl';

/**
 * What an uploaded file is, from its bytes alone: the file name and the declared Content-Type are the
 * client's word and are never trusted. Accepted: PDF, OFD (GB/T 33190, a ZIP package whose root holds
 * OFD.xml) and the common image formats.
 */
export const MEDIA_TYPES = ['application/pdf', 'application/ofd', 'image/png', 'image/jpeg', 'image/gif', 'image/tiff', 'image/webp'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export type Sniffed = { ok: true; mediaType: MediaType } | { ok: false; status: 400 | 415; message: string };

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

export const HEAD_BYTES = 64;
const PDF_EOF_WINDOW = 1024; // like Acrobat: %%EOF must be within the last 1024 bytes
const NOT_ACCEPTED = 'the file is not a PDF, OFD or image (PNG, JPEG, GIF, TIFF, WebP): its content decides, not its name or declared type';

const startsWith = (b: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

/** The media type an image or PDF header announces, or 'zip' (to be looked into), or null. */
export function magic(head: Buffer): MediaType | 'zip' | null {
  if (startsWith(head, '%PDF-')) return 'application/pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return 'image/gif';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return 'image/webp';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  return null;
}

/** Decides what a file of `size` bytes is; `read` gives access to any part of it. */
export async function sniff(size: number, read: ReadAt): Promise<Sniffed> {
  if (size === 0) return { ok: false, status: 400, message: 'the file is empty' };
  const head = await read(0, HEAD_BYTES);
  const kind = magic(head);
  if (kind === null) return { ok: false, status: 415, message: NOT_ACCEPTED };
  if (kind === 'application/pdf') {
    const from = Math.max(0, size - PDF_EOF_WINDOW);
    const tail = await read(from, size - from);
    if (!tail.includes('%%EOF', 0, 'latin1'))
      return { ok: false, status: 400, message: 'the PDF is incomplete: it has no %%EOF trailer (a truncated upload?)' };
    return { ok: true, mediaType: kind };
  }
  if (kind === 'zip') {
    const zip = await zipContents(size, read);
    if (!zip.ok) return { ok: false, status: 400, message: zip.message };
    if (!zip.names.some((n) => n === 'OFD.xml' || n === '/OFD.xml'))
      return { ok: false, status: 415, message: `a ZIP archive that is not an OFD document (no OFD.xml at its root); ${NOT_ACCEPTED}` };
    return { ok: true, mediaType: 'application/ofd' };
  }
  return { ok: true, mediaType: kind };
}

/** sniff() over a buffer in memory. */
export function sniffBuffer(b: Buffer): Promise<Sniffed> {
  return sniff(b.length, (offset, length) => Promise.resolve(b.subarray(offset, offset + length)));
}

/** Bounds on a ZIP package's directory: a real OFD has tens to a few thousand entries with short names. */
export const ZIP_LIMITS = { entries: 10_000, nameBytes: 1024, unpackedBytes: 1024 ** 3 } as const;

export type ZipContents = { ok: true; names: string[] } | { ok: false; message: string };

const DAMAGED = 'the file starts like a ZIP/OFD package but its central directory is missing or damaged';

/**
 * The entry names of a ZIP package, from its central directory (yauzl: end of central directory record, ZIP64,
 * entry headers), or why it is refused: a damaged directory, more entries or longer names than ZIP_LIMITS, or
 * entries declaring more than ZIP_LIMITS.unpackedBytes once unpacked (a zip bomb for whoever opens the file).
 * Only the directory is read: no entry is opened or inflated, so recognising a file costs the same whatever it
 * claims to unpack to.
 */
export async function zipContents(size: number, read: ReadAt): Promise<ZipContents> {
  const reader = new WindowReader(size, read);
  let zip: ZipFile;
  try {
    zip = await fromRandomAccessReaderPromise(reader, size, { decodeStrings: false, validateEntrySizes: true });
  } catch {
    return reader.damaged();
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.entries) return { ok: false, message: `the ZIP/OFD package has more than ${ZIP_LIMITS.entries} entries` };
    const names: string[] = [];
    let unpacked = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      if (entry.fileNameRaw.length > ZIP_LIMITS.nameBytes)
        return { ok: false, message: `the ZIP/OFD package has an entry name longer than ${ZIP_LIMITS.nameBytes} bytes` };
      unpacked += entry.uncompressedSize;
      if (unpacked > ZIP_LIMITS.unpackedBytes)
        return {
          ok: false,
          message: `the ZIP/OFD package declares more than ${ZIP_LIMITS.unpackedBytes / 1024 ** 3} GiB of content once unpacked (a zip bomb?)`,
        };
      names.push(getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true));
    }
    return { ok: true, names };
  } catch {
    return reader.damaged();
  } finally {
    zip.close();
  }
}

/** The next entry of the directory, or null after the last one; rejects on a damaged entry. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const done = (result: Entry | null, err?: Error) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(result);
    };
    const onEntry = (entry: Entry) => done(entry);
    const onEnd = () => done(null);
    const onError = (err: Error) => done(null, err);
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

const WINDOW = 64 * 1024;

/**
 * yauzl's view of the file through ReadAt. The directory is read entry by entry in small pieces, so reads go
 * through a window of 64 KiB: one ReadAt per window rather than two per entry. `read` is answered directly,
 * as yauzl's own file and buffer readers do, rather than through a stream per read.
 */
class WindowReader extends RandomAccessReader {
  private window: { start: number; bytes: Buffer } = { start: 0, bytes: Buffer.alloc(0) };
  private failure?: { err: unknown };

  constructor(
    private readonly size: number,
    private readonly readAt: ReadAt,
  ) {
    super();
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    this.bytes(position, position + length).then(
      (bytes) => callback(null, bytes.copy(buffer, offset)),
      (err: Error) => callback(err),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new PassThrough();
    this.bytes(start, end).then(
      (bytes) => stream.end(bytes),
      (err: Error) => stream.destroy(err),
    );
    return stream;
  }

  /** After yauzl failed: a file that could not be read is the server's fault (rethrown), anything else a damaged upload. */
  damaged(): ZipContents {
    if (this.failure) throw this.failure.err;
    return { ok: false, message: DAMAGED };
  }

  private async bytes(start: number, end: number): Promise<Buffer> {
    let window = this.window;
    if (start < window.start || end > window.start + window.bytes.length) {
      const length = Math.max(0, Math.min(Math.max(end - start, WINDOW), this.size - start));
      try {
        window = { start, bytes: await this.readAt(start, length) };
      } catch (err) {
        this.failure = { err };
        throw err;
      }
      this.window = window;
    }
    return window.bytes.subarray(start - window.start, end - window.start);
  }
}
