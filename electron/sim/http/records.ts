// In-memory records that expire as Electrum's servers forget them, and sleeps that end when the
// simulator closes.

/** Electrum's server forgets messages 30 minutes after it stored them. */
export const RECORD_TTL_MS = 30 * 60_000;

export class TtlStore<V> {
  private readonly map = new Map<string, { at: number; value: V }>();
  get(id: string): V | undefined {
    const hit = this.map.get(id);
    if (!hit) return undefined;
    if (Date.now() - hit.at > RECORD_TTL_MS) {
      this.map.delete(id);
      return undefined;
    }
    return hit.value;
  }
  has(id: string): boolean {
    return this.get(id) !== undefined;
  }
  set(id: string, value: V): void {
    this.map.set(id, { at: Date.now(), value });
  }
  values(): V[] {
    return [...this.map.keys()].flatMap((k) => {
      const v = this.get(k);
      return v === undefined ? [] : [v];
    });
  }
  clear(): void {
    this.map.clear();
  }
}

/** Timers a closing simulator can cut short, so no answer outlives it. */
export class Sleeper {
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  sleep(ms: number): Promise<void> {
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  shutdown(): void {
    this.closed = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.timers.clear();
  }
}
