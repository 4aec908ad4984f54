// E-mail in the app against the real backend and a REAL SMTP server (smtp-server on 127.0.0.1): Settings → Email
// saves the server (the password never shown back, "A password is kept"), Email invoice on a saved Draft sends it to
// the customer's address with the default subject and the PDF, the Draft becomes Sent and its e-mail log names whom
// and who; with the server down the dialog says the e-mail waits in the Outbox, and the Outbox screen sends it (Send
// now) once the server is back. Also the reprint's Email receipt.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SMTP_URL_ENV } from '../../db/services/email.ts';
import { useNav } from '../../renderer/stores/nav.ts';
import { demoIds, freshBackend, okValue, type Backend } from '../support/backend.ts';
import { closedPort, startSmtp, type TestSmtp } from '../support/smtp.ts';
import { renderApp } from './render.tsx';

/** A send renders the PDF in Chromium first (launched on the first one): longer than findBy's default second. */
const SENDING = { timeout: 20_000 };
let smtp: TestSmtp | null = null;
delete process.env[SMTP_URL_ENV];
afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

async function acmeDraft(b: Backend) {
  const ids = demoIds(b);
  return okValue(
    b.api.saveInvoice({
      customerId: ids.acme,
      locationId: ids.main,
      invoiceDate: '2026-11-21',
      draft: true,
      lines: [
        { productId: null, description: 'Labour', qty: 1000, unitPriceMinor: 5_000, taxable: false, serialIds: [] },
      ],
    }),
  );
}

const useServerAt = (b: Backend, port: number) =>
  okValue(
    b.api.saveEmailSettings({ host: '127.0.0.1', port, security: 'none', user: '', from: 'shop@counter.example' }),
  );

describe('Settings → Email', () => {
  it('saves the SMTP server; the password is never shown back, only that one is kept; Send test e-mail', async () => {
    smtp = await startSmtp();
    const { user, b } = await renderApp(undefined, { start: 'sell' });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const form = within(await screen.findByRole('form', { name: 'Email settings' }));
    await user.type(form.getByLabelText('SMTP host'), '127.0.0.1');
    await user.clear(form.getByLabelText('Port'));
    await user.type(form.getByLabelText('Port'), String(smtp.port));
    await user.selectOptions(form.getByLabelText('Security'), 'None');
    await user.type(form.getByLabelText('User'), 'mailer');
    await user.type(form.getByLabelText('Password'), 'Pa55-secret');
    await user.type(form.getByLabelText('From'), 'shop@counter.example');
    await user.click(form.getByRole('button', { name: 'Save' }));
    expect(await form.findByRole('status', {}, SENDING)).toHaveTextContent('E-mail settings saved.');
    expect(form.getByLabelText('Password')).toHaveValue('');
    expect(form.getByText(/^A password is kept/)).toBeInTheDocument();
    const values = await b.all<{ value: string }>('SELECT value FROM settings');
    expect(values.filter((v) => v.value.includes('Pa55-secret'))).toEqual([]);

    // the test server takes no login: forget the password and the user, then send the test e-mail
    await user.clear(form.getByLabelText('User'));
    await okValue(
      b.api.saveEmailSettings({ host: '127.0.0.1', port: smtp.port, security: 'none', user: '', password: '' }),
    );
    await user.type(form.getByLabelText('Test address'), 'me@example.com');
    await user.click(form.getByRole('button', { name: 'Send test e-mail' }));
    expect(await form.findByRole('status', {}, SENDING)).toHaveTextContent('A test e-mail was sent to me@example.com.');
    expect(smtp.received.map((m) => m.to)).toEqual(['me@example.com']);
  });
});

describe('Email invoice', () => {
  it("sends a Draft to the customer's address with its PDF; it becomes Sent and shows its e-mail log", async () => {
    smtp = await startSmtp();
    const b = await freshBackend();
    await useServerAt(b, smtp.port);
    const draft = await acmeDraft(b);
    const { user } = await renderApp(b, { start: 'sell' });
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: draft.id }));
    await screen.findByRole('heading', { name: `Invoice ${draft.number}` });

    await user.click(screen.getByRole('button', { name: 'Email invoice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Email invoice' }));
    await waitFor(() => expect(dialog.getByLabelText('To')).toHaveValue('accounts@acme.example'));
    const shop = await okValue(b.api.getShopSettings({}));
    expect(dialog.getByLabelText('Subject')).toHaveValue(`Invoice INV-000001 from ${shop.name}`);
    await user.type(dialog.getByLabelText('Cc'), 'boss@acme.example');
    await user.type(dialog.getByLabelText('Message'), 'Thank you.');
    await user.click(dialog.getByRole('button', { name: 'Send' }));
    expect(await dialog.findByRole('status', {}, SENDING)).toHaveTextContent(
      'Sent to accounts@acme.example (cc boss@acme.example).',
    );
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.attachment?.fileName).toBe('INV-000001.pdf');
    expect(smtp.received[0]!.text).toContain('Thank you.');
    await user.click(dialog.getByRole('button', { name: 'Close' }));

    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');
    const log = await screen.findByRole('region', { name: 'E-mails' });
    expect(log).toHaveTextContent(/Invoice to accounts@acme\.example \(cc boss@acme\.example\), sent .* by test/);
  });

  it('with the server down it waits in the Outbox; Send now there sends it once the server is back', async () => {
    const port = await closedPort();
    const b = await freshBackend();
    await useServerAt(b, port);
    const draft = await acmeDraft(b);
    const { user } = await renderApp(b, { start: 'sell' });
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: draft.id }));
    await screen.findByRole('heading', { name: `Invoice ${draft.number}` });
    await user.click(screen.getByRole('button', { name: 'Email invoice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Email invoice' }));
    await waitFor(() => expect(dialog.getByLabelText('To')).toHaveValue('accounts@acme.example'));
    await user.click(dialog.getByRole('button', { name: 'Send' }));
    expect(await dialog.findByRole('alert', {}, SENDING)).toHaveTextContent(
      /^Could not reach the mail server \(.*\): the e-mail waits in the Outbox and is retried\.$/,
    );
    await user.click(dialog.getByRole('button', { name: 'Close' }));
    expect(await screen.findByRole('region', { name: 'E-mails' })).toHaveTextContent(
      /Invoice to accounts@acme\.example: In the outbox/,
    );
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('draft');

    smtp = await startSmtp(port);
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Outbox' }));
    const outbox = await screen.findByRole('region', { name: 'Outbox' });
    const row = within(outbox).getByRole('row', { name: /accounts@acme\.example/ });
    expect(row).toHaveTextContent('INV-000001');
    expect(row).toHaveTextContent(/ECONNREFUSED/);
    await user.click(within(row).getByRole('button', { name: /^Send now/ }));
    expect(await within(outbox).findByRole('status', {}, SENDING)).toHaveTextContent('Sent to accounts@acme.example.');
    expect(await within(outbox).findByText('The outbox is empty: every e-mail was sent.')).toBeInTheDocument();
    expect(smtp.received).toHaveLength(1);
    expect((await okValue(b.api.getInvoice({ id: draft.id }))).status).toBe('sent');
  });
});

describe('Email receipt', () => {
  it("the reprinted receipt is e-mailed to the address given, with the sale's PDF", async () => {
    smtp = await startSmtp();
    const b = await freshBackend();
    await useServerAt(b, smtp.port);
    const draft = await acmeDraft(b);
    await okValue(b.api.markInvoiceSent({ id: draft.id }));
    const { user } = await renderApp(b, { start: 'sell' });
    act(() => useNav.getState().go({ name: 'invoice', invoiceId: draft.id }));
    await screen.findByRole('heading', { name: `Invoice ${draft.number}` });
    await user.click(screen.getByRole('button', { name: 'Reprint receipt' }));
    const dialog = within(await screen.findByRole('dialog', { name: /^Receipt INV-000001/ }));
    const form = within(await dialog.findByRole('form', { name: 'Email receipt' }));
    await user.type(form.getByLabelText('To'), 'buyer@example.com');
    await user.click(form.getByRole('button', { name: 'Send' }));
    expect(await form.findByRole('status', {}, SENDING)).toHaveTextContent('Sent to buyer@example.com.');
    expect(smtp.received[0]!.subject).toMatch(/^Receipt INV-000001 from /);
    expect(smtp.received[0]!.attachment?.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
