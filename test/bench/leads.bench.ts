/**
 * Prints lead figures (it asserts nothing): `npm run bench:leads` (and `npm run bench`).
 * A list of BENCH_LEADS rows (default 2,000) through POST /api/lead-lists on a real dev server,
 * with People Data Labs and Apollo as local HTTP servers (PDL finds a third of the people, Apollo
 * the rest), then the directory and heuristics: leads per second from the POST to the list's end,
 * provider calls per lead, and the same list again within the cache TTL (calls: none).
 * BENCH_LEADS_CONCURRENCY (default 20) is LEADS_CONCURRENCY.
 */
import { performance } from 'node:perf_hooks';
import { startFakeHttp } from '../helpers/fake-channels.js';
import { startTestStack } from '../helpers/stack.js';
import { stopOwnTemporal } from '../helpers/temporal.js';

const rows = Number(process.env.BENCH_LEADS ?? 2000);
const concurrency = process.env.BENCH_LEADS_CONCURRENCY ?? '20';

const json = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const pdl = await startFakeHttp((r) => {
  const email = new URL(r.path, 'http://x').searchParams.get('email') ?? '';
  const n = Number(/(\d+)@/.exec(email)?.[1] ?? 0);
  if (!r.path.startsWith('/v5/person/') || n % 3 !== 0) return json({ status: 404, error: { type: 'not_found' } }, 404);
  return json({
    status: 200,
    data: {
      full_name: `person ${n}`,
      job_title: 'director of operations',
      job_title_levels: ['director'],
      job_company_name: 'Bench Logistics',
      job_company_industry: 'logistics',
      job_company_size: '201-500',
      job_company_location_country: 'germany',
    },
  });
});
const apollo = await startFakeHttp((r) => {
  const { email } = JSON.parse(r.body || '{}') as { email?: string };
  return json({
    person: {
      name: `Person ${email}`,
      title: 'Engineer',
      seniority: 'entry',
      organization: { name: 'Bench Retail', industry: 'retail', estimated_num_employees: 20000, country: 'US' },
    },
  });
});
const stack = await startTestStack({
  api: true,
  env: {
    ENRICHMENT_PROVIDERS: 'pdl,apollo,directory,heuristics',
    PDL_API_KEY: 'bench',
    PDL_BASE_URL: pdl.url,
    APOLLO_API_KEY: 'bench',
    APOLLO_BASE_URL: apollo.url,
    ENRICHMENT_RATE_LIMITS: 'pdl=1000,apollo=1000',
    LEADS_CONCURRENCY: concurrency,
  },
});
try {
  const run = Date.now().toString(36);
  const csv = ['email,source', ...Array.from({ length: rows }, (_, i) => `lead-${run}-${i}@bench-${i % 50}.example,list`)].join('\n');
  const runList = async () => {
    const calls = pdl.received.length + apollo.received.length;
    const t0 = performance.now();
    const res = await fetch(`${stack.api!.url}/api/lead-lists`, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-sales', 'content-type': 'text/csv' },
      body: csv,
    });
    if (res.status !== 202) throw new Error(`POST /api/lead-lists answered ${res.status}: ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      const progress = (await (await fetch(`${stack.api!.url}/api/lead-lists/${id}`, { headers: { authorization: 'Bearer dev-sales' } })).json()) as {
        status: string;
        counts: Record<string, number>;
      };
      if (progress.status === 'completed') {
        const seconds = (performance.now() - t0) / 1000;
        return { seconds, counts: progress.counts, calls: pdl.received.length + apollo.received.length - calls };
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const first = await runList();
  console.log(
    `lead list: ${rows} rows, ${concurrency} at once, PDL and Apollo local: ${first.seconds.toFixed(1)} s = ${(rows / first.seconds).toFixed(1)} leads/s; provider calls ${first.calls} = ${(first.calls / rows).toFixed(2)} per lead; ${JSON.stringify(first.counts)}`,
  );
  const again = await runList();
  console.log(
    `the same list again within the TTL: ${again.seconds.toFixed(1)} s = ${(rows / again.seconds).toFixed(1)} leads/s; provider calls ${again.calls}`,
  );
  const mem = process.memoryUsage();
  console.log(
    `  memory of the process running API + worker + client: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
} finally {
  await stack.stop();
  await pdl.close();
  await apollo.close();
  await stopOwnTemporal();
}
