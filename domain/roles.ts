/**
 * Roles a person can hold. Who may act on a task is decided by its `role`; `admin` may act on any
 * task; `integration` is for machines (monitoring and web-form webhooks), not people.
 */
export const ROLES = [
  'admin',
  'ap_clerk',
  'manager',
  'finance_director',
  'oncall',
  'oncall_lead',
  'sales',
  'sales_manager',
  'editor',
  'managing_editor',
  'integration',
] as const;

/** A role a user can hold. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who takes over a task nobody decided in time: each process has its own ladder. A ladder ends at
 * `admin`, who may decide anything, so an escalation never leaves a task without an owner; a role
 * a ladder does not name passes to `admin`.
 */
export type EscalationLadder = Readonly<Partial<Record<Role, Role>>>;

/** The next role up a ladder (admin stays admin). */
export function escalate(ladder: EscalationLadder, from: Role): Role {
  return from === 'admin' ? 'admin' : (ladder[from] ?? 'admin');
}

/** True when someone holding `roles` may decide a task that requires `required`. */
export function mayDecide(roles: readonly Role[], required: Role): boolean {
  return roles.includes('admin') || roles.includes(required);
}
