/**
 * The one command (`npm start`) as a user runs it: it starts everything, an invoice waiting for
 * approval survives Ctrl-C and a restart, and is completed by an approval after it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { invoiceText } from '../helpers/invoices.js';
import { eventually } from '../helpers/runs.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Run `npm start`'s script and resolve once it prints that the stack is ready. */
function startStack(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack did not start in time:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited with ${code}:\n${output}`));
    });
  });
}

function stopStack(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

test('npm start runs the whole stack; a waiting approval survives a restart and completes after it', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bp-start-'));
  const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_UI_PORT: String(uiPort),
    SMTP_IN_PORT: String(await freePort()),
    TEMPORAL_UI_URL: `http://127.0.0.1:${uiPort}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    AUTH_TOKENS: '',
    OPENAI_API_KEY: '',
  };
  const api = `http://127.0.0.1:${apiPort}/api`;
  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(`${api}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // Response bodies of assorted shapes, read field by field by the assertions below.
    return { status: res.status, data: JSON.parse(await res.text()) };
  };

  try {
    const first = await startStack(env);
    for (const expected of [`${api}`, '/docs', `http://127.0.0.1:${uiPort}`, 'dev-admin', 'dev-clerk', 'dev-manager', 'dev-director']) {
      assert.ok(first.output().includes(expected), `the banner shows ${expected}`);
    }
    assert.equal((await fetch(`http://127.0.0.1:${uiPort}/`)).status, 200, 'the Temporal UI answers');
    assert.equal((await fetch(`${api}/health`)).status, 200);

    assert.equal((await call('POST', '/vendors', 'dev-clerk', { name: 'Acme Supplies GmbH', taxId: 'DE811111111' })).status, 201);
    const submitted = await call('POST', '/invoices', 'dev-clerk', {
      text: invoiceText({ number: 'RESTART-1', lines: [{ description: 'Desks', quantity: 2, unitPrice: 900 }] }),
    });
    assert.equal(submitted.status, 202);
    let taskId = '';
    await eventually(async () => {
      const inbox = await call('GET', '/tasks?status=pending', 'dev-manager');
      assert.equal(inbox.data.items.length, 1);
      taskId = inbox.data.items[0].id;
    }, 30_000);

    assert.equal(await stopStack(first.child), 0, 'Ctrl-C stops cleanly');

    const restartedAt = Date.now();
    await startStack(env);
    // The stack is up; the test means the invoice's workflow, so it waits for a worker to poll.
    await eventually(async () => {
      const health = (await call('GET', '/health', 'none')).data;
      assert.equal(health.workers.ok, true);
      assert.ok(Date.parse(health.workers.lastPollAt) >= restartedAt - 1000, 'a worker of the new start polls');
    }, 30_000);
    const waiting = await call('GET', `/invoices/${submitted.data.id}`, 'dev-clerk');
    assert.equal(waiting.data.status, 'awaiting_approval', 'still waiting after the restart');
    assert.equal(waiting.data.readFrom, 'workflow');
    const decided = await call('POST', `/tasks/${encodeURIComponent(taskId)}/decision`, 'dev-manager', { decision: 'approve' });
    assert.equal(decided.status, 202);
    await eventually(async () => {
      const done = await call('GET', `/invoices/${submitted.data.id}`, 'dev-clerk');
      assert.equal(done.data.status, 'posted');
      assert.ok(done.data.details.ledgerEntry);
    }, 30_000);
  } finally {
    for (const c of children) if (c.exitCode === null) await stopStack(c);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
