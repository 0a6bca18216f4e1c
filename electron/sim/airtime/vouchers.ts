// The deprecated voucher operations (provisionVoucher, confirmVoucher, reverseVoucher), answered as
// Electrum's airtime test server does because its Postman pack exercises them. The till never sends
// them. They follow the purchase rules, with their own records and request types.
import { errorAnswer, type Answer } from '../http/answer';
import { findProduct, priceOf } from './catalogue';
import { issue, refuseRepeat, SaleBook, settle } from './sales';
import type { Auth } from './purchases';
import { clientMismatch, parseBody, SimAirtimeReversal, SimVoucherConfirmation, SimVoucherRequest } from './validation';

const TYPES = { confirm: 'VOUCHER_CONFIRMATION', reverse: 'VOUCHER_REVERSAL' } as const;

export class AirtimeVouchers {
  readonly book = new SaleBook();

  provision(body: unknown, auth: Auth): Answer {
    const rt = 'VOUCHER_REQUEST';
    const parsed = parseBody(SimVoucherRequest, body, rt);
    if (!parsed.ok) return parsed.answer;
    const request = parsed.value;
    const refused = clientMismatch(request, auth, rt) ?? refuseRepeat(this.book, request.id, rt);
    if (refused) return refused;
    const product = findProduct(request.product.productId);
    if (!product || product.isDirectTopup === true) {
      return errorAnswer(400, 'INVALID_PRODUCT', 'Invalid product', rt, request.id, { detailMessage: { freeString: `No voucher product ${request.product.productId}` } });
    }
    const price = priceOf(product);
    const asked = request.amounts?.requestAmount?.amount;
    const amount = 'fixed' in price ? price.fixed : asked;
    if (amount === undefined || ('min' in price && (amount < price.min || amount > price.max))) {
      return errorAnswer(400, 'INVALID_AMOUNT', 'Invalid amount', rt, request.id);
    }
    const full = issue(this.book, request, { product, amount, withVoucher: true });
    // A VoucherResponse names the product `responseProduct` and carries no msisdn.
    const { product: issued, msisdn: _msisdn, ...response } = full;
    const body201 = { ...response, responseProduct: issued };
    this.book.sales.set(request.id, { request, state: 'approved', response: body201 });
    return { status: 201, body: body201 };
  }

  confirm(body: unknown): Answer {
    const parsed = parseBody(SimVoucherConfirmation, body, TYPES.confirm, 'requestId');
    return parsed.ok ? settle(this.book, 'confirm', parsed.value, TYPES) : parsed.answer;
  }

  reverse(body: unknown): Answer {
    const parsed = parseBody(SimAirtimeReversal, body, TYPES.reverse, 'requestId');
    return parsed.ok ? settle(this.book, 'reverse', parsed.value, TYPES) : parsed.answer;
  }
}
