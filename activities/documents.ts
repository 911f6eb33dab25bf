/** Turning a stored document (text, PDF, email) into the text of the invoice it carries. */
import { simpleParser, type Attachment } from 'mailparser';
import { extractTextItems } from 'unpdf';

/** A document whose text cannot be read (a scan without text, a corrupt file, an empty email). */
export class UnreadableDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableDocumentError';
  }
}

/** The text of a document and where in it the invoice was found. */
export interface ParsedDocument {
  text: string;
  /** "body", "attachment:<filename>", "pdf" or "text". */
  origin: string;
}

interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

/**
 * Rebuild a PDF page's lines from its positioned text: items on one baseline form a line,
 * and a horizontal gap wider than a couple of characters becomes a column gap.
 */
function pageText(items: PdfItem[]): string {
  const rows: PdfItem[][] = [];
  const sorted = items.filter((i) => i.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  for (const item of sorted) {
    const row = rows.find((r) => Math.abs(r[0]!.y - item.y) <= Math.max(2, item.fontSize * 0.3));
    if (row) row.push(item);
    else rows.push([item]);
  }
  return rows
    .map((row) => {
      row.sort((a, b) => a.x - b.x);
      let line = '';
      let end = -Infinity;
      for (const item of row) {
        const gap = item.x - end;
        if (line !== '') line += gap > item.fontSize * 1.2 ? '    ' : gap > item.fontSize * 0.15 ? ' ' : '';
        line += item.str;
        end = item.x + item.width;
      }
      return line;
    })
    .join('\n');
}

/** The text of a PDF, page by page. */
export async function pdfToText(content: Uint8Array): Promise<string> {
  let pages: PdfItem[][];
  try {
    // unpdf may take ownership of the buffer it is given; hand it a copy.
    const { items } = await extractTextItems(new Uint8Array(content));
    pages = items;
  } catch (error) {
    throw new UnreadableDocumentError(`The PDF could not be opened: ${(error as Error).message}`);
  }
  const text = pages.map(pageText).join('\n\n').trim();
  if (text === '') throw new UnreadableDocumentError('The PDF has no text layer (a scan?); it cannot be read without OCR.');
  return text;
}

function decodeText(content: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(content).replace(/^\uFEFF/, '');
  // Control characters in a text document mean it is binary, not text: counting them is the point.
  // eslint-disable-next-line no-control-regex
  const control = (text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
  if (text.trim() === '') throw new UnreadableDocumentError('The document is empty.');
  if (control > text.length * 0.05) throw new UnreadableDocumentError('The document is not readable text.');
  return text;
}

/** HTML mail bodies to text. A tag ends at the next `<` or `>`, so a run of `<` stays linear. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(?:br|\/p|\/div|\/tr|\/h\d|\/li)[^<>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '    ')
    .replace(/<[^<>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&euro;/g, '€');
}

/** An attachment that is a PDF. */
export function isPdf(a: Attachment): boolean {
  return a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '');
}

/** An attachment that is plain text. */
export function isText(a: Attachment): boolean {
  return a.contentType.startsWith('text/plain') || /\.txt$/i.test(a.filename ?? '');
}

/**
 * The invoice inside an email: a PDF attachment first, then a text attachment, then the
 * body. Attachments named like an invoice win over others of their kind.
 */
async function emailToText(content: Uint8Array): Promise<ParsedDocument> {
  let mail;
  try {
    mail = await simpleParser(Buffer.from(content));
  } catch (error) {
    throw new UnreadableDocumentError(`The email could not be parsed: ${(error as Error).message}`);
  }
  const byName = (a: Attachment, b: Attachment) =>
    Number(/invoice|rechnung|facture|bill/i.test(b.filename ?? '')) - Number(/invoice|rechnung|facture|bill/i.test(a.filename ?? ''));
  const attachments = [...mail.attachments].sort(byName);
  const pdf = attachments.find(isPdf);
  if (pdf) return { text: await pdfToText(pdf.content), origin: `attachment:${pdf.filename ?? 'invoice.pdf'}` };
  const text = attachments.find(isText);
  if (text) return { text: decodeText(text.content), origin: `attachment:${text.filename ?? 'invoice.txt'}` };
  const body = mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '';
  if (!body.trim()) throw new UnreadableDocumentError('The email has no body and no readable attachment.');
  return { text: body, origin: 'body' };
}

/** The text of a document of one of the accepted content types. */
export async function documentToText(content: Uint8Array, contentType: string): Promise<ParsedDocument> {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return { text: await pdfToText(content), origin: 'pdf' };
  if (type === 'message/rfc822') return emailToText(content);
  if (type === 'text/plain') return { text: decodeText(content), origin: 'text' };
  throw new UnreadableDocumentError(`Documents of type ${type} cannot be read.`);
}
