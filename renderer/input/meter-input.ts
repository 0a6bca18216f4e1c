// What reaches the meter-number field besides a person's typing: a keyboard-wedge reader's burst
// (told apart by timing) and reads from the USB HID devices chosen in settings (bridge events).
// Both end the same way: the meter number in the field, and a swiped card's track 2 kept for the
// lookup and the purchase; or a plain-words notice of what went wrong.
import type { BridgeEvent } from '../../shared/bridge';
import { interpretRead, ROLE_NAMES, type DeviceInput, type ReadOptions } from '../../shared/input/devices';
import type { Swipe } from './card-store';
import { WedgeDetector, type WedgeOptions } from './wedge';

export interface MeterInputSink {
  setMeter(meterId: string): void;
  swiped(swipe: Swipe | undefined): void;
  notice(notice: MeterInputNotice | undefined): void;
}

export interface MeterInputNotice {
  tone: 'ok' | 'problem';
  message: string;
}

export interface MeterInput {
  /** For the field's keydown: true when the key ended a reader's burst and must not submit the form. */
  keyDown(key: string, at: number): boolean;
  /** Called a little after the last key: a reader without an Enter suffix ends its burst by going quiet. */
  idle(at: number): void;
  /** Every bridge event; only device events matter here. */
  event(event: BridgeEvent): void;
  /** Card and bill settings from devices:list (issuer prefixes, where a bill holds the meter number). */
  setReadOptions(options: ReadOptions): void;
}

export function createMeterInput(sink: MeterInputSink, wedge: WedgeOptions = {}): MeterInput {
  const detector = new WedgeDetector(wedge);
  let readOptions: ReadOptions = {};
  let swiped = false;

  function take(input: DeviceInput): void {
    if (input.kind === 'bad-read') {
      sink.notice({ tone: 'problem', message: input.message });
      return;
    }
    sink.setMeter(input.meterId);
    const swipe: Swipe | undefined = input.via === 'card' ? { meterId: input.meterId, ...(input.track2Data ? { track2Data: input.track2Data } : {}) } : undefined;
    sink.swiped(swipe);
    swiped = swipe !== undefined;
    const what = input.via === 'card' ? 'Meter card read' : input.via === 'bill' ? 'Bill scanned' : 'Meter number scanned';
    sink.notice({ tone: 'ok', message: `${what}: meter ${input.meterId}. Press Look up.` });
  }

  return {
    keyDown(key, at) {
      const result = detector.key(key, at);
      if (result.kind === 'burst') {
        take(interpretRead(result.text, readOptions));
        return true;
      }
      // A person editing the number after a swipe: the card's track 2 no longer belongs to it.
      if (result.kind === 'key' && swiped && key !== 'Shift') {
        swiped = false;
        sink.swiped(undefined);
        sink.notice(undefined);
      }
      return false;
    },
    idle(at) {
      const text = detector.idle(at);
      if (text !== undefined) take(interpretRead(text, readOptions));
    },
    event(event) {
      if (event.type === 'device-input') take(event.input);
      else if (event.type === 'device-status') {
        const problem = event.status.state !== 'connected' && event.status.state !== 'not-chosen';
        sink.notice(problem ? { tone: 'problem', message: event.status.message } : { tone: 'ok', message: event.status.message });
      }
    },
    setReadOptions(options) {
      readOptions = options;
    },
  };
}

/** The chosen devices that are not working, in words, for the meter screen. */
export function deviceProblems(roles: Record<'cardReader' | 'scanner', { state: string; message: string }>): string[] {
  return (Object.keys(ROLE_NAMES) as Array<keyof typeof ROLE_NAMES>)
    .filter((role) => roles[role].state !== 'connected' && roles[role].state !== 'not-chosen')
    .map((role) => roles[role].message);
}
