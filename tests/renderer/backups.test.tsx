// Settings → Backups against the real backend on a real data file: Back up now adds a row (date, size, app version);
// Restore asks to confirm (Cancel changes nothing); a store kept in memory says there is nothing to back up.
import fs from 'node:fs';
import path from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listBackups } from '../../db/backups.ts';
import { storeBackupHost } from '../../electron/backupHandlers.ts';
import { freshBackend, tempDir, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

async function openBackups(b: Backend) {
  const app = await renderApp(b, { start: 'sell' });
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'Backups' }, { timeout: 5000 });
  return { ...app, s: within(section), section };
}

describe('Settings → Backups', () => {
  it('Back up now adds a row; Restore asks to confirm, and Cancel leaves the data file as it was', async () => {
    const dir = tempDir('pos-backups-ui-');
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'pos.sqlite');
    const b = await freshBackend({ file });
    b.ctx.backups = storeBackupHost(file, { current: () => b.store, open: async () => {} });
    const { s, user } = await openBackups(b);
    expect(await s.findByText('No backups yet.')).toBeInTheDocument();

    await user.click(s.getByRole('button', { name: 'Back up now' }));
    expect(await s.findByText(/^Backed up to /)).toHaveTextContent(`Backed up to ${listBackups(file)[0]!.path}.`);
    const table = await s.findByRole('table', { name: 'Backups' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(within(rows[0]!).getByRole('cell', { name: 'test' })).toBeInTheDocument(); // the app version
    expect(within(rows[0]!).getByRole('cell', { name: 'Back up now' })).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('cell', { name: /KB|MB/ })).toBeInTheDocument();

    const before = fs.readFileSync(file);
    await user.click(within(rows[0]!).getByRole('button', { name: /^Restore the backup of / }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(dialog).toHaveTextContent(/everything saved after that .* is not in it/);
    expect(dialog).toHaveTextContent('before-restore-');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('a damaged backup is refused with the reason, at the section', async () => {
    const dir = tempDir('pos-backups-ui-');
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'pos.sqlite');
    const b = await freshBackend({ file });
    b.ctx.backups = storeBackupHost(file, { current: () => b.store, open: async () => {} });
    const { s, user } = await openBackups(b);
    await user.click(await s.findByRole('button', { name: 'Back up now' }));
    const table = await s.findByRole('table', { name: 'Backups' });
    fs.writeFileSync(listBackups(file)[0]!.path, 'not a database');
    await user.click(within(table).getByRole('button', { name: /^Restore the backup of / }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    expect(await s.findByRole('alert')).toHaveTextContent(/Not restored\. The backup .* is damaged/);
  });

  it('a store kept in memory has nothing to back up', async () => {
    const { s } = await openBackups(await freshBackend());
    expect(await s.findByText(/kept in memory, not in a file: there is nothing to back up/)).toBeInTheDocument();
  });
});
