// An X, Z or shift close report on screen: the same figures and lists as the printed slip.
import type { ShiftReportPrintRequest } from '../../../shared/bridge';
import { formatMoney } from '../../../shared/money';
import { NO_SALE_DRAWER_WORDS, REPORT_TITLES, tenderWords, varianceWords } from '../../../shared/slip/shift-report';

const localTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });

const TITLES = { shift: 'Shift close', x: 'X report', z: 'Z report' } as const;

export function ShiftReportView({ report, printed }: { report: ShiftReportPrintRequest; printed: { ok: true } | { ok: false; message: string } }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const kind = report.report ?? 'shift';
  const title = `${TITLES[kind]}${report.number !== undefined ? ` ${kind === 'z' ? 'No. ' : ''}${report.number}` : ''}`;
  return (
    <section className="shift-report" aria-label={title} data-report={REPORT_TITLES[kind]}>
      <h4>{title}</h4>
      <p>
        {localTime(report.from)} to {localTime(report.to)}
        {report.operatorId ? ` · by ${report.operatorId}` : ''} ·{' '}
        <span className={printed.ok ? 'ok' : 'error'}>{printed.ok ? 'printed' : `not printed: ${printed.message}`}</span>
      </p>
      <table className="advices" aria-label="By product">
        <thead>
          <tr>
            <th>Product</th>
            <th>Sold</th>
            <th>Reversed</th>
            <th>Declined</th>
            <th>No outcome</th>
          </tr>
        </thead>
        <tbody>
          {(report.products ?? []).map((p) => (
            <tr key={p.product}>
              <td>{p.product}</td>
              <td>
                {p.sold.count} · {money(p.sold.amount)}
              </td>
              <td>
                {p.reversed.count} · {money(p.reversed.amount)}
              </td>
              <td>{p.declined}</td>
              <td>
                {p.unresolved.count + p.review.count} · {money(p.unresolved.amount + p.review.amount)}
              </td>
            </tr>
          ))}
          <tr>
            <th>All</th>
            <th>
              {report.sold.count} · {money(report.sold.amount)}
            </th>
            <th>
              {report.reversed.count} · {money(report.reversed.amount)}
            </th>
            <th>{report.declined.count}</th>
            <th>
              {report.unresolved.count + (report.review?.count ?? 0)} · {money((report.unresolved.amount ?? 0) + (report.review?.amount ?? 0))}
            </th>
          </tr>
        </tbody>
      </table>
      <table className="advices" aria-label="By tender">
        <thead>
          <tr>
            <th>Tender</th>
            <th>Sold</th>
            <th>Held, no outcome</th>
            {report.drawer?.counts && (
              <>
                <th>Expected</th>
                <th>Counted</th>
                <th>Variance</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {(report.drawer?.counts ?? report.tenders ?? []).map((row) => {
            const tender = report.tenders?.find((t) => t.tender === row.tender);
            const count = report.drawer?.counts?.find((c) => c.tender === row.tender);
            return (
              <tr key={row.tender}>
                <td>{tenderWords(row.tender)}</td>
                <td>
                  {tender?.sold.count ?? 0} · {money(tender?.sold.amount ?? 0)}
                </td>
                <td>{money(tender?.held ?? 0)}</td>
                {count && (
                  <>
                    <td>{money(count.expected)}</td>
                    <td>{money(count.counted)}</td>
                    <td className={count.variance === 0 ? 'ok' : 'error'}>{varianceWords(count.variance, report.currency)}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.drawer && (
        <p>
          Drawer: float {money(report.drawer.float)} + cash sales {money(report.cash?.kept ?? 0)}
          {report.cash && report.cash.held > 0 ? ` + held ${money(report.cash.held)}` : ''} = <strong>expected {money(report.drawer.expected)}</strong>
        </p>
      )}
      {report.shifts && report.shifts.length > 0 && (
        <>
          <h5>Shifts</h5>
          <ul>
            {report.shifts.map((s) => (
              <li key={s.openedAt}>
                {localTime(s.openedAt)} to {localTime(s.closedAt)}
                {s.by ? ` · ${s.by}` : ''} · float {money(s.float)} · cash count: {varianceWords(s.variance, report.currency)}
              </li>
            ))}
          </ul>
        </>
      )}
      <ReportList title="Pending advices" items={(report.pendingAdvices ?? []).map((a) => `${localTime(a.at)} · ${a.kind}, ${a.subject}`)} />
      <ReportList
        title="Unknown outcomes"
        items={(report.unknownOutcomes ?? []).map((s) => `${localTime(s.at)} · ${s.subject} · ${money(s.amount)}${s.review ? ' · needs a supervisor' : ''}`)}
      />
      <ReportList title="Reversals the upstream refused" items={(report.reversalsRefused ?? []).map((s) => `${localTime(s.at)} · ${s.subject} · ${money(s.amount)}`)} />
      <ReportList title="Reprints" items={(report.reprints ?? []).map((r) => `${localTime(r.at)} · ${r.subject}${r.by ? ` · by ${r.by}` : ''}`)} />
      <h5>Drawer opened without a sale</h5>
      <p>{NO_SALE_DRAWER_WORDS}</p>
    </section>
  );
}

function ReportList({ title, items }: { title: string; items: string[] }) {
  return (
    <>
      <h5>
        {title} ({items.length})
      </h5>
      {items.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul aria-label={title}>
          {items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      )}
    </>
  );
}
