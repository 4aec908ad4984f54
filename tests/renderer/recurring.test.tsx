// Invoices → Recurring through the real App against the real backend: a new monthly template for Acme Corp with a
// standard line (LAB-ONSITE) and LAT-5440 added from the item search, flagged at once as serial-tracked, turned into
// an asset counter for "Laptop"; saved as R-000001, paused and resumed; the list shows it. Make recurring on an
// invoice with a laptop and a cable: the cable proposed, the laptop left out and named, saved from the invoice.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../renderer/stores/nav.ts';
import { renderApp } from './render.tsx';

describe('Invoices → Recurring', () => {
  it('creates a monthly template with a standard line and an asset counter, warns on a serialized line, pauses', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const nav = within(screen.getByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('button', { name: 'Recurring' }));
    await screen.findByRole('heading', { name: 'Recurring invoices' });
    expect(await screen.findByText('No recurring invoices yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Run due now' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Nothing is due.');
    await user.click(screen.getByRole('button', { name: 'New recurring invoice' }));
    await screen.findByRole('heading', { name: 'New recurring invoice' });

    await user.click(screen.getByRole('combobox', { name: 'Customer' }));
    await user.keyboard('acme');
    const matches = await screen.findByRole('listbox', { name: 'Customer matches' });
    await user.click(within(matches).getAllByRole('option')[0]!);
    expect(screen.getByLabelText('Frequency')).toHaveValue('monthly');
    expect(screen.getByLabelText('What a run does')).toHaveValue('draft');
    await user.type(screen.getByLabelText('Item search'), 'LAB-ONSITE{Enter}');
    expect(await screen.findByLabelText('Line 1 quantity')).toHaveValue('1');

    // A serial-tracked product on a standard line: said as soon as it is added.
    await user.type(screen.getByLabelText('Item search'), 'LAT-5440{Enter}');
    const warning = await screen.findByText(/^Line 2: Latitude 5440 Laptop is serial-tracked/);
    expect(warning).toHaveTextContent('a recurring sale of a unit makes no sense');
    expect(warning).toHaveAttribute('role', 'alert');
    // The way out: count the customer's laptops with an asset counter.
    await user.selectOptions(screen.getByLabelText('Line 2 type'), 'asset_counter');
    await waitFor(() => expect(screen.queryByText(/is serial-tracked/)).not.toBeInTheDocument());
    const type = screen.getByLabelText('Line 2 asset type');
    await user.clear(type);
    await user.type(type, 'Laptop');
    const price = screen.getByLabelText('Line 2 unit price');
    await user.clear(price);
    await user.type(price, '15.00');

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Recurring invoice R-000001' });
    const lines = await b.all<{ kind: string; qty: number; asset_type: string; unit_price_minor: number }>(
      'SELECT kind, qty, asset_type, unit_price_minor FROM recurring_lines ORDER BY position',
    );
    expect(lines.map((l) => [l.kind, Number(l.qty), l.asset_type, Number(l.unit_price_minor)])).toEqual([
      ['standard', 1000, '', expect.any(Number)],
      ['asset_counter', 0, 'Laptop', 1500],
    ]);
    expect(screen.getByRole('table', { name: 'Run log' })).toHaveTextContent('No runs yet.');

    await user.click(await screen.findByRole('button', { name: 'Pause' }));
    expect(await screen.findByText(/R-000001 is paused/)).toBeInTheDocument();
    const paused = await b.one<{ paused: number }>('SELECT paused FROM recurring_templates');
    expect(Number(paused.paused)).toBe(1);
    await user.click(await screen.findByRole('button', { name: 'Resume' }));
    expect(await screen.findByText(/R-000001 resumed/)).toBeInTheDocument();
    await screen.findByRole('button', { name: 'Pause' });

    await user.click(nav.getByRole('button', { name: 'Recurring' }));
    const table = await screen.findByRole('table', { name: 'Recurring invoices' });
    const row = (await within(table).findByRole('button', { name: 'R-000001' })).closest('tr')!;
    expect(row).toHaveTextContent('Acme Corp');
    expect(row).toHaveTextContent('Monthly');
    expect(row).toHaveTextContent('Active');
  });

  it('Make recurring on an invoice proposes its lines, leaving out the serialized one, and saves from it', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const ids = b.ids;
    const saved = await b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      draft: true,
      lines: [
        {
          productId: ids.laptop,
          description: 'Latitude 5440 Laptop',
          qty: 1000,
          unitPriceMinor: 124_900,
          taxable: true,
          serialIds: [ids.serial('DL5440-0001')],
        },
        {
          productId: ids.cable,
          description: 'USB-C cable 2 m',
          qty: 2000,
          unitPriceMinor: 1_000,
          taxable: true,
          serialIds: [],
        },
      ],
    });
    if (!saved.ok) throw new Error(saved.error.message);
    useNav.getState().go({ name: 'invoice', invoiceId: saved.value.id });
    await user.click(await screen.findByRole('button', { name: 'Make recurring' }));
    await screen.findByRole('heading', { name: 'New recurring invoice' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Left out of the template: Latitude 5440 Laptop \(serial-tracked/,
    );
    expect(await screen.findByLabelText('Line 1 description')).toHaveValue('USB-C cable 2 m');
    expect(screen.queryByLabelText('Line 2 description')).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Customer' })).toHaveValue('Acme Corp');
    // Terms are the shop's (a name each run's invoice knows), chosen from its list.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Terms' }), 'Net 30');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Recurring invoice R-000001' });
    expect(screen.getByRole('button', { name: saved.value.number })).toBeInTheDocument();
    const row = await b.one<{ source_invoice_id: number; terms: string }>(
      'SELECT source_invoice_id, terms FROM recurring_templates',
    );
    expect(Number(row.source_invoice_id)).toBe(saved.value.id);
    expect(row.terms).toBe('Net 30');
  });
});

describe('a contact counter whose field was archived since', () => {
  it('still shows the field it counts by, marked archived, not "Every contact"', async () => {
    const { b, user } = await renderApp(undefined, { start: 'sell' });
    const fields = await b.api.listContactFields({});
    if (!fields.ok) throw new Error(fields.error.message);
    const remote = fields.value.find((f) => f.name === 'Remote access')!;
    const saved = await b.api.saveRecurring({
      customerId: b.ids.acme,
      frequency: 'monthly',
      everyMonths: 1,
      startDate: '2026-12-01',
      endDate: null,
      maxRuns: null,
      terms: '',
      notes: '',
      action: 'draft',
      addTicketCharges: false,
      ticketStatusIds: [],
      ticketChargeOrder: 'ticket',
      lines: [
        {
          kind: 'contact_counter',
          productId: null,
          description: 'Remote access seats',
          qty: 0,
          unitPriceMinor: 1_000,
          taxable: true,
          taxRateId: null,
          assetType: '',
          contactFieldId: remote.id,
          contactFieldValue: 'yes',
        },
      ],
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const archived = await b.api.saveContactField({
      id: remote.id,
      name: remote.name,
      kind: remote.kind,
      archived: true,
    });
    if (!archived.ok) throw new Error(archived.error.message);

    useNav.getState().go({ name: 'recurringTemplate', id: saved.value.id });
    await screen.findByRole('heading', { name: 'Recurring invoice R-000001' });
    const field = await screen.findByRole('combobox', { name: 'Line 1 contact field' });
    expect(field).toHaveValue(String(remote.id));
    expect(within(field).getByRole('option', { selected: true })).toHaveTextContent(
      'Only with Remote access (archived)',
    );
    expect(screen.getByRole('combobox', { name: 'Line 1 field value' })).toHaveValue('yes');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved R-000001/);
  });
});
