// Keyboard-wedge card readers and scanners type like a keyboard, but far faster and more evenly than
// a person: a read is a burst of keys a few milliseconds apart, ended by Enter. This tells the two
// apart by timing alone, so a wedge reader needs no driver and no setting.

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. People rarely type two keys under ~50 ms apart for long. */
  maxGapMs?: number;
  /** Shortest burst that counts as a read: an 11-digit meter number barcode. */
  minChars?: number;
}

export type WedgeResult =
  /** A key of a read, or of typing: let it through. */
  | { kind: 'key' }
  /** Enter after a person's typing: the form should do what Enter does. */
  | { kind: 'typed-enter' }
  /** Enter ending a machine burst: `text` is what the reader sent (the field's content is not). */
  | { kind: 'burst'; text: string };

const DEFAULTS = { maxGapMs: 35, minChars: 11 } as const;

export class WedgeDetector {
  private chars = '';
  private last: number | undefined;
  private readonly maxGapMs: number;
  private readonly minChars: number;

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? DEFAULTS.maxGapMs;
    this.minChars = options.minChars ?? DEFAULTS.minChars;
  }

  /** One key, as KeyboardEvent.key, at KeyboardEvent.timeStamp (ms). */
  key(key: string, at: number): WedgeResult {
    // Shift comes with every capital and every '?' a reader types: it is part of the burst, not a gap.
    if (key === 'Shift') return { kind: 'key' };
    const gap = this.last === undefined ? Number.POSITIVE_INFINITY : at - this.last;
    this.last = at;
    if (key === 'Enter' || key === 'Tab') {
      const text = this.chars;
      this.chars = '';
      this.last = undefined;
      return text.length >= this.minChars && gap >= 0 && gap <= this.maxGapMs ? { kind: 'burst', text } : { kind: 'typed-enter' };
    }
    if (key.length !== 1) {
      // Backspace, arrows and the like are a person's.
      this.reset();
      return { kind: 'key' };
    }
    // A slow key starts over: what came before was typed by a person. So does a clock that went back.
    this.chars = gap >= 0 && gap <= this.maxGapMs ? this.chars + key : key;
    return { kind: 'key' };
  }

  /** A burst that ended without Enter (a reader set up without a suffix): what it typed, if it was one. */
  idle(at: number): string | undefined {
    if (this.last === undefined || at - this.last <= this.maxGapMs) return undefined;
    const text = this.chars;
    this.reset();
    return text.length >= this.minChars ? text : undefined;
  }

  reset(): void {
    this.chars = '';
    this.last = undefined;
  }
}
