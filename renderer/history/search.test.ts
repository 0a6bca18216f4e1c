// History search on the in-memory IndexedDB (fake-indexeddb) through the app's own Dexie schema:
// the right rows, newest first, pages that stay stable while sales are written, and every search
// walking one index range.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { applySaleEvent } from '../journal/journal';
import { dropScratchJournals, scratchJournal } from '../journal/testing';
import type { PosDatabase, SaleRecord } from '../db/db';
import { matchesFilter, searchHistory, type HistoryFilter, type HistoryPage, type PageKey } from './search';
import { airtimeSale, electricitySale, journalSpecs, saleOf, uuidFrom, seeded, type SaleSpec } from './synthetic';

afterEach(dropScratchJournals);

const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();
const random = seeded(7);
const spec = (over: Partial<SaleSpec>): SaleSpec => ({
  service: 'electricity',
  purchaseId: uuidFrom(random),
  createdAt: at(1),
  subject: '04100000100',
  state: 'confirmed',
  operatorId: 'thandi',
  amount: 10_000,
  ...over,
});

async function journalOf(specs: SaleSpec[]): Promise<{ db: PosDatabase; sales: SaleRecord[] }> {
  const db = scratchJournal('history');
  const sales = specs.map(saleOf);
  await db.sales.bulkAdd(sales);
  return { db, sales };
}

const ids = (page: HistoryPage) => page.sales.map((s) => s.purchaseId);

/** Every page of a search, following `next`, with a guard against a loop. */
async function allPages(db: PosDatabase, filter: HistoryFilter, pageSize: number): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = [];
  let after: PageKey | undefined;
  for (let i = 0; i < 1000; i += 1) {
    const page = await searchHistory(db, filter, { pageSize, ...(after !== undefined ? { after } : {}) });
    pages.push(page);
    if (page.next === undefined) return pages;
    after = page.next;
  }
  throw new Error('paging did not end');
}

describe('history search', () => {
  it('finds a meter’s sales newest first, within a date range, and nothing of other meters', async () => {
    const mine = [spec({ createdAt: at(3) }), spec({ createdAt: at(1) }), spec({ createdAt: at(5) }), spec({ createdAt: at(9) })];
    const others = [spec({ subject: '04100000200', createdAt: at(4) }), spec({ subject: '0410000010', createdAt: at(4) })];
    const { db } = await journalOf([...mine, ...others]);

    const all = await searchHistory(db, { subject: ' 0410 0000 100 ' });
    expect(all.kind).toBe('subject');
    expect(ids(all)).toEqual([mine[3], mine[2], mine[0], mine[1]].map((s) => s?.purchaseId));
    expect(all.next).toBeUndefined();

    const ranged = await searchHistory(db, { subject: '04100000100', from: at(3), to: at(9) });
    expect(ids(ranged), 'from is inclusive, to exclusive').toEqual([mine[2], mine[0]].map((s) => s?.purchaseId));
  });

  it('finds an airtime sale by the number as a cashier types it, in any form', async () => {
    const phone = spec({ service: 'airtime', subject: '27825550101', createdAt: at(2) });
    const { db } = await journalOf([phone, spec({ service: 'airtime', subject: '27825550102' }), spec({})]);
    for (const typed of ['082 555 0101', '+27 82 555 0101', '27825550101', '0825550101']) {
      const page = await searchHistory(db, { subject: typed });
      expect(ids(page), typed).toEqual([phone.purchaseId]);
    }
  });

  it('by state and by cashier, each with a date range and the other criteria checked on the range', async () => {
    const review = spec({ state: 'review', createdAt: at(2), operatorId: 'sipho' });
    const review2 = spec({ state: 'review', createdAt: at(6), operatorId: 'thandi' });
    const sipho = spec({ createdAt: at(4), operatorId: 'sipho' });
    const { db } = await journalOf([review, review2, sipho, spec({ createdAt: at(3) }), spec({ createdAt: at(5), state: 'declined' })]);

    const byState = await searchHistory(db, { state: 'review' });
    expect(byState.kind).toBe('state');
    expect(ids(byState)).toEqual([review2.purchaseId, review.purchaseId]);
    expect(ids(await searchHistory(db, { state: 'review', to: at(5) }))).toEqual([review.purchaseId]);

    const byCashier = await searchHistory(db, { cashier: 'sipho' });
    expect(byCashier.kind).toBe('cashier');
    expect(ids(byCashier)).toEqual([sipho.purchaseId, review.purchaseId]);
    const both = await searchHistory(db, { cashier: 'sipho', state: 'review' });
    expect(both.kind, 'a rare state is the shorter range').toBe('state');
    expect(ids(both)).toEqual([review.purchaseId]);
    expect((await searchHistory(db, { cashier: 'sipho', state: 'confirmed' })).kind).toBe('cashier');
    expect(ids(await searchHistory(db, { cashier: 'nobody' }))).toEqual([]);
  });

  it('by reference: a purchase id prefix, an electricity receipt, an airtime serial or issuer reference, any case; never by PIN', async () => {
    const electricity = spec({ receipt: 'RCT70002' });
    const voucher = spec({ service: 'airtime', subject: '27825550101', receipt: '189257261772', pin: '125805293941' });
    const { db } = await journalOf([electricity, voucher, spec({ receipt: 'RCT70013' })]);

    const byReceipt = await searchHistory(db, { reference: 'rct70002' });
    expect(byReceipt.kind).toBe('reference');
    expect(ids(byReceipt)).toEqual([electricity.purchaseId]);
    expect(ids(await searchHistory(db, { reference: electricity.purchaseId.slice(0, 8).toUpperCase() }))).toEqual([electricity.purchaseId]);
    expect(ids(await searchHistory(db, { reference: '189257261772' }))).toEqual([voucher.purchaseId]);
    const issuer = (await db.sales.get(voucher.purchaseId))?.response;
    const issuerReference = issuer && 'slipData' in issuer ? issuer.slipData?.issuerReference : undefined;
    expect(issuerReference).toBeTruthy();
    expect(ids(await searchHistory(db, { reference: issuerReference ?? '' }))).toEqual([voucher.purchaseId]);
    expect(ids(await searchHistory(db, { reference: '125805293941' })), 'a PIN is not a reference').toEqual([]);
    expect((await searchHistory(db, { reference: 'rct700' })).sales, 'a prefix of two receipts').toHaveLength(2);
    await expect(searchHistory(db, { reference: 'ab' })).rejects.toThrow(/at least 4/);
  });

  it('keeps references current on every write: the journal’s put of a parsed record, and an older journal upgraded to version 5', async () => {
    const db = scratchJournal('history');
    const sending = electricitySale(spec({ state: 'sending', receipt: 'RCT99001' }));
    await db.sales.add(sending);
    expect(ids(await searchHistory(db, { reference: 'RCT99001' })), 'no response yet').toEqual([]);
    const answered = electricitySale(spec({ purchaseId: sending.purchaseId, state: 'approved', receipt: 'RCT99001' }));
    const applied = await applySaleEvent(db, sending.purchaseId, { type: 'approved' }, { patch: { response: answered.response } });
    expect(applied.ok).toBe(true);
    expect(ids(await searchHistory(db, { reference: 'RCT99001' }))).toEqual([sending.purchaseId]);

    // A journal written by the release before history: version 4, no refKeys.
    const name = `history-v4-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(4).stores({
      sales: 'purchaseId, createdAt, meterId, state, service, subject',
      outbox: 'adviceId, purchaseId, createdAt, state, [state+createdAt]',
      meta: 'key',
      keyChanges: 'requestId, createdAt, meterId, state',
    });
    const before = airtimeSale(spec({ service: 'airtime', subject: '27825550101', receipt: 'OLDSERIAL1' }));
    await old.table('sales').add(before);
    old.close();
    const { PosDatabase } = await import('../db/db');
    const upgraded = new PosDatabase(name);
    try {
      expect(ids(await searchHistory(upgraded, { reference: 'oldserial1' }))).toEqual([before.purchaseId]);
      expect(ids(await searchHistory(upgraded, { cashier: 'thandi' }))).toEqual([before.purchaseId]);
    } finally {
      upgraded.close();
      await upgraded.delete();
    }
  });

  it('pages by key: every sale once, in order, while newer and older sales are written between pages', async () => {
    const specs = journalSpecs({ count: 300, seed: 3, meters: 5, phones: 5, cashiers: 2 });
    const { db, sales } = await journalOf(specs);
    const filter: HistoryFilter = { cashier: 'cashier1' };
    const expected = sales
      .filter((s) => s.request.originator.operatorId === 'cashier1')
      .sort((a, b) => (a.createdAt === b.createdAt ? (a.purchaseId < b.purchaseId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
      .map((s) => s.purchaseId);
    expect(expected.length).toBeGreaterThan(60);

    const first = await searchHistory(db, filter, { pageSize: 20 });
    // A sale made now (newest) and one journaled with a time inside the pages already shown: neither
    // may shift the next page; one later than the cursor would belong to a page already shown.
    const shown = first.sales.at(-1);
    await db.sales.add(saleOf(spec({ operatorId: 'cashier1', createdAt: new Date(Date.UTC(2030, 0, 1)).toISOString() })));
    await db.sales.add(saleOf(spec({ operatorId: 'cashier1', createdAt: first.sales[3]?.createdAt ?? at(1) })));
    expect(shown).toBeDefined();
    let after = first.next;
    const seen = [...ids(first)];
    while (after !== undefined) {
      const page = await searchHistory(db, filter, { pageSize: 20, after });
      seen.push(...ids(page));
      after = page.next;
    }
    expect(seen).toEqual(expected);
  });

  it('pages through a date range and through references the same way', async () => {
    const specs = journalSpecs({ count: 120, seed: 5 });
    const { db, sales } = await journalOf(specs);
    const newestFirst = [...sales].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    const from = newestFirst[90]?.createdAt ?? '';
    const to = newestFirst[10]?.createdAt ?? '';
    const pages = await allPages(db, { from, to }, 7);
    expect(pages[0]?.kind).toBe('date');
    expect(pages.flatMap(ids)).toEqual(newestFirst.slice(11, 91).map((s) => s.purchaseId));

    // Every receipt starts RCT or SN: walking 'RCT0' in pages of 5 gives each electricity sale once.
    const electricity = sales.filter((s) => s.service === 'electricity' && s.response).map((s) => s.purchaseId);
    const refPages = await allPages(db, { reference: 'RCT0' }, 5);
    const found = refPages.flatMap(ids);
    expect(new Set(found).size).toBe(found.length);
    expect(new Set(found)).toEqual(new Set(electricity));
  });

  it('a rare combination stops after the scan limit with a place to go on from, and finds its sale further on', async () => {
    const specs = journalSpecs({ count: 200, seed: 9, cashiers: 1 }).map((s) => ({ ...s, state: 'confirmed' as const, service: 'electricity' as const }));
    const rare = spec({ createdAt: at(-60), operatorId: 'cashier1', service: 'airtime', subject: '27825550101' });
    const { db } = await journalOf([...specs, rare]);
    const filter: HistoryFilter = { cashier: 'cashier1', service: 'airtime' };
    const page = await searchHistory(db, filter, { maxScan: 50 });
    expect(page.kind).toBe('cashier');
    expect(page.sales).toEqual([]);
    expect(page.scanned).toBe(50);
    expect(page.capped).toBe(true);
    expect(page.next).toBeDefined();
    let after = page.next;
    const found: string[] = [];
    let scanned = page.scanned;
    while (after !== undefined) {
      const next = await searchHistory(db, filter, { maxScan: 50, after });
      found.push(...ids(next));
      scanned += next.scanned;
      after = next.next;
    }
    expect(found).toEqual([rare.purchaseId]);
    expect(scanned, 'each row of the range examined once').toBe(201);
  });

  it('agrees with reading every row: 60 random combinations, every page followed', async () => {
    const specs = journalSpecs({ count: 400, seed: 11, meters: 8, phones: 6, cashiers: 3, spacingMs: 3_600_000 });
    const { db, sales } = await journalOf(specs);
    const r = seeded(99);
    const some = <T,>(items: readonly T[]): T | undefined => (r() < 0.5 ? items[Math.floor(r() * items.length)] : undefined);
    const times = sales.map((s) => s.createdAt).sort();
    const newestFirst = (a: SaleRecord, b: SaleRecord) => (a.createdAt === b.createdAt ? (a.purchaseId < b.purchaseId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);
    for (let i = 0; i < 60; i += 1) {
      const from = some(times);
      const to = some(times.filter((t) => !from || t > from));
      const filter: HistoryFilter = {
        ...(r() < 0.3 ? { subject: some(specs)?.subject ?? '' } : {}),
        ...(r() < 0.3 ? { cashier: `cashier${1 + Math.floor(r() * 3)}` } : {}),
        ...(r() < 0.3 ? { state: some(['confirmed', 'declined', 'reversed', 'review'] as const) ?? 'confirmed' } : {}),
        ...(r() < 0.2 ? { service: r() < 0.5 ? 'airtime' : 'electricity' } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      };
      const expected = sales.filter(matchesFilter(filter)).sort(newestFirst).map((s) => s.purchaseId);
      const pages = await allPages(db, filter, 1 + Math.floor(r() * 30));
      expect(pages.flatMap(ids), JSON.stringify(filter)).toEqual(expected);
    }
  });
});
