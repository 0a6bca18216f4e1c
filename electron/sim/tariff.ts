// Inclining block tariff for the simulator's training meters. Rates are minor units per kWh with
// VAT included (as in Electrum's TST004: 50 kWh at 117.30 + 23.8 kWh at 173.74 = R100.00).
import type { TariffBlock } from '../../shared/protocol/schemas';

export interface TariffStep {
  /** Upper bound of this block in kWh (cumulative); null = no bound. */
  upTo: number | null;
  /** Minor units per kWh, VAT included. */
  rate: number;
}

export const TRAINING_TARIFF: readonly TariffStep[] = [
  { upTo: 50, rate: 117.3 },
  { upTo: 350, rate: 173.74 },
  { upTo: 600, rate: 244.15 },
  { upTo: null, rate: 287.65 },
];

export const VAT_RATE_PERCENT = 15;

/** Split a VAT-inclusive amount (minor units) into net and tax, rounding the tax to the nearest unit. */
export function splitVat(gross: number, ratePercent = VAT_RATE_PERCENT): { net: number; tax: number } {
  const net = Math.round((gross * 100) / (100 + ratePercent));
  return { net, tax: gross - net };
}

/** Nearest 0.1 kWh, as Electrum's TST004 shows (R41.35 at 173.74 = 23.7999… → 23.8). */
const tenths = (kwh: number) => Math.round(kwh * 10) / 10;

/**
 * kWh a VAT-inclusive amount buys, starting from the first block (every purchase is priced from
 * the first block, so training results are the same every time). Units are rounded to 0.1.
 */
export function unitsForAmount(gross: number, steps: readonly TariffStep[] = TRAINING_TARIFF): {
  units: number;
  tariffCalc: TariffBlock[];
} {
  let money = gross;
  let from = 0;
  const tariffCalc: TariffBlock[] = [];
  for (const step of steps) {
    if (money <= 0) break;
    const capacity = step.upTo === null ? Number.POSITIVE_INFINITY : step.upTo - from;
    const affordable = money / step.rate;
    const units = tenths(Math.min(capacity, affordable));
    if (units > 0) tariffCalc.push({ units, rate: step.rate });
    money -= Math.min(capacity, affordable) * step.rate;
    if (step.upTo !== null) from = step.upTo;
    if (affordable <= capacity) break;
  }
  const units = Math.round(tariffCalc.reduce((sum, block) => sum + block.units, 0) * 10) / 10;
  return { units, tariffCalc };
}
