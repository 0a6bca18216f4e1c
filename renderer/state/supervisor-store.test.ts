// Closing a shift says only what the journal recorded: a shift the journal could not mark closed is
// reported as still open, whatever was printed.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeResult, PosBridge } from '../../shared/bridge';
import { dropScratchJournals, journalSale, scratchJournal } from '../journal/testing';
import { useSupervisorStore } from './supervisor-store';

afterEach(dropScratchJournals);

/** A main side whose printer prints and whose backup folder cannot be written. */
const bridge: PosBridge = {
  invoke: (async (method: string): Promise<BridgeResult<unknown>> =>
    method === 'printer:print'
      ? { ok: true, data: { bytes: 100, printer: 'file:///slips.bin' } }
      : { ok: false, error: { code: 'BACKUP_FAILED', message: 'the backup folder cannot be written' } }) as PosBridge['invoke'],
  onEvent: () => () => undefined,
};

describe('closing the shift', () => {
  it('records the shift even when its backup fails, and says both', async () => {
    const db = scratchJournal('shift-close');
    await db.sales.add(journalSale({ state: 'confirmed' }));
    await useSupervisorStore.getState().closeShift(db, bridge, '710');
    expect(useSupervisorStore.getState().shiftMessage).toMatch(/^Shift closed \(1 sold, 0 reversed, 0 declined\); report printed\. The shift is recorded, but its backup failed\.$/);
    expect(await db.meta.get('lastShiftClose')).toBeDefined();
  });

  it('does not say the shift closed when the journal could not record it', async () => {
    const db = scratchJournal('shift-close');
    await db.sales.add(journalSale({ state: 'confirmed' }));
    const refuse = () => {
      throw new DOMException('The disk is full', 'QuotaExceededError');
    };
    db.meta.hook('creating', refuse);
    db.meta.hook('updating', refuse);
    await useSupervisorStore.getState().closeShift(db, bridge, '710');
    expect(useSupervisorStore.getState().shiftMessage).toMatch(/^The shift was not closed: the journal could not record it/);
  });
});
