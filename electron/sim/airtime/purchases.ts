// Airtime v5 purchases: purchase, purchaseTrial, purchaseConfirmation, purchaseReversal and
// purchaseStatus, with the drill numbers of ./drills.ts.
import type { AirtimeProduct } from '../../../shared/protocol/airtime/schemas';
import { errorAnswer, type Answer } from '../http/answer';
import type { Sleeper } from '../http/records';
import { findProduct, priceOf } from './catalogue';
import { drillFor } from './drills';
import { issue, refuseRepeat, SaleBook, settle, type SaleRecord } from './sales';
import {
  clientMismatch,
  formatErrorAnswer,
  parseBody,
  SimAirtimeConfirmation,
  SimAirtimePurchaseRequest,
  SimAirtimeReversal,
} from './validation';

export interface AirtimeOptions {
  /** How long the slow unknown-outcome drill waits before its 504. */
  timeoutDelayMs: number;
}

export interface Auth {
  username?: string;
  credentialsChecked: boolean;
}

const TYPES = { confirm: 'PURCHASE_CONFIRMATION', reverse: 'PURCHASE_REVERSAL' } as const;
const STATUS = 'PURCHASE_STATUS_REQUEST';

type Checked = { ok: true; product: AirtimeProduct; amount: number } | { ok: false; answer: Answer };

/** The product exists, the amount fits it, and a direct top-up names its recipient. */
function check(request: SimAirtimePurchaseRequest, requestType: string): Checked {
  const product = findProduct(request.product.productId);
  if (!product) return { ok: false, answer: errorAnswer(400, 'INVALID_PRODUCT', 'Invalid product', requestType, request.id, { detailMessage: { freeString: `No product ${request.product.productId}` } }) };
  const asked = request.amounts?.requestAmount?.amount;
  const price = priceOf(product);
  let amount: number;
  if ('fixed' in price) {
    if (asked !== undefined && asked !== price.fixed) {
      return { ok: false, answer: errorAnswer(400, 'INVALID_AMOUNT', 'Invalid amount', requestType, request.id, { detailMessage: { freeString: `${product.productId} costs ${price.fixed} cents` } }) };
    }
    amount = price.fixed;
  } else {
    if (asked === undefined || asked < price.min || asked > price.max) {
      return {
        ok: false,
        answer: errorAnswer(400, 'INVALID_AMOUNT', 'Invalid amount', requestType, request.id, {
          detailMessage: { freeString: `amounts.requestAmount must be from ${price.min} to ${price.max} cents`, minAmount: price.min, maxAmount: price.max },
        }),
      };
    }
    amount = asked;
  }
  if (product.isDirectTopup === true && !request.recipientMsisdn) {
    return { ok: false, answer: errorAnswer(400, 'INVALID_MSISDN', 'Recipient needed', requestType, request.id, { detailMessage: { freeString: 'A direct top-up needs recipientMsisdn' } }) };
  }
  return { ok: true, product, amount };
}

export class AirtimePurchases {
  readonly book = new SaleBook();

  constructor(
    private readonly opts: AirtimeOptions,
    private readonly sleeper: Sleeper,
  ) {}

  async purchase(body: unknown, auth: Auth): Promise<Answer> {
    const rt = 'PURCHASE_REQUEST';
    const parsed = parseBody(SimAirtimePurchaseRequest, body, rt);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    const refused = clientMismatch(request, auth, rt) ?? refuseRepeat(this.book, request.id, rt);
    if (refused) return refused;
    // Stored before anything else, so advices and status queries find it whatever happens next.
    const sale: SaleRecord = { request, state: 'pending' };
    this.book.sales.set(request.id, sale);

    const checked = check(request, rt);
    const drill = drillFor(request.recipientMsisdn?.msisdn);
    const decline = !checked.ok ? checked.answer : drill?.kind === 'decline' ? errorAnswer(drill.status, drill.errorType, drill.message, rt, request.id) : undefined;
    if (decline || !checked.ok) {
      const detail = (decline?.body ?? {}) as { errorType?: string; errorMessage?: string };
      sale.state = 'declined';
      sale.decline = { status: decline?.status ?? 400, errorType: detail.errorType ?? 'GENERAL_ERROR', message: detail.errorMessage ?? 'Declined' };
      return decline ?? { status: 500 };
    }
    const response = issue(this.book, request, {
      product: checked.product,
      amount: checked.amount,
      ...(request.recipientMsisdn ? { recipientMsisdn: request.recipientMsisdn } : {}),
      withVoucher: true,
    });
    if (drill?.kind === 'unknown-pending') {
      sale.response = response;
      return errorAnswer(504, 'OUTCOME_UNKNOWN', 'Outcome unknown', rt, request.id);
    }
    sale.state = 'approved';
    sale.response = response;
    if (drill?.kind === 'unknown-approved') return errorAnswer(504, 'OUTCOME_UNKNOWN', 'Outcome unknown', rt, request.id);
    if (drill?.kind === 'slow-approved') {
      await this.sleeper.sleep(this.opts.timeoutDelayMs);
      return errorAnswer(504, 'UPSTREAM_UNAVAILABLE', 'Timeout', rt, request.id);
    }
    return { status: 201, body: response };
  }

  /** No financial effect and nothing stored: the answer a purchase would get, without a PIN. */
  trial(body: unknown, auth: Auth): Answer {
    const rt = 'TRIAL_PURCHASE_REQUEST';
    const parsed = parseBody(SimAirtimePurchaseRequest, body, rt);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    const refused = clientMismatch(request, auth, rt);
    if (refused) return refused;
    const checked = check(request, rt);
    if (!checked.ok) return checked.answer;
    const drill = drillFor(request.recipientMsisdn?.msisdn);
    if (drill?.kind === 'decline') return errorAnswer(drill.status, drill.errorType, drill.message, rt, request.id);
    const response = issue(new SaleBook(), request, {
      product: checked.product,
      amount: checked.amount,
      ...(request.recipientMsisdn ? { recipientMsisdn: request.recipientMsisdn } : {}),
      withVoucher: false,
    });
    return { status: 200, body: response };
  }

  confirm(body: unknown): Answer {
    const parsed = parseBody(SimAirtimeConfirmation, body, TYPES.confirm, 'requestId');
    return parsed.ok ? settle(this.book, 'confirm', parsed.value, TYPES) : parsed.answer;
  }

  reverse(body: unknown): Answer {
    const parsed = parseBody(SimAirtimeReversal, body, TYPES.reverse, 'requestId');
    return parsed.ok ? settle(this.book, 'reverse', parsed.value, TYPES) : parsed.answer;
  }

  /**
   * By originalMsgId, or by the provider's purchaseReference with the provider. Answered 202 with the
   * rebuilt response, as Electrum's test server does (the spec says 200; both are successful).
   */
  status(query: URLSearchParams): Answer {
    const originalMsgId = query.get('originalMsgId');
    const reference = query.get('purchaseReference');
    const provider = query.get('provider');
    let id: string | undefined;
    if (originalMsgId) {
      id = originalMsgId;
    } else {
      const missing = [
        ...(reference ? [] : ['purchaseReference']),
        ...(provider ? [] : ['provider']),
      ].map((name) => ({ field: name, msg: `query param ${name} may not be null`, value: null }));
      if (missing.length > 0) return formatErrorAnswer(missing, STATUS, '');
      id = this.book.byReference.get(`${provider}|${reference}`);
    }
    const sale = id === undefined ? undefined : this.book.sales.get(id);
    const ref = originalMsgId ?? `${provider}/${reference}`;
    if (id === undefined || !sale) {
      return errorAnswer(404, 'UNABLE_TO_LOCATE_RECORD', 'Record not found', STATUS, ref, {
        originalId: ref,
        detailMessage: { freeString: 'No purchase was received with this reference.' },
      });
    }
    if (sale.reversedBy !== undefined) {
      return errorAnswer(400, 'ACCOUNT_ALREADY_SETTLED', 'Purchase reversed', STATUS, id, { originalId: id, detailMessage: { reversalId: sale.reversedBy } });
    }
    if (sale.state === 'declined' && sale.decline) {
      return errorAnswer(400, sale.decline.errorType, sale.decline.message, STATUS, id, { originalId: id });
    }
    if (sale.state === 'pending' || !sale.response) {
      return errorAnswer(500, 'OUTCOME_UNKNOWN', 'Outcome pending', STATUS, id, { originalId: id, detailMessage: { freeString: 'The provider has not answered yet.' } });
    }
    return { status: 202, body: sale.response };
  }
}
