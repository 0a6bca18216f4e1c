// Writes a keyboard-mode recording for a text, in the format ../fixtures/README.md describes:
//   npx tsx electron/hid/testing/write-recording.ts <out.hex> <gap ms> <text with \n escapes> [reportId]
// Used for the synthesized fixtures; captures from a real device come from electron/hid/record.ts.
import { writeFile } from 'node:fs/promises';
import { reportsForText } from '../keyboard-report';

export function recordingFor(text: string, gapMs: number, reportId?: number): string {
  const reports = reportsForText(text, reportId !== undefined ? { reportId } : {});
  return reports
    .map((report, i) => `${i === 0 ? 0 : gapMs} ${[...report].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`)
    .join('\n');
}

const [out, gap, text, reportId] = process.argv.slice(2);
if (out && gap && text !== undefined) {
  const body = recordingFor(text.replace(/\\n/g, '\n'), Number(gap), reportId !== undefined ? Number(reportId) : undefined);
  await writeFile(out, `# synthesized: ${JSON.stringify(text)} typed with ${gap} ms between reports\n${body}\n`);
}
