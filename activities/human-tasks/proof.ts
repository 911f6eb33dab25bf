/**
 * Proof that a decision was made by the API: an HMAC-SHA256 over the decision, keyed with
 * DECISION_SIGNING_KEY, which only the API and the workers hold. Anyone else who can signal or
 * update a workflow cannot claim a user or a role.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { actionProofText, decisionProofText, type DecisionSignal, type SignedAction } from '../../domain/approval.js';

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
  return sameHex(decisionProof(key, workflowId, d), d.proof);
}

function sameHex(expectedHex: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(given, 'hex'));
}

/** An action (resolve, un-suppress) with its proof attached. */
export function signAction(key: string, workflowId: string, a: Omit<SignedAction, 'proof'>): SignedAction {
  return { ...a, proof: createHmac('sha256', key).update(actionProofText(workflowId, a)).digest('hex') };
}

/** True when the action carries a proof made with `key` for exactly these fields. */
export function hasValidActionProof(key: string, workflowId: string, a: SignedAction): boolean {
  return sameHex(createHmac('sha256', key).update(actionProofText(workflowId, a)).digest('hex'), a.proof);
}
