import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ScannerEvent } from '../../core/scan/detector.ts';
import { fakeScanner, renderApp, scanEvent } from './render.tsx';

// Scanner events as the preload delivers them from the main process's detector.
let scanner: ReturnType<typeof fakeScanner> | undefined;

async function app() {
  const r = await renderApp();
  scanner = fakeScanner();
  return r;
}
const send = (event: ScannerEvent) => scanner!.send(event);

describe('scans from the main process', () => {
  it('go to the invoice wherever focus is, and leaked keys are taken back out of the focused field', async () => {
    const { user, rows } = await app();
    const notes = screen.getByLabelText('Notes');
    await user.type(notes, 'Gift for Sam SN:'); // the detector recognised the scan after "SN:" leaked
    send({ type: 'rollback', text: 'SN:', count: 3 });
    send(scanEvent('SN:DL5440-0001'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(notes).toHaveValue('Gift for Sam ');
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveTextContent('[SN]');
    expect(screen.getByLabelText('Item search')).toHaveValue('');
  });

  it('go to an open Capture Serials dialog first, ticking the scanned unit', async () => {
    const { user, scan, rows } = await app();
    await scan('LAT-5440');
    await user.click(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' }));
    const dialog = await screen.findByRole('dialog', { name: 'Capture Serials' });
    await within(dialog).findByRole('checkbox', { name: 'DL5440-0002' });
    send(scanEvent('DL5440-0002'));
    expect(within(dialog).getByRole('checkbox', { name: 'DL5440-0002' })).toBeChecked();
    expect(rows()).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    send(scanEvent('0012345678905')); // dialog closed: back to the invoice
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it('types back the keys of a fast run that was not a scan', async () => {
    const { user } = await app();
    const description = await (async () => {
      await user.type(screen.getByLabelText('Item search'), 'USBC-2M{Enter}');
      return screen.getByLabelText('Description for USB-C Cable 2m');
    })();
    await user.clear(description);
    await user.type(description, 'Bl');
    send({ type: 'rollback', text: 'Bl', count: 2 });
    send({ type: 'abandoned', raw: 'Blue', reason: 'a 400 ms pause' });
    expect(description).toHaveValue('Blue');
  });

  it('captures from a GS1 code with GTIN + serial (AI 21) in one scan, limited to that product', async () => {
    const { rows } = await app();
    send(scanEvent('0105901234123457\u001d21DL5440-0003'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveAccessibleDescription(
      'Captured: DL5440-0003',
    );
    send(scanEvent('0104006381333931\u001d21DL5440-0001')); // the phone's GTIN: no phone has that serial
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Serial DL5440-0001 of the product with GTIN 04006381333931 was not found',
    );
  });

  it('reports a GTIN with a bad check digit instead of searching it', async () => {
    const { rows } = await app();
    send(scanEvent('5901234123458'));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '5901234123458 looks like a GTIN but its check digit is wrong',
    );
    expect(rows()).toHaveLength(0);
  });
});

describe('codes typed into the item search use the same classification', () => {
  it('takes a GS1 Digital Link and a GTIN-14', async () => {
    const { scan, rows } = await app();
    await scan('https://id.example.com/01/05901234123457/21/DL5440-0002');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Serials for Latitude 5440 Laptop' })).toHaveAccessibleDescription(
        'Captured: DL5440-0002',
      ),
    );
    await scan('00012345678905'); // the cable's GTIN-13 written as GTIN-14
    await waitFor(() => expect(rows()).toHaveLength(2));
  });
});

describe('the Scanner screen', () => {
  it('saves timing settings in the store and refuses inconsistent ones with a message', async () => {
    const { user, b } = await app();
    await user.click(screen.getByRole('button', { name: 'Scanner' }));
    const form = await screen.findByRole('form', { name: 'Scanner timing' });
    const minKeys = within(form).getByLabelText('Keys before a run counts as a scan');
    expect(minKeys).toHaveValue('4');
    await user.clear(minKeys);
    await user.type(minKeys, '6');
    await user.click(within(form).getByLabelText('Tab'));
    await user.click(within(form).getByRole('button', { name: 'Save settings' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Scanner settings saved.');
    expect(
      JSON.parse((await b.one<{ value: string }>(`SELECT value FROM settings WHERE key = 'scanner'`)).value),
    ).toMatchObject({ minKeys: 6, suffixKeys: ['Enter', 'NumpadEnter'] });

    const avg = within(form).getByLabelText('Largest average gap (ms)');
    await user.clear(avg);
    await user.type(avg, '90');
    await user.click(within(form).getByRole('button', { name: 'Save settings' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The average gap cannot be larger than the largest gap.',
    );
    expect(
      JSON.parse((await b.one<{ value: string }>(`SELECT value FROM settings WHERE key = 'scanner'`)).value),
    ).toMatchObject({ maxAvgGapMs: 30 });
  });

  it('shows the last scans with text, classification and timing, and detects scans in its test area', async () => {
    const { user } = await app();
    await user.click(screen.getByRole('button', { name: 'Scanner' }));
    const panel = await screen.findByRole('region', { name: 'Scan test' });
    send(scanEvent('SN:DL5440-0001'));
    const log = within(panel).getByRole('list', { name: 'Last scans' });
    expect(log).toHaveTextContent('SN:DL5440-0001');
    expect(log).toHaveTextContent('SN: serial DL5440-0001');
    expect(log).toHaveTextContent('14 keys in 112 ms (avg 8 ms) · ended by Enter');

    const area = within(panel).getByLabelText('Test area: click here and scan');
    area.focus();
    for (const d of '4006381333931') fireEvent.keyDown(area, { key: d, code: `Digit${d}` });
    fireEvent.keyDown(area, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(log).toHaveTextContent('GTIN 4006381333931'));
    expect(screen.queryAllByRole('heading', { name: /New invoice/ })).toHaveLength(0); // stayed on this screen
  });
});
