/**
 * What mail to each mailbox starts (the local part of the address: invoices@, alerts@, ...).
 * A mailbox not listed is refused at RCPT TO with 550. A new process adds one entry.
 */
import type { Client } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import { raiseAlertEvent } from '../../activities/alerts/ingest.js';
import { isPdf, isText } from '../../activities/documents.js';
import { submitInvoice } from '../../activities/invoice/submit.js';
import type { AppConfig } from '../../config/index.js';
import type { Db } from '../../db/connect.js';
import { normaliseSeverity, stableHash } from '../../domain/alerts/event.js';
import { submitLead } from '../../activities/leads/submit.js';
import { HttpError } from '../../domain/errors.js';
import { LeadInput, LEAD_FIELDS } from '../../domain/leads/lead.js';

/** What starting from a mail needs. */
export interface MailboxDeps {
  config: AppConfig;
  db: Db;
  client: Client;
}

/** A stored mail, parsed, and who sent it (a person of the directory, or `email:<address>`). */
export interface MailToStart {
  messageId: string;
  raw: Uint8Array;
  parsed: ParsedMail;
  sender: string;
  submittedBy: string;
}

/** What a mail started. */
export interface Started {
  process: string;
  id: string | null;
  workflowId: string;
}

/** A mailbox. */
export interface Mailbox {
  name: string;
  description: string;
  start(deps: MailboxDeps, mail: MailToStart): Promise<Started[]>;
}

/** A subject's [tag] naming a severity ("[CRITICAL] Disk full"). */
const SEVERITY_TAG = /^\s*\[(\w+)\]\s*/;
/** A subject saying the alert is over ("RESOLVED: Disk full", "[Resolved] Disk full"). */
const RESOLVED = /^\s*(\[resolved\]|resolved:|ok:|\[ok\])\s*/i;

export const MAILBOXES: readonly Mailbox[] = [
  {
    name: 'invoices',
    description: 'Each PDF or text attachment is an invoice; a mail without one is read as an invoice itself (its body)',
    async start(deps, mail) {
      const attachments = mail.parsed.attachments.filter((a) => isPdf(a) || isText(a));
      const parts =
        attachments.length > 0
          ? attachments.map((a, i) => ({
              content: a.content,
              contentType: isPdf(a) ? 'application/pdf' : 'text/plain',
              filename: a.filename,
              key: `part-${i}`,
            }))
          : [{ content: mail.raw, contentType: 'message/rfc822', filename: 'mail.eml', key: 'body' }];
      const started: Started[] = [];
      for (const part of parts) {
        const { invoice } = await submitInvoice(deps, {
          content: part.content,
          contentType: part.contentType,
          filename: part.filename,
          source: 'email',
          submittedBy: mail.submittedBy,
          // The same mail (a retry after a crash) submits the same invoices, never new ones.
          idempotencyKey: `${mail.submittedBy}:mail:${mail.messageId}:${part.key}`,
        });
        started.push({ process: 'invoice', id: invoice.id, workflowId: invoice.workflowId });
      }
      return started;
    },
  },
  {
    name: 'alerts',
    description: 'An alert event: the subject is the summary ("[critical] ..." sets the severity; "RESOLVED: ..." resolves it), the body its details',
    async start(deps, mail) {
      let subject = mail.parsed.subject?.trim() || '(no subject)';
      const resolved = RESOLVED.test(subject);
      subject = subject.replace(RESOLVED, '');
      const tag = SEVERITY_TAG.exec(subject)?.[1];
      const summary = subject.replace(SEVERITY_TAG, '') || subject;
      const result = await raiseAlertEvent(deps, {
        source: 'email',
        // The same subject is the same alert, whatever its severity tag or resolution prefix.
        dedupKey: `mail-${stableHash(summary.toLowerCase())}`,
        action: resolved ? 'resolve' : 'trigger',
        summary: summary.slice(0, 1024),
        severity: normaliseSeverity(tag),
        rawSeverity: tag ?? null,
        labels: { from: mail.sender },
        annotations: { body: (mail.parsed.text ?? '').slice(0, 4000) },
        links: [],
        startsAt: null,
        receivedAt: new Date().toISOString(),
        by: mail.submittedBy,
      });
      return result.status === 'accepted' ? [{ process: 'alert', id: null, workflowId: result.workflowId }] : [];
    },
  },
  {
    name: 'leads',
    description:
      'A lead: a web form\'s mail ("Email: ...", "Name: ...", "Company: ...", "Message: ..." lines), or a person writing in (the sender is the lead)',
    async start(deps, mail) {
      const parsed = LeadInput.safeParse(leadFromMail(mail.parsed.text ?? '', mail.sender));
      if (!parsed.success)
        throw new HttpError(400, 'invalid_lead', `The mail is not a lead: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      const result = await submitLead(deps, { lead: parsed.data, submittedBy: mail.submittedBy, idempotencyKey: `${mail.submittedBy}:mail:${mail.messageId}` });
      return [{ process: 'lead', id: result.id, workflowId: result.workflowId }];
    },
  },
];

/** A web form's mail: "Field: value" lines naming the lead fields; the message is what follows "Message:". */
export function leadFromMail(text: string, sender: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*([A-Za-z][A-Za-z ]{1,20}):\s*(.*)$/.exec(lines[i]!);
    const name = match?.[1]!.trim().toLowerCase().replace(/\s+/g, '');
    if (!match || !name || !(LEAD_FIELDS as readonly string[]).includes(name)) continue;
    // The message runs to the end of the mail.
    fields[name] = name === 'message' ? [match[2]!, ...lines.slice(i + 1)].join('\n').trim() : match[2]!.trim();
    if (name === 'message') break;
  }
  if (!fields.email) {
    fields.email = sender;
    if (!fields.message && text.trim()) fields.message = text.trim().slice(0, 5000);
  }
  return { source: Object.keys(fields).length > 2 ? 'web_form' : 'email', ...fields };
}

/** The mailbox of an address (by its local part, any domain), if there is one. */
export function mailboxOf(address: string): Mailbox | undefined {
  const local = address.split('@')[0]?.toLowerCase() ?? '';
  return MAILBOXES.find((m) => m.name === local);
}
