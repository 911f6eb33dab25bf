/**
 * Reading an invoice document: its text (on the parser threads), whether it is an invoice, and its
 * fields (AI, with the offline reader as the fallback).
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import type { Classification, ExtractedInvoice } from '../../domain/invoice.js';
import { getDocument, getDocumentText, setDocumentText } from '../../db/documents.js';
import { aiFailure } from '../ai/provider.js';
import { ParserTimeoutError } from '../cpu/pool.js';
import { heartbeating, type ActivityDeps } from '../deps.js';
import { classifyDocumentTask, extractInvoiceTask } from './ai-tasks.js';
import { UnreadableDocumentError } from '../documents.js';

/** Which provider an AI activity should use. */
export type ProviderChoice = 'primary' | 'fallback';

/** The fields an AI read; `omittedLineItems` counts line items left out because there were too many. */
export interface ExtractionResult {
  fields: ExtractedInvoice;
  provider: string;
  omittedLineItems?: number;
}

/** The result of reading a document's text. */
export type ParseResult = { ok: true; origin: string; characters: number } | { ok: false; message: string };

function documentMissing(documentId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`Document ${documentId} does not exist`, 'DocumentMissing');
}

/** The text of a stored document, once it has been parsed (read without the document's bytes). */
export async function documentText(deps: ActivityDeps, documentId: string): Promise<string> {
  const text = await getDocumentText(deps.db, documentId);
  if (text === undefined) throw documentMissing(documentId);
  if (text === null) throw ApplicationFailure.nonRetryable(`Document ${documentId} has not been parsed`, 'DocumentNotParsed');
  return text;
}

/** The activities that read invoice documents. */
export function documentReadingActivities(deps: ActivityDeps) {
  const { db } = deps;
  const provider = (choice: ProviderChoice) => (choice === 'primary' ? deps.ai : deps.fallbackAi);
  return {
    /** Read the text out of a stored document (text, PDF, email) and keep it beside the document. */
    async parseDocument(input: { documentId: string }): Promise<ParseResult> {
      const doc = await getDocument(db, input.documentId);
      if (!doc) throw documentMissing(input.documentId);
      try {
        const parsed = await heartbeating(() => deps.cpu.run('parse', { content: doc.content, contentType: doc.content_type }));
        await setDocumentText(db, doc.id, parsed.text);
        log.info('document parsed', { documentId: doc.id, origin: parsed.origin, characters: parsed.text.length });
        return { ok: true, origin: parsed.origin, characters: parsed.text.length };
      } catch (error) {
        if (error instanceof UnreadableDocumentError) return { ok: false, message: error.message };
        if (error instanceof ParserTimeoutError) return { ok: false, message: error.message };
        throw error;
      }
    },
    /** Ask the AI whether the document is an invoice. */
    async classifyDocument(input: { documentId: string; provider: ProviderChoice }): Promise<Classification & { provider: string }> {
      const ai = provider(input.provider);
      try {
        const text = await documentText(deps, input.documentId);
        return { ...(await heartbeating(() => ai.run(classifyDocumentTask, text))), provider: ai.name };
      } catch (error) {
        return aiFailure(error);
      }
    },
    /**
     * Ask the AI for the invoice's fields. An invoice with more line items than MAX_LINE_ITEMS comes
     * back without them and with their count, so no result outgrows what Temporal may carry.
     */
    async extractInvoice(input: { documentId: string; provider: ProviderChoice }): Promise<ExtractionResult> {
      const ai = provider(input.provider);
      let fields: ExtractedInvoice;
      try {
        const text = await documentText(deps, input.documentId);
        fields = await heartbeating(() => ai.run(extractInvoiceTask, text));
      } catch (error) {
        return aiFailure(error);
      }
      if (fields.lineItems.length > deps.maxLineItems) {
        return { fields: { ...fields, lineItems: [] }, provider: ai.name, omittedLineItems: fields.lineItems.length };
      }
      return { fields, provider: ai.name };
    },
  };
}
