/**
 * An HTTP client for API tests that holds the API to its OpenAPI document: every answer a test
 * receives from an /api route must be documented (path, method, status) and its JSON body must
 * validate against the documented schema. So the document cannot drift from the answers.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** What a test sends. */
export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
}

/** What a test gets back. `data` is parsed JSON when the answer is JSON. */
export interface CallResult {
  status: number;
  // Response bodies of many shapes, read field by field by the tests' assertions.
  data: any;
  headers: Headers;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
}

/** A client for the API at `base` (e.g. http://127.0.0.1:1234). */
export function apiClient(base: string) {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  const compiled = new Map<object, ValidateFunction>();
  let document: Promise<OpenApiDocument> | undefined;

  async function conform(method: string, path: string, result: CallResult): Promise<void> {
    const pathname = new URL(path, base).pathname;
    if (!pathname.startsWith('/api/') || pathname === '/api/openapi.json') return;
    document ??= fetch(`${base}/api/openapi.json`).then((r) => r.json() as Promise<OpenApiDocument>);
    const doc = await document;
    const template = Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
    // An unknown route answers 404 as documented for every route: nothing more to hold it to.
    if (!template) {
      if (result.status !== 404) throw new Error(`${method} ${pathname} answered ${result.status} but is not in the OpenAPI document`);
      return;
    }
    const operation = doc.paths[template]![method.toLowerCase()];
    if (!operation) throw new Error(`${method} ${template} is not in the OpenAPI document (answered ${result.status})`);
    const response = operation.responses[String(result.status)];
    if (!response) throw new Error(`${method} ${template} answered ${result.status}, which the OpenAPI document does not list: ${JSON.stringify(result.data)}`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (!validate(result.data)) {
      throw new Error(
        `${method} ${template} ${result.status} does not match the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(result.data).slice(0, 2000)}`,
      );
    }
  }

  return async function call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.type) headers['content-type'] = opts.type;
    const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    const data: unknown = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    const result = { status: res.status, data, headers: res.headers };
    await conform(method, path, result);
    return result;
  };
}
