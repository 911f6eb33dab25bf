/**
 * Workflow ids come from business keys, so a repeated request finds the running
 * workflow instead of starting a second one.
 */

/** The workflow id of the invoice with the given id. */
export function invoiceWorkflowId(invoiceId: string): string {
  return `invoice-${invoiceId}`;
}

/** The id of the approval task a workflow opens at `step` (stable across retries and replays). */
export function approvalTaskId(workflowId: string, step: string): string {
  return `${workflowId}:${step}`;
}

/** The key that makes one side effect of one workflow step happen once. */
export function sideEffectKey(workflowId: string, step: string): string {
  return `${workflowId}:${step}`;
}

/** Where a person opens a task in the inbox page (relative to the API's public URL). */
export function inboxTaskPath(taskId: string): string {
  return `/inbox#/tasks/${encodeURIComponent(taskId)}`;
}
