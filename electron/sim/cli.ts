// Runs the simulator alone (`npm run sim`): every service on one port under its own base path, with
// the /_sim control API on (it is a test tool).
//   node dist/sim/cli.mjs --port N [--host H] [--tls] [--user U --password P]
//   [--resend-advice duplicate|accept] [--timeout-delay-ms N]
import { parseArgs } from 'node:util';
import { startSimulator, type SimulatorOptions } from './server';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: sim --port N [--host H] [--tls] [--user U --password P] [--resend-advice duplicate|accept] [--timeout-delay-ms N]\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        tls: { type: 'boolean' },
        user: { type: 'string' },
        password: { type: 'string' },
        'resend-advice': { type: 'string' },
        'timeout-delay-ms': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0–65535');
  if ((values.user === undefined) !== (values.password === undefined)) usage('--user and --password go together');
  const resend = values['resend-advice'];
  if (resend !== undefined && resend !== 'duplicate' && resend !== 'accept') usage('--resend-advice is duplicate or accept');
  const delay = values['timeout-delay-ms'] === undefined ? undefined : Number(values['timeout-delay-ms']);
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) usage('--timeout-delay-ms must be a whole number');

  const options: SimulatorOptions = {
    port,
    controlApi: true,
    ...(values.host ? { host: values.host } : {}),
    ...(values.tls ? { tls: true } : {}),
    ...(values.user !== undefined && values.password !== undefined ? { credentials: { username: values.user, password: values.password } } : {}),
    ...(resend ? { resendAdvice: resend } : {}),
    ...(delay !== undefined ? { timeoutMeterDelayMs: delay } : {}),
  };
  const sim = await startSimulator(options);
  process.stdout.write(`Simulator listening on ${sim.baseUrl}\n`);
  process.stdout.write(`  Prepaid Utility v3: ${sim.baseUrl}\n  Airtime v5:         ${sim.airtimeBaseUrl}\n  Control API:        ${sim.origin}/_sim/requests | faults | reset\n`);
  if (sim.caPem) process.stdout.write(`CA certificate (trust this in the client):\n${sim.caPem}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
