// Unique 20-digit token numbers and receipt numbers for the simulator.
import { randomInt } from 'node:crypto';

export class TokenMint {
  private readonly issued = new Set<string>();
  private receipt = 0;

  /** A 20-digit number never issued before by this simulator (leading zeros allowed, as on STS). */
  newToken(): string {
    for (;;) {
      let digits = '';
      for (let i = 0; i < 4; i++) digits += String(randomInt(0, 100_000)).padStart(5, '0');
      // Electrum's fixed test tokens (all zeros, all ones…) are never handed out as real ones.
      if (/^(\d)\1{19}$/.test(digits) || this.issued.has(digits)) continue;
      this.issued.add(digits);
      return digits;
    }
  }

  newReceiptNum(): string {
    this.receipt += 1;
    return `SIM${String(this.receipt).padStart(7, '0')}`;
  }

  reset(): void {
    this.issued.clear();
    this.receipt = 0;
  }
}
