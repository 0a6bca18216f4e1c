import { describe, expect, it } from 'vitest';
import type { SlipModel } from '../../shared/slip/blocks';
import { planBarcode, renderSlip, renderSlipDetailed } from './render';
import { decodeEscPos } from './testing/escpos-decoder';

const one = (blocks: SlipModel['blocks']): SlipModel => ({ blocks });

describe('renderSlip covers the encoder’s gaps', () => {
  it('lays out for column counts the encoder refuses (e.g. 40) without overflowing', () => {
    const slip = one([{ kind: 'pair', label: 'Units', value: '73.8 kWh' }, { kind: 'rule' }]);
    const decoded = decodeEscPos(renderSlip(slip, { paperWidthMm: 80, columns: 40 }));
    expect(decoded.items[0]).toMatchObject({ kind: 'line', columns: 40, text: `Units${' '.repeat(27)}73.8 kWh` });
    expect(decoded.items[1]).toMatchObject({ kind: 'rule', columns: 40 });
  });

  it('chooses a code page that has every character instead of printing "?"', () => {
    const result = renderSlipDetailed(one([{ kind: 'text', text: 'Paid 5 €' }]), { paperWidthMm: 80 });
    expect(result.codepage).not.toBe('cp437');
    expect(result.warnings).toEqual([]);
    expect(decodeEscPos(result.bytes).items[0]).toMatchObject({ text: 'Paid 5 €' });
  });

  it('falls back to look-alikes on a fixed code page and reports each one', () => {
    const result = renderSlipDetailed(one([{ kind: 'text', text: 'TRAINING — NOT VALID €5 ½' }]), { paperWidthMm: 80, codepage: 'cp437' });
    expect(decodeEscPos(result.bytes).items[0]).toMatchObject({ text: 'TRAINING - NOT VALID EUR5 ½' });
    expect(result.warnings).toHaveLength(2);
    const unknown = renderSlipDetailed(one([{ kind: 'text', text: '中✓' }]), { paperWidthMm: 80, codepage: 'cp437' });
    expect(unknown.warnings.join()).toContain("printed as '?'");
  });

  it('refuses an unknown code page name in the profile', () => {
    expect(() => renderSlip(one([]), { paperWidthMm: 80, codepage: 'cp999' })).toThrow(/Unknown code page/);
  });

  it('prints a 20-digit token barcode in CODE128 set C so it fits, on 80 mm and 58 mm', () => {
    const plan = planBarcode('CODE128', '12345678901234567890', 'esc-pos');
    expect(plan).toMatchObject({ kind: 'linear', symbology: 'code128', modules: 165 });
    for (const paperWidthMm of [58, 80] as const) {
      const items = decodeEscPos(renderSlip(one([{ kind: 'barcode', encoding: 'CODE128', data: '12345678901234567890' }]), { paperWidthMm })).items;
      expect(items).toContainEqual({ kind: 'barcode', symbology: 'code128', data: '12345678901234567890' });
    }
  });

  it('keeps set C away from digit pairs a printer would run as a real-time command', () => {
    const plan = planBarcode('CODE128', '00160400', 'esc-pos');
    expect(plan).toMatchObject({ kind: 'linear', data: '00160400' });
  });

  it('prints unsupported or invalid barcodes as text and says why', () => {
    const result = renderSlipDetailed(
      one([
        { kind: 'barcode', encoding: 'PDF417', data: 'X1' },
        { kind: 'barcode', encoding: 'EAN13', data: '123' },
      ]),
      { paperWidthMm: 80 },
    );
    expect(decodeEscPos(result.bytes).items.filter((i) => i.kind === 'line').map((i) => (i.kind === 'line' ? i.text : ''))).toEqual(['X1', '123']);
    expect(result.warnings).toEqual([expect.stringContaining("'PDF417' is not supported"), expect.stringContaining('EAN13 needs 12 or 13 digits')]);
  });

  it('never writes a barcode\'s data into its warnings (they are logged, and the data may be a voucher PIN)', () => {
    const pin = '125805293941';
    const result = renderSlipDetailed(
      one([
        { kind: 'barcode', encoding: 'PDF417', data: pin },
        { kind: 'barcode', encoding: 'ITF', data: `${pin}${pin}` },
      ]),
      { paperWidthMm: 58 },
    );
    expect(decodeEscPos(result.bytes).items.filter((i) => i.kind === 'line').map((i) => (i.kind === 'line' ? i.text : ''))).toEqual([pin, `${pin}${pin}`]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.join('\n')).not.toContain(pin.slice(0, 6));
  });

  it('prints QR data as text on printers without QR support', () => {
    const items = decodeEscPos(renderSlip(one([{ kind: 'qr', data: 'https://x.test/1' }]), { paperWidthMm: 58, qrcode: false })).items;
    expect(items[0]).toMatchObject({ kind: 'line', text: 'https://x.test/1' });
  });

  it('kicks the drawer only when asked and configured', () => {
    const slip = one([{ kind: 'text', text: 'x' }]);
    const drawer = { kind: 'drawer', pin: 5, onMs: 100, offMs: 500 };
    expect(decodeEscPos(renderSlip(slip, { paperWidthMm: 80, cashDrawer: { pin: 5 } }, { openDrawer: true })).items).toContainEqual(drawer);
    expect(decodeEscPos(renderSlip(slip, { paperWidthMm: 80, cashDrawer: { pin: 5 } })).items).not.toContainEqual(drawer);
    expect(decodeEscPos(renderSlip(slip, { paperWidthMm: 80 }, { openDrawer: true })).items.some((i) => i.kind === 'drawer')).toBe(false);
  });

  it('feeds instead of cutting on printers without a cutter', () => {
    const items = decodeEscPos(renderSlip(one([{ kind: 'cut' }]), { paperWidthMm: 58, cutter: false })).items;
    expect(items.some((i) => i.kind === 'cut')).toBe(false);
  });

  it('writes StarPRNT for Star printers', () => {
    const bytes = renderSlip(one([{ kind: 'text', text: 'Star' }]), { paperWidthMm: 80, language: 'star-prnt' });
    expect(Buffer.from(bytes).includes(Buffer.from('Star'))).toBe(true);
  });
});
