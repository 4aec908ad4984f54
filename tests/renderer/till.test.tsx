// The Till screen against the real backend: open the till with a float, cash in, the X report, close with the cash
// counted by denomination (the Z report shows over/short), past sessions with their Z report; the drawer needs a
// manager's PIN when a cashier opens it.
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Outcome } from '../../core/contract.ts';
import type { StaffRef } from '../../core/model.ts';
import { ApiProvider } from '../../renderer/api/ApiProvider.tsx';
import { ApprovalProvider } from '../../renderer/components/ManagerApproval.tsx';
import { ShopFormatProvider } from '../../renderer/components/ShopFormat.tsx';
import { TillScreen } from '../../renderer/till/TillScreen.tsx';
import { demoIds, freshBackend, type Backend } from '../support/backend.ts';

function ok<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

async function renderTill(staff?: StaffRef) {
  const b = await freshBackend(staff ? { staff } : {});
  onTestFinished(() => b.close());
  const user = userEvent.setup();
  render(
    <ApiProvider api={b.api}>
      <ApprovalProvider>
        <ShopFormatProvider currency="USD" locale="en-US">
          <TillScreen />
        </ShopFormatProvider>
      </ApprovalProvider>
    </ApiProvider>,
  );
  await screen.findByRole('heading', { name: 'Till' });
  return { b, user };
}

/** A cable sold at the counter for cash: 19.99 + 7.5% tax = 21.49. */
async function sellCable(b: Backend) {
  const ids = demoIds(b);
  const cash = ok(await b.api.listPaymentMethods({})).find((m) => m.kind === 'cash')!.id;
  ok(
    await b.api.completeSale({
      sale: {
        customerId: ids.walkIn,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        lines: [
          {
            productId: ids.cable,
            description: 'USB-C Cable 2m',
            qty: 1000,
            unitPriceMinor: 1_999,
            taxable: true,
            serialIds: [],
          },
        ],
      },
      tenders: [{ methodId: cash, amountMinor: 2_500, reference: '' }],
    }),
  );
}

const row = (table: HTMLElement, name: RegExp | string) => within(table).getByRole('row', { name });

describe('Till screen', () => {
  it('opens the till, takes cash in, shows the X report, and closes with a count by denomination', async () => {
    const { b, user } = await renderTill();
    await user.type(screen.getByLabelText('Opening float'), '100');
    await user.click(screen.getByRole('button', { name: 'Open till' }));
    expect(await screen.findByRole('status')).toHaveTextContent('The till is open with a float of $100.00.');
    const fact = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling;
    expect(fact('Opening float')).toHaveTextContent('$100.00');
    expect(fact('Expected cash')).toHaveTextContent('$100.00');

    await user.click(screen.getByRole('button', { name: 'Cash in' }));
    let dialog = screen.getByRole('dialog', { name: 'Cash in' });
    await user.type(within(dialog).getByLabelText('Amount'), '20');
    await user.type(within(dialog).getByLabelText('Reason'), 'Coins from the bank');
    await user.click(within(dialog).getByRole('button', { name: 'Cash in' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Cash in: $20.00 (Coins from the bank).');
    expect(fact('Expected cash')).toHaveTextContent('$120.00');
    const movements = screen.getByRole('table', { name: 'Cash movements' });
    expect(row(movements, /Coins from the bank/)).toHaveTextContent('20.00');

    // A sale made at the counter meanwhile: 21.49 cash.
    await sellCable(b);
    await user.click(screen.getByRole('button', { name: 'X report' }));
    dialog = await screen.findByRole('dialog', { name: 'X report' });
    const x = within(dialog).getByRole('article', { name: 'X report' });
    expect(row(within(x).getByRole('table', { name: 'Sales' }), /Sales \(1\)/)).toHaveTextContent('21.49');
    expect(row(within(x).getByRole('table', { name: 'Tenders' }), /Cash/)).toHaveTextContent('21.49');
    expect(row(within(x).getByRole('table', { name: 'Tax per rate' }), /Sales tax 7.5% on 19.99/)).toHaveTextContent(
      '1.50',
    );
    const cash = within(x).getByRole('table', { name: 'Cash' });
    expect(row(cash, /Expected cash/)).toHaveTextContent('$141.49');
    expect(row(cash, /Over\/short/)).toHaveTextContent('Not counted');
    expect(within(dialog).getByRole('button', { name: 'Print report' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    await user.click(screen.getByRole('button', { name: 'Close till' }));
    dialog = screen.getByRole('dialog', { name: 'Close till' });
    const count = within(dialog).getByRole('table', { name: 'Cash count' });
    // The USD notes and coins, largest first.
    expect(
      within(count)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['100.00', '50.00', '20.00', '10.00', '5.00', '1.00', '0.25', '0.10', '0.05', '0.01', 'Counted']);
    // 1 × 100 + 2 × 20 + 1 × 1 + 1 × 0.25 + 1 × 0.10 + 4 × 0.01 = 141.39: 0.10 short.
    for (const [value, n] of [
      ['100.00', '1'],
      ['20.00', '2'],
      ['1.00', '1'],
      ['0.25', '1'],
      ['0.10', '1'],
      ['0.01', '4'],
    ] as const) {
      await user.type(within(dialog).getByLabelText(`Count of ${value}`), n);
    }
    expect(row(count, /Counted/)).toHaveTextContent('$141.39');
    await user.click(within(dialog).getByRole('button', { name: 'Close till' }));

    dialog = await screen.findByRole('dialog', { name: 'Z report Z-000001' });
    const z = within(dialog).getByRole('article', { name: 'Z report Z-000001' });
    const zCash = within(z).getByRole('table', { name: 'Cash' });
    expect(row(zCash, /Expected cash/)).toHaveTextContent('$141.49');
    expect(row(zCash, /Counted cash/)).toHaveTextContent('$141.39');
    expect(row(zCash, /Over\/short/)).toHaveTextContent('Short 0.10');
    expect(row(within(z).getByRole('table', { name: 'Counted by denomination' }), /2 × 20.00/)).toHaveTextContent(
      '40.00',
    );
    expect(screen.getByRole('status')).toHaveTextContent('The till is closed: Z-000001, short 0.10.');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    // The till is closed again; the session is listed with its Z report.
    expect(await screen.findByLabelText('Opening float')).toBeInTheDocument();
    const sessions = screen.getByRole('table', { name: 'Till sessions' });
    await waitFor(() => expect(row(sessions, /View Z-000001/)).toHaveTextContent('Short 0.10'));
    await user.click(within(sessions).getByRole('button', { name: 'View Z-000001' }));
    expect(await screen.findByRole('dialog', { name: 'Z report Z-000001' })).toBeInTheDocument();
  });

  it('closes with a counted total and says over', async () => {
    const { user } = await renderTill();
    await user.type(screen.getByLabelText('Opening float'), '50');
    await user.click(screen.getByRole('button', { name: 'Open till' }));
    await user.click(await screen.findByRole('button', { name: 'Close till' }));
    const dialog = screen.getByRole('dialog', { name: 'Close till' });
    await user.click(within(dialog).getByRole('radio', { name: 'As a total' }));
    await user.type(within(dialog).getByLabelText('Counted cash'), '50.25');
    await user.click(within(dialog).getByRole('button', { name: 'Close till' }));
    const z = await screen.findByRole('article', { name: 'Z report Z-000001' });
    expect(row(within(z).getByRole('table', { name: 'Cash' }), /Over\/short/)).toHaveTextContent('Over 0.25');
  });

  it('shows why cash out is refused, and keeps what was typed', async () => {
    const { user } = await renderTill();
    await user.type(screen.getByLabelText('Opening float'), '10');
    await user.click(screen.getByRole('button', { name: 'Open till' }));
    await user.click(await screen.findByRole('button', { name: 'Cash out' }));
    const dialog = screen.getByRole('dialog', { name: 'Cash out' });
    await user.type(within(dialog).getByLabelText('Amount'), '25');
    await user.type(within(dialog).getByLabelText('Reason'), 'Bank drop');
    await user.click(within(dialog).getByRole('button', { name: 'Cash out' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Cash out of 25.00 is more than the 10.00 expected in the till.',
    );
    expect(within(dialog).getByLabelText('Amount')).toHaveValue('25');
  });

  it('asks a cashier for a manager’s PIN to open the drawer', async () => {
    const { user } = await renderTill({ id: 3, name: 'Casey Cashier', role: 'cashier' });
    await user.click(screen.getByRole('button', { name: 'Open till' }));
    await user.click(await screen.findByRole('button', { name: 'Open drawer' }));
    const dialog = screen.getByRole('dialog', { name: 'Open drawer' });
    await user.type(within(dialog).getByLabelText('Reason'), 'Change for the float');
    await user.click(within(dialog).getByRole('button', { name: 'Open drawer' }));
    const approval = await screen.findByRole('dialog', { name: 'Manager approval' });
    await user.type(within(approval).getByLabelText('Manager PIN'), '2222{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The drawer was opened without a sale (approved by Morgan Manager).',
    );
    expect(row(screen.getByRole('table', { name: 'Cash movements' }), /No sale/)).toHaveTextContent(
      'Casey Cashier (approved by Morgan Manager)',
    );
  });
});
