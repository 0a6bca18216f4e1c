// Electrum's own Postman test packs, run with newman against one running simulator with only the
// host variable changed: the Prepaid Utility pack (spec §4: each folder with its data file, in
// run_newman.sh's order, then "Unmatched advices") and the Airtime pack (whole, as its run_newman.sh).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './server';

interface NewmanFailure {
  source?: { name?: string; id?: string };
  error?: { test?: string; message?: string };
}
interface NewmanSummary {
  run: {
    stats: { assertions: { total: number; failed: number }; requests: { total: number; failed: number } };
    failures: NewmanFailure[];
  };
}
interface NewmanOptions {
  collection: string;
  environment: string;
  envVar: Array<{ key: string; value: string }>;
  folder?: string;
  iterationData?: string;
  iterationCount?: number;
  reporters: string[];
  timeoutRequest: number;
}
type Newman = { run(options: NewmanOptions, callback: (error: Error | null, summary: NewmanSummary) => void): unknown };

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pack = resolve(repoRoot, '../shared/electrum/test-pack');
const airtimePack = resolve(repoRoot, '../shared/electrum/airtime-test-pack');


/** run_newman.sh's folders, data files and iteration counts, in its order. */
const RUNS: Array<{ folder: string; data?: string; iterations?: number }> = [
  { folder: 'Lookup-purchase-confirm', data: 'test_meterIds-purchases.csv', iterations: 10 },
  { folder: 'Lookup-purchase-reverse', data: 'test_meterIds-purchases.csv', iterations: 1 },
  { folder: 'Lookup-timeout-retry-confirm', data: 'test_meterIds-retries.csv' },
  { folder: 'Key change requests', data: 'test_meterIds-keychange.csv' },
  { folder: 'Fault reports', data: 'test_meterIds-keychange.csv' },
  { folder: 'Meter lookups', data: 'test_meterIds-keychange.csv' },
  { folder: 'Unmatched advices' },
];

function runFolder(newman: Newman, host: string, run: (typeof RUNS)[number]): Promise<NewmanSummary> {
  return new Promise((resolvePromise, reject) => {
    newman.run(
      {
        collection: resolve(pack, 'PrepaidUtilityTestPack.postman_collection.json'),
        environment: resolve(pack, 'PPUlocalhosttest.postman_environment.json'),
        envVar: [{ key: 'host', value: host }],
        folder: run.folder,
        ...(run.data ? { iterationData: resolve(pack, run.data) } : {}),
        ...(run.iterations ? { iterationCount: run.iterations } : {}),
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolvePromise(summary)),
    );
  });
}

describe("Electrum's Postman test pack under newman", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    if (!existsSync(pack)) {
      throw new Error(`Electrum's test pack is missing: expected it at ${pack} (the ../shared reference folder beside the checkout)`);
    }
    sim = await startSimulator({ timeoutMeterDelayMs: 200 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('passes the whole Airtime pack with zero failed assertions', async () => {
    if (!existsSync(airtimePack)) throw new Error(`Electrum's Airtime test pack is missing: expected it at ${airtimePack}`);
    const newman = require('newman') as Newman;
    const summary = await new Promise<NewmanSummary>((resolvePromise, reject) => {
      newman.run(
        {
          collection: resolve(airtimePack, 'Airtime.postman_collection.json'),
          environment: resolve(airtimePack, 'localhost.postman_environment.json'),
          // The pack's URLs are {{host}}/airtime/{{version}}/…: the host is the simulator's origin.
          envVar: [{ key: 'host', value: sim.origin }],
          reporters: [],
          timeoutRequest: 10_000,
        },
        (error, result) => (error ? reject(error) : resolvePromise(result)),
      );
    });
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error?.test ?? ''} ${f.error?.message ?? ''}`);
    expect(failures).toEqual([]);
    expect(summary.run.stats.requests.failed).toBe(0);
    expect(summary.run.stats.assertions.failed).toBe(0);
    // 467 assertions in 96 requests when this was written; far fewer means requests were skipped.
    expect(summary.run.stats.assertions.total).toBeGreaterThan(450);
    console.info(`newman (airtime): ${summary.run.stats.assertions.total} assertions in ${summary.run.stats.requests.total} requests, 0 failed`);
  }, 120_000);

  it('passes every folder with zero failed assertions', async () => {
    const newman = require('newman') as Newman;
    const results: Array<{ folder: string; assertions: number; failed: number; failures: string[] }> = [];
    for (const run of RUNS) {
      const summary = await runFolder(newman, sim.baseUrl, run);
      results.push({
        folder: run.folder,
        assertions: summary.run.stats.assertions.total,
        failed: summary.run.stats.assertions.failed + summary.run.stats.requests.failed,
        failures: summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error?.test ?? ''} ${f.error?.message ?? ''}`),
      });
    }
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    for (const r of results) {
      expect(r.assertions, `${r.folder} ran no assertions`).toBeGreaterThan(0);
      expect(r.failed, r.folder).toBe(0);
    }
    const total = results.reduce((sum, r) => sum + r.assertions, 0);
    console.info(`newman: ${total} assertions in ${results.length} folders, 0 failed`);
  }, 120_000);
});
