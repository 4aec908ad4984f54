// Settings → Counter: negative stock, scan sound, receipts, the discount limit and the return window (issue 13).
// Only an Admin may save them: the store's refusal is tested in tests/db/oversell.test.ts.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render.tsx';

async function openCounter() {
  const app = await renderApp();
  await app.user.click(screen.getByRole('button', { name: 'Settings' }));
  const form = await screen.findByRole('form', { name: 'Counter settings' });
  return { ...app, form };
}

describe('Settings → Counter', () => {
  it('shows each setting in a labelled field, at its default', async () => {
    const { form } = await openCounter();
    expect(within(form).getByRole('heading', { name: 'Counter', level: 2 })).toBeInTheDocument();
    expect(within(form).getByRole('checkbox', { name: 'Allow negative stock' })).not.toBeChecked();
    expect(within(form).getByRole('checkbox', { name: 'Allow negative stock' })).toHaveAccessibleDescription(
      'Off: a sale of more than is on hand is refused, with the numbers.',
    );
    expect(within(form).getByRole('checkbox', { name: 'Scan sound' })).toBeChecked();
    expect(within(form).getByRole('combobox', { name: 'Receipt width' })).toHaveDisplayValue('80 mm');
    expect(within(form).getByLabelText('Receipt printer')).toHaveValue('');
    expect(within(form).getByRole('checkbox', { name: 'Print silently' })).not.toBeChecked();
    expect(within(form).getByLabelText('Discount limit (%)')).toHaveValue('10');
    expect(within(form).getByLabelText('Return window (days)')).toHaveValue('30');
    expect(within(form).getByLabelText('Receipt footer')).toHaveValue('Thank you!');
  });

  it('saves every setting, and the store keeps them', async () => {
    const { user, form, b } = await openCounter();
    await user.click(within(form).getByRole('checkbox', { name: 'Allow negative stock' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Scan sound' }));
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Receipt width' }), '58 mm');
    await user.type(within(form).getByLabelText('Receipt printer'), 'EPSON TM-T20III');
    await user.click(within(form).getByRole('checkbox', { name: 'Print silently' }));
    await user.clear(within(form).getByLabelText('Discount limit (%)'));
    await user.type(within(form).getByLabelText('Discount limit (%)'), '12.5');
    await user.clear(within(form).getByLabelText('Return window (days)'));
    await user.type(within(form).getByLabelText('Return window (days)'), '14');
    await user.clear(within(form).getByLabelText('Receipt footer'));
    await user.type(within(form).getByLabelText('Receipt footer'), 'See you soon');
    await user.click(within(form).getByRole('button', { name: 'Save counter settings' }));
    expect(await within(form).findByRole('status')).toHaveTextContent('Saved the counter settings.');
    const stored = await b.api.getCounterSettings({});
    expect(stored.ok && stored.value).toEqual({
      allowNegativeStock: true,
      scanSound: false,
      receiptWidth: '58',
      receiptPrinter: 'EPSON TM-T20III',
      silentPrint: true,
      discountLimitBp: 1250,
      returnWindowDays: 14,
      receiptFooter: 'See you soon',
    });
  });

  it('refuses a discount limit or return window that is not one, at the field, saving nothing', async () => {
    const { user, form, b } = await openCounter();
    const limit = within(form).getByLabelText('Discount limit (%)');
    await user.clear(limit);
    await user.type(limit, '150');
    await user.click(within(form).getByRole('button', { name: 'Save counter settings' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Enter the discount limit as a percentage from 0 to 100, like 10.',
    );
    expect(limit).toHaveAttribute('aria-invalid', 'true');
    expect(limit).toHaveAccessibleDescription('Enter the discount limit as a percentage from 0 to 100, like 10.');
    await user.clear(limit);
    await user.type(limit, '15');
    const days = within(form).getByLabelText('Return window (days)');
    await user.clear(days);
    await user.type(days, 'two weeks');
    await user.click(within(form).getByRole('button', { name: 'Save counter settings' }));
    expect(days).toHaveAccessibleDescription('Enter the return window as whole days, from 0 to 3650.');
    expect(await b.all(`SELECT value FROM settings WHERE key = 'counter'`)).toEqual([]);
  });
});
