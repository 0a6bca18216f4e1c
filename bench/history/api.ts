// What the history bench page offers the runner (page.evaluate calls these on window.historyBench).
import type { SearchKind } from '../../renderer/history/search';

export interface FillResult {
  rows: number;
  ms: number;
  /** Approximate size of the rows written (JSON characters), to say how big the journal is. */
  jsonBytes: number;
}

/** One search kind's timings: through its index, and the same query answered by reading every row. */
export interface KindResult {
  name: string;
  /** The index history chose (must not be a full scan). */
  plan: SearchKind;
  indexedMs: number[];
  /** Rows of the index range examined per search (mean). */
  meanScanned: number;
  /** Rows found per search (mean), the same for both ways. */
  meanFound: number;
  fullScanMs: number[];
  /** Both ways found the same first page every time. */
  agreed: boolean;
}

export interface HistoryBenchApi {
  fill(count: number, seed: number): Promise<FillResult>;
  run(samples: number, fullScanSamples: number): Promise<KindResult[]>;
}

declare global {
  interface Window {
    historyBench?: HistoryBenchApi;
  }
}
