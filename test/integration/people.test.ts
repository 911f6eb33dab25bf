/**
 * The people directory: who holds which roles and where each is reached. Tokens seed it; an admin
 * keeps it; a role change takes effect at once, for the API and for separation of duties.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVendor } from '../../db/vendors.js';
import { apiClient } from '../helpers/api.js';
import { invoiceText, waitForResult } from '../helpers/invoices.js';
import { waitForPendingTask } from '../helpers/runs.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

describe('people directory', () => {
  let stack: TestStack;
  let call: ReturnType<typeof apiClient>;

  before(async () => {
    stack = await startTestStack({ api: true });
    call = apiClient(stack.api!.url);
    await createVendor(stack.db, { name: 'Acme Supplies GmbH', taxId: 'DE811111111' });
  });
  after(async () => {
    await stack.stop();
    await stopOwnTemporal();
  });

  test('the development users are seeded, reachable in the inbox only', async () => {
    const people = await call('GET', '/api/people', { token: 'dev-admin' });
    assert.equal(people.status, 200);
    const manager = people.data.items.find((p: { user: string }) => p.user === 'dev-manager');
    assert.deepEqual([manager.roles, manager.channels], [['manager'], ['inbox']]);
    assert.deepEqual(people.data.items.map((p: { user: string }) => p.user).sort(), [
      'dev-admin',
      'dev-clerk',
      'dev-director',
      'dev-editor',
      'dev-integration',
      'dev-manager',
      'dev-managing-editor',
      'dev-oncall',
      'dev-oncall-lead',
      'dev-sales',
      'dev-sales-manager',
    ]);
  });

  test('only an admin keeps the directory', async () => {
    for (const token of ['dev-clerk', 'dev-manager']) {
      assert.equal((await call('GET', '/api/people', { token })).status, 403);
      assert.equal((await call('POST', '/api/people', { token, json: { user: 'x', name: 'X', roles: [], channels: ['inbox'] } })).status, 403);
    }
  });

  test('a person is added with their channels; each channel needs its address; a user is added once', async () => {
    const added = await call('POST', '/api/people', {
      token: 'dev-admin',
      json: { user: 'olga', name: 'Olga Oncall', roles: ['oncall'], email: 'olga@example.com', phone: '+4915112345678', channels: ['sms', 'email', 'inbox'] },
    });
    assert.equal(added.status, 201);
    assert.equal(added.data.phone, '+4915112345678');
    const noPhone = await call('POST', '/api/people', { token: 'dev-admin', json: { user: 'pat', name: 'Pat', roles: [], channels: ['sms'] } });
    assert.deepEqual([noPhone.status, noPhone.data.field], [400, 'phone']);
    const badSlack = await call('POST', '/api/people', {
      token: 'dev-admin',
      json: { user: 'sam', name: 'Sam', roles: [], channels: ['slack'], slackWebhookUrl: 'not a url' },
    });
    assert.deepEqual([badSlack.status, badSlack.data.field], [400, 'slackWebhookUrl']);
    const again = await call('POST', '/api/people', { token: 'dev-admin', json: { user: 'olga', name: 'Olga', roles: [], channels: ['inbox'] } });
    assert.deepEqual([again.status, again.data.code, again.data.field], [409, 'conflict', 'user']);
    const dropEmail = await call('PATCH', '/api/people/olga', { token: 'dev-admin', json: { email: null } });
    assert.deepEqual([dropEmail.status, dropEmail.data.field], [400, 'email'], 'the email channel still needs an address');
    const changed = await call('PATCH', '/api/people/olga', { token: 'dev-admin', json: { channels: ['sms'], email: null } });
    assert.deepEqual([changed.status, changed.data.channels, changed.data.email], [200, ['sms'], undefined]);
    assert.equal((await call('GET', '/api/people/nobody', { token: 'dev-admin' })).status, 404);
  });

  test('a role taken away takes effect at once: the person may no longer decide', async () => {
    const submitted = await call('POST', '/api/invoices', {
      token: 'dev-clerk',
      json: { text: invoiceText({ number: 'PEOPLE-1', lines: [{ description: 'Desk', quantity: 1, unitPrice: 2000 }] }) },
    });
    const taskId = await waitForPendingTask(stack.client, submitted.data.workflowId, 'manager');
    assert.equal((await call('PATCH', '/api/people/dev-manager', { token: 'dev-admin', json: { roles: [] } })).status, 200);
    const refused = await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-manager', json: { decision: 'approve' } });
    assert.equal(refused.status, 403);
    assert.equal((await call('PATCH', '/api/people/dev-manager', { token: 'dev-admin', json: { roles: ['manager'] } })).status, 200);
    assert.equal(
      (await call('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: 'dev-manager', json: { decision: 'approve' } })).status,
      202,
    );
    assert.equal((await waitForResult(stack.client, submitted.data.workflowId)).status, 'posted');

    // Every message of the run, per person and channel: the manager was told in the inbox.
    const sent = await call('GET', `/api/notifications?workflowId=${encodeURIComponent(submitted.data.workflowId)}`, { token: 'dev-admin' });
    assert.equal(sent.status, 200);
    assert.ok(
      sent.data.items.some(
        (d: { recipient: string; channel: string; status: string }) => d.recipient === 'dev-manager' && d.channel === 'inbox' && d.status === 'sent',
      ),
    );
    assert.equal((await call('GET', '/api/notifications', { token: 'dev-manager' })).status, 403);
  });
});
