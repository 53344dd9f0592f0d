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
    if (!tail.includes('%%EOF', 0, 'latin1')) return { ok: false, status: 400, message: 'the PDF is incomplete: it has no %%EOF trailer (a truncated upload?)' };
    return { ok: true, mediaType: kind };
  }
  if (kind === 'zip') {
    const names = await zipEntryNames(size, read);
    if (names === null) return { ok: false, status: 400, message: 'the file starts like a ZIP/OFD package but its central directory is missing or damaged' };
    if (!names.some((n) => n === 'OFD.xml' || n === '/OFD.xml')) return { ok: false, status: 415, message: `a ZIP archive that is not an OFD document (no OFD.xml at its root); ${NOT_ACCEPTED}` };
    return { ok: true, mediaType: 'application/ofd' };
  }
  return { ok: true, mediaType: kind };
}

/** sniff() over a buffer in memory. */
export function sniffBuffer(b: Buffer): Promise<Sniffed> {
  return sniff(b.length, (offset, length) => Promise.resolve(b.subarray(offset, offset + length)));
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const MAX_ENTRIES = 100_000;

/**
 * The entry names of a ZIP file, from its central directory (end of central directory record, with
 * ZIP64), or null when the structure does not hold together.
 */
export async function zipEntryNames(size: number, read: ReadAt): Promise<string[] | null> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tailStart = size - tailLength;
  const tail = await read(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff || entries === 0xffff) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR) return null;
    const recordOffset = Number(tail.readBigUInt64LE(loc + 8));
    if (recordOffset + 56 > size) return null;
    const record = await read(recordOffset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) return null;
    entries = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || entries > MAX_ENTRIES) return null;
  const cd = await read(cdOffset, cdSize);
  const names: string[] = [];
  let p = 0;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) return null;
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) return null;
    names.push(cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
