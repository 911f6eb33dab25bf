/**
 * Custom search attributes, defined once: the dev server registers them at start,
 * workflows upsert them, and the Temporal UI lists and filters by them.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { ALERT_SEARCH_ATTRIBUTES } from './alerts/search-attributes.js';
import { CONTENT_SEARCH_ATTRIBUTES } from './content/search-attributes.js';
import { LEAD_SEARCH_ATTRIBUTES } from './leads/search-attributes.js';

/** Which business process a workflow runs ("invoice", ...). */
export const ProcessTypeKey = defineSearchAttributeKey('ProcessType', SearchAttributeType.KEYWORD);
/** The business status (processing, awaiting_approval, posted, rejected, failed). */
export const ProcessStatusKey = defineSearchAttributeKey('ProcessStatus', SearchAttributeType.KEYWORD);
/** The vendor name as extracted. */
export const VendorKey = defineSearchAttributeKey('Vendor', SearchAttributeType.KEYWORD);
/** The invoice total as extracted. */
export const InvoiceTotalKey = defineSearchAttributeKey('InvoiceTotal', SearchAttributeType.DOUBLE);
/** The role whose decision the workflow waits for, empty when none. */
export const PendingRoleKey = defineSearchAttributeKey('PendingRole', SearchAttributeType.KEYWORD);

/** Every custom search attribute with its type, for registering them on a server. */
export const CUSTOM_SEARCH_ATTRIBUTES = [
  ProcessTypeKey,
  ProcessStatusKey,
  VendorKey,
  InvoiceTotalKey,
  PendingRoleKey,
  ...ALERT_SEARCH_ATTRIBUTES,
  ...LEAD_SEARCH_ATTRIBUTES,
  ...CONTENT_SEARCH_ATTRIBUTES,
];
