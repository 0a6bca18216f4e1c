// One owner per sale across windows and tabs: a window holds the sale's Web Lock from before the
// purchase is journaled until the sale leaves its screen, and recovery takes it before touching a
// sale. The browser releases a lock when the window that holds it closes, reloads or crashes.

/** Ends a hold; calling it twice is harmless. */
export type Release = () => void;

export interface SaleLocks {
  /**
   * Takes the named lock and keeps it until the returned release is called. With `ifAvailable`,
   * resolves undefined at once when another holder has it; with `signal`, resolves undefined if
   * the signal aborts before the lock is granted.
   */
  hold(name: string, options?: { ifAvailable?: boolean; signal?: AbortSignal }): Promise<Release | undefined>;
}

export const saleLockName = (purchaseId: string): string => `prepaid-pos.sale.${purchaseId}`;

export function webLocks(manager: LockManager = navigator.locks): SaleLocks {
  return {
    hold(name, options = {}) {
      return new Promise<Release | undefined>((resolve, reject) => {
        let release: Release | undefined;
        const held = new Promise<void>((done) => {
          release = done;
        });
        const request = manager.request(
          name,
          { mode: 'exclusive', ...(options.ifAvailable ? { ifAvailable: true } : {}), ...(options.signal ? { signal: options.signal } : {}) },
          async (lock) => {
            if (!lock) {
              resolve(undefined);
              return;
            }
            resolve(release);
            await held;
          },
        );
        request.catch((err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') resolve(undefined);
          else reject(err instanceof Error ? err : new Error(String(err)));
        });
      });
    },
  };
}
