// The customer page's Contacts and Assets and Settings → Contacts, against the real backend: a contact added with
// Remote access Yes and a device added by hand show in Acme's tables (the demo's laptop sold on an invoice too, its
// serial linking to its history), refusals show at their field, and a field added and archived in Settings.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { countAssets, countContacts } from '../../db/services/recurringCounters.ts';
import { demoIds, okValue, serviceCtx } from '../support/backend.ts';
import { renderApp } from './render.tsx';

const nav = (name: string) => within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name });
const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent?.trim()),
    );

describe("Acme's contacts and assets", () => {
  it('adds a contact with Remote access Yes and a device, each listed and counted', async () => {
    const { b, user } = await renderApp();
    const ids = demoIds(b);
    const sold = await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial('DL5440-0002')],
          },
        ],
      }),
    );
    await user.click(nav('Customers'));
    await user.click(await screen.findByRole('button', { name: 'Open Acme Corp' }));
    const contacts = await screen.findByRole('table', { name: 'Contacts' });
    expect(within(contacts).getByRole('columnheader', { name: 'Remote access' })).toBeInTheDocument();
    expect(rowTexts(contacts)).toHaveLength(3);

    await user.click(screen.getByRole('button', { name: 'Add contact' }));
    let dialog = screen.getByRole('dialog', { name: 'Add contact' });
    await user.type(within(dialog).getByLabelText('Name'), 'Sam Rivera');
    await user.type(within(dialog).getByLabelText('Email'), 'sam@acme');
    await user.selectOptions(within(dialog).getByLabelText('Remote access'), 'Yes');
    await user.click(within(dialog).getByRole('button', { name: 'Save contact' }));
    // An implausible e-mail is refused at its field; nothing typed is lost.
    const email = within(dialog).getByLabelText('Email');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'sam@acme is not an e-mail address: enter it as name@example.com.',
    );
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Sam Rivera');
    await user.type(email, '.example');
    await user.click(within(dialog).getByRole('button', { name: 'Save contact' }));
    expect(await screen.findByText('Saved contact Sam Rivera.')).toBeInTheDocument();
    await waitFor(() =>
      expect(rowTexts(screen.getByRole('table', { name: 'Contacts' }))).toContainEqual([
        'Sam Rivera',
        'sam@acme.example',
        '',
        'Yes',
        'EditDelete',
      ]),
    );
    const remote = (await okValue(b.api.listContactFields({})))[0]!.id;
    expect(await countContacts(serviceCtx(b), ids.acme, { fieldId: remote, value: 'yes' })).toBe(3);

    const assets = screen.getByRole('table', { name: 'Assets' });
    expect(rowTexts(assets)).toEqual([
      ['Laptop', 'Front desk PC', 'ACME-FD-01', 'Entered by hand', 'Delete'],
      ['Laptop', 'Latitude 5440 Laptop', 'DL5440-0002', `Sold on ${sold.number}`, ''],
    ]);
    await user.click(screen.getByRole('button', { name: 'Add asset' }));
    dialog = screen.getByRole('dialog', { name: 'Add asset' });
    await user.type(within(dialog).getByLabelText('Name'), 'Reception phone');
    await user.click(within(dialog).getByRole('button', { name: 'Save asset' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Enter the asset type (such as Laptop).');
    await user.type(within(dialog).getByLabelText('Asset type'), 'phone');
    await user.type(within(dialog).getByLabelText('Serial'), 'RP-7');
    await user.click(within(dialog).getByRole('button', { name: 'Save asset' }));
    expect(await screen.findByText('Added asset Reception phone.')).toBeInTheDocument();
    await waitFor(() =>
      expect(rowTexts(screen.getByRole('table', { name: 'Assets' }))).toContainEqual([
        'phone',
        'Reception phone',
        'RP-7',
        'Entered by hand',
        'Delete',
      ]),
    );
    expect(await countAssets(serviceCtx(b), ids.acme, 'Phone')).toBe(1);
    expect(await countAssets(serviceCtx(b), ids.acme, 'Laptop')).toBe(2);

    // The sold unit's serial opens its history.
    await user.click(
      within(screen.getByRole('table', { name: 'Assets' })).getByRole('button', { name: 'DL5440-0002' }),
    );
    expect(await screen.findByRole('heading', { name: /DL5440-0002/ })).toBeInTheDocument();
  });

  it('deletes a contact after asking', async () => {
    const { user } = await renderApp();
    await user.click(nav('Customers'));
    await user.click(await screen.findByRole('button', { name: 'Open Acme Corp' }));
    const contacts = await screen.findByRole('table', { name: 'Contacts' });
    const [first] = rowTexts(contacts);
    await user.click(within(contacts).getByRole('button', { name: `Delete ${first![0]}` }));
    await user.click(screen.getByRole('button', { name: 'Delete contact' }));
    expect(await screen.findByText(`Deleted contact ${first![0]}.`)).toBeInTheDocument();
    await waitFor(() => expect(rowTexts(screen.getByRole('table', { name: 'Contacts' }))).toHaveLength(2));
  });
});

describe('Settings → Contacts', () => {
  it('adds a text field, refuses a name another field has, and archives a field', async () => {
    const { b, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const section = await screen.findByRole('region', { name: 'Contacts' });
    await within(section).findByRole('table', { name: 'Contact fields' });
    await user.type(within(section).getByLabelText('New field'), 'Site');
    await user.selectOptions(within(section).getByRole('combobox', { name: 'New field kind' }), 'Text');
    await user.click(within(section).getByRole('button', { name: 'Add field' }));
    expect(await within(section).findByText('Added Site (Text).')).toBeInTheDocument();
    await within(section).findByLabelText('Name of field Site');

    await user.type(within(section).getByLabelText('New field'), 'REMOTE access');
    await user.click(within(section).getByRole('button', { name: 'Add field' }));
    expect(await within(section).findByRole('alert')).toHaveTextContent(
      'A contact field named Remote access already exists.',
    );

    await user.click(within(section).getByRole('button', { name: 'Archive Site' }));
    expect(await within(section).findByRole('button', { name: 'Restore Site' })).toBeInTheDocument();
    expect((await okValue(b.api.listContactFields({}))).map((f) => [f.name, f.kind, f.archived])).toEqual([
      ['Remote access', 'yes_no', false],
      ['Site', 'text', true],
    ]);
  });
});

describe("the product editor's Asset type", () => {
  it('offers the known types and saves the one typed, trimmed', async () => {
    const { b, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Products' }));
    const table = await screen.findByRole('table', { name: 'Products' });
    await user.click(await within(table).findByRole('button', { name: 'Edit Cordless Drill 18V' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit Cordless Drill 18V' });
    const type = within(dialog).getByLabelText('Asset type');
    expect(type).toHaveValue('');
    const listId = type.getAttribute('list')!;
    await waitFor(() =>
      expect([...document.getElementById(listId)!.querySelectorAll('option')].map((o) => o.value)).toEqual([
        'Laptop',
        'Phone',
      ]),
    );
    await user.type(type, ' Power tool ');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await okValue(b.api.assetTypes({}))).toEqual(['Laptop', 'Phone', 'Power tool']);
  });
});
