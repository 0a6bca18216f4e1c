// What the cashier is choosing for an airtime sale before anything is bought: the number, the
// operator, the product, the amount and the cash. Nothing here is durable; once the cashier presses
// Purchase the sale store journals the draft and every later screen comes from the journal.
import { create } from 'zustand';
import type { AppInfo, PosBridge } from '../../shared/bridge';
import type { AirtimeProduct } from '../../shared/protocol/airtime/schemas';
import { isVariable, operatorName, type ProductKind } from '../airtime/catalogue';
import { CatalogueCache, lookupNumber, type Catalogue } from '../airtime/catalogue-source';
import { parseMsisdn, type ParsedMsisdn } from '../airtime/msisdn';
import { airtimeDraft, checkOrder, type AirtimeDraft, type AirtimeOrder } from '../airtime/order';

export type AirtimePhase = 'number' | 'products' | 'tender';

export interface AirtimeDeps {
  bridge: Pick<PosBridge, 'invoke'>;
  info: AppInfo;
}

interface AirtimeUiState {
  phase: AirtimePhase;
  /** What the cashier typed (kept when they come back to fix it). */
  numberText: string;
  msisdn?: ParsedMsisdn;
  /** The operator the upstream knows the number by (lookupMsisdn), when it said. */
  numberOperator?: string;
  /** Why the operator could not be looked up: the cashier picks it instead. */
  lookupNote?: string;
  catalogue?: Catalogue;
  loading?: string;
  operator?: string;
  kind?: ProductKind;
  query: string;
  product?: AirtimeProduct;
  amountText: string;
  tenderedText: string;
  error?: string;
  /** Checks the number (no network call for a bad one), asks its operator and loads the catalogue. */
  enterNumber(deps: AirtimeDeps, text: string): Promise<void>;
  /** Loads the catalogue again after it failed. */
  reloadCatalogue(deps: AirtimeDeps): Promise<void>;
  chooseOperator(operator: string | undefined): void;
  chooseKind(kind: ProductKind | undefined): void;
  search(query: string): void;
  pick(product: AirtimeProduct): void;
  setAmounts(amountText: string, tenderedText: string): void;
  back(): void;
  /** The checked order and the draft to journal, or why not (said on the tender screen). */
  order(deps: AirtimeDeps): { ok: true; draft: AirtimeDraft; order: AirtimeOrder } | { ok: false; message: string };
  fail(message: string): void;
  /** A new customer: the catalogue stays cached, everything else goes. */
  reset(): void;
}

let cache: { bridge: AirtimeDeps['bridge']; catalogue: CatalogueCache } | undefined;

/** One catalogue per session (per bridge): listProducts is asked once, the fallback read from settings. */
function catalogueFor(deps: AirtimeDeps): CatalogueCache {
  if (cache?.bridge !== deps.bridge) cache = { bridge: deps.bridge, catalogue: new CatalogueCache(deps.bridge, configuredCatalogue(deps.info)) };
  return cache.catalogue;
}

/** config.json services.airtime.catalogue, as AppInfo carries it (absent when the settings have none). */
function configuredCatalogue(info: AppInfo): AirtimeProduct[] {
  return info.services?.airtime.catalogue ?? [];
}

/** The sales channel this till asks listProducts for (config.json services.airtime.channelName). */
export function airtimeChannel(info: AppInfo): string | undefined {
  return info.services?.airtime.channelName;
}

const FRESH = {
  phase: 'number' as AirtimePhase,
  numberText: '',
  msisdn: undefined,
  numberOperator: undefined,
  lookupNote: undefined,
  loading: undefined,
  operator: undefined,
  kind: undefined,
  query: '',
  product: undefined,
  amountText: '',
  tenderedText: '',
  error: undefined,
};

export const useAirtimeStore = create<AirtimeUiState>()((set, get) => {
  async function loadCatalogue(deps: AirtimeDeps): Promise<boolean> {
    set({ loading: 'Fetching the products…' });
    const step = await catalogueFor(deps).get(airtimeChannel(deps.info));
    if (!step.ok) {
      set({ loading: undefined, error: step.message });
      return false;
    }
    set({ loading: undefined, catalogue: step.value });
    return true;
  }

  return {
    ...FRESH,
    async enterNumber(deps, text) {
      const parsed = parseMsisdn(text);
      if (!parsed.ok) {
        set({ numberText: text, error: parsed.message });
        return;
      }
      set({ numberText: text, msisdn: parsed.value, error: undefined, loading: 'Looking up the number…', numberOperator: undefined, lookupNote: undefined });
      const [looked] = await Promise.all([lookupNumber(deps.bridge, parsed.value.international), loadCatalogue(deps)]);
      if (get().msisdn?.international !== parsed.value.international) return;
      if (!looked.ok && looked.declined) {
        // The upstream says the number does not exist: nothing can be sold to it.
        set({ phase: 'number', loading: undefined, error: looked.message });
        return;
      }
      const catalogue = get().catalogue;
      const operator = looked.ok ? looked.value.operator : undefined;
      // The number's operator narrows the list only if the catalogue sells that operator.
      const known = operator && catalogue?.products.some((p) => operatorName(p) === operator) ? operator : undefined;
      set({
        phase: catalogue ? 'products' : 'number',
        loading: undefined,
        numberOperator: operator,
        operator: known,
        kind: undefined,
        query: '',
        lookupNote: looked.ok ? undefined : `The operator of this number could not be looked up (${looked.message}) Choose it below.`,
      });
    },
    async reloadCatalogue(deps) {
      set({ error: undefined });
      if (await loadCatalogue(deps)) set({ phase: 'products' });
    },
    chooseOperator(operator) {
      set({ operator });
    },
    chooseKind(kind) {
      set({ kind });
    },
    search(query) {
      set({ query });
    },
    pick(product) {
      set({ product, phase: 'tender', error: undefined, amountText: '', tenderedText: '' });
    },
    setAmounts(amountText, tenderedText) {
      set({ amountText, tenderedText });
    },
    back() {
      const phase = get().phase;
      set({ phase: phase === 'tender' ? 'products' : 'number', error: undefined });
    },
    order(deps) {
      const { msisdn, product, amountText, tenderedText } = get();
      if (!msisdn || !product) return { ok: false, message: 'Choose the number and the product first.' };
      const checked = checkOrder(product, deps.info.terminal.currency, { amountText: isVariable(product) ? amountText : '', tenderedText });
      if (!checked.ok) return checked;
      return { ok: true, order: checked.value, draft: airtimeDraft(deps.info, msisdn, product, checked.value) };
    },
    fail(message) {
      set({ error: message });
    },
    reset() {
      set({ ...FRESH });
    },
  };
});
