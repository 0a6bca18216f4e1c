import { describe, expect, it } from 'vitest';
import { maskCardNumber, maskForLog, maskMsisdn, maskText } from './mask';

describe('masking for logs', () => {
  it('keeps the first six and last four digits of a card number', () => {
    expect(maskCardNumber('4111111111111111')).toBe('411111******1111');
    expect(maskCardNumber('1234')).toBe('****');
  });
  it('masks PINs, PIN blocks, passwords and authorization wherever they sit', () => {
    const masked = maskForLog({
      tenders: [{ cardNumber: '5500000000000004', tenderType: 'CREDIT_CARD' }],
      paymentMethods: [{ type: 'CARD', pan: '4111111111111111', pin: { type: 'CLEAR_PIN', pin: '1234' }, expiryDate: '2712' }],
      headers: { Authorization: 'Basic cG9zOnNlY3JldA==' },
      credentials: { username: 'pos', password: 'secret' },
      encrypted: { pinBlock: '0123456789ABCDEF' },
    });
    const text = JSON.stringify(masked);
    for (const secret of ['5500000000000004', '4111111111111111', '1234"', '2712', 'cG9zOnNlY3JldA', 'secret', '0123456789ABCDEF']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('550000******0004');
  });
  it('masks credentials and card numbers inside free text but leaves tokens and meter numbers', () => {
    expect(maskText('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic ****');
    expect(maskText('https://user:pass@host/x')).toBe('https://****:****@host/x');
    expect(maskText('card 4111111111111111 declined')).toBe('card 411111******1111 declined');
    expect(maskText('token 12345678901234567890 meter 04100000100')).toBe('token 12345678901234567890 meter 04100000100');
  });
  it('masks AN32 payment tokens but keeps 20-digit STS tokens', () => {
    expect(maskForLog({ paymentMethods: [{ type: 'AN_32_TOKEN', token: 'a'.repeat(32) }], tokens: [{ token: '12345678901234567890' }] })).toEqual({
      paymentMethods: [{ type: 'AN_32_TOKEN', token: '****' }],
      tokens: [{ token: '12345678901234567890' }],
    });
  });
  it('leaves the input untouched', () => {
    const input = { pin: '1234' };
    maskForLog(input);
    expect(input.pin).toBe('1234');
  });
  it('masks airtime voucher PINs and keeps the serial number for reconciliation', () => {
    const masked = maskForLog({ voucher: { pin: '81234567890123', serialNumber: 'SN0012345', batchNumber: 'B77' } });
    expect(masked).toEqual({ voucher: { pin: '****', serialNumber: 'SN0012345', batchNumber: 'B77' } });
  });
  it('never shows a whole phone number: objects, strings, query parameters, cut-off JSON', () => {
    expect(maskMsisdn('27821234567')).toBe('2782*****67');
    expect(maskMsisdn('+27821234567')).toBe('+2782*****67');
    expect(maskMsisdn('12345')).toBe('****');
    const text = JSON.stringify(maskForLog({ recipientMsisdn: { msisdn: '27821234567', country: 'ZA' }, senderMsisdn: { msisdn: '+27731234567' }, customer: { msisdn: '0821234567' } }));
    for (const number of ['27821234567', '27731234567', '0821234567', '1234567']) expect(text).not.toContain(number);
    expect(text).toContain('2782*****67');
    expect(maskText('GET https://h/airtime/v5/msisdn?msisdn=27821234567&operator=MTN')).toBe('GET https://h/airtime/v5/msisdn?msisdn=2782*****67&operator=MTN');
    expect(maskText('https://h/airtime/v5/msisdn?operator=MTN&msisdn=%2B27821234567')).not.toContain('1234567');
  });
  it('masks PINs and phone numbers in a body that is not whole JSON (cut off, or logged as text)', () => {
    const cut = '{"voucher":{"pin":"81234567890123","serialNumber":"SN1"},"msisdn":{"msisdn":"27821234567","country":"ZA"},"x":{"pin":"99887';
    const masked = maskText(cut);
    for (const secret of ['81234567890123', '27821234567', '99887']) expect(masked).not.toContain(secret);
    expect(masked).toContain('"serialNumber":"SN1"');
    expect(maskText('{"pin": 4321}')).toBe('{"pin": "****"}');
  });
});
