import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { airtimeSale } from '../../shared/slip/fixtures/airtime';
import { AirtimeResult } from './AirtimeResult';

const textLines = (html: string): string[] =>
  html
    .replace(/<[^>]+>/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

describe('AirtimeResult', () => {
  it('shows the voucher PIN in the groups the slip prints, with serial, batch, local expiry and the redeem lines', () => {
    const { request, response } = airtimeSale('voucher');
    const html = renderToStaticMarkup(<AirtimeResult request={request} response={response} timeZone="Africa/Johannesburg" />);
    expect(html).toContain('aria-label="PIN 1258 0529 3941"');
    const lines = textLines(html);
    const at = lines.indexOf('1258');
    expect(lines.slice(at, at + 3)).toEqual(['1258', '0529', '3941']);
    expect(lines).toContain('PIN — Vodacom R30 Airtime');
    expect(lines[lines.indexOf('Serial no.') + 1]).toBe('189257261772');
    expect(lines[lines.indexOf('Batch no.') + 1]).toBe('47644427295');
    expect(lines[lines.indexOf('Expires') + 1]).toBe('2026-03-13 23:59:59');
    expect(lines).toContain('*100*01*125805293941#');
  });

  it('groups a 14-digit PIN so no group is left with one or two digits', () => {
    const { request, response } = airtimeSale('data-voucher');
    const html = renderToStaticMarkup(<AirtimeResult request={request} response={response} />);
    expect(html).toContain('aria-label="PIN 4821 0937 556 120"');
    expect(textLines(html)[textLines(html).indexOf('Expires') + 1]).toBe('2025-06-12 21:59:59 UTC');
  });

  it('shows where a direct top-up went, in local form, and no PIN', () => {
    const { request, response } = airtimeSale('variable-top-up');
    const html = renderToStaticMarkup(<AirtimeResult request={request} response={response} />);
    const lines = textLines(html);
    expect(lines.slice(0, 3)).toEqual(['Top-up sent to', '084 123 4567', 'Cell C Airtime Top-up']);
    expect(html).not.toContain('PIN');
  });
});
