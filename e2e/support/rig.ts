// A simulator the test controls, the real host process in front of it, and helpers to set faults.
import { expect } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { simRequests, startHost, tempDir, type HostProcess, type SimRequest } from './host';

export interface SimAndHost {
  sim: RunningSimulator;
  host: HostProcess;
  dataDir: string;
  close(): Promise<void>;
}

export async function startSimAndHost(config: Record<string, unknown> = {}): Promise<SimAndHost> {
  const sim = await startSimulator({ port: 0 });
  const dataDir = await tempDir('rig');
  await writeFile(join(dataDir, 'config.json'), JSON.stringify(config));
  const host = await startHost({ dataDir, args: ['--upstream', sim.baseUrl] });
  return {
    sim,
    host,
    dataDir,
    async close() {
      await host.stop();
      await sim.close();
    },
  };
}

export async function addFault(sim: RunningSimulator, spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sim.origin}/_sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.ok).toBe(true);
}

export async function clearFaults(sim: RunningSimulator): Promise<void> {
  await fetch(`${sim.origin}/_sim/faults`, { method: 'DELETE' });
}

export async function requestsOf(sim: RunningSimulator, operation: string): Promise<SimRequest[]> {
  return (await simRequests(sim.baseUrl)).filter((r) => r.operation === operation);
}

export const bodyOf = (r: SimRequest | undefined) => (r?.body ?? {}) as { id?: string; requestId?: string; reversalReason?: string };
