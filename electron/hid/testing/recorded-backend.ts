// A HidBackend for tests: devices are "plugged in" and "unplugged" by the test, and each open device
// plays back recorded input reports (see ../fixtures/README.md for the recording format).
import { readFile } from 'node:fs/promises';
import type { HidBackend, HidConnection, HidConnectionHandlers, HidDeviceEntry } from '../backend';

export interface RecordedReport {
  /** Milliseconds after the previous report. */
  delayMs: number;
  report: Uint8Array;
}

/** Parses a recording: one report per line, "<ms after previous> <hex bytes>"; '#' starts a comment. */
export function parseRecording(text: string): RecordedReport[] {
  const reports: RecordedReport[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const match = /^(\d+)\s+((?:[0-9a-fA-F]{2}\s*)+)$/.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`not a recorded report: ${raw}`);
    const hex = match[2].replace(/\s+/g, '');
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    reports.push({ delayMs: Number(match[1]), report: bytes });
  }
  return reports;
}

export async function loadRecording(path: string | URL): Promise<RecordedReport[]> {
  return parseRecording(await readFile(path, 'utf8'));
}

interface Open {
  entry: HidDeviceEntry;
  handlers: HidConnectionHandlers;
  closed: boolean;
}

export class RecordedHidBackend implements HidBackend {
  private plugged = new Map<string, HidDeviceEntry>();
  private opened: Open[] = [];
  /** Paths that refuse to open (as without permission on /dev/hidraw*), with the system's message. */
  readonly refuse = new Map<string, string>();
  opens = 0;

  plug(entry: HidDeviceEntry): void {
    this.plugged.set(entry.path, entry);
  }

  /** Pulls the cable: the device leaves the list and an open handle reports an error, as node-hid's does. */
  unplug(path: string): void {
    this.plugged.delete(path);
    for (const open of this.opened) {
      if (open.entry.path === path && !open.closed) {
        open.closed = true;
        open.handlers.onError(new Error('could not read from HID device'));
      }
    }
  }

  async list(): Promise<HidDeviceEntry[]> {
    return [...this.plugged.values()];
  }

  async open(path: string, handlers: HidConnectionHandlers): Promise<HidConnection> {
    const entry = this.plugged.get(path);
    if (!entry) throw new Error(`cannot open device with path ${path}`);
    const refusal = this.refuse.get(path);
    if (refusal) throw new Error(refusal);
    this.opens++;
    const open: Open = { entry, handlers, closed: false };
    this.opened.push(open);
    return {
      async close() {
        open.closed = true;
      },
    };
  }

  /** Plays reports into the open device at `path` with their recorded spacing; stops if it is unplugged. */
  async play(path: string, reports: readonly RecordedReport[], options: { upTo?: number } = {}): Promise<number> {
    const open = this.opened.find((o) => o.entry.path === path && !o.closed);
    if (!open) throw new Error(`no open device at ${path}`);
    let played = 0;
    for (const { delayMs, report } of reports.slice(0, options.upTo ?? reports.length)) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (open.closed) break;
      open.handlers.onReport(report);
      played++;
    }
    return played;
  }

  get openCount(): number {
    return this.opened.filter((o) => !o.closed).length;
  }
}
