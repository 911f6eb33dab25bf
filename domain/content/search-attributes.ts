/** The content piece's own search attributes (the shared ones are in domain/search-attributes.ts). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Where it is published: blog, linkedin, x, newsletter. */
export const ContentPlatformsKey = defineSearchAttributeKey('ContentPlatforms', SearchAttributeType.KEYWORD_LIST);
/** drafting, in_review, scheduled, published, ... */
export const ContentStageKey = defineSearchAttributeKey('ContentStage', SearchAttributeType.KEYWORD);

export const CONTENT_SEARCH_ATTRIBUTES = [ContentPlatformsKey, ContentStageKey];
