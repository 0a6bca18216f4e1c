// Requests about one purchase reach the upstream one at a time, in the order they were asked for.
// A reload or a second window can ask for a retry or a reversal while the purchase itself is still
// at the upstream; sent side by side, a reversal could overtake the vend it is meant to undo.
export class PerPurchaseQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier call for the same purchase has ended (answered or failed). */
  run<T>(purchaseId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(purchaseId) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(purchaseId, tail);
    void tail.then(() => {
      if (this.tails.get(purchaseId) === tail) this.tails.delete(purchaseId);
    });
    return result;
  }

  /** Purchases with a request at the upstream or waiting for one. */
  busy(): string[] {
    return [...this.tails.keys()];
  }
}
