// A recurring template's run log: one row per period, newest first: the invoice made (a link; a deleted draft keeps
// its number), the result (Invoice made / Nothing to invoice / Failed) and the message (the error, or why not).
import { recurringRunOutcomeLabel } from '../../core/enums.ts';
import type { RecurringTemplate } from '../../core/model.ts';
import { useNav } from '../stores/nav.ts';

export function RunLog({ template }: { template: RecurringTemplate }) {
  const go = useNav((s) => s.go);
  return (
    <section aria-labelledby="run-log-title">
      <h2 id="run-log-title">Run log</h2>
      <table className="list" aria-label="Run log">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Invoice</th>
            <th scope="col">Result</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {template.runs.length === 0 && (
            <tr>
              <td colSpan={4}>No runs yet.</td>
            </tr>
          )}
          {template.runs.map((r) => (
            <tr key={r.periodDate}>
              <td>{r.periodDate}</td>
              <td>
                {r.invoiceId !== null ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => go({ name: 'invoice', invoiceId: r.invoiceId! })}
                  >
                    {r.invoiceNumber}
                  </button>
                ) : r.invoiceNumber ? (
                  `${r.invoiceNumber} (deleted)`
                ) : (
                  '—'
                )}
              </td>
              <td>{recurringRunOutcomeLabel[r.outcome]}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
