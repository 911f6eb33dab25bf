/** The alert's own search attributes (the shared ones are in domain/search-attributes.ts). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** critical, high, warning or info. */
export const AlertSeverityKey = defineSearchAttributeKey('AlertSeverity', SearchAttributeType.KEYWORD);
/** database, network, payments, security, capacity or application. */
export const AlertTopicKey = defineSearchAttributeKey('AlertTopic', SearchAttributeType.KEYWORD);

export const ALERT_SEARCH_ATTRIBUTES = [AlertSeverityKey, AlertTopicKey];
