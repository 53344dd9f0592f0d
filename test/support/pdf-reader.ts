import { execFile } from 'node:child_process';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { ROOT } from './env';

/**
 * pdf-parse (pdfjs) loads its worker by a dynamic import, which Jest's module sandbox refuses: the PDF is read in a
 * plain Node process instead, given on stdin; it answers the text and each embedded image as a PNG (base64).
 */
const READER = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const data = Buffer.concat(chunks);
  const text = (await new PDFParse({ data }).getText()).text;
  const pages = (await new PDFParse({ data }).getImage({ imageBuffer: true })).pages;
  const images = pages.flatMap((p) => p.images).map((i) => Buffer.from(i.data).toString('base64'));
  process.stdout.write(JSON.stringify({ text, images }));
});
`;

export interface PdfContent {
  text: string;
  /** The embedded images, each as PNG bytes. */
  images: Buffer[];
}

export function readPdf(pdf: Buffer): Promise<PdfContent> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', READER], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`reading the PDF failed: ${stderr || err.message}`, { cause: err }));
      const out = JSON.parse(stdout) as { text: string; images: string[] };
      resolve({ text: out.text, images: out.images.map((b) => Buffer.from(b, 'base64')) });
    });
    child.stdin?.end(pdf);
  });
}

/** The payload of the first QR code among the PDF's embedded images. */
export async function qrCodeOf(pdf: Buffer): Promise<string | undefined> {
  for (const image of (await readPdf(pdf)).images) {
    const png = PNG.sync.read(image);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if (code) return code.data;
  }
  return undefined;
}
