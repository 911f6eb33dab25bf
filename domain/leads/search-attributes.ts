/** The lead's own search attributes (the shared ones are in domain/search-attributes.ts). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** A1..C3. */
export const LeadGradeKey = defineSearchAttributeKey('LeadGrade', SearchAttributeType.KEYWORD);
/** The salesperson who owns the lead. */
export const LeadOwnerKey = defineSearchAttributeKey('LeadOwner', SearchAttributeType.KEYWORD);

export const LEAD_SEARCH_ATTRIBUTES = [LeadGradeKey, LeadOwnerKey];
