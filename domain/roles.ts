/** Roles a caller can hold. Who may decide an approval task is decided by its `role`. */
export const ROLES = ['admin', 'ap_clerk', 'manager', 'finance_director'] as const;

/** A role a user can hold. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a known role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who takes over a task nobody decided in time. The chain ends at `admin`, who can
 * decide anything, so an escalation never leaves a task without an owner.
 */
export const ESCALATION_CHAIN: Readonly<Record<Role, Role>> = {
  ap_clerk: 'manager',
  manager: 'finance_director',
  finance_director: 'admin',
  admin: 'admin',
};

/** True when someone holding `roles` may decide a task that requires `required`. */
export function mayDecide(roles: readonly Role[], required: Role): boolean {
  return roles.includes('admin') || roles.includes(required);
}
