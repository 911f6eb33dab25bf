/** Stored documents: the raw bytes once, and the text parsed from them (the claim check). */
import { createHash } from 'node:crypto';
import type { Db } from './connect.js';
import type { DocumentsTable } from './schema.js';
import { newId, nowIso } from './util.js';

/** Store a document and return its id. */
export async function saveDocument(
  db: Db,
  input: { contentType: string; filename?: string | undefined; content: Uint8Array },
): Promise<string> {
  const id = newId('doc');
  await db
    .insertInto('documents')
    .values({
      id,
      content_type: input.contentType,
      filename: input.filename ?? null,
      size_bytes: input.content.byteLength,
      sha256: createHash('sha256').update(input.content).digest('hex'),
      content: Buffer.from(input.content),
      text: null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

/** A stored document by id. */
export async function getDocument(db: Db, id: string): Promise<DocumentsTable | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Record the text parsed from a document. */
export async function setDocumentText(db: Db, id: string, text: string): Promise<void> {
  await db.updateTable('documents').set({ text }).where('id', '=', id).execute();
}

/** Remove a document nothing refers to (a repeated submission's copy). */
export async function deleteDocument(db: Db, id: string): Promise<void> {
  await db.deleteFrom('documents').where('id', '=', id).execute();
}
