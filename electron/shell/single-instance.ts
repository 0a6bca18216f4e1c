// One copy of the till per user: a second launch hands over to the first (which comes to the
// front) and quits, so two windows never sell from one journal behind each other's backs.

/** The part of Electron's `app` this needs. */
export interface InstanceLockApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

/** The part of a BrowserWindow that can be brought to the front. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Takes the lock; false means another copy holds it and this one is quitting. The first copy
 * focuses its cashier window (whichever is current) when a second launch knocks.
 */
export function claimSingleInstance(app: InstanceLockApp, cashierWindow: () => FocusableWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = cashierWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}
