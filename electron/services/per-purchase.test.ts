import { describe, expect, it } from 'vitest';
import { PerPurchaseQueue } from './per-purchase';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('PerPurchaseQueue', () => {
  it('holds a reversal until the purchase it undoes has been answered', async () => {
    const queue = new PerPurchaseQueue();
    const seen: string[] = [];
    const purchase = queue.run('p1', async () => {
      seen.push('purchase sent');
      await later(40);
      seen.push('purchase answered');
      return 'approved';
    });
    const reversal = queue.run('p1', async () => {
      seen.push('reversal sent');
      return 'reversed';
    });
    expect(await Promise.all([purchase, reversal])).toEqual(['approved', 'reversed']);
    expect(seen).toEqual(['purchase sent', 'purchase answered', 'reversal sent']);
    expect(queue.busy()).toEqual([]);
  });

  it('goes on after a request that failed', async () => {
    const queue = new PerPurchaseQueue();
    const failed = queue.run('p1', async () => {
      await later(10);
      throw new Error('connection reset');
    });
    const retry = queue.run('p1', async () => 'retried');
    await expect(failed).rejects.toThrow('connection reset');
    expect(await retry).toBe('retried');
  });

  it('lets different purchases go side by side', async () => {
    const queue = new PerPurchaseQueue();
    const seen: string[] = [];
    const slow = queue.run('p1', async () => {
      await later(40);
      seen.push('p1');
    });
    const fast = queue.run('p2', async () => {
      seen.push('p2');
    });
    await Promise.all([slow, fast]);
    expect(seen).toEqual(['p2', 'p1']);
  });
});
