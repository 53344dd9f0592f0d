import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateFacts } from './certificate-facts';

/** The font the certificate's Chinese text is set in, loaded once at start-up. */
export interface CertificateFont {
  data: Buffer;
  /** The PostScript name inside a collection (.ttc). */
  name: string;
}

/** Reads the font file; a missing or unreadable file stops the process at start-up with one clear line. */
export function loadCertificateFont(path: string, name: string): CertificateFont {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    throw new Error(
      `CERTIFICATE_FONT_PATH: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}); install a CJK font (Debian: fonts-noto-cjk) or point CERTIFICATE_FONT_PATH at one`,
      { cause: err },
    );
  }
  // fail now, not at the first download, when the collection lacks the named font
  const probe = new PDFDocument({ autoFirstPage: false });
  try {
    probe.registerFont('probe', data, name);
    probe.font('probe');
  } catch (err) {
    throw new Error(`CERTIFICATE_FONT_PATH: ${path} has no usable font ${name} (CERTIFICATE_FONT_NAME): ${(err as Error).message}`, { cause: err });
  }
  return { data, name };
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/**
 * Renders a certificate as a PDF, deterministically: the creation date and every other metadata come from the facts,
 * the file identifier is derived from them (pdfkit: MD5 of the info dictionary), the font subset is named from its
 * document-local id, and the QR code is a PNG of fixed settings. Equal facts give equal bytes, so the SHA-256 the
 * public address shows for a permit stays the same until the register changes what the certificate says.
 */
export class CertificateRenderer {
  constructor(private readonly font: CertificateFont) {}

  async render(facts: CertificateFacts): Promise<Buffer> {
    const qr = await QRCode.toBuffer(facts.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
    const created = new Date(facts.issuedAt);
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      compress: true,
      info: {
        Title: `${facts.title} ${facts.permitNo}`,
        Author: facts.issuer,
        Subject: '电子证照',
        Keywords: facts.permitNo,
        CreationDate: created,
        ModDate: created,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve, reject) => {
      doc.on('end', resolve);
      doc.on('error', reject);
    });
    doc.registerFont('cjk', this.font.data, this.font.name);
    doc.font('cjk');

    // a double frame, as paper certificates have
    doc
      .lineWidth(2)
      .rect(28, 28, A4.width - 56, A4.height - 56)
      .stroke('#8b0000');
    doc
      .lineWidth(0.5)
      .rect(34, 34, A4.width - 68, A4.height - 68)
      .stroke('#8b0000');

    doc.fillColor('#8b0000').fontSize(26).text(facts.title, MARGIN, 90, { align: 'center', characterSpacing: 4 });
    doc.fillColor('#333333').fontSize(11).text('（电子证照）', { align: 'center' });
    doc.moveDown(2);

    const labelWidth = 130;
    const valueX = MARGIN + labelWidth;
    const valueWidth = A4.width - MARGIN - valueX;
    doc.fillColor('#000000').fontSize(13);
    for (const [label, value] of facts.rows) {
      const y = doc.y;
      doc.text(`${label}：`, MARGIN, y, { width: labelWidth });
      doc.text(value, valueX, y, { width: valueWidth });
      doc.y = Math.max(doc.y, y + 16) + 10;
    }

    const qrSize = 130;
    const qrX = A4.width - MARGIN - qrSize;
    const qrY = A4.height - MARGIN - qrSize - 70;
    doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize });
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text('扫码核验', qrX, qrY + qrSize + 4, { width: qrSize, align: 'center' });

    const noteWidth = qrX - MARGIN - 20;
    doc
      .fontSize(10)
      .text('核验方法：扫描右侧二维码或访问下列地址，核对证照状态与有效期；', MARGIN, qrY + 10, { width: noteWidth })
      .text('本文件的 SHA-256 摘要与核验地址所示 certificateSha256 一致，且发证机关的 Ed25519 签名验证通过，即为真实的电子证照。', { width: noteWidth })
      .moveDown(0.5)
      .text(facts.verificationUrl, { width: noteWidth });

    doc.end();
    await ended;
    return Buffer.concat(chunks);
  }
}
