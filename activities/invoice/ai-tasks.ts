/** The invoice's AI tasks: is this document an invoice, and what are its fields. */
import { Classification, ExtractedInvoice } from '../../domain/invoice.js';
import { documentPrompt, type AiTask } from '../ai/tasks.js';

/** Say whether a document is an invoice. */
export const classifyDocumentTask: AiTask<string, Classification> = {
  name: 'classification',
  output: Classification,
  instruction: 'Say whether the document is an invoice (a request for payment for goods or services).',
  prompt: documentPrompt,
};

/** Read an invoice's fields. */
export const extractInvoiceTask: AiTask<string, ExtractedInvoice> = {
  name: 'invoice',
  output: ExtractedInvoice,
  instruction: 'Extract the invoice fields. Line items are the billed lines of the item table.',
  prompt: documentPrompt,
};
