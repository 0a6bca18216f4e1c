// Characters from a keyboard-mode device, cut into reads: a read ends with Enter (or Tab), or when the
// device goes quiet — a scanner set up without a suffix, or a swipe cut short.
export interface ReadAssemblerOptions {
  /** Silence after which what has come counts as one read. */
  idleMs: number;
  onRead: (text: string) => void;
}

/** Longest read kept: a swipe of all three tracks is under 250 characters, a barcode far less. */
const MAX_READ_CHARS = 1024;

export class ReadAssembler {
  private buffer = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ReadAssemblerOptions) {}

  push(chars: string): void {
    for (const ch of chars) {
      if (ch === '\n' || ch === '\t') {
        // Readers that type each track on its own line: track 1 is followed by track 2 within the swipe.
        if (/^%[^;]*$/.test(this.buffer)) continue;
        this.flush();
        continue;
      }
      if (this.buffer.length < MAX_READ_CHARS) this.buffer += ch;
    }
    this.restartTimer();
  }

  /** Ends the read in progress now (the device went away). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const text = this.buffer;
    this.buffer = '';
    if (text.length > 0) this.options.onRead(text);
  }

  /** Drops the read in progress without reporting it. */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = '';
  }

  private restartTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length > 0) this.timer = setTimeout(() => this.flush(), this.options.idleMs);
  }
}
