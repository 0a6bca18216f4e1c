// Runs Electrum's Postman test packs against a running server (the simulator from `npm run sim`, or
// Electrum's own test servers).
//   node scripts/newman.mjs --host http://127.0.0.1:8080/prepaidutility/v3      Prepaid Utility v3, in
//       run_newman.sh's order, then "Unmatched advices"
//   node scripts/newman.mjs --pack airtime --host http://127.0.0.1:8080          Airtime v5, whole (the pack's
//       URLs are {{host}}/airtime/{{version}}/…, so the host is the server's origin)
// The automated check is electron/sim/newman.test.ts; this is for people and other servers.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import newman from 'newman';

const { values } = parseArgs({ options: { host: { type: 'string' }, pack: { type: 'string', default: 'prepaidutility' } } });
if (!values.host || !['prepaidutility', 'airtime'].includes(values.pack)) {
  console.error('usage: node scripts/newman.mjs [--pack prepaidutility|airtime] --host <URL>');
  console.error('  prepaidutility: the base URL, e.g. http://127.0.0.1:8080/prepaidutility/v3');
  console.error('  airtime: the origin, e.g. http://127.0.0.1:8080');
  process.exit(2);
}

if (values.pack === 'airtime') {
  const airtimePack = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/electrum/airtime-test-pack');
  if (!existsSync(airtimePack)) {
    console.error(`Electrum's Airtime test pack is missing: expected it at ${airtimePack}`);
    process.exit(2);
  }
  const summary = await new Promise((resolvePromise, reject) => {
    newman.run(
      {
        collection: resolve(airtimePack, 'Airtime.postman_collection.json'),
        environment: resolve(airtimePack, 'localhost.postman_environment.json'),
        envVar: [{ key: 'host', value: values.host }],
        reporters: ['cli'],
        timeoutRequest: 30_000,
      },
      (error, result) => (error ? reject(error) : resolvePromise(result)),
    );
  });
  const failed = summary.run.stats.assertions.failed + summary.run.stats.requests.failed;
  console.log(`\n${summary.run.stats.assertions.total} assertions, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
const pack = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/electrum/test-pack');
if (!existsSync(pack)) {
  console.error(`Electrum's test pack is missing: expected it at ${pack}`);
  process.exit(2);
}

const runs = [
  { folder: 'Lookup-purchase-confirm', data: 'test_meterIds-purchases.csv', iterations: 10 },
  { folder: 'Lookup-purchase-reverse', data: 'test_meterIds-purchases.csv', iterations: 1 },
  { folder: 'Lookup-timeout-retry-confirm', data: 'test_meterIds-retries.csv' },
  { folder: 'Key change requests', data: 'test_meterIds-keychange.csv' },
  { folder: 'Fault reports', data: 'test_meterIds-keychange.csv' },
  { folder: 'Meter lookups', data: 'test_meterIds-keychange.csv' },
  { folder: 'Unmatched advices' },
];

let failed = 0;
let total = 0;
for (const run of runs) {
  const summary = await new Promise((resolvePromise, reject) => {
    newman.run(
      {
        collection: resolve(pack, 'PrepaidUtilityTestPack.postman_collection.json'),
        environment: resolve(pack, 'PPUlocalhosttest.postman_environment.json'),
        envVar: [{ key: 'host', value: values.host }],
        folder: run.folder,
        ...(run.data ? { iterationData: resolve(pack, run.data) } : {}),
        ...(run.iterations ? { iterationCount: run.iterations } : {}),
        reporters: ['cli'],
        reporter: { cli: { noSummary: false } },
        timeoutRequest: 30_000,
      },
      (error, result) => (error ? reject(error) : resolvePromise(result)),
    );
  });
  total += summary.run.stats.assertions.total;
  failed += summary.run.stats.assertions.failed + summary.run.stats.requests.failed;
}
console.log(`\n${total} assertions, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
