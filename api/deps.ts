import type { Client } from '@temporalio/client';
import type { AppConfig } from '../config/index.js';
import type { Logger } from '../config/logger.js';
import type { Db } from '../db/connect.js';

/** What the API needs: configuration, the database, a Temporal client and a logger. */
export interface ApiDeps {
  config: AppConfig;
  db: Db;
  client: Client;
  logger: Logger;
}

/** A link to a workflow in the Temporal UI. */
export function temporalUiLink(config: AppConfig, workflowId: string): string {
  return `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
