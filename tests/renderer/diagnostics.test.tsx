// Help → Diagnostics in the app: reached from the top bar's Help group, it lists the facts and Save diagnostics
// downloads the zip in browser mode; Settings → Updates says updates are the desktop app's there.
import { screen, within } from '@testing-library/react';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { LATEST_VERSION } from '../../db/migrations/index.ts';
import { renderApp } from './render.tsx';

const topBar = () => within(screen.getByRole('navigation', { name: 'Main' }));

describe('Help → Diagnostics', () => {
  it('shows the facts support asks for and downloads them with the logs as a zip', async () => {
    const { user } = await renderApp(undefined, { start: 'sell' });
    const help = topBar().getByRole('group', { name: 'Help' });
    await user.click(within(help).getByRole('button', { name: 'Diagnostics' }));
    await screen.findByRole('heading', { name: 'Diagnostics' });
    const facts = await screen.findByRole('table', { name: 'Diagnostics facts' });
    const value = (what: string) => within(facts).getByRole('rowheader', { name: what }).nextElementSibling;
    expect(value('App version')).toHaveTextContent('Counter POS test');
    expect(value('Electron')).toHaveTextContent('browser mode');
    expect(value('Schema version')).toHaveTextContent(String(LATEST_VERSION));
    expect(value('Last quick_check')).toHaveTextContent('Not run at this start (a new data file)');
    expect(value('Updates')).toHaveTextContent('Off');

    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((made: Blob) => {
      blob = made;
      return 'blob:diagnostics';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    try {
      await user.click(screen.getByRole('button', { name: 'Save diagnostics' }));
      expect(await screen.findByRole('status')).toHaveTextContent(
        /^Downloaded counter-pos-diagnostics-[\d-]+\.zip: the logs and these facts\.$/,
      );
      const zip = unzipSync(new Uint8Array(await blob!.arrayBuffer()));
      expect(Object.keys(zip)).toEqual(['diagnostics.json']); // this test host writes no log
    } finally {
      click.mockRestore();
    }
  });

  it('Settings → Updates says browser mode has no updates', async () => {
    const { user } = await renderApp(undefined, { start: 'sell' });
    await user.click(topBar().getByRole('button', { name: 'Settings' }));
    const updates = await screen.findByRole('region', { name: 'Updates' });
    expect(
      await within(updates).findByText(
        'Updates are for the desktop app: browser mode runs from the files it was started from.',
      ),
    ).toBeInTheDocument();
  });
});
