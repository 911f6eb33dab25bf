/** Swagger UI at /docs in a real browser, under the API's content security policy. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let browser: Browser;
before(async () => {
  stack = await startTestStack({ api: true, worker: false });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
  await stopOwnTemporal();
});

test('Swagger UI renders every operation with no content-security-policy violation', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(error.message));
  const response = await page.goto(`${stack.api!.url}/docs/`);
  assert.ok(response?.headers()['content-security-policy'], 'the page is served under a CSP');
  await page.waitForSelector('.opblock', { timeout: 15_000 });
  const operations = await page.locator('.opblock').count();
  assert.ok(operations >= 9, `${operations} operations shown`);
  assert.match(await page.locator('.opblock-summary-path').first().innerText(), /\/api\//);
  assert.deepEqual(violations, []);
});
