/** A parser thread: runs the jobs the pool sends, one at a time, and answers each. */
import { parentPort } from 'node:worker_threads';
import { runJob, type JobName, type Jobs } from './jobs.js';

interface Request {
  id: number;
  job: JobName;
  input: Jobs[JobName]['input'];
}

parentPort!.on('message', (request: Request) => {
  runJob(request.job, request.input).then(
    (value) => parentPort!.postMessage({ id: request.id, ok: true, value }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort!.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message } });
    },
  );
});
