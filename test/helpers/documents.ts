/** Builders for the documents tests submit: PDFs laid out like real ones, and emails with attachments. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A PDF of a text layout: each column cell (text between wide gaps) is placed at its
 * character column, the way invoice generators position text, so readers see real x/y items.
 */
export async function textToPdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Courier);
  const size = 9;
  const charWidth = font.widthOfTextAtSize('M', size);
  const lines = text.replace(/\t/g, '    ').split('\n');
  const perPage = 70;
  for (let start = 0; start < Math.max(lines.length, 1); start += perPage) {
    const page = pdf.addPage([595, 842]);
    lines.slice(start, start + perPage).forEach((line, i) => {
      const y = 800 - i * (size + 3);
      for (const cell of line.matchAll(/\S+(?: \S+)*/g)) {
        page.drawText(cell[0], { x: 30 + (cell.index ?? 0) * charWidth, y, size, font });
      }
    });
  }
  return pdf.save();
}

/** A PDF page with no text at all, like a scan without OCR. */
export async function blankPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return pdf.save();
}

function wrap64(data: Uint8Array): string {
  return (
    Buffer.from(data)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

/** An RFC 822 email with a body and optional attachments. */
export function buildEmail(opts: {
  from?: string;
  subject?: string;
  body: string;
  attachments?: { filename: string; contentType: string; content: Uint8Array }[];
}): Uint8Array {
  const boundary = 'b1_invoice_boundary';
  const headers = [
    `From: ${opts.from ?? 'Billing <billing@vendor.example>'}`,
    'To: ap@company.example',
    `Subject: ${opts.subject ?? 'Invoice'}`,
    'Date: Mon, 16 Mar 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  if (!opts.attachments?.length) {
    return Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', opts.body].join('\r\n'));
  }
  const parts = [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', opts.body];
  for (const a of opts.attachments) {
    parts.push(
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename="${a.filename}"`,
      '',
      wrap64(a.content),
    );
  }
  parts.push(`--${boundary}--`, '');
  return Buffer.from([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts].join('\r\n'));
}
