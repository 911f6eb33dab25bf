/** Every example in the OpenAPI document is a request its own schema accepts (examples people copy must work). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../api/openapi.js';

interface Body {
  schema: object;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

test('every request example in the OpenAPI document validates against its schema', () => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  const doc = openApiDocument('http://localhost') as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, Body> } }>> };
  let checked = 0;
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const body = operation.requestBody?.content['application/json'];
      if (!body) continue;
      const examples = [...(body.example !== undefined ? [body.example] : []), ...Object.values(body.examples ?? {}).map((e) => e.value)];
      const validate = ajv.compile(body.schema);
      for (const example of examples) {
        assert.ok(validate(example), `${method.toUpperCase()} ${path}: ${ajv.errorsText(validate.errors)}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 5, `${checked} examples checked`);
});
