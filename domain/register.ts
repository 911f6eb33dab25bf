/**
 * What the run register keeps of a run, taken from its status (every process's status has these
 * fields). Pure and schema-free: the database layer and workflow code both build entries with it.
 */

/** A run's register entry. */
export interface RegisterEntry {
  process: string;
  id: string;
  workflowId: string;
  status: string;
  step: string;
  reason: string | null;
  submittedBy: string;
  subject: string;
  createdAt?: string;
}

/** A run's register entry from its status and its one-line subject. */
export function registerEntry(
  state: { process: string; id: string; workflowId: string; status: string; step: string; reason: string | null; submittedBy: string; createdAt: string },
  subject: string,
): RegisterEntry & { createdAt: string } {
  return {
    process: state.process,
    id: state.id,
    workflowId: state.workflowId,
    status: state.status,
    step: state.step,
    reason: state.reason,
    submittedBy: state.submittedBy,
    subject,
    createdAt: state.createdAt,
  };
}
