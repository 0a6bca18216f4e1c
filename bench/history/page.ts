// The history bench page: the app's PosDatabase (Dexie schema, strict durability) filled with
// 100,000 journal rows, then every search kind timed through searchHistory (one index range) and,
// in the same page and run, the same query answered by reading every row (the full-scan peer).
import { PosDatabase, SaleRecordSchema, type SaleRecord } from '../../renderer/db/db';
import { localMsisdn } from '../../renderer/airtime/msisdn';
import { matchesFilter, searchHistory, type HistoryFilter, type PageKey } from '../../renderer/history/search';
import { journalSpecs, saleOf, seeded, type SaleSpec } from '../../renderer/history/synthetic';
import type { HistoryBenchApi, KindResult } from './api';

const PAGE = 50;
let db: PosDatabase | undefined;
let specs: SaleSpec[] = [];

interface Kind {
  name: string;
  /** A query of this kind, drawn from the journal written (so it finds something). */
  make(random: () => number): HistoryFilter;
  /** Time the second page (from the first page's key) instead of the first. */
  secondPage?: boolean;
}

const pick = <T,>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const DAY = 86_400_000;

function kinds(): Kind[] {
  const first = Date.parse(specs[0]?.createdAt ?? '');
  const last = Date.parse(specs.at(-1)?.createdAt ?? '');
  const dayAt = (random: () => number, days: number) => {
    const from = first + Math.floor(random() * Math.max(1, (last - first) / DAY - days)) * DAY;
    return { from: new Date(from).toISOString(), to: new Date(from + days * DAY).toISOString() };
  };
  const meters = specs.filter((s) => s.service === 'electricity');
  const phones = specs.filter((s) => s.service === 'airtime');
  const sold = specs.filter((s) => s.state === 'confirmed');
  return [
    { name: 'meter number', make: (r) => ({ subject: pick(meters, r).subject }) },
    { name: 'phone number (typed 082…)', make: (r) => ({ subject: localMsisdn(pick(phones, r).subject) }) },
    { name: 'meter + date range (90 days)', make: (r) => ({ subject: pick(meters, r).subject, ...dayAt(r, 90) }) },
    { name: 'receipt / serial (exact)', make: (r) => ({ reference: pick(sold, r).receipt ?? '' }) },
    { name: 'purchase id prefix (8)', make: (r) => ({ reference: pick(specs, r).purchaseId.slice(0, 8) }) },
    { name: 'cashier, newest page', make: (r) => ({ cashier: `cashier${1 + Math.floor(r() * 6)}` }) },
    { name: 'cashier, second page', make: (r) => ({ cashier: `cashier${1 + Math.floor(r() * 6)}` }), secondPage: true },
    { name: 'state: needs a supervisor', make: () => ({ state: 'review' }) },
    { name: 'state: confirmed, one day', make: (r) => ({ state: 'confirmed', ...dayAt(r, 1) }) },
    { name: 'date range: one day', make: (r) => dayAt(r, 1) },
    { name: 'cashier + date range (7 days)', make: (r) => ({ cashier: `cashier${1 + Math.floor(r() * 6)}`, ...dayAt(r, 7) }) },
    { name: 'cashier + state reversed', make: (r) => ({ cashier: `cashier${1 + Math.floor(r() * 6)}`, state: 'reversed' }) },
    { name: 'cashier + airtime (filtered walk)', make: (r) => ({ cashier: `cashier${1 + Math.floor(r() * 6)}`, service: 'airtime' }) },
  ];
}

/** The query answered without an index: every row read and tested, the matches sorted newest first. */
async function fullScan(filter: HistoryFilter, skip: number): Promise<SaleRecord[]> {
  if (!db) throw new Error('not filled');
  const test = matchesFilter(filter);
  const rows = await db.sales.filter((row) => test(row)).toArray();
  rows.sort((a, b) => (a.createdAt === b.createdAt ? (a.purchaseId < b.purchaseId ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  return rows.slice(skip, skip + PAGE).map((row) => SaleRecordSchema.parse(row));
}

const sameSales = (a: SaleRecord[], b: SaleRecord[]) => {
  const ids = (rows: SaleRecord[]) => rows.map((s) => s.purchaseId).sort().join(',');
  return ids(a) === ids(b);
};

const api: HistoryBenchApi = {
  async fill(count, seed) {
    db = new PosDatabase(`history-bench-${Date.now()}`);
    await db.open();
    specs = journalSpecs({ count, seed });
    const t0 = performance.now();
    let jsonBytes = 0;
    const chunk = 1_000;
    for (let i = 0; i < specs.length; i += chunk) {
      const sales = specs.slice(i, i + chunk).map(saleOf);
      if (i === 0) jsonBytes = JSON.stringify(sales).length * (specs.length / sales.length);
      await db.sales.bulkAdd(sales);
    }
    return { rows: await db.sales.count(), ms: performance.now() - t0, jsonBytes };
  },

  async run(samples, fullScanSamples) {
    if (!db) throw new Error('not filled');
    const results: KindResult[] = [];
    for (const kind of kinds()) {
      const random = seeded(kind.name.length * 7919);
      const indexedMs: number[] = [];
      const fullScanMs: number[] = [];
      let scanned = 0;
      let found = 0;
      let agreed = true;
      let plan: KindResult['plan'] = 'date';
      // One untimed search first: the first touch of an index pays for reading it from disk.
      await searchHistory(db, kind.make(random));
      for (let i = 0; i < samples; i += 1) {
        const filter = kind.make(random);
        let after: PageKey | undefined;
        if (kind.secondPage) after = (await searchHistory(db, filter)).next;
        const t0 = performance.now();
        const page = await searchHistory(db, filter, after !== undefined ? { after } : {});
        indexedMs.push(performance.now() - t0);
        plan = page.kind;
        scanned += page.scanned;
        found += page.sales.length;
        if (i < fullScanSamples) {
          const t1 = performance.now();
          const peer = await fullScan(filter, kind.secondPage ? PAGE : 0);
          fullScanMs.push(performance.now() - t1);
          // A capped walk shows fewer than a page; the peer then holds more, so only whole pages compare.
          if (!page.capped && !sameSales(page.sales, peer)) agreed = false;
        }
      }
      results.push({ name: kind.name, plan, indexedMs, meanScanned: scanned / samples, meanFound: found / samples, fullScanMs, agreed });
    }
    return results;
  },
};

window.historyBench = api;
