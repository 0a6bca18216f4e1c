// Electrum's public test-server scenarios (prepaidutility-test-server: meters.csv and TST001–TST011),
// carried over as data. Token numbers are not copied: the simulator gives every purchase fresh,
// unique 20-digit numbers (see docs/protocol.md). Structure, units, amounts and receipt numbers are
// Electrum's. Two defects of the mock data are repaired: charges carry `description` (the mock
// misspells it `descrition`) and key-change tokens carry a currency.
import type { Customer, SlipLine, TariffBlock, TokenType } from '../../shared/protocol/schemas';

export const ELECTRUM_UTILITY = {
  name: 'Electrum Test Server',
  address: 'The Cloud',
  vatRegNum: '0000000000',
  clientId: '0001',
  message: 'This is a message to the customer',
} as const;

export const ELECTRUM_METER_DEFAULTS = {
  supplyGroupCode: '000001',
  keyRevisionNum: '1',
  tariffIndex: '01',
  tokenTechCode: '02',
} as const;

export interface TokenTemplate {
  tokenType: TokenType;
  units: number;
  amount: { amount: number; tax?: number; taxType?: string; taxRate?: number };
  receiptNum?: string;
  tariffCalc?: TariffBlock[];
}

export interface ChargeTemplate {
  amount: { amount: number; tax: number; taxType: string; taxRate: number };
  description: string;
  balance?: number;
  receiptNum?: string;
}

export interface ElectrumScenario {
  meterId: string;
  customer: Customer;
  /** Electrum's test meters accept exactly this amount (min = max). */
  amount: number;
  utilityType?: string;
  tokens: TokenTemplate[];
  debtRecoveryCharges?: ChargeTemplate[];
  serviceCharges?: ChargeTemplate[];
  slipLines?: SlipLine[];
  /** TST011: the purchase is stored, then answered 504 after a delay; a retry succeeds. */
  timesOut?: boolean;
}

const VAT14 = { taxType: 'VAT', taxRate: 14.0 } as const;
const std = (receiptNum: string, extra: Partial<TokenTemplate> = {}): TokenTemplate => ({
  tokenType: 'STD',
  units: 73.8,
  amount: { amount: 8600, tax: 1400, ...VAT14 },
  receiptNum,
  ...extra,
});
const bsst = (receiptNum: string): TokenTemplate => ({
  tokenType: 'BSST',
  units: 50.0,
  amount: { amount: 0, tax: 0, ...VAT14 },
  receiptNum,
});
const kc = (): TokenTemplate => ({ tokenType: 'KC', units: 0, amount: { amount: 0 } });
const charge = (description: string, extra: Partial<ChargeTemplate> = {}): ChargeTemplate => ({
  amount: { amount: 4300, tax: 700, ...VAT14 },
  description,
  ...extra,
});

export const ELECTRUM_SCENARIOS: readonly ElectrumScenario[] = [
  { meterId: 'TST001', customer: { firstName: 'Pierre', lastName: 'De Wet', address: '21 Dorp Straat' }, amount: 10000, tokens: [std('RCT10001')] },
  { meterId: 'TST002', customer: { firstName: 'Siphesihle', lastName: 'Mwamure', address: '14 1st Street' }, amount: 0, tokens: [bsst('RCT20001')] },
  { meterId: 'TST003', customer: { firstName: 'Mohamed', lastName: 'Kaifa', address: '56 Prentice Road' }, amount: 10000, tokens: [std('RCT30001'), bsst('RCT30002')] },
  {
    meterId: 'TST004',
    customer: { firstName: 'Kgosietsile', lastName: 'Zono', address: '34 Mota Street' },
    amount: 10000,
    tokens: [std('RCT40001', { tariffCalc: [{ units: 50.0, rate: 117.3 }, { units: 23.8, rate: 173.74 }] })],
  },
  {
    meterId: 'TST005',
    customer: { firstName: 'Ibraheem', lastName: 'Davids', address: '7 Adams Street' },
    amount: 5000,
    tokens: [std('RCT50001'), { tokenType: 'REFUND', units: 73.8, amount: { amount: 10000, tax: 0 } }],
  },
  { meterId: 'TST006', customer: { firstName: 'Zukile', lastName: 'Maqoba', address: '9 Mahlangu Street' }, amount: 10000, tokens: [kc(), kc(), std('RCT60001')] },
  {
    meterId: 'TST007',
    customer: { firstName: 'John', lastName: 'Palmer', address: '31 Milner Road' },
    amount: 20000,
    tokens: [std('RCT70001')],
    debtRecoveryCharges: [charge('Municipal rates arrears', { balance: 27300, receiptNum: 'RCT70002' })],
    serviceCharges: [charge('Connection fee')],
  },
  {
    meterId: 'TST008',
    customer: { firstName: 'Kgotso', lastName: 'Phiri', address: '52 Ntombela Street' },
    amount: 20000,
    tokens: [std('RCT80001')],
    debtRecoveryCharges: [
      charge('Municipal rates arrears', { balance: 27300, receiptNum: 'RCT80002' }),
      charge('Municipal water arrears', { balance: 27300, receiptNum: 'RCT80003' }),
    ],
  },
  {
    meterId: 'TST009',
    customer: { firstName: 'Janine', lastName: 'Oosthuizen', address: '301 Kerk Straat' },
    amount: 20000,
    tokens: [std('RCT90001')],
    serviceCharges: [charge('Connection fee'), charge('Service fee')],
  },
  {
    // Electrum's mock sends a v2 `printableSlip`; served here as v3 slipData, with a token so a sale works.
    meterId: 'TST010',
    customer: { firstName: 'Peter', lastName: 'Dyton', address: '1 Elands Drive' },
    amount: 10000,
    tokens: [std('RCT100001')],
    slipLines: [
      { text: '---    Slip Line 1    ---', fontWidthScaleFactor: 2, fontHeightScaleFactor: 2 },
      { text: '---    Slip Line 2    ---' },
      { text: '---    Slip Line 3    ---' },
      { text: '---    Slip Line 4    ---' },
      { text: '---    Slip Line 5    ---' },
    ],
  },
  { meterId: 'TST011', customer: { firstName: 'Ruth', lastName: 'Cupido', address: '4 Meyer Street' }, amount: 10000, tokens: [std('RCT10001')], timesOut: true },
];

/** KeyChangeToken.json: the answer to a key change request for any known meter. */
export const ELECTRUM_KEY_CHANGE_TOKENS: readonly TokenTemplate[] = [kc(), kc()];
