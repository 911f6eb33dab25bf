/**
 * Proof that a decision was made by the API: an HMAC-SHA256 over the decision, keyed with
 * DECISION_SIGNING_KEY, which only the API and the workers hold. Anyone else who can signal or
 * update a workflow cannot claim a user or a role.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { decisionProofText, type DecisionSignal } from '../../domain/approval.js';

/** The proof for a decision on a task of the workflow `workflowId`. */
export function decisionProof(key: string, workflowId: string, d: DecisionSignal): string {
  return createHmac('sha256', key).update(decisionProofText(workflowId, d)).digest('hex');
}

/** The decision with its proof attached. */
export function signDecision(key: string, workflowId: string, d: Omit<DecisionSignal, 'proof'>): DecisionSignal {
  return { ...d, proof: decisionProof(key, workflowId, d) };
}

/** True when the decision carries a proof made with `key` for exactly these fields. */
export function hasValidProof(key: string, workflowId: string, d: DecisionSignal): boolean {
  if (typeof d.proof !== 'string' || !/^[0-9a-f]{64}$/.test(d.proof)) return false;
  const expected = Buffer.from(decisionProof(key, workflowId, d), 'hex');
  return timingSafeEqual(expected, Buffer.from(d.proof, 'hex'));
}
