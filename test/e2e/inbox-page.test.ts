/**
 * The inbox page in a real headless Chromium, against the real stack: sign in with a token (a
 * wrong one refused), see only one's own tasks, open a task and see what it needs, decide it once
 * however often the button is clicked (the invoice is posted), acknowledge an alert, sign out, and
 * the admins' runs overview. With SCREENSHOTS_DIR set it also saves the pictures the README shows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiClient } from '../helpers/api.js';
import { launchBrowser } from '../helpers/browser.js';
import { invoiceText } from '../helpers/invoices.js';
import { eventually } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

let stack: TestStack;
let browser: Browser;
let call: ReturnType<typeof apiClient>;
let invoice: { id: string; workflowId: string };
let alertKey: string;
const screenshots = process.env.SCREENSHOTS_DIR;

before(async () => {
  stack = await startTestStack({ api: true, env: { ALERT_PAUSE_FOR: '1ms' } });
  browser = await launchBrowser();
  call = apiClient(stack.api!.url);
  await call('POST', '/api/vendors', { token: 'dev-clerk', json: { name: 'Acme Supplies GmbH', taxId: 'DE811111111' } });
  await call('POST', '/api/purchase-orders', {
    token: 'dev-clerk',
    json: { number: 'PO-PAGE-1', vendor: 'Acme Supplies GmbH', amount: 50000, currency: 'EUR' },
  });
  const text = invoiceText({ number: 'PAGE-1', po: 'PO-PAGE-1', lines: [{ description: 'Standing desks', quantity: 4, unitPrice: 650 }] });
  invoice = (await call('POST', '/api/invoices', { token: 'dev-clerk', json: { text } })).data;
  alertKey = `page-test-${Date.now()}`;
  await call('POST', '/api/events', {
    token: 'dev-integration',
    json: { source: 'shop', summary: 'Checkout latency above 2 s', severity: 'warning', dedupKey: alertKey, action: 'trigger' },
  });
  // Both tasks are open before the page looks.
  await eventually(async () => {
    const manager = await call('GET', '/api/tasks?status=pending', { token: 'dev-manager' });
    const oncall = await call('GET', '/api/tasks?status=pending', { token: 'dev-oncall' });
    assert.equal(manager.data.items.filter((t: any) => t.workflowId === invoice.workflowId).length, 1);
    assert.equal(oncall.data.items.filter((t: any) => t.process === 'alert').length, 1);
  }, 30_000);
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await stopOwnTemporal();
});

/** A page that fails the test on a script error or a content-security-policy violation. */
async function newPage(width = 1100): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Access token').fill(token);
  await page.getByLabel('Access token').press('Enter');
}

async function shot(page: Page, name: string): Promise<void> {
  if (!screenshots) return;
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

test('a wrong token is refused; a manager sees only their task, opens it, approves it once with a double click, and the invoice is posted', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${stack.api!.url}/inbox`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot(page, 'sign-in');
  await signIn(page, 'not-a-token');
  await page.getByText('That token is not valid.').waitFor();

  await signIn(page, 'dev-manager');
  await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
  const items = page.locator('#task-list li');
  await items.first().waitFor();
  assert.equal(await items.count(), 1, 'the manager sees the invoice, not the alert');
  assert.match(await page.locator('#counts').innerText(), /Invoices: 1/);
  await shot(page, 'tasks');

  await items.first().getByRole('link').click();
  await page.getByRole('heading', { name: 'Extracted fields' }).waitFor();
  const details = await page.locator('#task-details').innerText();
  assert.match(details, /Acme Supplies GmbH/);
  assert.match(details, /PAGE-1/);
  assert.match(details, /Standing desks/, 'the document as read');
  assert.match((await page.locator('#temporal-link').getAttribute('href')) ?? '', new RegExp(`/workflows/${invoice.workflowId}$`));
  await shot(page, 'invoice-task');

  await page.getByRole('button', { name: 'Approve' }).dblclick();
  await page.getByText('Recorded: Approve.').waitFor();
  await eventually(async () => {
    const state = await call('GET', `/api/invoices/${invoice.id}`, { token: 'dev-admin' });
    assert.equal(state.data.status, 'posted');
    assert.equal(state.data.tasks.filter((t: any) => t.status === 'approved').length, 1);
    assert.deepEqual(state.data.ignoredDecisions, [], 'the double click sent one decision');
  }, 20_000);
  // The page, reloaded, shows the task decided and offers nothing more to do.
  await page.reload();
  await page.getByText(/approved by dev-manager/).waitFor();
  assert.equal(await page.locator('#decide').isHidden(), true);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate('sessionStorage.length'), 0, 'signing out forgets the token');
  assert.deepEqual(problems, []);
});

test('on-call opens the page from a notification link on a phone, sees who was paged, and acknowledges the alert', async () => {
  const tasks = await call('GET', '/api/tasks?status=pending&process=alert', { token: 'dev-oncall' });
  const task = tasks.data.items.find((t: any) => t.workflowId.includes(alertKey));
  const { page, problems } = await newPage(375);
  await page.goto(`${stack.api!.url}/inbox#/tasks/${encodeURIComponent(task.id)}`);
  await signIn(page, 'dev-oncall');
  await page.getByRole('heading', { name: 'Who was paged' }).waitFor();
  assert.match(await page.locator('#task-details').innerText(), /dev-oncall/);
  assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'nothing wider than a phone');
  await shot(page, 'alert-task-phone');
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page.getByText('Recorded: Acknowledge.').waitFor();
  await eventually(async () => {
    const alerts = await call('GET', '/api/alerts?limit=200', { token: 'dev-oncall' });
    assert.equal(alerts.data.items.find((a: any) => a.dedupKey === alertKey)?.status, 'acknowledged');
  }, 15_000);
  // A decision refused by the API is shown in words: acknowledging again now.
  await page.goto(`${stack.api!.url}/inbox#/`);
  await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a refused decision is shown in words, and a comment is asked for where one is needed', async () => {
  // A clerk review (comment required) from an invoice of an unknown vendor.
  const text = invoiceText({ vendor: 'Unknown Widgets Ltd', taxId: null, number: 'PAGE-2' });
  const submitted = (await call('POST', '/api/invoices', { token: 'dev-admin', json: { text } })).data;
  let taskId = '';
  await eventually(async () => {
    const tasks = await call('GET', '/api/tasks?status=pending', { token: 'dev-clerk' });
    taskId = tasks.data.items.find((t: any) => t.workflowId === submitted.workflowId)?.id;
    const state = await call('GET', `/api/invoices/${submitted.id}`, { token: 'dev-admin' });
    assert.ok(taskId, `no clerk task: the invoice is ${state.data.status}/${state.data.step} ${JSON.stringify(state.data.tasks)}`);
  }, 30_000);
  const { page, problems } = await newPage();
  await page.goto(`${stack.api!.url}/inbox#/tasks/${encodeURIComponent(taskId)}`);
  await signIn(page, 'dev-clerk');
  await page.getByLabel('Comment (required)').waitFor();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Please write a comment: this decision needs one.').waitFor();
  // The task is decided meanwhile (in another tab): the page's decision is refused, and says why.
  const other = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-clerk', json: { decision: 'reject' } });
  assert.equal(other.status, 202);
  await page.getByLabel('Comment (required)').fill('Checked with purchasing');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page
    .locator('#task-error')
    .getByText(/already/i)
    .waitFor();
  assert.deepEqual(problems, []);
});

test('an admin sees the runs of every process with their counts and links to the Temporal UI', async () => {
  const { page, problems } = await newPage();
  await page.goto(`${stack.api!.url}/inbox#/runs`);
  await signIn(page, 'dev-admin');
  await page.getByRole('heading', { name: 'Runs of every process' }).waitFor();
  await page.locator('#run-counts tr', { hasText: 'Invoices' }).waitFor();
  assert.match(await page.locator('#run-counts').innerText(), /Alerts/);
  const links = page.locator('#run-list a');
  assert.ok((await links.count()) >= 2);
  assert.match((await links.first().getAttribute('href')) ?? '', /\/namespaces\/default\/workflows\//);
  await shot(page, 'runs');
  // A manager has no runs page: the address shows their tasks.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(`${stack.api!.url}/inbox#/runs`);
  await signIn(page, 'dev-manager');
  await page.getByRole('heading', { name: 'Your tasks' }).waitFor();
  assert.equal(await page.locator('#nav-runs').isHidden(), true);
  assert.deepEqual(problems, []);
});

test('a salesperson opens an outreach task, sees why the lead is graded so, edits the draft and sends it', async () => {
  const company = await call('POST', '/api/companies', {
    token: 'dev-sales-manager',
    json: { domain: 'page-software.de', name: 'Page Software', industry: 'Software', employees: 400, country: 'DE' },
  });
  assert.deepEqual([company.status, company.data.name, company.data.updatedBy], [201, 'Page Software', 'dev-sales-manager']);
  const email = `cto-${Date.now()}@page-software.de`;
  const lead = await call('POST', '/api/leads', {
    token: 'dev-integration',
    json: { email, name: 'Petra Page', title: 'CTO', source: 'demo_request', message: 'Could we see a demo?' },
  });
  assert.equal(lead.status, 202, JSON.stringify(lead.data));
  let taskId = '';
  await eventually(async () => {
    const tasks = await call('GET', '/api/tasks?status=pending&process=lead', { token: 'dev-sales' });
    taskId = tasks.data.items.find((t: any) => t.workflowId === lead.data.workflowId)?.id ?? '';
    assert.ok(taskId, 'no outreach task yet');
  }, 30_000);
  const { page, problems } = await newPage();
  await page.goto(`${stack.api!.url}/inbox#/tasks/${encodeURIComponent(taskId)}`);
  await signIn(page, 'dev-sales');
  await page.getByRole('heading', { name: 'Why this grade' }).waitFor();
  const details = await page.locator('#task-details').innerText();
  assert.match(details, /A1: a strong fit/);
  assert.match(details, /company: Page Software \(directory/, 'each value says where it came from');
  assert.match(await page.getByLabel('Message').inputValue(), /Hi Petra/);
  await page.getByLabel('Subject').fill('Petra, your demo of Page Software automation');
  await shot(page, 'lead-outreach');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Recorded: Send.').waitFor();
  await eventually(async () => {
    const state = await call('GET', `/api/leads/${encodeURIComponent(email)}`, { token: 'dev-sales' });
    assert.equal(state.data.status, 'contacted');
    assert.equal(state.data.details.outreach.sent.subject, 'Petra, your demo of Page Software automation');
    assert.equal(state.data.details.outreach.sent.edited, true);
    assert.match(state.data.details.outreach.sent.body, /Hi Petra/, 'the body as drafted');
  }, 20_000);
  assert.deepEqual(problems, []);
});

test('an editor reviews a piece: its gate findings and blog post, changes requested in the page, the next version’s changes shown, approved', async () => {
  const piece = await call('POST', '/api/content', {
    token: 'dev-managing-editor',
    json: {
      title: 'Closing the books in three days',
      topic: 'How finance teams close the books faster.',
      audience: 'Finance teams',
      platforms: ['blog', 'x'],
      keywords: ['month-end close'],
      wordCount: 300,
    },
  });
  assert.equal(piece.status, 202, JSON.stringify(piece.data));
  const reviewTask = async (version: number) => {
    let taskId = '';
    await eventually(async () => {
      const tasks = await call('GET', '/api/tasks?status=pending&process=content', { token: 'dev-editor' });
      taskId = tasks.data.items.find((t: any) => t.workflowId === piece.data.workflowId && t.subject.includes(`version ${version}`))?.id ?? '';
      assert.ok(taskId, `no review of version ${version} yet`);
    }, 30_000);
    return taskId;
  };
  const { page, problems } = await newPage();
  await page.goto(`${stack.api!.url}/inbox#/tasks/${encodeURIComponent(await reviewTask(1))}`);
  await signIn(page, 'dev-editor');
  await page.getByRole('heading', { name: 'Gate findings' }).waitFor();
  assert.match(await page.locator('#task-details').innerText(), /Every gate passes\./);
  assert.match(await page.getByLabel('The blog post').innerText(), /^# Closing the books in three days/);
  await page.getByLabel('Comment (required to request changes)').fill('Please add a paragraph about audit trails.');
  await page.getByRole('button', { name: 'Request changes' }).click();
  await page.getByText('Recorded: Request changes.').waitFor();

  await page.goto(`${stack.api!.url}/inbox#/tasks/${encodeURIComponent(await reviewTask(2))}`);
  await page.getByRole('heading', { name: /Changes from version 1, answering “Please add a paragraph about audit trails\.”/ }).waitFor();
  assert.match(await page.getByLabel('Changes from the version before').innerText(), /^\+ .*audit trails/im);
  await shot(page, 'content-review');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Recorded: Approve.').waitFor();
  await eventually(async () => {
    const state = await call('GET', `/api/content/${piece.data.id}`, { token: 'dev-editor' });
    assert.equal(state.data.status, 'published');
  }, 20_000);
  assert.deepEqual(problems, []);
});
