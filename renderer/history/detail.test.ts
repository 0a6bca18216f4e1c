// The detail view's masking and the reprint rule, on sales shaped as the journal stores them.
import { describe, expect, it } from 'vitest';
import { canReprintHere, detailOf, shownSubject } from './detail';
import { airtimeSale, electricitySale } from './synthetic';

const base = { purchaseId: '3f6c2a10-8d4e-4b7a-9c21-000000000001', createdAt: '2026-01-05T10:00:00.000Z', operatorId: 'thandi', amount: 1_000 };

describe('history detail', () => {
  it('shows every exchange and the request and response with no PIN, no whole phone number and no customer name or address', () => {
    const sale = airtimeSale({ ...base, service: 'airtime', subject: '27825550101', state: 'confirmed', receipt: '189257261772', pin: '125805293941' });
    // An operator that copies the PIN into its redeem line: free text is scrubbed too.
    if (sale.response?.voucher) sale.response.voucher.redeemInstructions = ['Dial *100*01*125805293941#'];
    const shown = detailOf(sale);
    const all = JSON.stringify(shown);
    expect(all).not.toContain('125805293941');
    expect(all).not.toContain('27825550101');
    expect(all).toContain('2782*****01');
    expect(all, 'the serial is a reference, not a secret').toContain('189257261772');
    expect(shown.exchanges).toHaveLength(1);
    expect(shown.exchanges[0]).toMatchObject({ operation: 'purchase', kind: 'successful', status: 201 });
    expect(shown.exchanges[0]?.answer).toContain('"pin": "****"');
    expect(shownSubject(sale)).toBe('2782*****01');

    const electricity = electricitySale({ ...base, service: 'electricity', subject: '04100000100', state: 'confirmed', receipt: 'RCT70002' });
    const power = JSON.stringify(detailOf(electricity));
    expect(power).not.toContain('Nomsa');
    expect(power).not.toContain('Dlamini');
    expect(power).not.toContain('Jacaranda');
    expect(power, 'the utility is not a customer').toContain('Training Utility');
    expect(power, 'the token stays, as in the logs (reconciliation)').toContain('12345678901234567890');
    expect(shownSubject(electricity)).toBe('04100000100');
  });

  it('reprints what the customer holds; an airtime PIN only for a supervisor once roles exist (today: allowed)', () => {
    const pin = airtimeSale({ ...base, service: 'airtime', subject: '27825550101', state: 'confirmed', pin: '125805293941' });
    const power = electricitySale({ ...base, service: 'electricity', subject: '04100000100', state: 'confirmed' });
    const reversed = electricitySale({ ...base, service: 'electricity', subject: '04100000100', state: 'reversed' });
    const declined = electricitySale({ ...base, service: 'electricity', subject: '04100000100', state: 'declined' });
    expect(canReprintHere(pin, 'no-roles')).toBe(true);
    expect(canReprintHere(pin, 'supervisor')).toBe(true);
    expect(canReprintHere(pin, 'cashier')).toBe(false);
    expect(canReprintHere(power, 'cashier')).toBe(true);
    expect(canReprintHere(reversed, 'supervisor'), 'a cancelled sale’s tokens are never printed again').toBe(false);
    expect(canReprintHere(declined, 'supervisor')).toBe(false);
  });
});
