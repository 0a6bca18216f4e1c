// Where the catalogue comes from: the upstream's listProducts, asked once per session, or — when the
// upstream has no catalogue (501) — the one configured for this till (config.json airtime.catalogue).
// A lookup of the customer's number narrows it to their operator.
import type { PosBridge } from '../../shared/bridge';
import type { AirtimeProduct, MsisdnInfoResponse } from '../../shared/protocol/airtime/schemas';
import { describeFailure, describeUnknown } from '../sale/messages';

export interface Catalogue {
  products: AirtimeProduct[];
  /** 'upstream': listProducts answered; 'configured': it answered 501 and the till's own list is used. */
  source: 'upstream' | 'configured';
}

export type CatalogueStep = { ok: true; value: Catalogue } | { ok: false; message: string };

type Invoke = Pick<PosBridge, 'invoke'>;

/**
 * One catalogue per session and channel: the first screen asks, the next customers reuse it. A
 * failure is not cached, so the next attempt asks again.
 */
export class CatalogueCache {
  private readonly loaded = new Map<string, Promise<CatalogueStep>>();

  constructor(
    private readonly bridge: Invoke,
    private readonly configured: readonly AirtimeProduct[] = [],
  ) {}

  get(channelName?: string): Promise<CatalogueStep> {
    const key = channelName ?? '';
    const cached = this.loaded.get(key);
    if (cached) return cached;
    const loading = loadCatalogue(this.bridge, this.configured, channelName).then((step) => {
      if (!step.ok) this.loaded.delete(key);
      return step;
    });
    this.loaded.set(key, loading);
    return loading;
  }

  /** Forget the cached list (the supervisor asked for a fresh one). */
  clear(): void {
    this.loaded.clear();
  }
}

export async function loadCatalogue(bridge: Invoke, configured: readonly AirtimeProduct[], channelName?: string): Promise<CatalogueStep> {
  const result = await bridge.invoke('airtime:listProducts', channelName ? { channelName } : {});
  if (!result.ok) return { ok: false, message: `The product list could not be fetched: ${result.error.message}` };
  const outcome = result.data;
  if (outcome.kind === 'successful') {
    if (outcome.body.length === 0) return fallback(configured, 'The provider’s product list is empty');
    return { ok: true, value: { products: outcome.body, source: 'upstream' } };
  }
  // 501: this upstream has no catalogue to give; the till's own list is the catalogue.
  if (outcome.kind === 'failed' && outcome.status === 501) return fallback(configured, 'The provider has no product list');
  if (outcome.kind === 'failed') return { ok: false, message: `The product list could not be fetched. ${describeFailure(outcome, 'product list', 'airtime')}` };
  return { ok: false, message: `The product list could not be fetched. ${describeUnknown(outcome)} Try again.` };
}

function fallback(configured: readonly AirtimeProduct[], why: string): CatalogueStep {
  if (configured.length === 0) {
    return { ok: false, message: `${why}, and none is configured for this till (config.json airtime.catalogue). Call your supervisor.` };
  }
  return { ok: true, value: { products: [...configured], source: 'configured' } };
}

export interface NumberInfo {
  /** The operator the upstream knows the number by, if it said. */
  operator?: string;
  /** Products the upstream offers for this number, when it lists them. */
  available?: AirtimeProduct[];
}

/**
 * Asks which operator a number belongs to (ported numbers keep their number, not their operator).
 * Optional: when the upstream cannot say, the cashier picks the operator; nothing is bought here.
 */
export async function lookupNumber(bridge: Invoke, msisdn: string): Promise<{ ok: true; value: NumberInfo } | { ok: false; message: string; declined: boolean }> {
  const result = await bridge.invoke('airtime:lookupMsisdn', { msisdn });
  if (!result.ok) return { ok: false, declined: false, message: result.error.message };
  const outcome = result.data;
  if (outcome.kind === 'successful') return { ok: true, value: numberInfo(outcome.body) };
  if (outcome.kind === 'failed') {
    const declined = outcome.error?.errorType === 'INVALID_MSISDN';
    return { ok: false, declined, message: describeFailure(outcome, 'number check', 'airtime') };
  }
  return { ok: false, declined: false, message: describeUnknown(outcome) };
}

function numberInfo(body: MsisdnInfoResponse): NumberInfo {
  const operator = body.msisdn?.operator?.name;
  return {
    ...(operator ? { operator } : {}),
    ...(body.availableProducts && body.availableProducts.length > 0 ? { available: body.availableProducts } : {}),
  };
}
