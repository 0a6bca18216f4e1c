// The meter field's hook: a swiped card or a scanned barcode puts the meter number in the field,
// whether the reader is a keyboard wedge (told from typing by timing) or a USB HID device chosen in
// settings (bridge events). The card's track 2 is kept for the lookup and the purchase.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useDeps } from '../ui/deps';
import { useCardStore } from './card-store';
import { createMeterInput, deviceProblems, type MeterInputNotice } from './meter-input';

/** Quiet time after which a burst without Enter counts as ended. */
const IDLE_MS = 80;

export function useMeterInput(setMeter: (value: string) => void): {
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  notice: MeterInputNotice | undefined;
} {
  const { bridge } = useDeps();
  const [notice, setNotice] = useState<MeterInputNotice | undefined>();
  const input = useMemo(
    () =>
      createMeterInput({
        setMeter,
        swiped: (swipe) => (swipe ? useCardStore.getState().swiped(swipe) : useCardStore.getState().clear()),
        notice: setNotice,
      }),
    [setMeter],
  );

  useEffect(() => {
    // A new, empty meter field: no card has been swiped for it yet.
    useCardStore.getState().clear();
    let live = true;
    void bridge.invoke('devices:list', {}).then((result) => {
      if (!live || !result.ok) return;
      input.setReadOptions(result.data.reading);
      const problems = deviceProblems(result.data.roles);
      if (problems.length > 0) setNotice({ tone: 'problem', message: problems.join(' ') });
    });
    const unsubscribe = bridge.onEvent((event) => input.event(event));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [bridge, input]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => input.idle(performance.now()), IDLE_MS);
    };
    window.addEventListener('keyup', onKey);
    return () => {
      window.removeEventListener('keyup', onKey);
      if (timer) clearTimeout(timer);
    };
  }, [input]);

  return {
    onKeyDown: (event) => {
      if (input.keyDown(event.key, event.timeStamp)) event.preventDefault();
    },
    notice,
  };
}
