/**
 * The failure converter inside the workflow sandbox (the bundle loads it by path): error messages
 * and stack traces become payloads, which the payload codec then encrypts like any other.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
