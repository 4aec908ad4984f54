// Settings → API against the real backend: the desktop's listener turned on, moved and off from the form (and called
// over real HTTP), API keys created (shown once in a dialog, kept as a hash) and revoked, and browser mode's note of
// where the API answers.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApiListener } from '../../electron/api/listener.ts';
import { freshBackend, type Backend } from '../support/backend.ts';
import { renderApp } from './render.tsx';

async function openApiSettings(b: Backend) {
  const app = await renderApp(b, { start: 'sell' });
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'API' });
  return { ...app, s: within(section), section };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('Settings → API', () => {
  it('is off by default; Turn on the API listens at the port, and the API answers there with a key', async () => {
    const b = await freshBackend();
    const listener = createApiListener(() => b.ctx);
    b.ctx.apiListener = listener;
    onTestFinished(() => listener.close());
    const { s, user } = await openApiSettings(b);
    const turnOn = s.getByRole('checkbox', { name: 'Turn on the API' });
    expect(turnOn).not.toBeChecked();
    expect(s.getByLabelText('Port')).toHaveValue('5858');
    expect(s.getByRole('checkbox', { name: "Listen on the shop's network" })).not.toBeChecked();
    expect(s.getByText('The API is off.')).toBeInTheDocument();

    const port = await freePort();
    await user.click(turnOn);
    await user.clear(s.getByLabelText('Port'));
    await user.type(s.getByLabelText('Port'), String(port));
    await user.click(s.getByRole('button', { name: 'Save' }));
    const address = `http://127.0.0.1:${port}/api/v1`;
    expect(await s.findByText(`Saved. The API answers at ${address}.`)).toBeInTheDocument();

    await user.type(s.getByLabelText('Key name'), 'Website');
    await user.click(s.getByRole('button', { name: 'Create key' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'API key “Website”' }));
    const secret = (dialog.getByLabelText('API key') as HTMLInputElement).value;
    expect(secret).toMatch(/^cpos_/);
    expect(dialog.getByText(/it is shown only this once/)).toBeInTheDocument();
    await user.click(dialog.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    const answer = await fetch(`${address}/customers?query=acme`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(answer.status).toBe(200);
    // Only the hash is kept.
    const row = await b.one<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    expect(row.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));

    await user.click(s.getByRole('checkbox', { name: 'Turn on the API' }));
    await user.click(s.getByRole('button', { name: 'Save' }));
    expect(await s.findByText('Saved. The API is off.')).toBeInTheDocument();
    await expect(fetch(`${address}/openapi.json`)).rejects.toThrow();
  });

  it('refuses a port out of range at its field, and a port another program holds with why', async () => {
    const b = await freshBackend();
    const listener = createApiListener(() => b.ctx);
    b.ctx.apiListener = listener;
    onTestFinished(() => listener.close());
    const held = net.createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', () => resolve()));
    onTestFinished(() => new Promise<void>((resolve) => held.close(() => resolve())));
    const heldPort = (held.address() as net.AddressInfo).port;
    const { s, user } = await openApiSettings(b);
    await user.click(s.getByRole('checkbox', { name: 'Turn on the API' }));
    await user.clear(s.getByLabelText('Port'));
    await user.type(s.getByLabelText('Port'), '80');
    await user.click(s.getByRole('button', { name: 'Save' }));
    expect(s.getByText('Enter the port as a whole number from 1024 to 65535 (5858 by default).')).toBeInTheDocument();
    await user.clear(s.getByLabelText('Port'));
    await user.type(s.getByLabelText('Port'), String(heldPort));
    await user.click(s.getByRole('button', { name: 'Save' }));
    expect(
      await s.findByText(`Not saved. Port ${heldPort} is in use by another program: choose another port.`),
    ).toBeInTheDocument();
    expect(await b.all('SELECT * FROM settings WHERE key LIKE ?', 'api.%')).toEqual([]);
  });

  it('lists keys with when they were made and last used, and revokes one', async () => {
    const b = await freshBackend();
    const { s, user } = await openApiSettings(b);
    expect(s.getByText('No API keys yet.')).toBeInTheDocument();
    await user.click(s.getByRole('button', { name: 'Create key' }));
    expect(s.getByText('Enter the key name (what the key is for).')).toBeInTheDocument();
    await user.type(s.getByLabelText('Key name'), 'Zapier');
    await user.click(s.getByRole('button', { name: 'Create key' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));
    const table = within(await s.findByRole('table', { name: 'API keys' }));
    const row = table.getByRole('row', { name: /Zapier/ });
    expect(within(row).getByText(/^cpos_.{6}…$/)).toBeInTheDocument();
    expect(within(row).getByText(/by test/)).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Revoke Zapier' }));
    expect(await s.findByText('Revoked the key “Zapier”: calls with it are refused from now on.')).toBeInTheDocument();
    await waitFor(() => expect(within(row).queryByRole('button', { name: 'Revoke Zapier' })).not.toBeInTheDocument());
    const stored = await b.one<{ revoked_at: string | null }>('SELECT revoked_at FROM api_keys');
    expect(stored.revoked_at).not.toBeNull();
  });

  it('in browser mode says the API answers on this host’s own address under /api/v1', async () => {
    const b = await freshBackend();
    b.ctx.host = { ...b.ctx.host, mode: 'web' };
    b.ctx.webUrl = 'http://127.0.0.1:4321/';
    const { s } = await openApiSettings(b);
    expect(await s.findByText('http://127.0.0.1:4321/api/v1')).toBeInTheDocument();
    expect(s.queryByRole('checkbox', { name: 'Turn on the API' })).not.toBeInTheDocument();
    expect(s.getByRole('button', { name: 'Create key' })).toBeInTheDocument();
  });
});
