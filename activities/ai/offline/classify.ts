/** The offline classifier: is this text an invoice? Keyword evidence, weighed the same way every time. */
import type { Classification } from '../../../domain/invoice.js';
import { boundedText } from './bounds.js';
import { hasLabelledTotal } from './extract.js';

const OTHER_DOCUMENTS: [RegExp, string][] = [
  [/^\s*(?:quotation|quote|estimate|angebot|devis)\b/im, 'quote'],
  [/^\s*purchase\s+order\b/im, 'purchase_order'],
  [/^\s*credit\s+(?:note|memo)\b|^\s*gutschrift\b/im, 'credit_note'],
  [/^\s*(?:delivery\s+note|packing\s+(?:slip|list)|lieferschein)\b/im, 'delivery_note'],
  [/^\s*(?:account\s+)?statement\b/im, 'statement'],
  [/^\s*(?:receipt|payment\s+receipt)\b/im, 'receipt'],
];

const INVOICE_SIGNS: RegExp[] = [
  /\b(?:tax\s+)?invoice\b|\brechnung\b|\bfacture\b/i,
  /\binvoice\s*(?:number|no\.?|#|id)|\binv\.?\s*(?:no|#|number)|rechnungsnummer/i,
  /\b(?:amount|balance|total)\s+due\b|\bdue\s+date\b|\bpayment\s+terms\b|\bnet\s*\d{1,3}\b/i,
  /\bbill(?:ed)?\s+to\b|\binvoice\s+to\b/i,
  /\b(?:vat|tax|gst|mwst)\b/i,
  /\bsub-?\s?total\b/i,
];

/** Say whether a text is an invoice, with the evidence that decided it. */
export function classifyOffline(document: string): Classification {
  const text = boundedText(document);
  const head = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 8)
    .join('\n');
  for (const [pattern, type] of OTHER_DOCUMENTS) {
    if (pattern.test(head) && !/^\s*(?:tax\s+)?invoice\b/im.test(head)) {
      return { isInvoice: false, documentType: type, confidence: 0.8, reason: `The document is titled as a ${type.replace('_', ' ')}.` };
    }
  }
  const signs = INVOICE_SIGNS.filter((p) => p.test(text)).length;
  const total = hasLabelledTotal(text);
  const score = signs / INVOICE_SIGNS.length;
  if (total && signs >= 2) {
    return {
      isInvoice: true,
      documentType: 'invoice',
      confidence: Math.min(0.99, 0.5 + score / 2),
      reason: `It states a total and shows ${signs} of ${INVOICE_SIGNS.length} invoice markers.`,
    };
  }
  return {
    isInvoice: false,
    documentType: 'other',
    confidence: Math.min(0.95, 0.6 + (1 - score) / 3),
    reason: total ? `Only ${signs} of ${INVOICE_SIGNS.length} invoice markers.` : 'No labelled total amount, so nothing to pay.',
  };
}
