// Kiosk mode is left only with a supervisor's PIN. Checking the PIN belongs to the people and roles
// of issue 11, which is not built yet: the gate takes the check as an injected function, and until
// issue 11 provides one, `noSupervisorsYet` refuses every PIN (kiosk mode is then left only by
// stopping the service, as the kiosk guide says).

export type VerifySupervisorPin = (pin: string) => Promise<boolean>;

export const noSupervisorsYet: VerifySupervisorPin = async () => false;

export interface KioskGateOptions {
  /** Kiosk mode on (config.json shell.kiosk or --kiosk). Off: the window closes as any window does. */
  enabled: boolean;
  verifySupervisorPin: VerifySupervisorPin;
  /** Wrong PINs in a row before the gate stops listening for a while. */
  maxFailures?: number;
  lockoutMs?: number;
  now?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface LeaveAnswer {
  left: boolean;
  message: string;
}

export class KioskGate {
  private unlocked = false;
  private failures = 0;
  private lockedUntil = 0;
  private checking = false;
  private readonly maxFailures: number;
  private readonly lockoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: KioskGateOptions) {
    this.maxFailures = options.maxFailures ?? 5;
    this.lockoutMs = options.lockoutMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /** Whether the window (or the app) may close now: always outside kiosk mode, else only after a good PIN. */
  mayClose(): boolean {
    return !this.options.enabled || this.unlocked;
  }

  /** A supervisor asks to leave kiosk mode with their PIN. The PIN itself is never logged. */
  async leave(pin: string): Promise<LeaveAnswer> {
    if (!this.options.enabled) return { left: false, message: 'This till is not in kiosk mode.' };
    const now = this.now();
    if (now < this.lockedUntil) {
      const minutes = Math.ceil((this.lockedUntil - now) / 60_000);
      return { left: false, message: `Too many wrong PINs. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` };
    }
    if (this.checking) return { left: false, message: 'A PIN is being checked; wait a moment.' };
    this.checking = true;
    let good: boolean;
    try {
      good = await this.options.verifySupervisorPin(pin);
    } catch (error) {
      this.options.log?.('kiosk: the supervisor PIN could not be checked', { error: error instanceof Error ? error.message : String(error) });
      return { left: false, message: 'The PIN could not be checked. Kiosk mode stays on.' };
    } finally {
      this.checking = false;
    }
    if (!good) {
      this.failures += 1;
      this.options.log?.('kiosk: wrong supervisor PIN', { failures: this.failures });
      if (this.failures >= this.maxFailures) {
        this.failures = 0;
        this.lockedUntil = this.now() + this.lockoutMs;
        return { left: false, message: `Wrong PIN. Too many wrong PINs: try again in ${Math.ceil(this.lockoutMs / 60_000)} minutes.` };
      }
      return { left: false, message: 'Wrong PIN. Kiosk mode stays on.' };
    }
    this.failures = 0;
    this.unlocked = true;
    this.options.log?.('kiosk: left with a supervisor PIN');
    return { left: true, message: 'Kiosk mode left: the app closes.' };
  }
}
