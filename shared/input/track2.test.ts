import { describe, expect, it } from 'vitest';
import { withLuhnCheckDigit } from '../protocol/meter-number';
import { parseTrack2Bits, parseTrack2Text, track2Lrc } from './track2';

// A meter card for the training meter 04100000100: meter number, separator, then the card's
// discretionary data (expiry, SGC 123456, TI 01, KRN 1, TCT 02, EA 07, padding) — 34 characters.
const METER = '04100000100';
const CARD = `${METER}=2912123456011020700000`;
// A 13-digit meter behind an issuer prefix: 19-digit account number, 34 characters in all.
const LONG_METER = withLuhnCheckDigit('123456789012');
const PREFIXED = `600727${LONG_METER}=29121234560110`;
// A bank card swiped by mistake: a 16-digit account number is not a meter number.
const BANK = '4111111111111111=25121010000000000000';

/** The bits a raw reader passes on for a track: leading zeros, 5-bit characters LSB first with odd parity, LRC. */
function stripeBits(content: string, options: { flipParityAt?: number; badLrc?: boolean; dropFrom?: number } = {}): number[] {
  const bits: number[] = Array<number>(10).fill(0);
  let lrc = 0;
  const symbols = [...`;${content}?`].map((ch) => ch.charCodeAt(0) & 0x0f);
  for (const data of symbols) lrc ^= data;
  symbols.push(options.badLrc ? lrc ^ 1 : lrc);
  symbols.forEach((data, index) => {
    const dataBits = [0, 1, 2, 3].map((b) => (data >> b) & 1);
    let parity = dataBits.reduce((a, b) => a + b, 0) % 2 === 0 ? 1 : 0;
    if (options.flipParityAt === index) parity ^= 1;
    bits.push(...dataBits, parity);
  });
  bits.push(...Array<number>(10).fill(0));
  return options.dropFrom !== undefined ? bits.slice(0, options.dropFrom) : bits;
}

describe('track 2 typed by a reader (keyboard usage)', () => {
  it('reads a meter card with sentinels: meter number and the 34-character track2Data', () => {
    const read = parseTrack2Text(`;${CARD}?\n`);
    expect(read).toEqual({ ok: true, track2: CARD, pan: METER, meterId: METER, track2Data: CARD, lrc: 'absent' });
  });

  it('reads a reader set up without sentinels', () => {
    const read = parseTrack2Text(`${CARD}\r`);
    expect(read.ok && read.meterId).toBe(METER);
    expect(read.ok && read.track2Data).toBe(CARD);
  });

  it('checks the LRC when the reader sends it, and refuses a wrong one', () => {
    const lrc = track2Lrc(`;${CARD}?`);
    const good = parseTrack2Text(`;${CARD}?${lrc}`);
    expect(good.ok && good.lrc).toBe('checked');
    const wrong = String.fromCharCode(0x30 | ((lrc.charCodeAt(0) & 0x0f) ^ 0x04));
    const bad = parseTrack2Text(`;${CARD}?${wrong}`);
    expect(bad).toMatchObject({ ok: false, problem: 'lrc' });
    expect(!bad.ok && bad.message).toMatch(/Swipe it again/);
  });

  it('finds the meter behind an issuer prefix only when the prefix is configured', () => {
    expect(parseTrack2Text(`;${PREFIXED}?`)).toMatchObject({ ok: false, problem: 'not-a-meter-number' });
    const read = parseTrack2Text(`;${PREFIXED}?`, { issuerPrefixes: ['600727'] });
    expect(read).toMatchObject({ ok: true, meterId: LONG_METER, pan: `600727${LONG_METER}`, track2Data: PREFIXED });
  });

  it('uses track 2 when track 1 comes first in the same burst', () => {
    const read = parseTrack2Text(`%B${METER}^MOKOENA/T^2912101?;${CARD}?\n`);
    expect(read.ok && read.meterId).toBe(METER);
  });

  it('keeps the meter number but sends no track2Data when the track is not the protocol\'s 34 characters', () => {
    const short = `${METER}=2912`;
    const read = parseTrack2Text(`;${short}?`);
    expect(read).toEqual({ ok: true, track2: short, pan: METER, meterId: METER, lrc: 'absent' });
  });

  it('says in plain words what went wrong with a bad read', () => {
    expect(parseTrack2Text(`;${CARD.slice(0, 15)}`)).toMatchObject({ ok: false, problem: 'no-end-sentinel' });
    expect(parseTrack2Text(';E?')).toMatchObject({ ok: false, problem: 'reader-error' });
    expect(parseTrack2Text(`%B${METER}^MOKOENA/T^2912101?;E?`)).toMatchObject({ ok: false, problem: 'reader-error' });
    expect(parseTrack2Text(`%B${METER}^MOKOENA/T^2912101?`)).toMatchObject({ ok: false, problem: 'no-track2' });
    expect(parseTrack2Text(`;${BANK}?`)).toMatchObject({ ok: false, problem: 'not-a-meter-number' });
    expect(parseTrack2Text(`;${METER}?`)).toMatchObject({ ok: false, problem: 'no-separator' });
    expect(parseTrack2Text(`;${METER}A=12?`)).toMatchObject({ ok: false, problem: 'bad-character' });
    expect(parseTrack2Text(`;${'1'.repeat(20)}=${'2'.repeat(19)}?`)).toMatchObject({ ok: false, problem: 'too-long' });
    expect(parseTrack2Text('\n')).toMatchObject({ ok: false, problem: 'empty' });
    const wrongCheck = `${METER.slice(0, -1)}9=2912123456011020700000`;
    const read = parseTrack2Text(`;${wrongCheck}?`);
    expect(read).toMatchObject({ ok: false, problem: 'not-a-meter-number' });
    expect(!read.ok && read.message).toMatch(/Type the meter number/);
  });
});

describe('track 2 as raw stripe bits', () => {
  it('decodes a swipe in either direction', () => {
    const forward = parseTrack2Bits(stripeBits(CARD));
    expect(forward).toMatchObject({ ok: true, meterId: METER, track2Data: CARD, lrc: 'checked' });
    const backward = parseTrack2Bits(stripeBits(CARD).reverse());
    expect(backward).toMatchObject({ ok: true, meterId: METER, track2Data: CARD });
  });

  it('refuses a character with a parity error, a wrong LRC and a swipe cut short', () => {
    expect(parseTrack2Bits(stripeBits(CARD, { flipParityAt: 5 }))).toMatchObject({ ok: false, problem: 'parity' });
    expect(parseTrack2Bits(stripeBits(CARD, { badLrc: true }))).toMatchObject({ ok: false, problem: 'lrc' });
    expect(parseTrack2Bits(stripeBits(CARD, { dropFrom: 10 + 5 * 20 }))).toMatchObject({ ok: false, problem: 'no-end-sentinel' });
    expect(parseTrack2Bits(Array<number>(40).fill(0))).toMatchObject({ ok: false, problem: 'empty' });
  });
});
