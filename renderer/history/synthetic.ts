// Journal rows for history's tests and bench: electricity and airtime sales shaped as the sale flow
// writes them (real request builders, responses with receipts, customers, vouchers), deterministic
// from a seed so a test can name what it expects. Never imported by the app.
import { buildAirtimePurchaseRequest } from '../../shared/protocol/airtime/envelope';
import { buildPurchaseRequest, cashTender, TRAINING_TERMINAL } from '../../shared/protocol/envelope';
import type { SaleState } from '../../shared/sale-machine';
import type { AirtimeSale, ElectricitySale, SaleRecord } from '../db/db';

/** A small, fast PRNG (mulberry32): the same seed gives the same journal. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4 UUID from the PRNG (the journal's ids are random v4 UUIDs; these are reproducible ones). */
export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Math.floor(random() * 4) + 8) as number).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface SaleSpec {
  service: 'electricity' | 'airtime';
  purchaseId: string;
  createdAt: string;
  /** Meter number, or phone number in international form. */
  subject: string;
  state: SaleState;
  operatorId?: string;
  amount: number;
  /** Electricity: receipt number of the token; airtime: the voucher serial. */
  receipt?: string;
  /** Airtime PIN (a voucher): a secret the detail view must never show. */
  pin?: string;
}

const HELD: readonly SaleState[] = ['approved', 'printed', 'print-failed', 'confirming', 'confirmed', 'confirm-failed', 'reversing', 'reversed', 'reverse-failed'];
const money = (amount: number) => ({ amount, currency: '710' });

/** The states such a sale went through, as the sale machine allows. */
const PATHS: Partial<Record<SaleState, SaleState[]>> = {
  sending: ['sending'],
  confirmed: ['sending', 'approved', 'printed', 'confirming', 'confirmed'],
  'confirm-failed': ['sending', 'approved', 'printed', 'confirming', 'confirm-failed'],
  reversed: ['sending', 'approved', 'printed', 'reversing', 'reversed'],
  'reverse-failed': ['sending', 'approved', 'printed', 'reversing', 'reverse-failed'],
  review: ['sending', 'in-doubt', 'review'],
};

function historyOf(spec: SaleSpec): SaleRecord['history'] {
  return (PATHS[spec.state] ?? ['sending', spec.state]).map((state) => ({ at: spec.createdAt, state }));
}

export function electricitySale(spec: SaleSpec): ElectricitySale {
  const request = buildPurchaseRequest(TRAINING_TERMINAL, {
    id: spec.purchaseId,
    time: spec.createdAt,
    ...(spec.operatorId ? { operatorId: spec.operatorId } : {}),
    meterId: spec.subject,
    amount: spec.amount,
    tenders: [cashTender(money(spec.amount))],
  });
  const approved = HELD.includes(spec.state);
  const response: ElectricitySale['response'] = approved
    ? {
        ...request,
        meter: { meterId: spec.subject },
        customer: { firstName: 'Nomsa', lastName: 'Dlamini', address: '12 Jacaranda Street, Soweto' },
        utility: { name: 'Training Utility', address: '1 Power Road' },
        tokens: [{ tokenType: 'STD', units: spec.amount / 200, amount: money(spec.amount), receiptNum: spec.receipt ?? `R${spec.purchaseId.slice(0, 8)}`, token: '12345678901234567890' }],
        debtRecoveryCharges: [],
        serviceCharges: [],
      }
    : undefined;
  return {
    service: 'electricity',
    purchaseId: spec.purchaseId,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    subject: spec.subject,
    state: spec.state,
    tendered: spec.amount,
    meterId: spec.subject,
    request,
    ...(response ? { response } : {}),
    exchanges: [
      {
        at: spec.createdAt,
        operation: 'createTokenPurchaseRequest',
        requestId: spec.purchaseId,
        outcome: approved ? { kind: 'successful', status: 201, body: response } : { kind: 'failed', status: 400, message: 'declined' },
      },
    ],
    history: historyOf(spec),
  };
}

export function airtimeSale(spec: SaleSpec): AirtimeSale {
  const request = buildAirtimePurchaseRequest(TRAINING_TERMINAL, {
    id: spec.purchaseId,
    time: spec.createdAt,
    ...(spec.operatorId ? { operatorId: spec.operatorId } : {}),
    product: { productId: 'VODAAT10' },
    recipientMsisdn: spec.subject,
    tenders: [cashTender(money(spec.amount))],
  });
  const approved = HELD.includes(spec.state);
  const product = { productId: 'VODAAT10', name: 'Vodacom R10 airtime', isDirectTopup: false, operator: { id: '6001', name: 'Vodacom' } };
  const response: AirtimeSale['response'] = approved
    ? {
        ...request,
        product,
        msisdn: { msisdn: spec.subject },
        voucher: {
          pin: spec.pin ?? '1234567890123',
          serialNumber: spec.receipt ?? `S${spec.purchaseId.slice(0, 10).replace(/-/g, '')}`,
          redeemInstructions: ['Dial *100*01*<pin>#'],
        },
        slipData: { issuerReference: `SIM${spec.purchaseId.slice(0, 8).toUpperCase().replace(/[^A-Z0-9]/g, '')}` },
      }
    : undefined;
  return {
    service: 'airtime',
    purchaseId: spec.purchaseId,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    subject: spec.subject,
    state: spec.state,
    tendered: spec.amount,
    msisdn: spec.subject,
    product,
    request,
    ...(response ? { response } : {}),
    exchanges: [
      {
        at: spec.createdAt,
        operation: 'purchase',
        requestId: spec.purchaseId,
        outcome: approved ? { kind: 'successful', status: 201, body: response } : { kind: 'failed', status: 400, message: 'declined' },
      },
    ],
    history: historyOf(spec),
  };
}

export const saleOf = (spec: SaleSpec): SaleRecord => (spec.service === 'electricity' ? electricitySale(spec) : airtimeSale(spec));

export interface JournalShape {
  count: number;
  seed?: number;
  /** First sale's time; the rest follow, `spacingMs` apart on average. */
  start?: number;
  spacingMs?: number;
  meters?: number;
  phones?: number;
  cashiers?: number;
}

const STATE_WEIGHTS: ReadonlyArray<[SaleState, number]> = [
  ['confirmed', 0.9], ['declined', 0.04], ['reversed', 0.03], ['confirm-failed', 0.01], ['in-doubt', 0.01], ['review', 0.005], ['reverse-failed', 0.005],
];

function pickState(r: number): SaleState {
  let sum = 0;
  for (const [state, weight] of STATE_WEIGHTS) {
    sum += weight;
    if (r < sum) return state;
  }
  return 'confirmed';
}

/** The i-th meter of the pool: 11 digits, as the training meters. */
export const meterOf = (i: number): string => `041${String(i).padStart(8, '0')}`;
/** The i-th phone of the pool, international form. */
export const phoneOf = (i: number): string => `2782${String(i).padStart(7, '0')}`;

/** A whole journal's worth of sale specs, oldest first: a year of a busy till at 100,000. */
export function journalSpecs(shape: JournalShape): SaleSpec[] {
  const random = seeded(shape.seed ?? 1);
  const start = shape.start ?? Date.UTC(2025, 10, 1);
  const spacing = shape.spacingMs ?? 300_000;
  const specs: SaleSpec[] = [];
  let time = start;
  for (let i = 0; i < shape.count; i += 1) {
    time += Math.floor(random() * spacing * 2) + 1;
    const airtime = random() < 0.35;
    const purchaseId = uuidFrom(random);
    specs.push({
      service: airtime ? 'airtime' : 'electricity',
      purchaseId,
      createdAt: new Date(time).toISOString(),
      subject: airtime ? phoneOf(Math.floor(random() * (shape.phones ?? 10_000))) : meterOf(Math.floor(random() * (shape.meters ?? 20_000))),
      state: pickState(random()),
      operatorId: `cashier${1 + Math.floor(random() * (shape.cashiers ?? 6))}`,
      amount: 1_000 * (1 + Math.floor(random() * 50)),
      receipt: airtime ? `SN${String(i).padStart(10, '0')}` : `RCT${String(i).padStart(8, '0')}`,
      ...(airtime ? { pin: String(1e12 + Math.floor(random() * 9e12)) } : {}),
    });
  }
  return specs;
}
