// A cashier window whose page crashed, was killed or hangs is brought back by loading the app again:
// the page's start-up recovery then finishes whatever sale the journal says was interrupted. Hangs
// get a grace period first; repeated crashes are reloaded with a growing pause so a page that dies at
// once does not spin the CPU, but the till never gives up on its own.

/** The events of a BrowserWindow and its webContents this listens to. */
export interface WatchedWindow {
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
}
export interface WatchedContents {
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode?: number }) => void): unknown;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  forcefullyCrashRenderer(): void;
}

export interface Timers {
  set(work: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface RecoveryOptions {
  /** The page to load again (the cashier screen, or the outbox page for the background window). */
  url: string;
  /** How long a page may hang before it is crashed and reloaded. */
  unresponsiveGraceMs?: number;
  /** Crashes closer together than this count as a run, each pausing longer before the reload. */
  runWindowMs?: number;
  maxPauseMs?: number;
  now?: () => number;
  timers?: Timers;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

const systemTimers: Timers = {
  set: (work, ms) => setTimeout(work, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function watchRenderer(win: WatchedWindow, contents: WatchedContents, options: RecoveryOptions): void {
  const graceMs = options.unresponsiveGraceMs ?? 15_000;
  const runWindowMs = options.runWindowMs ?? 60_000;
  const maxPauseMs = options.maxPauseMs ?? 30_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? systemTimers;
  let hang: unknown;
  let lastCrashAt = -Infinity;
  let run = 0;

  contents.on('render-process-gone', (_event, details) => {
    if (hang !== undefined) {
      timers.clear(hang);
      hang = undefined;
    }
    // 'clean-exit' is the page closing normally (the window is going away).
    if (details.reason === 'clean-exit') return;
    const at = now();
    run = at - lastCrashAt < runWindowMs ? run + 1 : 0;
    lastCrashAt = at;
    const pauseMs = run === 0 ? 0 : Math.min(maxPauseMs, 1000 * 2 ** (run - 1));
    options.log?.('renderer gone: reloading into recovery', { reason: details.reason, exitCode: details.exitCode, pauseMs, url: options.url });
    timers.set(() => {
      if (contents.isDestroyed()) return;
      contents.loadURL(options.url).catch((error: unknown) => {
        options.log?.('renderer reload failed', { error: error instanceof Error ? error.message : String(error) });
      });
    }, pauseMs);
  });

  win.on('unresponsive', () => {
    if (hang !== undefined) return;
    options.log?.('renderer unresponsive', { graceMs });
    hang = timers.set(() => {
      hang = undefined;
      if (contents.isDestroyed()) return;
      options.log?.('renderer still unresponsive: crashing it to reload', { graceMs });
      // render-process-gone follows, and reloads the page.
      contents.forcefullyCrashRenderer();
    }, graceMs);
  });

  win.on('responsive', () => {
    if (hang === undefined) return;
    timers.clear(hang);
    hang = undefined;
    options.log?.('renderer responsive again');
  });
}
