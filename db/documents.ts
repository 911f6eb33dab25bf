/** Stored documents: the raw bytes once, and the text parsed from them (the claim check). */
import { createHash } from 'node:crypto';
import type { Db } from './connect.js';
import type { DocumentsTable } from './schema.js';
import { newId, nowIso, transact } from './util.js';

/** Store a document once per content: the same bytes sent again get the id of the stored copy. */
export async function saveDocument(db: Db, input: { contentType: string; filename?: string | undefined; content: Uint8Array }): Promise<string> {
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  return transact(db, async (trx) => {
    const stored = await trx.selectFrom('documents').select('id').where('sha256', '=', sha256).where('content_type', '=', input.contentType).executeTakeFirst();
    if (stored) return stored.id;
    const id = newId('doc');
    await trx
      .insertInto('documents')
      .values({
        id,
        content_type: input.contentType,
        filename: input.filename ?? null,
        size_bytes: input.content.byteLength,
        sha256,
        content: Buffer.from(input.content),
        text: null,
        created_at: nowIso(),
      })
      .execute();
    return id;
  });
}

/** A stored document by id. */
export async function getDocument(db: Db, id: string): Promise<DocumentsTable | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The text parsed from a stored document, without its bytes (which may be megabytes): null when
 * it has not been parsed, undefined when there is no such document.
 */
export async function getDocumentText(db: Db, id: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('documents').select('text').where('id', '=', id).executeTakeFirst();
  return row ? row.text : undefined;
}

/** Record the text parsed from a document. */
export async function setDocumentText(db: Db, id: string, text: string): Promise<void> {
  await db.updateTable('documents').set({ text }).where('id', '=', id).execute();
}

/** Remove a document unless an invoice refers to it (a repeated submission's copy). */
export async function deleteUnusedDocument(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('documents')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('invoices').select('invoices.id').where('invoices.document_id', '=', id))))
    .execute();
}
