// Every meter the simulator knows: Electrum's TST001–TST011 plus training meters of our own.
// A meter decides how a lookup and a purchase end; the server adds the envelope and the stores.
import { withLuhnCheckDigit } from '../../shared/protocol/meter-number';
import type {
  Amounts,
  Customer,
  DebtRecoveryCharge,
  ErrorType,
  KeyChangeData,
  LedgerAmount,
  Meter,
  ServiceCharge,
  SlipData,
  Token,
  Utility,
} from '../../shared/protocol/schemas';
import {
  ELECTRUM_METER_DEFAULTS,
  ELECTRUM_SCENARIOS,
  ELECTRUM_UTILITY,
  type ElectrumScenario,
  type TokenTemplate,
} from './electrum-data';
import { splitVat, unitsForAmount, VAT_RATE_PERCENT } from './tariff';

export const CURRENCY = '710';

export interface Decline {
  status: number;
  errorType: ErrorType;
  /** ErrorDetail.errorMessage: at most 20 characters. */
  message: string;
  detail?: string;
}

/** What a purchase produced, before the envelope is added. */
export interface Vend {
  meter: Meter;
  utilityType: string;
  tokens: Token[];
  debtRecoveryCharges: DebtRecoveryCharge[];
  serviceCharges: ServiceCharge[];
  purchaseTotal?: LedgerAmount;
  taxTotal?: LedgerAmount;
  amounts?: Amounts;
  slipData?: SlipData;
}

/** The answer a purchase gets besides the vend itself (TST011 and the unknown-outcome meters). */
export type PurchaseAnswer = 'normal' | 'delayed-504' | 'immediate-504' | 'immediate-500-not-vended';

export interface MeterState {
  arrears: number;
  bsstDue: boolean;
}

export interface VendContext {
  newToken(): string;
  newReceiptNum(): string;
  state: MeterState;
  /** Trials compute everything but change no state and issue invalid (all-zero) tokens. */
  trial: boolean;
}

export interface SimMeter {
  meterId: string;
  group: 'electrum' | 'training' | 'decline';
  /** One line for the training-meter table in docs/protocol.md. */
  summary: string;
  meter: Meter;
  customer: Customer;
  utility: Utility;
  minAmount: number;
  maxAmount: number;
  initialState: MeterState;
  lookupDecline?: Decline;
  purchaseDecline?: Decline;
  purchaseAnswer: PurchaseAnswer;
  keyChangeData?: KeyChangeData;
  vend(amount: number, ctx: VendContext): { ok: true; vend: Vend } | { ok: false; decline: Decline };
}

const amountOf = (amount: number): LedgerAmount => ({ amount, currency: CURRENCY });

function tokenFrom(template: TokenTemplate, ctx: VendContext): Token {
  return {
    tokenType: template.tokenType,
    units: template.units,
    amount: { ...template.amount, currency: CURRENCY },
    ...(template.receiptNum ? { receiptNum: template.receiptNum } : {}),
    token: ctx.trial ? '0'.repeat(20) : ctx.newToken(),
    tariffCalc: template.tariffCalc ?? [],
  };
}

function electrumMeter(s: ElectrumScenario): SimMeter {
  const meter: Meter = { meterId: s.meterId, ...ELECTRUM_METER_DEFAULTS };
  return {
    meterId: s.meterId,
    group: 'electrum',
    summary: electrumSummary(s),
    meter,
    customer: s.customer,
    utility: { ...ELECTRUM_UTILITY },
    minAmount: s.amount,
    maxAmount: s.amount,
    initialState: { arrears: 0, bsstDue: false },
    purchaseAnswer: s.timesOut ? 'delayed-504' : 'normal',
    vend(amount, ctx) {
      if (amount !== s.amount) {
        return { ok: false, decline: { status: 400, errorType: 'INVALID_AMOUNT', message: 'Invalid amount', detail: 'Invalid request amount' } };
      }
      return {
        ok: true,
        vend: {
          meter,
          utilityType: s.utilityType ?? 'Electricity',
          tokens: s.tokens.map((t) => tokenFrom(t, ctx)),
          debtRecoveryCharges: (s.debtRecoveryCharges ?? []).map((c) => ({
            amount: { ...c.amount, currency: CURRENCY },
            description: c.description,
            ...(c.balance !== undefined ? { balance: amountOf(c.balance) } : {}),
            ...(c.receiptNum ? { receiptNum: c.receiptNum } : {}),
          })),
          serviceCharges: (s.serviceCharges ?? []).map((c) => ({ amount: { ...c.amount, currency: CURRENCY }, description: c.description })),
          ...(s.slipLines ? { slipData: { messageLines: s.slipLines, slipWidth: 0 } } : {}),
        },
      };
    },
  };
}

function electrumSummary(s: ElectrumScenario): string {
  const kinds = s.tokens.map((t) => t.tokenType).join(' + ');
  const extras = [
    s.debtRecoveryCharges?.length ? `${s.debtRecoveryCharges.length} debt recovery` : '',
    s.serviceCharges?.length ? `${s.serviceCharges.length} service charge(s)` : '',
    s.slipLines ? 'slipData.messageLines' : '',
    s.timesOut ? 'purchase answers 504 after a delay; retry succeeds' : '',
  ].filter(Boolean);
  return `Electrum scenario: ${kinds}${extras.length ? `; ${extras.join('; ')}` : ''}`;
}

// ---- Training meters ----

const TRAINING_UTILITY: Utility = {
  name: 'Training Municipality',
  address: '1 Civic Centre, Cape Town',
  vatRegNum: '4000000001',
  clientId: 'TRN01',
  message: 'Training token: not valid on a real meter',
};

const FREE_BASIC_UNITS = 50;

interface TrainingSpec {
  body: string;
  summary: string;
  customer: Customer;
  minAmount: number;
  maxAmount: number;
  arrears?: number;
  /** Share of the amount (after service charges) taken for arrears, in percent. */
  recoveryPercent?: number;
  bsstDue?: boolean;
  serviceCharges?: Array<{ description: string; gross: number }>;
  /** The answer also carries `amounts`: what was requested and what was approved (the whole payment). */
  amounts?: boolean;
  keyChange?: KeyChangeData;
  lookupDecline?: Decline;
  purchaseDecline?: Decline;
  purchaseAnswer?: PurchaseAnswer;
}

const METER_BASE = { supplyGroupCode: '600123', keyRevisionNum: '1', tariffIndex: '01', tokenTechCode: '02', algorithmCode: '07' } as const;

function taxable(gross: number) {
  const { net, tax } = splitVat(gross);
  return { amount: net, currency: CURRENCY, tax, taxType: 'VAT', taxRate: VAT_RATE_PERCENT };
}

function trainingMeter(spec: TrainingSpec): SimMeter {
  const meterId = withLuhnCheckDigit(spec.body);
  const meter: Meter = { meterId, ...METER_BASE };
  return {
    meterId,
    group: spec.lookupDecline || spec.purchaseDecline || spec.purchaseAnswer ? 'decline' : 'training',
    summary: spec.summary,
    meter,
    customer: spec.customer,
    utility: TRAINING_UTILITY,
    minAmount: spec.minAmount,
    maxAmount: spec.maxAmount,
    initialState: { arrears: spec.arrears ?? 0, bsstDue: spec.bsstDue ?? false },
    ...(spec.lookupDecline ? { lookupDecline: spec.lookupDecline } : {}),
    ...(spec.purchaseDecline ? { purchaseDecline: spec.purchaseDecline } : {}),
    purchaseAnswer: spec.purchaseAnswer ?? 'normal',
    ...(spec.keyChange ? { keyChangeData: spec.keyChange } : {}),
    vend(amount, ctx) {
      const state = ctx.state;
      if (amount === 0) {
        if (!state.bsstDue) return { ok: false, decline: { status: 400, errorType: 'NO_FREE_UNITS_DUE', message: 'No free units due' } };
      } else if (amount < spec.minAmount) {
        return { ok: false, decline: { status: 400, errorType: 'AMOUNT_TOO_LOW', message: 'Amount too low', detail: `Minimum is ${spec.minAmount}` } };
      } else if (amount > spec.maxAmount) {
        return { ok: false, decline: { status: 400, errorType: 'AMOUNT_TOO_HIGH', message: 'Amount too high', detail: `Maximum is ${spec.maxAmount}` } };
      }
      const tokens: Token[] = [];
      const serviceCharges: ServiceCharge[] = [];
      const debtRecoveryCharges: DebtRecoveryCharge[] = [];
      let remaining = amount;
      let taxTotal = 0;
      if (amount > 0) {
        for (const charge of spec.serviceCharges ?? []) {
          const gross = Math.min(charge.gross, remaining);
          remaining -= gross;
          const amt = taxable(gross);
          taxTotal += amt.tax;
          serviceCharges.push({ amount: amt, description: charge.description });
        }
        if (state.arrears > 0 && spec.recoveryPercent) {
          const gross = Math.min(state.arrears, Math.floor((remaining * spec.recoveryPercent) / 100));
          remaining -= gross;
          const balance = state.arrears - gross;
          if (!ctx.trial) state.arrears = balance;
          const amt = taxable(gross);
          taxTotal += amt.tax;
          debtRecoveryCharges.push({ amount: amt, description: 'Arrears recovery', balance: amountOf(balance), receiptNum: ctx.newReceiptNum() });
        }
      }
      if (spec.keyChange) {
        for (let i = 0; i < 2; i++) {
          tokens.push({ tokenType: 'KC', units: 0, amount: { amount: 0, currency: CURRENCY }, token: ctx.trial ? '0'.repeat(20) : ctx.newToken(), tariffCalc: [] });
        }
      }
      let purchaseTotal = 0;
      if (remaining > 0) {
        const { units, tariffCalc } = unitsForAmount(remaining);
        const amt = taxable(remaining);
        taxTotal += amt.tax;
        purchaseTotal += amt.amount;
        tokens.push({ tokenType: 'STD', units, amount: amt, receiptNum: ctx.newReceiptNum(), token: ctx.trial ? '0'.repeat(20) : ctx.newToken(), tariffCalc });
      }
      if (state.bsstDue) {
        tokens.push({
          tokenType: 'BSST',
          units: FREE_BASIC_UNITS,
          amount: { amount: 0, currency: CURRENCY, tax: 0, taxType: 'VAT', taxRate: VAT_RATE_PERCENT },
          receiptNum: ctx.newReceiptNum(),
          token: ctx.trial ? '0'.repeat(20) : ctx.newToken(),
          tariffCalc: [],
        });
        if (!ctx.trial) state.bsstDue = false;
      }
      return {
        ok: true,
        vend: {
          meter: spec.keyChange ? { ...meter, keyChangeData: spec.keyChange } : meter,
          utilityType: 'Electricity',
          tokens,
          debtRecoveryCharges,
          serviceCharges,
          purchaseTotal: amountOf(purchaseTotal),
          taxTotal: amountOf(taxTotal),
          ...(spec.amounts ? { amounts: { requestAmount: amountOf(amount), approvedAmount: amountOf(amount) } } : {}),
        },
      };
    },
  };
}

const customer = (firstName: string, lastName: string, address: string): Customer => ({ firstName, lastName, address });
const decline = (status: number, errorType: ErrorType, message: string): Decline => ({ status, errorType, message });

const TRAINING_SPECS: TrainingSpec[] = [
  {
    body: '0410000010',
    summary: 'Standard: any amount R10.00–R3 000.00; units from the block tariff; amount 0 → NO_FREE_UNITS_DUE; below/above the range → AMOUNT_TOO_LOW/AMOUNT_TOO_HIGH',
    customer: customer('Thandi', 'Nkosi', '12 Protea Road, Khayelitsha'),
    minAmount: 1000,
    maxAmount: 300000,
  },
  {
    body: '0410000028',
    summary: 'Free basic electricity due (bsstDue): amount 0 → one BSST token (50 kWh); any amount → STD + BSST; once collected, not due again until the simulator is reset',
    customer: customer('Sipho', 'Dlamini', '4 Jacaranda Street, Soweto'),
    minAmount: 1000,
    maxAmount: 300000,
    bsstDue: true,
  },
  {
    body: '0410000036',
    summary: 'Key change: every purchase returns 2 KC tokens then the STD token; meter.keyChangeData gives the new SGC 600124, KRN 2, TI 02',
    customer: customer('Anna', 'van Wyk', '88 Main Road, Paarl'),
    minAmount: 1000,
    maxAmount: 300000,
    keyChange: { newSupplyGroupCode: '600124', newKeyRevisionNumber: '2', newTariffIndex: '02' },
  },
  {
    body: '0410000044',
    summary: 'Arrears R1 500.00 (lookup arrearsAmount): 25% of each purchase goes to a debt recovery charge until the balance is paid',
    customer: customer('Lerato', 'Mokoena', '23 Vilakazi Street, Orlando West'),
    minAmount: 2000,
    maxAmount: 300000,
    arrears: 150000,
    recoveryPercent: 25,
  },
  {
    body: '0410000051',
    summary: 'Service charges: R50.00 monthly service charge and R15.00 network charge taken from every purchase (minimum R100.00)',
    customer: customer('Johan', 'Botha', '7 Kerk Street, Stellenbosch'),
    minAmount: 10000,
    maxAmount: 300000,
    serviceCharges: [
      { description: 'Monthly service charge', gross: 5000 },
      { description: 'Network charge', gross: 1500 },
    ],
  },
  {
    body: '0410000069',
    summary: 'Everything: free basic due, R800.00 arrears at 20% recovery, R50.00 service charge (minimum R100.00)',
    customer: customer('Nomsa', 'Zulu', '51 Umngeni Road, Durban'),
    minAmount: 10000,
    maxAmount: 300000,
    bsstDue: true,
    arrears: 80000,
    recoveryPercent: 20,
    serviceCharges: [{ description: 'Monthly service charge', gross: 5000 }],
  },
  {
    body: '0410000077',
    summary: 'Charges and amounts: R20.00 service charge, R500.00 arrears at 20 % recovery; the answer carries purchaseTotal (energy only), taxTotal and amounts (requested = approved = the whole payment) (minimum R50.00)',
    customer: customer('Ayanda', 'Khumalo', '19 Sisulu Avenue, Mthatha'),
    minAmount: 5000,
    maxAmount: 300000,
    arrears: 50000,
    recoveryPercent: 20,
    serviceCharges: [{ description: 'Monthly service charge', gross: 2000 }],
    amounts: true,
  },
  {
    body: '0410000085',
    summary: 'Free basic, charges and amounts: free basic due, R10.00 service charge, R300.00 arrears at 10 % recovery; the answer carries purchaseTotal, taxTotal and amounts (minimum R50.00)',
    customer: customer('Pieter', 'Jacobs', '3 Voortrekker Road, Upington'),
    minAmount: 5000,
    maxAmount: 300000,
    bsstDue: true,
    arrears: 30000,
    recoveryPercent: 10,
    serviceCharges: [{ description: 'Network charge', gross: 1000 }],
    amounts: true,
  },
  {
    body: '0419000011',
    summary: 'Declined at lookup and purchase: 400 METER_ID_BLOCKED',
    customer: customer('Blocked', 'Meter', '1 Test Street'),
    minAmount: 1000,
    maxAmount: 300000,
    lookupDecline: decline(400, 'METER_ID_BLOCKED', 'Meter blocked'),
    purchaseDecline: decline(400, 'METER_ID_BLOCKED', 'Meter blocked'),
  },
  {
    body: '0419000029',
    summary: 'Declined at lookup and purchase: 400 UTILITY_INVALID',
    customer: customer('Invalid', 'Utility', '2 Test Street'),
    minAmount: 1000,
    maxAmount: 300000,
    lookupDecline: decline(400, 'UTILITY_INVALID', 'Utility invalid'),
    purchaseDecline: decline(400, 'UTILITY_INVALID', 'Utility invalid'),
  },
  { body: '0419000037', summary: 'Purchase declined: 400 METER_KEY_INVALID', customer: customer('Key', 'Invalid', '3 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(400, 'METER_KEY_INVALID', 'Meter key invalid') },
  { body: '0419000045', summary: 'Purchase declined: 400 INSUFFICIENT_FUNDS', customer: customer('Insufficient', 'Funds', '4 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(400, 'INSUFFICIENT_FUNDS', 'Insufficient funds') },
  { body: '0419000052', summary: 'Purchase declined: 400 DO_NOT_HONOR', customer: customer('Do Not', 'Honor', '5 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(400, 'DO_NOT_HONOR', 'Do not honor') },
  { body: '0419000060', summary: 'Purchase declined: 400 TRANSACTION_DECLINED', customer: customer('Transaction', 'Declined', '6 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(400, 'TRANSACTION_DECLINED', 'Declined') },
  { body: '0419000078', summary: 'Purchase declined: 400 LIMIT_EXCEEDED', customer: customer('Limit', 'Exceeded', '7 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(400, 'LIMIT_EXCEEDED', 'Limit exceeded') },
  { body: '0419000086', summary: 'Purchase refused: 503 UPSTREAM_UNAVAILABLE (failed: nothing vended)', customer: customer('Upstream', 'Down', '8 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseDecline: decline(503, 'UPSTREAM_UNAVAILABLE', 'Upstream unavailable') },
  { body: '0419000094', summary: 'Unknown outcome: the purchase is vended but answered 504 OUTCOME_UNKNOWN at once; a retry returns the tokens', customer: customer('Outcome', 'Unknown', '9 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseAnswer: 'immediate-504' },
  { body: '0419000102', summary: 'Unknown outcome: 500 SYSTEM_MALFUNCTION, nothing vended; a retry vends', customer: customer('System', 'Malfunction', '10 Test Street'), minAmount: 1000, maxAmount: 300000, purchaseAnswer: 'immediate-500-not-vended' },
];

export const SIM_METERS: readonly SimMeter[] = [...ELECTRUM_SCENARIOS.map(electrumMeter), ...TRAINING_SPECS.map(trainingMeter)];

const BY_ID = new Map(SIM_METERS.map((m) => [m.meterId, m]));

export function findMeter(meterId: string): SimMeter | undefined {
  return BY_ID.get(meterId);
}

/** Training meter numbers by purpose, for tests and drills. */
export const TRAINING_METERS = {
  standard: withLuhnCheckDigit('0410000010'),
  freeBasic: withLuhnCheckDigit('0410000028'),
  keyChange: withLuhnCheckDigit('0410000036'),
  arrears: withLuhnCheckDigit('0410000044'),
  serviceCharges: withLuhnCheckDigit('0410000051'),
  everything: withLuhnCheckDigit('0410000069'),
  chargesWithAmounts: withLuhnCheckDigit('0410000077'),
  freeBasicChargesWithAmounts: withLuhnCheckDigit('0410000085'),
  blocked: withLuhnCheckDigit('0419000011'),
  utilityInvalid: withLuhnCheckDigit('0419000029'),
  meterKeyInvalid: withLuhnCheckDigit('0419000037'),
  insufficientFunds: withLuhnCheckDigit('0419000045'),
  doNotHonor: withLuhnCheckDigit('0419000052'),
  transactionDeclined: withLuhnCheckDigit('0419000060'),
  limitExceeded: withLuhnCheckDigit('0419000078'),
  upstreamUnavailable: withLuhnCheckDigit('0419000086'),
  outcomeUnknown: withLuhnCheckDigit('0419000094'),
  systemMalfunction: withLuhnCheckDigit('0419000102'),
} as const;
