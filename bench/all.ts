// npm run bench — every benchmark in one run, and one table: our figure, the peer's or the limit's
// figure measured in the same run, their ratio, and the goal. The benches run one after another
// (never two at once, so they do not slow each other); each prints its own JSON, read here.
//
// Options are passed on: --count N, --lanes 1,16, --warmup N, --batch N (bench:outbox), --sales N (bench:ui).
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboxBenchResult } from './outbox/run';
import { runSlipBench } from './slip';
import type { UiBenchResult } from './ui';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function passOn(names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? process.argv[at + 1] : undefined;
    if (value !== undefined) out.push(`--${name}`, value);
  }
  return out;
}

/** Runs one bench script with --json; its progress goes to our stderr, its last stdout line is the result. */
function runJson<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args, '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${String(code)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result`));
      }
    });
  });
}

interface Line {
  what: string;
  ours: string;
  other: string;
  ratio: string;
  goal: string;
  met: boolean | undefined;
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = loadavg();
  const lines: Line[] = [];
  const notes: string[] = [];

  process.stderr.write('bench:slip…\n');
  const slip = runSlipBench();
  const slipRatio = slip.ours.perSlipUs / slip.peer.perSlipUs;
  lines.push({
    what: 'slip layout + encoding, µs per slip',
    ours: f0(slip.ours.perSlipUs),
    other: `${f0(slip.peer.perSlipUs)} node-thermal-printer`,
    ratio: `${f2(slipRatio)} (${f1(1 / slipRatio)}× faster)`,
    goal: '≤ 0.50 and < 1000 µs',
    met: slipRatio <= 0.5 && slip.ours.perSlipUs < 1000,
  });
  notes.push(`slip through the library encoder (before): ${f0(slip.library.perSlipUs)} µs`);

  process.stderr.write('bench:outbox…\n');
  const outbox = await runJson<OutboxBenchResult>('bench/outbox/run.ts', passOn(['count', 'lanes', 'warmup', 'batch', 'journal-enqueues']));
  for (const row of outbox.rows) {
    const vsWorkbox = row.oursPerS / row.workboxPerS;
    const vsRaw = row.oursPerS / row.rawPerS;
    const goals = row.lanes === 16;
    lines.push({
      what: `outbox drain, ${row.lanes} lane(s), advices/s`,
      ours: f0(row.oursPerS),
      other: `${f0(row.workboxPerS)} workbox`,
      ratio: f2(vsWorkbox),
      goal: goals ? '≥ 5' : '',
      met: goals ? vsWorkbox >= 5 : undefined,
    });
    lines.push({
      what: `outbox drain, ${row.lanes} lane(s), advices/s`,
      ours: f0(row.oursPerS),
      other: `${f0(row.rawPerS)} client → simulator`,
      ratio: f2(vsRaw),
      goal: goals ? '≥ 0.50' : '',
      met: goals ? vsRaw >= 0.5 : undefined,
    });
    notes.push(`${row.lanes} lane(s): simulator accepted ours ${row.oursAccepted}, workbox ${row.workboxAccepted}, client ${row.rawAccepted} of ${outbox.count}`);
  }
  const e = outbox.enqueue;
  lines.push({
    what: 'strict enqueue p99, ms (journal: sale + advice)',
    ours: f2(e.journal.p99),
    other: `${f2(e.workbox.p99)} workbox (relaxed)`,
    ratio: f2(e.journal.p99 / e.workbox.p99),
    goal: '≤ 5 ms',
    met: e.journal.p99 <= 5,
  });
  notes.push(`enqueue p50: journal ${f2(e.journal.p50)} ms, outbox.add ${f2(e.outboxAdd.p50)} ms (p99 ${f2(e.outboxAdd.p99)}), workbox ${f2(e.workbox.p50)} ms`);

  process.stderr.write('bench:ui…\n');
  const ui = await runJson<UiBenchResult>('bench/ui.ts', passOn(['sales']));
  lines.push({
    what: 'cold start → meter field focused, ms',
    ours: f0(ui.coldStartMs.total),
    other: '1000 goal',
    ratio: f2(ui.coldStartMs.total / 1000),
    goal: '≤ 1000 ms',
    met: ui.coldStartMs.total <= 1000,
  });
  lines.push({
    what: `own time per sale p95 (${ui.sales} sales), ms`,
    ours: f1(ui.ownMs.p95),
    other: `${f1(ui.upstreamMs.p95)} upstream p95`,
    ratio: f2(ui.ownMs.p95 / 50),
    goal: '≤ 50 ms',
    met: ui.ownMs.p95 <= 50,
  });
  notes.push(`cold start parts: host up ${f0(ui.coldStartMs.host)} ms, Chromium ${f0(ui.coldStartMs.chromium)} ms, page ${f0(ui.coldStartMs.page)} ms`);
  notes.push(`own time p50 ${f1(ui.ownMs.p50)} ms; parts p50: ${Object.entries(ui.partsMs).map(([k, v]) => `${k} ${f1(v.p50)}`).join('; ')}`);

  const out: string[] = [];
  out.push(`npm run bench — ${started.toISOString()}`);
  out.push(`${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}, Node ${process.version}, Chromium ${outbox.chromium}`);
  out.push(`load average (1/5/15 min) at start ${loadStart.map(f2).join(' / ')}, at end ${loadavg().map(f2).join(' / ')}`);
  out.push('');
  const header = ['measure', 'ours', 'peer or limit (same run)', 'ratio', 'goal', 'met'];
  const rows = lines.map((l) => [l.what, l.ours, l.other, l.ratio, l.goal, l.met === undefined ? '' : l.met ? 'yes' : 'NO']);
  out.push(`| ${header.join(' | ')} |`);
  out.push(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) out.push(`| ${row.join(' | ')} |`);
  out.push('');
  for (const note of notes) out.push(`- ${note}`);
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
