// A swiped meter card, from the reader to the upstream: the USB HID device layer (fed recorded
// reports) or a keyboard-wedge burst → the meter field and the card store → the sale flow against the
// real main-side services and the real simulator over HTTP, whose log shows what was sent.
import 'fake-indexeddb/auto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bridgeContract, dispatchBridgeCall, type BridgeEvent, type BridgeMethod, type BridgeResult, type PosBridge } from '../../shared/bridge';
import { startDevices } from '../../electron/hid';
import { loadRecording, RecordedHidBackend } from '../../electron/hid/testing/recorded-backend';
import { startPosServices, type PosServices } from '../../electron/services/pos-services';
import { startSimulator, type RunningSimulator } from '../../electron/sim/server';
import { PosDatabase } from '../db/db';
import { lookupMeter, purchase, type SaleDeps } from '../sale/flow';
import { useCardStore } from './card-store';
import { createMeterInput, type MeterInputNotice } from './meter-input';

const METER = '04100000100';
const CARD = `${METER}=2912123456011020700000`;

let sim: RunningSimulator;
let services: PosServices;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  services = await startPosServices({ host: 'browser', dataDir: await mkdtemp(join(tmpdir(), 'pos-swipe-')), version: 'test', upstreamUrl: sim.baseUrl });
});
afterAll(async () => {
  await services.close();
  await sim.close();
});
afterEach(() => useCardStore.getState().clear());

async function invoke(method: BridgeMethod, request: unknown): Promise<BridgeResult<unknown>> {
  const result = await dispatchBridgeCall(services.handlers, method, request);
  return result.ok ? { ok: true, data: bridgeContract[method].response.parse(result.data) } : result;
}
const bridge: PosBridge = { invoke: invoke as PosBridge['invoke'], onEvent: () => () => undefined };

function till(): SaleDeps {
  const db = new PosDatabase(`swipe-${crypto.randomUUID()}`);
  return { bridge, db, info: services.info, locks: { hold: async () => () => undefined }, outbox: { notify: () => undefined } };
}

/** The meter field as MeterStep holds it, with the hook's sink. */
function meterField() {
  const field = { value: '', notices: [] as Array<MeterInputNotice | undefined> };
  const input = createMeterInput({
    setMeter: (meterId) => (field.value = meterId),
    swiped: (swipe) => (swipe ? useCardStore.getState().swiped(swipe) : useCardStore.getState().clear()),
    notice: (notice) => field.notices.push(notice),
  });
  return { field, input };
}

async function simLog(operation: string): Promise<Array<{ body: { id: string; meter: { meterId: string; track2Data?: string } } }>> {
  const log = (await (await fetch(`${sim.origin}/_sim/requests`)).json()) as Array<{ operation: string; body: { id: string; meter: { meterId: string; track2Data?: string } } }>;
  return log.filter((entry) => entry.operation === operation);
}

describe('a swiped meter card reaches the lookup field and the upstream', () => {
  it('USB HID reader: the swipe fills the meter field, and the lookup and the purchase carry the card\'s track2Data', async () => {
    const backend = new RecordedHidBackend();
    backend.plug({ path: '/dev/hidraw3', vendorId: 0x0801, productId: 0x0001, usagePage: 1, usage: 6 });
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-swipe-hid-'));
    const { field, input } = meterField();
    const devices = await startDevices({ dataDir, emit: (event: BridgeEvent) => input.event(event), loadBackend: async () => backend, pollMs: 60_000 });
    try {
      await devices.service.select('cardReader', { vendorId: 0x0801, productId: 0x0001 });
      await backend.play('/dev/hidraw3', await loadRecording(new URL('../../electron/hid/fixtures/card-meter.hex', import.meta.url)));
      const end = Date.now() + 2_000;
      while (field.value === '' && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await devices.close();
    }
    expect(field.value).toBe(METER);
    expect(field.notices.at(-1)).toEqual({ tone: 'ok', message: `Meter card read: meter ${METER}. Press Look up.` });

    const deps = till();
    const looked = await lookupMeter(deps, field.value);
    if (!looked.ok) throw new Error(looked.message);
    const sold = await purchase(deps, looked.value, { amount: 2_000, tendered: 2_000, change: 0 });
    expect(sold.kind === 'journaled' && sold.sale.state).toBe('approved');
    const journaled = sold.kind === 'journaled' && sold.sale.service === 'electricity' ? sold.sale.request.meter : undefined;
    expect(journaled, 'the journal keeps the request as sent').toEqual({ meterId: METER, track2Data: CARD });
    const lookups = await simLog('createMeterLookup');
    expect(lookups.at(-1)?.body.meter).toEqual({ meterId: METER, track2Data: CARD });
    const purchases = await simLog('createTokenPurchaseRequest');
    expect(purchases.at(-1)?.body.meter).toEqual({ meterId: METER, track2Data: CARD });
  });

  it('keyboard-wedge reader: the burst replaces what the field holds; a person then editing the number drops the card data', async () => {
    const { field, input } = meterField();
    let at = 5_000;
    for (const key of `;${CARD}?`) expect(input.keyDown(key, (at += 4))).toBe(false);
    expect(input.keyDown('Enter', (at += 4)), 'the burst\'s Enter must not submit the form').toBe(true);
    expect(field.value).toBe(METER);
    expect(useCardStore.getState().swipe).toEqual({ meterId: METER, track2Data: CARD });

    const deps = till();
    expect((await lookupMeter(deps, field.value)).ok).toBe(true);
    expect((await simLog('createMeterLookup')).at(-1)?.body.meter).toEqual({ meterId: METER, track2Data: CARD });

    // The cashier corrects the number by hand: the card's track 2 no longer belongs to it.
    input.keyDown('Backspace', (at += 900));
    expect(useCardStore.getState().swipe).toBeUndefined();
    expect((await lookupMeter(deps, METER)).ok).toBe(true);
    expect((await simLog('createMeterLookup')).at(-1)?.body.meter).toEqual({ meterId: METER });
  });

  it('a typed meter number sends no track2Data, and a misread swipe says so without touching the field', async () => {
    const { field, input } = meterField();
    let at = 9_000;
    for (const key of ';0410000010=29') input.keyDown(key, (at += 3));
    expect(input.keyDown('Enter', (at += 3))).toBe(true);
    expect(field.value).toBe('');
    expect(field.notices.at(-1)).toMatchObject({ tone: 'problem', message: expect.stringMatching(/Only part of the card was read/) });
    expect(useCardStore.getState().swipe).toBeUndefined();
  });

  it('a device unplugged while the meter screen is open is said on it', () => {
    const { field, input } = meterField();
    input.event({
      type: 'device-status',
      role: 'cardReader',
      status: { state: 'disconnected', message: 'The card reader (Mini Swipe Reader, 0801:0001) was unplugged. Plug it in again, or type the meter number.' },
    });
    expect(field.notices.at(-1)).toEqual({ tone: 'problem', message: 'The card reader (Mini Swipe Reader, 0801:0001) was unplugged. Plug it in again, or type the meter number.' });
  });
});
