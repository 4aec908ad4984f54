import { act, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { onTestFinished } from 'vitest';
import { App } from '../../renderer/App.tsx';
import { classify } from '../../core/scan/classify.ts';
import type { ScannerEvent } from '../../core/scan/detector.ts';
import { connectScannerSource } from '../../renderer/scanner/router.ts';
import { freshBackend, type Backend } from '../support/backend.ts';

/**
 * The real App against the real backend on a fresh SQLite store with the demo shop (or the one given); the store is
 * closed when the test ends. The app opens on Sell; unless `start` is 'sell', the test goes to New invoice from the
 * top bar, as a user does.
 */
export async function renderApp(backend?: Backend, { start = 'invoice' }: { start?: 'invoice' | 'sell' } = {}) {
  const b = backend ?? (await freshBackend());
  onTestFinished(() => b.close());
  const user = userEvent.setup();
  const view = render(<App api={b.api} />);
  await screen.findByRole('heading', { name: /^Sell/ });
  if (start === 'invoice') {
    await user.click(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'New invoice' }),
    );
    await screen.findByRole('heading', { name: /New invoice/ });
  }
  const search = () => screen.getByLabelText('Item search');
  return {
    b,
    user,
    view,
    search,
    /** Types a code into the item search and presses Enter, as a scanner does. */
    scan: async (code: string) => {
      await user.clear(search());
      await user.type(search(), `${code.replace(/[{[]/g, (c) => c + c)}{Enter}`);
    },
    /** Chooses the invoice's customer in the customer picker: types the name, clicks the match. */
    chooseCustomer: async (name: string) => {
      await user.click(screen.getByRole('combobox', { name: 'Customer' }));
      await user.keyboard(name);
      await user.click(await screen.findByRole('option', { name: new RegExp(`^${name}`) }));
    },
    grid: () => screen.getByRole('table', { name: 'Invoice lines' }),
    rows: () =>
      within(screen.getByRole('table', { name: 'Invoice lines' }))
        .getAllByRole('row')
        .slice(1)
        .filter((r) => !r.classList.contains('empty-row')),
    row: (productName: string, nth = 0) =>
      within(screen.getByRole('table', { name: 'Invoice lines' }))
        .getAllByRole('row')
        .filter((r) => within(r).queryByText(productName, { selector: '.name' }))[nth]!,
    total: (label: RegExp) => within(screen.getByRole('table', { name: 'Totals' })).getByRole('row', { name: label }),
  };
}

/** Scanner events as the preload delivers them from the main process's detector; disconnected when the test ends. */
export function fakeScanner() {
  let emit: (event: ScannerEvent) => void = () => {};
  const disconnect = connectScannerSource({
    onEvent: (listener) => {
      emit = listener;
      return () => {
        emit = () => {};
      };
    },
  });
  onTestFinished(disconnect);
  return { send: (event: ScannerEvent) => act(() => emit(event)), disconnect };
}

/** A scan as the detector reports it (about 8 ms between keys, ended by Enter). */
export const scanEvent = (text: string): ScannerEvent => ({
  type: 'scan',
  text,
  raw: text,
  aim: null,
  keys: text.length,
  durationMs: text.length * 8,
  avgGapMs: 8,
  endedBy: 'Enter',
  classified: classify(text),
});
