// Fakes of Electron's app, windows and timers for the shell's unit tests: plain event emitters that
// record what the code under test did to them.
import { EventEmitter } from 'node:events';
import type { Timers } from './crash-recovery';

export class FakeApp extends EventEmitter {
  quits = 0;
  constructor(private readonly lockFree: boolean) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lockFree;
  }
  quit(): void {
    this.quits += 1;
  }
}

export class FakeWindow extends EventEmitter {
  minimized = false;
  destroyed = false;
  calls: string[] = [];
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.calls.push('restore');
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
}

export class FakeContents extends EventEmitter {
  destroyed = false;
  loaded: string[] = [];
  crashes = 0;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  forcefullyCrashRenderer(): void {
    this.crashes += 1;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
}

/** Timers driven by hand: advance(ms) runs what has come due, in order. */
export class ManualTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; work: () => void }>();
  set(work: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, work });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].work();
    }
    this.now = until;
  }
  get count(): number {
    return this.pending.size;
  }
}
