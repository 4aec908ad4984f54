import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render.tsx';

const app = () => renderApp();
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);

describe('Serial Numbers and history', () => {
  it('lists serials with filters, opens a history, renames with a reason and refuses a delete of a sold unit', async () => {
    const { user, scan, b } = await app();
    // Sell DL5440-0001 on an invoice first.
    await scan('SN:DL5440-0001');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: /INV-000001/ });

    await user.click(screen.getByRole('button', { name: 'Serial Numbers' }));
    const table = await screen.findByRole('table', { name: 'Serials' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(9));
    await user.selectOptions(screen.getByLabelText('Status'), 'Sold');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(cells(within(table).getAllByRole('row')[1]!)).toEqual([
      '', // the unit's Print labels checkbox
      'DL5440-0001',
      'Latitude 5440 Laptop',
      'Sold',
      'Main Store',
      'New',
      'INV-000001',
      'Walk-in Customer',
      '', // no ticket
    ]);
    await user.selectOptions(screen.getByLabelText('Status'), 'Any status');
    await user.type(screen.getByLabelText('Search serials'), 'mkt');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));

    await user.click(within(table).getByRole('button', { name: 'MKT18-A1001' }));
    expect(await screen.findByRole('heading', { name: 'Serial MKT18-A1001' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Rename serial' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename MKT18-A1001' });
    await user.clear(within(dialog).getByLabelText('New serial'));
    await user.type(within(dialog).getByLabelText('New serial'), 'MKT18-A1011');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Give a reason for the rename');
    await user.type(within(dialog).getByLabelText('Reason'), 'label misprint');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('heading', { name: 'Serial MKT18-A1011' })).toBeInTheDocument();
    const history = screen.getByRole('table', { name: 'History' });
    expect(history).toHaveTextContent('renamed from MKT18-A1001 to MKT18-A1011: label misprint');
    expect(screen.getByText('MKT18-A1001', { selector: 'dd' })).toBeInTheDocument(); // earlier labels
    expect(
      (await b.api.lookupSerial({ serial: 'MKT18-A1001' })).ok && (await b.api.lookupSerial({ serial: 'MKT18-A1001' })),
    ).toMatchObject({ value: [{ serial: 'MKT18-A1011' }] });

    // A sold unit: its history links to the invoice, and a delete is refused with the reason.
    await user.click(screen.getByRole('button', { name: '← Serial Numbers' }));
    await user.click(await screen.findByRole('button', { name: 'DL5440-0001' }));
    const events = await screen.findByRole('table', { name: 'History' });
    expect(
      within(events)
        .getAllByRole('row')
        .slice(1)
        .map((r) => cells(r)[1]),
    ).toEqual(['Received', 'Sold']);
    await user.click(screen.getByRole('button', { name: 'Delete serial' }));
    const del = screen.getByRole('dialog', { name: 'Delete DL5440-0001?' });
    await user.type(within(del).getByLabelText('Reason'), 'test');
    await user.click(within(del).getByRole('button', { name: 'Delete' }));
    expect(await within(del).findByRole('alert')).toHaveTextContent(
      'DL5440-0001 cannot be deleted: it is sold on INV-000001.',
    );
    await user.click(within(del).getByRole('button', { name: 'Cancel' }));
    await user.click(within(events).getByRole('button', { name: 'INV-000001' }));
    expect(await screen.findByRole('heading', { name: /INV-000001/ })).toBeInTheDocument();
  });
});

describe('catalog screens', () => {
  it('creates a product with a check-digit warning, and keeps a product with serials serial-tracked', async () => {
    const { user } = await app();
    await user.click(screen.getByRole('button', { name: 'Products' }));
    await user.click(await screen.findByRole('button', { name: 'New product' }));
    const dialog = screen.getByRole('dialog', { name: 'New product' });
    await user.type(within(dialog).getByLabelText('SKU'), 'DOCK-1');
    await user.type(within(dialog).getByLabelText('Barcode'), '5901234123458');
    expect(within(dialog).getByRole('status')).toHaveTextContent('The check digit of 5901234123458 does not add up');
    await user.clear(within(dialog).getByLabelText('Barcode'));
    await user.type(within(dialog).getByLabelText('Barcode'), '5901234123457');
    expect(within(dialog).queryByRole('status')).toBeNull();
    await user.type(within(dialog).getByLabelText('Name'), 'USB-C Dock');
    await user.type(within(dialog).getByLabelText('Price'), '199.00');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Another product already has barcode 5901234123457.',
    );
    await user.clear(within(dialog).getByLabelText('Barcode'));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const table = screen.getByRole('table', { name: 'Products' });
    expect(await within(table).findByText('USB-C Dock')).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'Edit Latitude 5440 Laptop' }));
    const edit = screen.getByRole('dialog', { name: 'Edit Latitude 5440 Laptop' });
    expect(within(edit).getByRole('checkbox', { name: 'Serialized' })).toBeDisabled();
    expect(
      within(edit).getByText('4 serials are on record, so this product stays serial-tracked.'),
    ).toBeInTheDocument();
    const laptopRow = within(table).getByText('Latitude 5440 Laptop').closest('tr')!;
    expect(laptopRow).toHaveTextContent('Main Store: 3, Warehouse: 1');
  });

  it('adds a vendor and edits a customer', async () => {
    const { user } = await app();
    await user.click(screen.getByRole('button', { name: 'Vendors' }));
    await user.click(await screen.findByRole('button', { name: 'New vendor' }));
    const dialog = screen.getByRole('dialog', { name: 'New vendor' });
    await user.type(within(dialog).getByLabelText('Name'), 'Dell Direct');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(screen.getByRole('table', { name: 'Vendors' })).findByText('Dell Direct')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Customers' }));
    await user.click(await screen.findByRole('button', { name: 'Edit Acme Corp' }));
    const edit = screen.getByRole('dialog', { name: 'Edit customer' });
    await user.clear(within(edit).getByLabelText('Phone'));
    await user.type(within(edit).getByLabelText('Phone'), '555-0199');
    await user.click(within(edit).getByRole('button', { name: 'Save' }));
    expect(await within(screen.getByRole('table', { name: 'Customers' })).findByText('555-0199')).toBeInTheDocument();
  });
});

describe('CSV import', () => {
  it('previews row errors and imports nothing; a clean file imports with progress to done', async () => {
    const { user, b } = await app();
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const bad = new File(
      ['sku,serial,location\nLAT-5440,DL-CSV-1,Main Store\nLAT-5440,DL5440-0002,Main Store\nNOPE,X,Main Store\n'],
      'bad.csv',
      { type: 'text/csv' },
    );
    await user.upload(screen.getByLabelText('CSV file'), bad);
    const errors = await screen.findByRole('list', { name: 'Row errors' });
    expect(
      within(errors)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Line 3: DL5440-0002 already exists for Latitude 5440 Laptop.', 'Line 4: no product has SKU NOPE.']);
    expect(screen.getByRole('button', { name: /^Import 3 rows/ })).toBeDisabled();

    const good = new File(
      ['\uFEFFsku;serial;location;condition notes\nLAT-5440;DL-CSV-1;Warehouse;Demo unit\nGAL-A55;IMEI-CSV-2;;\n'],
      'good.csv',
      { type: 'text/csv' },
    );
    await user.upload(screen.getByLabelText('CSV file'), good);
    expect(await screen.findByText('2 rows, no errors.')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Rows to import' })).getByText('Demo unit')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^Import 2 rows/ }));
    expect(
      await screen.findByText('Imported 2 serials on GR-000003, GR-000004.', {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(
      await b.one(`SELECT l.name FROM serials s JOIN locations l ON l.id = s.location_id WHERE serial = 'DL-CSV-1'`),
    ).toEqual({ name: 'Warehouse' });
  });
});
