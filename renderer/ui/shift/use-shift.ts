// The open shift and what it should hold, kept current by Dexie live queries.
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { PosDatabase } from '../../db/db';
import { closingTotals, currentShift, lastZ, pendingAdvices } from '../../journal/shift-totals';
import type { ShiftRow, ZRow } from '../../journal/shift-record';
import { useDeps } from '../deps';

function useLive<T>(query: (db: PosDatabase) => Promise<T>, initial: T): T {
  const { db } = useDeps();
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(() => query(db)).subscribe({ next: setValue, error: () => undefined });
    return () => subscription.unsubscribe();
  }, [db, query]);
  return value;
}

/** undefined while the journal is read; null when no shift is open. */
export const useCurrentShift = (): ShiftRow | null | undefined => useLive(readShift, undefined);
const readShift = async (db: PosDatabase) => (await currentShift(db)) ?? null;

export const useLastZ = (): ZRow | undefined => useLive(lastZ, undefined);

export const usePendingAdvices = () => useLive(pendingAdvices, []);

export const useClosingTotals = () => useLive(closingTotals, undefined);
