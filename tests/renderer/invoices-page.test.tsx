// The Invoices page against the real backend (the store's clock is frozen at 2026-11-21): the columns and empty
// messages, search by serial and the filters, From after To, sorting, at a glance (a click applies its filter),
// the preview beside the list, and bulk actions that report what was done and what was refused.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import { demoIds, freshBackend, sqliteOf, type Backend } from '../support/backend.ts';
import { csvText } from '../../renderer/invoice/invoicesCsv.ts';
import { renderApp } from './render.tsx';

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

/**
 * INV-000001 Acme, Oct 1, due Oct 31, DL5440-0001 1,200.00, 200.00 paid on Nov 10: Partial and overdue.
 * INV-000002 Jordan Lee, Nov 20, a draft reserving DL5440-0002, 1,000.00.
 * INV-000003 Walk-in, Nov 18, due Dec 1, labour 50.00: Sent.
 */
async function shop(): Promise<Backend> {
  const b = await freshBackend();
  const ids = demoIds(b);
  const jordan = (await b.one<{ id: number }>(`SELECT id FROM customers WHERE name = 'Jordan Lee'`)).id;
  const cash = (await b.one<{ id: number }>(`SELECT id FROM payment_methods WHERE kind = 'cash'`)).id;
  const laptop = (serial: string, price: number) => ({
    productId: ids.laptop,
    description: 'Latitude 5440 Laptop',
    qty: 1000,
    unitPriceMinor: price,
    taxable: false,
    serialIds: [ids.serial(serial)],
  });
  const a = ok(
    await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-10-01',
      dueDate: '2026-10-31',
      lines: [laptop('DL5440-0001', 120_000)],
    }),
  );
  ok(await b.api.takePayment({ invoiceId: a.id, amountMinor: 20_000, methodId: cash, paidOn: '2026-11-10' }));
  ok(
    await b.api.saveInvoice({
      draft: true,
      customerId: jordan,
      locationId: ids.main,
      invoiceDate: '2026-11-20',
      lines: [laptop('DL5440-0002', 100_000)],
    }),
  );
  ok(
    await b.api.saveInvoice({
      customerId: ids.walkIn,
      locationId: ids.main,
      invoiceDate: '2026-11-18',
      dueDate: '2026-12-01',
      lines: [
        {
          productId: null,
          description: 'Bench repair',
          qty: 1000,
          unitPriceMinor: 5_000,
          taxable: false,
          serialIds: [],
        },
      ],
    }),
  );
  return b;
}

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });
const table = () => screen.getByRole('table', { name: 'Saved invoices' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const numbersShown = () =>
  bodyRows().map((r) => within(r).queryByRole('button', { name: /^INV-/ })?.textContent ?? r.textContent);
const row = (number: string) => within(table()).getByRole('button', { name: number }).closest('tr')!;

async function openPage(backend?: Backend) {
  const app = await renderApp(backend ?? (await shop()));
  await app.user.click(nav('Invoices'));
  await screen.findByRole('table', { name: 'Saved invoices' });
  return app;
}

describe('the Invoices page', () => {
  it('says "No invoices yet" only when there are none', async () => {
    const { user } = await openPage(await freshBackend());
    expect(await screen.findByText('No invoices yet.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Search'), 'DL5440-0001');
    expect(await screen.findByText('No invoices match these filters.')).toBeInTheDocument();
  });

  it('shows number, dates, customer, status (a red Overdue badge), total and balance, with the count', async () => {
    await openPage();
    const headers = within(table())
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.slice(1, 8)).toEqual(['Number', 'Date ▼', 'Due date', 'Customer', 'Status', 'Total', 'Balance']);
    const first = within(row('INV-000001'))
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(first.slice(1, 8)).toEqual([
      'INV-000001',
      '2026-10-01',
      '2026-10-31',
      'Acme Corp',
      'PartialOverdue',
      '1,200.00',
      '1,000.00',
    ]);
    expect(within(row('INV-000001')).getByText('Overdue')).toHaveClass('badge', 'invoice-overdue');
    expect(within(row('INV-000002')).getByText('Draft')).toBeInTheDocument();
    expect(within(row('INV-000002')).queryByText('Overdue')).toBeNull();
    expect(numbersShown()).toEqual(['INV-000002', 'INV-000003', 'INV-000001']); // newest first
    expect(screen.getByText('1–3 of 3')).toBeInTheDocument();
  });

  it('searches by serial, filters by status, Overdue, customer and dates, and says when nothing matches', async () => {
    const { user } = await openPage();
    const search = screen.getByLabelText('Search');
    await user.type(search, 'dl5440-0002');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002']));
    await user.clear(search);
    await user.type(search, 'acme');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001']));
    await user.clear(search);

    const status = screen.getByLabelText('Status');
    expect(
      within(status)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'Any status',
      'Draft',
      'Sent',
      'Viewed',
      'Partial',
      'Paid',
      'Void',
      'Overdue',
      'Outstanding',
      'Paid in the last 30 days',
    ]);
    await user.selectOptions(status, 'Overdue');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001']));
    await user.selectOptions(status, 'Paid');
    expect(await screen.findByText('No invoices match these filters.')).toBeInTheDocument();
    await user.selectOptions(status, 'Any status');

    await user.selectOptions(screen.getByLabelText('Customer'), 'Jordan Lee');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002']));
    await user.selectOptions(screen.getByLabelText('Customer'), 'All customers');

    await user.type(screen.getByLabelText('From'), '2026-11-19');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002']));
    await user.type(screen.getByLabelText('To'), '2026-11-01');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'From (2026-11-19) is after To (2026-11-01): choose a From date on or before the To date.',
    );
    expect(screen.queryByRole('table', { name: 'Saved invoices' })).toBeNull();
    await user.clear(screen.getByLabelText('From'));
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001']));
  });

  it('sorts by a column header, one way then the other', async () => {
    const { user } = await openPage();
    const balance = within(table()).getByRole('button', { name: 'Balance' });
    await user.click(balance);
    // Equal balances (1,000.00) by id, the same way.
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000002', 'INV-000001', 'INV-000003']));
    expect(balance.closest('th')).toHaveAttribute('aria-sort', 'descending');
    expect(within(table()).getByRole('button', { name: 'Date' }).closest('th')).toHaveAttribute('aria-sort', 'none');
    await user.click(balance);
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000003', 'INV-000001', 'INV-000002']));
    expect(balance.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    await user.click(within(table()).getByRole('button', { name: 'Customer' }));
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001', 'INV-000002', 'INV-000003']));
  });

  it('shows the totals at a glance; a click applies its filter', async () => {
    const { user } = await openPage();
    const glance = screen.getByRole('group', { name: 'At a glance' });
    const outstanding = await within(glance).findByRole('button', { name: 'Outstanding: $1,050.00, 2 invoices' });
    const overdue = within(glance).getByRole('button', { name: 'Overdue: $1,000.00, 1 invoice' });
    const paid = within(glance).getByRole('button', { name: 'Paid in the last 30 days: $200.00, 1 invoice' });
    expect(overdue).toHaveTextContent('$1,000.00');
    expect(overdue).toHaveAttribute('aria-pressed', 'false');

    await user.click(overdue);
    expect(screen.getByLabelText('Status')).toHaveValue('overdue');
    expect(overdue).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001']));
    await user.click(outstanding);
    expect(screen.getByLabelText('Status')).toHaveValue('outstanding');
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000003', 'INV-000001']));
    await user.click(paid);
    await waitFor(() => expect(numbersShown()).toEqual(['INV-000001']));
  });

  it('previews the selected invoice beside the list: lines with serials, payments, balance; opens it in the editor', async () => {
    const { user } = await openPage();
    // Each row's Preview button is named by its invoice; the number button keeps its own name.
    expect(within(row('INV-000003')).getByRole('button', { name: 'Preview INV-000003' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'INV-000001' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Preview INV-000001' }));
    const preview = await screen.findByRole('complementary', { name: 'Preview of INV-000001' });
    expect(within(preview).getByRole('list', { name: 'Serials of Latitude 5440 Laptop' })).toHaveTextContent(
      'DL5440-0001',
    );
    expect(within(preview).getByRole('list', { name: 'Payments on INV-000001' })).toHaveTextContent(
      '2026-11-10 · PAY-000001 · Cash: $200.00',
    );
    expect(within(preview).getByRole('row', { name: /Balance/ })).toHaveTextContent('$1,000.00');
    expect(screen.getByRole('table', { name: 'Saved invoices' })).toBeInTheDocument(); // still on the page

    await user.click(within(row('INV-000003')).getByText('Walk-in Customer')); // a click on the row previews it too
    const other = await screen.findByRole('complementary', { name: 'Preview of INV-000003' });
    expect(within(other).getByText('No payments.')).toBeInTheDocument();
    await user.click(within(other).getByRole('button', { name: 'Open in editor' }));
    expect(await screen.findByRole('heading', { name: /Invoice INV-000003/ })).toBeInTheDocument();
  });
});

describe('bulk actions on the Invoices page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('labels each checkbox by its invoice and selects a page at once', async () => {
    const { user } = await openPage();
    expect(screen.getByRole('button', { name: 'Bulk actions' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000001' }));
    expect(screen.getByText('1 invoice selected')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select all invoices on this page' }));
    for (const n of ['INV-000001', 'INV-000002', 'INV-000003'])
      expect(screen.getByRole('checkbox', { name: `Select ${n}` })).toBeChecked();
    expect(screen.getByText('3 invoices selected')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select all invoices on this page' }));
    expect(screen.getByText('None selected')).toBeInTheDocument();
  });

  it('marks sent and quick pays, reporting how many were done and which were refused and why', async () => {
    const { user, b } = await openPage();
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000002' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000003' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mark sent' }));
    const report = await screen.findByText('Mark sent: 1 of 2 done; 1 refused.');
    expect(
      within(report.closest('[role="status"]')! as HTMLElement).getByRole('list', { name: 'Refused' }),
    ).toHaveTextContent('INV-000003 is already Sent.');
    await waitFor(() => expect(within(row('INV-000002')).getByText('Sent')).toBeInTheDocument());
    // The done one is let go; the refused one stays ticked.
    expect(screen.getByRole('checkbox', { name: 'Select INV-000002' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select INV-000003' })).toBeChecked();

    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000001' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Quick pay' }));
    expect(await screen.findByText('Quick pay: 2 invoices done.')).toBeInTheDocument();
    await waitFor(() => expect(within(row('INV-000001')).getByText('Paid')).toBeInTheDocument());
    expect(await b.all(`SELECT number, status, balance_minor FROM invoices ORDER BY id`)).toEqual([
      { number: 'INV-000001', status: 'paid', balance_minor: 0 },
      { number: 'INV-000002', status: 'sent', balance_minor: 100_000 },
      { number: 'INV-000003', status: 'paid', balance_minor: 0 },
    ]);
    // The glance follows: only INV-000002 is owed now.
    expect(
      await within(screen.getByRole('group', { name: 'At a glance' })).findByRole('button', {
        name: 'Outstanding: $1,000.00, 1 invoice',
      }),
    ).toBeInTheDocument();
  });

  it('voids after a confirmation; one with payments is refused, to be voided from the invoice', async () => {
    const { user, b } = await openPage();
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000001' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000003' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Void' }));
    const dialog = screen.getByRole('dialog', { name: 'Void 2 invoices?' });
    expect(dialog).toHaveTextContent('Its serials go back in stock');
    await user.click(within(dialog).getByRole('button', { name: 'Void 2 invoices' }));
    expect(await screen.findByText('Void: 1 of 2 done; 1 refused.')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Refused' })).toHaveTextContent(
      'INV-000001 has payments: void it from the invoice, to choose whether they are refunded or kept as store credit.',
    );
    await waitFor(() => expect(within(row('INV-000003')).getByText('Void')).toBeInTheDocument());
    expect(await b.all(`SELECT number, status FROM invoices WHERE number IN ('INV-000001', 'INV-000003')`)).toEqual([
      { number: 'INV-000001', status: 'partial' },
      { number: 'INV-000003', status: 'void' },
    ]);
  });

  it('cancels a void from its confirmation, voiding nothing', async () => {
    const { user, b } = await openPage();
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000003' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Void' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Void 1 invoice?' })).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await b.one(`SELECT count(*) AS n FROM invoices WHERE status = 'void'`)).toEqual({ n: 0 });
  });

  it('exports the selected rows as CSV, quoting fields that need it', async () => {
    const b = await shop();
    sqliteOf(b).prepare(`UPDATE customers SET name = 'Lee, "JJ" Jordan' WHERE name = 'Jordan Lee'`).run();
    const { user } = await openPage(b);
    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((made: Blob) => {
      blob = made;
      return 'blob:invoices';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('invoices.csv');
      expect(this.href).toBe('blob:invoices');
    });
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000002' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select INV-000001' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Export CSV' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Export CSV: 2 invoices exported.')).toBeInTheDocument();
    // A byte-order mark first (spreadsheets then read UTF-8), then the rows.
    const bytes = new Uint8Array(await blob!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      'Number,Date,Due date,Customer,Status,Overdue,Total,Balance\r\n' +
        'INV-000002,2026-11-20,2026-11-20,"Lee, ""JJ"" Jordan",Draft,,1000.00,1000.00\r\n' +
        'INV-000001,2026-10-01,2026-10-31,Acme Corp,Partial,Yes,1200.00,1000.00\r\n',
    );
  });
  it('writes a text field a spreadsheet would run as a formula with a leading quote; amounts stay numbers', async () => {
    const b = await shop();
    const rename = sqliteOf(b).prepare('UPDATE customers SET name = ? WHERE name = ?');
    rename.run('=HYPERLINK("http://x.example")', 'Acme Corp');
    rename.run('@SUM(A1)', 'Jordan Lee');
    rename.run('\t-3 Walk-in', 'Walk-in Customer');
    const { user } = await openPage(b);
    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((made: Blob) => {
      blob = made;
      return 'blob:invoices';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(screen.getByRole('checkbox', { name: 'Select all invoices on this page' }));
    await user.click(screen.getByRole('button', { name: 'Bulk actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Export CSV' }));
    expect(await screen.findByText('Export CSV: 3 invoices exported.')).toBeInTheDocument();
    expect(new TextDecoder().decode(new Uint8Array(await blob!.arrayBuffer()).slice(3))).toBe(
      'Number,Date,Due date,Customer,Status,Overdue,Total,Balance\r\n' +
        "INV-000002,2026-11-20,2026-11-20,'@SUM(A1),Draft,,1000.00,1000.00\r\n" +
        "INV-000003,2026-11-18,2026-12-01,'\t-3 Walk-in,Sent,,50.00,50.00\r\n" +
        `INV-000001,2026-10-01,2026-10-31,"'=HYPERLINK(""http://x.example"")",Partial,Yes,1200.00,1000.00\r\n`,
    );
    expect(['+1 555', '\rA', '-', 'Acme', '1-2'].map(csvText)).toEqual(["'+1 555", "'\rA", "'-", 'Acme', '1-2']);
  });
});
