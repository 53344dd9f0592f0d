import { A_PNG, aPdf, anOfd, aZip } from './testing/samples';
import { magic, sniffBuffer, zipEntryNames } from './sniff';

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

describe(zipEntryNames.name, () => {
  it('lists the entries of the central directory, behind a trailing comment too', async () => {
    const zip = aZip({ 'OFD.xml': '<a/>', 'Doc_0/Document.xml': '<b/>', '图片/1.png': A_PNG });
    expect(await zipEntryNames(zip.length, read(zip))).toEqual(['OFD.xml', 'Doc_0/Document.xml', '图片/1.png']);
    const comment = Buffer.from('a comment');
    const withComment = Buffer.concat([zip, comment]);
    withComment.writeUInt16LE(comment.length, zip.length - 2);
    expect(await zipEntryNames(withComment.length, read(withComment))).toEqual(['OFD.xml', 'Doc_0/Document.xml', '图片/1.png']);
  });

  it('answers null when the directory points outside the file', async () => {
    const zip = aZip({ 'OFD.xml': '<a/>' });
    zip.writeUInt32LE(zip.length * 2, zip.length - 22 + 16);
    expect(await zipEntryNames(zip.length, read(zip))).toBeNull();
  });
});
