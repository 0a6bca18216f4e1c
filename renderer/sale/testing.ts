// Test helpers for the sale flow: Web Locks within one context, and the renderer's bridge served by
// the real main-side services (the contract's dispatch, answers checked against its schemas).
import { bridgeContract, dispatchBridgeCall, type BridgeHandlers, type BridgeMethod, type BridgeResult, type PosBridge } from '../../shared/bridge';
import type { PosDatabase, SaleRecord } from '../db/db';
import type { Release, SaleLocks } from './locks';

/** Web Locks' exclusive semantics within one context: enough to stand for other windows in a unit test. */
export function memoryLocks(): SaleLocks {
  const queues = new Map<string, Array<() => void>>();
  const held = new Set<string>();
  const grant = (name: string): Release => {
    held.add(name);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      held.delete(name);
      queues.get(name)?.shift()?.();
    };
  };
  return {
    hold(name, options = {}) {
      if (!held.has(name)) return Promise.resolve(grant(name));
      if (options.ifAvailable) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const waiters = queues.get(name) ?? [];
        queues.set(name, waiters);
        const wake = () => resolve(grant(name));
        waiters.push(wake);
        options.signal?.addEventListener('abort', () => {
          const at = waiters.indexOf(wake);
          if (at >= 0) waiters.splice(at, 1);
          resolve(undefined);
        });
      });
    },
  };
}

/** The renderer's bridge as the hosts serve it, over the given handlers. */
export function handlersBridge(handlers: () => BridgeHandlers): PosBridge {
  async function invoke(method: BridgeMethod, request: unknown): Promise<BridgeResult<unknown>> {
    const result = await dispatchBridgeCall(handlers(), method, request);
    return result.ok ? { ok: true, data: bridgeContract[method].response.parse(result.data) } : result;
  }
  return { invoke: invoke as PosBridge['invoke'], onEvent: () => () => undefined };
}

/** The sale as the journal holds it now (throws when there is none). */
export async function journaled(db: PosDatabase, purchaseId: string): Promise<SaleRecord> {
  const sale = await db.sales.get(purchaseId);
  if (!sale) throw new Error(`no sale ${purchaseId}`);
  return sale;
}

/** Polls `check` every 20 ms until it holds, for at most `ms`. */
export async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
