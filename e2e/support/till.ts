// One till a test can switch off like a power cut: the simulator, the real host process and a real
// Chromium on a persistent profile, all on their own data directory.
import type { Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { launchKillable, type KillableBrowser } from './browser';
import { startHost, tempDir, type HostProcess } from './host';

export interface Till {
  sim: RunningSimulator;
  dataDir: string;
  profileDir: string;
  host: HostProcess;
  browser: KillableBrowser;
  page: Page;
  airtime?: boolean;
}

export interface TillOptions {
  /** config.json of the data directory. */
  config?: Record<string, unknown>;
  /** Host options beyond `--upstream` (e.g. `--printer URI`). */
  hostArgs?: string[];
  /** A browser profile directory of the test's choosing (e.g. on a small disk). */
  profileDir?: string;
  /** Airtime goes to the test's simulator too (`--airtime-upstream`), not to the host's embedded one. */
  airtime?: boolean;
}

/** The host's upstream arguments: the test's simulator for every service the test uses. */
function upstreamArgs(till: Pick<Till, 'sim' | 'airtime'>): string[] {
  return ['--upstream', till.sim.baseUrl, ...(till.airtime ? ['--airtime-upstream', till.sim.airtimeBaseUrl] : [])];
}

const open: Till[] = [];

export async function openTill(options: TillOptions = {}): Promise<Till> {
  const sim = await startSimulator({ port: 0 });
  const dataDir = await tempDir('till');
  const profileDir = options.profileDir ?? (await tempDir('till-profile'));
  await writeFile(join(dataDir, 'config.json'), JSON.stringify(options.config ?? {}));
  const airtime = options.airtime === true;
  const host = await startHost({ dataDir, args: [...upstreamArgs({ sim, airtime }), ...(options.hostArgs ?? [])] });
  const browser = await launchKillable(profileDir, host.url);
  const till = { sim, dataDir, profileDir, host, browser, page: browser.page, airtime };
  open.push(till);
  return till;
}

/** Power cut: the page and the host die at once, nothing is flushed on the way out. */
export async function powerCut(till: Till): Promise<void> {
  await Promise.all([till.browser.kill(), till.host.kill()]);
}

/** Start again on the same data directory and profile (the host reuses its port, so the same origin). */
export async function powerOn(till: Till, hostArgs: string[] = []): Promise<void> {
  till.host = await startHost({ dataDir: till.dataDir, args: [...upstreamArgs(till), ...hostArgs] });
  till.browser = await launchKillable(till.profileDir, till.host.url);
  till.page = till.browser.page;
}

/** Closes every till the test opened (for afterEach). */
export async function closeTills(): Promise<void> {
  for (const till of open.splice(0)) {
    await till.browser.close().catch(() => undefined);
    await till.host.stop().catch(() => undefined);
    await till.sim.close();
  }
}
