/** Every workflow the worker hosts. The worker bundles this file into Temporal's sandbox. */
export { invoiceWorkflow } from './invoice.js';
export { alertWorkflow } from './alert.js';
export { heartbeatCheckWorkflow } from './heartbeat.js';
export { digestWorkflow } from './digest.js';
export { leadWorkflow } from './lead.js';
export { leadListWorkflow } from './lead-list.js';
export { contentWorkflow } from './content.js';
