import { describe, expect, it } from 'vitest';
import { WedgeDetector } from './wedge';

const SWIPE = ';04100000100=2912123456011020700000?';

/** Keys with the gaps between them (ms), as KeyboardEvent.key and timeStamp. */
function feed(detector: WedgeDetector, keys: string[], gaps: number[], start = 1_000) {
  let at = start;
  const results = keys.map((key, i) => {
    at += gaps[i % gaps.length] ?? 0;
    return detector.key(key, at);
  });
  return { results, at };
}

describe('a keyboard-wedge reader told from a person by timing', () => {
  it('a reader\'s burst (a few ms apart, Enter at the end) is a read', () => {
    const detector = new WedgeDetector();
    const { results } = feed(detector, [...SWIPE, 'Enter'], [4, 6, 3, 8, 5]);
    expect(results.at(-1)).toEqual({ kind: 'burst', text: SWIPE });
    expect(results.slice(0, -1).every((r) => r.kind === 'key')).toBe(true);
  });

  it('a person typing a meter number, even a quick typist, and pressing Enter is typing', () => {
    const detector = new WedgeDetector();
    // Typing gaps of a practised cashier on a numeric keypad: 60–180 ms, a few quick pairs at 40 ms.
    const { results } = feed(detector, [...'04100000100', 'Enter'], [140, 95, 40, 180, 60, 120, 40, 75, 110, 90, 65, 150]);
    expect(results.at(-1)).toEqual({ kind: 'typed-enter' });
  });

  it('a scanner\'s meter-number barcode (11 digits) is a read; a short fast burst is not', () => {
    const detector = new WedgeDetector();
    expect(feed(detector, [...'04100000100', 'Enter'], [2]).results.at(-1)).toEqual({ kind: 'burst', text: '04100000100' });
    expect(feed(detector, [...'1234', 'Enter'], [2]).results.at(-1)).toEqual({ kind: 'typed-enter' });
  });

  it('a swipe after a person typed part of a number reads only the swipe', () => {
    const detector = new WedgeDetector();
    const typed = feed(detector, [...'0410'], [150]);
    const swipe = feed(detector, [...SWIPE, 'Enter'], [3], typed.at + 900);
    expect(swipe.results.at(-1)).toEqual({ kind: 'burst', text: SWIPE });
  });

  it('keys stamped earlier than the last one (another clock) start a new burst instead of joining it', () => {
    const detector = new WedgeDetector();
    feed(detector, [...'0410'], [150], 90_000);
    const swipe = feed(detector, [...SWIPE, 'Enter'], [3], 5_000);
    expect(swipe.results.at(-1)).toEqual({ kind: 'burst', text: SWIPE });
  });

  it('Shift inside a burst does not break it; Backspace (a person) does', () => {
    const detector = new WedgeDetector();
    const keys = [...SWIPE.slice(0, -1), 'Shift', '?', 'Enter'];
    expect(feed(detector, keys, [3]).results.at(-1)).toEqual({ kind: 'burst', text: SWIPE });
    const withBackspace = [...SWIPE.slice(0, 20), 'Backspace', ...SWIPE.slice(20, 25), 'Enter'];
    expect(feed(detector, withBackspace, [3]).results.at(-1)).toEqual({ kind: 'typed-enter' });
  });

  it('a reader without an Enter suffix: the burst ends when it goes quiet', () => {
    const detector = new WedgeDetector();
    const { at } = feed(detector, [...SWIPE], [4]);
    expect(detector.idle(at + 10)).toBeUndefined();
    expect(detector.idle(at + 100)).toBe(SWIPE);
    const slow = feed(detector, [...'04100000100'], [120], at + 1_000);
    expect(detector.idle(slow.at + 500)).toBeUndefined();
  });

  it('a burst whose Enter comes late (a person pressed it) is typing', () => {
    const detector = new WedgeDetector();
    const { at } = feed(detector, [...'04100000100'], [3]);
    expect(detector.key('Enter', at + 400)).toEqual({ kind: 'typed-enter' });
  });
});
