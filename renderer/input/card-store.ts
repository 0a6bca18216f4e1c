// The meter card swiped for the sale on screen: its track 2 goes with the meter lookup and the
// purchase (Meter.track2Data) as long as the meter number is still the card's.
import { create } from 'zustand';

export interface Swipe {
  meterId: string;
  track2Data?: string;
}

interface CardState {
  swipe?: Swipe;
  swiped(swipe: Swipe): void;
  clear(): void;
}

export const useCardStore = create<CardState>((set) => ({
  swiped: (swipe) => set({ swipe }),
  clear: () => set({ swipe: undefined }),
}));

/** The swiped card's track2Data, only for the meter number the card gave. */
export function track2DataFor(meterId: string): string | undefined {
  const swipe = useCardStore.getState().swipe;
  return swipe && swipe.meterId === meterId ? swipe.track2Data : undefined;
}
