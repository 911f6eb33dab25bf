/**
 * What workflow code may import. Every workflow run evaluates the bundle's modules afresh (the
 * SDK isolates each run's module state), so a schema library in the bundle builds every schema
 * again for every lead of a 10,000-row list. Workflow code imports the pure rules modules
 * (`domain/**` files without zod); schemas stay at the edges (API, activities, AI tasks).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workflowBundle } from '../helpers/temporal.js';

test('the workflow bundle holds no schema library: only the SDK and the pure domain rules', async () => {
  const { code } = await workflowBundle();
  const modules = [...code.matchAll(/^\/\*\*\*\/ "\.\/([^"]+)"/gm)].map((m) => m[1]!);
  assert.ok(
    modules.some((m) => m.startsWith('workflows/')),
    'the bundle lists its modules',
  );
  const libraries = new Set(
    modules
      .filter((m) => m.startsWith('node_modules/'))
      .map((m) =>
        m
          .split('/')
          .slice(1, m.startsWith('node_modules/@') ? 3 : 2)
          .join('/'),
      ),
  );
  assert.deepEqual(
    [...libraries].filter((l) => !['@temporalio/common', '@temporalio/workflow', 'nexus-rpc', 'ms', 'long'].includes(l)),
    [],
  );
  const domain = modules.filter((m) => m.startsWith('domain/'));
  assert.ok(domain.includes('domain/leads/grading.ts'), domain.join(', '));
});
