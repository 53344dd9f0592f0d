import { A_PNG, aPdf, anOfd, aZip } from './testing/samples';
import { magic, sniff, sniffBuffer, ZIP_LIMITS, zipContents } from './sniff';

const read = (b: Buffer) => (offset: number, length: number) => Promise.resolve(b.subarray(offset, offset + length));

describe(sniffBuffer.name, () => {
  it('recognises a PDF by its header and trailer, whatever it is called', async () => {
    expect(await sniffBuffer(aPdf('x'))).toEqual({ ok: true, mediaType: 'application/pdf' });
  });

  it('refuses text that merely claims to be a PDF (415)', async () => {
    const r = await sniffBuffer(Buffer.from('This is a plain text file, saved as report.pdf\n'));
    expect(r).toMatchObject({ ok: false, status: 415 });
    expect(!r.ok && r.message).toMatch(/not a PDF, OFD or image/);
  });

  it('refuses a PDF cut short (no %%EOF in its last KiB) with 400', async () => {
    const pdf = aPdf('y');
    expect(await sniffBuffer(pdf.subarray(0, pdf.length - 10))).toMatchObject({ ok: false, status: 400 });
    // %%EOF followed by up to 1 KiB of trailing bytes is still a PDF
    expect(await sniffBuffer(Buffer.concat([pdf, Buffer.alloc(1000, 0x20)]))).toEqual({ ok: true, mediaType: 'application/pdf' });
    expect(await sniffBuffer(Buffer.concat([pdf, Buffer.alloc(1100, 0x20)]))).toMatchObject({ ok: false, status: 400 });
  });

  it('recognises an OFD package by OFD.xml at its root, and refuses any other ZIP (415)', async () => {
    expect(await sniffBuffer(anOfd())).toEqual({ ok: true, mediaType: 'application/ofd' });
    const docx = aZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect(await sniffBuffer(docx)).toMatchObject({ ok: false, status: 415, message: expect.stringContaining('no OFD.xml') });
    // OFD.xml deeper in the tree does not make an OFD
    expect(await sniffBuffer(aZip({ 'a/OFD.xml': '<x/>' }))).toMatchObject({ ok: false, status: 415 });
  });

  it('refuses a damaged ZIP (no central directory) with 400', async () => {
    const ofd = anOfd();
    expect(await sniffBuffer(ofd.subarray(0, ofd.length - 30))).toMatchObject({ ok: false, status: 400 });
  });

  it.each([
    ['image/png', A_PNG],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])],
    ['image/gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['image/tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['image/tiff', Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
    ['image/webp', Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')])],
  ])('recognises %s', async (type, bytes) => {
    expect(await sniffBuffer(bytes)).toEqual({ ok: true, mediaType: type });
  });

  it('refuses an empty file with 400 and executables or HTML with 415', async () => {
    expect(await sniffBuffer(Buffer.alloc(0))).toMatchObject({ ok: false, status: 400 });
    expect(await sniffBuffer(Buffer.from('MZ\x90\x00', 'latin1'))).toMatchObject({ ok: false, status: 415 });
    expect(await sniffBuffer(Buffer.from('<html><body>%PDF-1.4</body></html>'))).toMatchObject({ ok: false, status: 415 });
    expect(await sniffBuffer(Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'))).toMatchObject({ ok: false, status: 415 });
  });
});

describe(magic.name, () => {
  it('looks at the first bytes only', () => {
    expect(magic(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(magic(Buffer.from(' %PDF-1.7'))).toBeNull();
    expect(magic(Buffer.from('PK\x03\x04', 'latin1'))).toBe('zip');
  });
});

/** The central directory's offset and its first entry's header, read from a ZIP without a comment. */
const centralOf = (zip: Buffer) => zip.readUInt32LE(zip.length - 22 + 16);

describe(zipContents.name, () => {
  it('lists the entries of the central directory, behind a trailing comment too', async () => {
    const zip = aZip({ 'OFD.xml': '<a/>', 'Doc_0/Document.xml': '<b/>', '图片/1.png': A_PNG });
    expect(await zipContents(zip.length, read(zip))).toEqual({ ok: true, names: ['OFD.xml', 'Doc_0/Document.xml', '图片/1.png'] });
    const comment = Buffer.from('a comment');
    const withComment = Buffer.concat([zip, comment]);
    withComment.writeUInt16LE(comment.length, zip.length - 2);
    expect(await zipContents(withComment.length, read(withComment))).toEqual({ ok: true, names: ['OFD.xml', 'Doc_0/Document.xml', '图片/1.png'] });
  });

  it('refuses a directory that points outside the file', async () => {
    const zip = aZip({ 'OFD.xml': '<a/>' });
    zip.writeUInt32LE(zip.length * 2, zip.length - 22 + 16);
    expect(await zipContents(zip.length, read(zip))).toEqual({ ok: false, message: expect.stringContaining('missing or damaged') });
  });

  it('refuses a corrupt ZIP (400): a broken entry header, a stored entry whose sizes disagree, garbage after the local header', async () => {
    const broken = anOfd();
    broken.writeUInt32LE(0xdeadbeef, centralOf(broken)); // the first central directory header's signature
    expect(await sniffBuffer(broken)).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('missing or damaged') });
    const sizes = anOfd();
    sizes.writeUInt32LE(sizes.readUInt32LE(centralOf(sizes) + 24) + 1, centralOf(sizes) + 24); // uncompressed ≠ compressed, stored
    expect(await sniffBuffer(sizes)).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('missing or damaged') });
    const garbage = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(4096, 0x41)]);
    expect(await sniffBuffer(garbage)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a package declaring more than 1 GiB unpacked (400), reading its directory only: nothing is inflated', async () => {
    // a first entry of 100 KiB puts entry data before the last 64 KiB, where the directory search starts
    const bomb = aZip({ 'Res/scan.png': Buffer.alloc(100 * 1024, 7), 'OFD.xml': '<a/>' });
    const entry = centralOf(bomb);
    bomb.writeUInt16LE(8, entry + 10); // deflated, so the sizes may differ
    bomb.writeUInt32LE(0xfffffff0, entry + 24); // ~4 GiB once unpacked
    const reads: [number, number][] = [];
    const r = await sniff(bomb.length, (offset, length) => {
      reads.push([offset, length]);
      return Promise.resolve(bomb.subarray(offset, offset + length));
    });
    expect(r).toEqual({ ok: false, status: 400, message: expect.stringContaining('more than 1 GiB') });
    // the head (magic bytes), then the end of the file (the last 64 KiB and the ZIP64 locator, where the directory is searched for): no entry was opened
    expect(reads[0]).toEqual([0, 64]);
    expect(reads.slice(1).every(([offset]) => offset >= bomb.length - (22 + 20 + 0xffff))).toBe(true);
  });

  it('refuses more entries or longer names than ZIP_LIMITS (400) before reading them', async () => {
    const many = anOfd();
    many.writeUInt16LE(ZIP_LIMITS.entries + 1, many.length - 22 + 8);
    many.writeUInt16LE(ZIP_LIMITS.entries + 1, many.length - 22 + 10);
    expect(await sniffBuffer(many)).toMatchObject({ ok: false, status: 400, message: expect.stringContaining(`more than ${ZIP_LIMITS.entries} entries`) });
    const long = aZip({ 'OFD.xml': '<a/>', [`${'d/'.repeat(600)}x.xml`]: '<b/>' });
    expect(await sniffBuffer(long)).toMatchObject({ ok: false, status: 400, message: expect.stringContaining(`longer than ${ZIP_LIMITS.nameBytes} bytes`) });
  });

  it('passes on a failure to read the file (the server’s fault, not a damaged upload)', async () => {
    const ofd = anOfd();
    const failing = (offset: number, length: number) =>
      offset === 0 && length === 64 ? Promise.resolve(ofd.subarray(0, 64)) : Promise.reject(new Error('EIO'));
    await expect(sniff(ofd.length, failing)).rejects.toThrow('EIO');
  });

  it('reads a directory of thousands of entries through a few windows, not twice per entry', async () => {
    const entries = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Doc_0/Pages/Page_${i}/Content.xml`, '<c/>']));
    const zip = aZip({ 'OFD.xml': '<a/>', ...entries });
    let calls = 0;
    const r = await zipContents(zip.length, (offset, length) => {
      calls++;
      return Promise.resolve(zip.subarray(offset, offset + length));
    });
    expect(r.ok && r.names.length).toBe(3001);
    expect(calls).toBeLessThan(10);
  });
});
