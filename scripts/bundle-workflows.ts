/**
 * The workflow bundles, built once by `npm run build` rather than by every worker at its start
 * (webpack in the worker's process costs it about 100 MB of memory for good): one with plain
 * payloads, one with the failure converter that encrypted payloads need (PAYLOAD_KEYS).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../config/payload-codec.js';
import { PREBUILT_BUNDLES, WORKFLOWS_PATH } from '../workers/invoice-worker.js';

const logger = new DefaultLogger('WARN');
for (const [kind, file] of Object.entries(PREBUILT_BUNDLES)) {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger,
    ...(kind === 'encrypted' && { failureConverterPath: FAILURE_CONVERTER_PATH }),
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
  console.log(`${path.relative(process.cwd(), file)}: ${(code.length / 2 ** 20).toFixed(1)} MiB (${kind} payloads)`);
}
