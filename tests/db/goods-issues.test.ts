// Goods issues (issue 19): a Draft names a location, a reason and lines with their units; posting (a Manager's
// command) takes the stock out (units Issued, Scrapped or Lost by the reason, events and ledger rows naming GI-…);
// a reversal is a new goods receipt naming the issue that brings the same stock back. Posted issues never change.
// On both stores; checkStock finds no difference after each movement.
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../core/contract.ts';
import type { GoodsIssue } from '../../core/model.ts';
import { inWriteTransaction } from '../../db/services/context.ts';
import { recordSerialEvents } from '../../db/services/stock.ts';
import { checkStock } from '../../db/services/stockCheck.ts';
import { freshDemoPerTest, okValue, refusalOf, serviceCtx, type Backend, type DemoIds } from '../support/backend.ts';

let b: Backend;
let ids: DemoIds;
freshDemoPerTest((backend, demo) => {
  b = backend;
  ids = demo;
});

type Input = InputOf<'saveGoodsIssue'>;
type Line = Input['lines'][number];
const units = (productId: number, ...serials: string[]): Line => ({
  productId,
  qty: serials.length * 1000,
  serialIds: serials.map((s) => ids.serial(s)),
});
const cables = (qty: number): Line => ({ productId: ids.cable, qty, serialIds: [] });
const draft = (reason: Input['reason'], lines: Line[], extra: Partial<Input> = {}) =>
  okValue(b.api.saveGoodsIssue({ locationId: ids.main, reason, reasonText: '', notes: '', lines, ...extra }));
const post = (issue: GoodsIssue, approvalPin?: string) =>
  okValue(b.api.postGoodsIssue({ id: issue.id, ...(approvalPin ? { approvalPin } : {}) }));
const differences = async () => (await checkStock(serviceCtx(b))).differences;
const unit = (serial: string) =>
  b.one<{ status: string; location_id: number }>(
    'SELECT status, location_id FROM serials WHERE id = ?',
    ids.serial(serial),
  );
const lastEvent = (serial: string) =>
  b.one<{ kind: string; note: string; goods_issue_id: number | null; receipt_id: number | null }>(
    'SELECT kind, note, goods_issue_id, receipt_id FROM serial_events WHERE serial_id = ? ORDER BY id DESC LIMIT 1',
    ids.serial(serial),
  );
const ledgerOf = (doc: string, docId: number) =>
  b.all<{ product_id: number; location_id: number; serial_id: number | null; qty: number }>(
    'SELECT product_id, location_id, serial_id, qty FROM stock_moves WHERE doc = ? AND doc_id = ? ORDER BY id',
    doc,
    docId,
  );
const cableOnHand = async () =>
  Number(
    (
      await b.one<{ on_hand: number }>(
        'SELECT on_hand FROM stock_levels WHERE product_id = ? AND location_id = ?',
        ids.cable,
        ids.main,
      )
    ).on_hand,
  );

describe('goods issues', () => {
  it('posts one issue per reason: units Issued, Scrapped or Lost, events and ledger rows naming GI-…', async () => {
    const internal = await draft('internal_use', [units(ids.laptop, 'DL5440-0001'), cables(2000)]);
    expect(internal).toMatchObject({ number: 'GI-000001', status: 'draft', reasonLabel: 'Internal use', lineCount: 2 });
    expect(await differences()).toEqual([]);
    const posted = await post(internal);
    expect(posted).toMatchObject({ status: 'posted', postedBy: 'test', revision: 2 });
    expect(await unit('DL5440-0001')).toEqual({ status: 'issued', location_id: ids.main });
    expect(await lastEvent('DL5440-0001')).toEqual({
      kind: 'issued',
      note: 'issued on GI-000001 — Internal use',
      goods_issue_id: internal.id,
      receipt_id: null,
    });
    expect(await ledgerOf('goods_issue', internal.id)).toEqual([
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0001'), qty: -1000 },
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: -2000 },
    ]);
    expect(await cableOnHand()).toBe(48_000);
    expect(await differences()).toEqual([]);

    const cases: Array<[Input['reason'], string, string, string, string]> = [
      [
        'damaged',
        'cracked screen',
        'DL5440-0002',
        'scrapped',
        'issued on GI-000002 — Damaged / write-off: cracked screen',
      ],
      ['lost', '', 'MKT18-A1001', 'lost', 'lost on GI-000003 — Lost'],
      ['sample', 'trade show', '356789012345671', 'issued', 'issued on GI-000004 — Sample: trade show'],
      ['other', 'charity raffle', 'MKT18-A1002', 'issued', 'issued on GI-000005 — Other: charity raffle'],
    ];
    for (const [reason, text, serial, status, note] of cases) {
      const productId = serial.startsWith('DL') ? ids.laptop : serial.startsWith('MKT') ? ids.drill : ids.phone;
      const issue = await post(await draft(reason, [units(productId, serial)], { reasonText: text }));
      expect(await unit(serial)).toEqual({ status, location_id: ids.main });
      expect(await lastEvent(serial)).toMatchObject({ kind: reason === 'lost' ? 'lost' : 'issued', note });
      expect(await ledgerOf('goods_issue', issue.id)).toHaveLength(1);
      expect(await differences()).toEqual([]);
    }
    const list = await okValue(b.api.listGoodsIssues({ status: 'posted' }));
    expect(list.total).toBe(5);
    expect(list.rows[0]).toMatchObject({ number: 'GI-000005', reason: 'other', reasonText: 'charity raffle' });
    const history = await okValue(b.api.serialHistory({ id: ids.serial('DL5440-0002') }));
    expect(history.events.at(-1)).toMatchObject({ goodsIssue: { id: expect.any(Number), number: 'GI-000002' } });
  });

  it('refuses a draft with a bad reason, the wrong number of serials, or units not in stock there', async () => {
    expect(
      await refusalOf(b, () => b.api.saveGoodsIssue({ locationId: ids.main, reason: 'other', lines: [cables(1000)] })),
    ).toEqual({ code: 'invalid_input', message: 'Say why the stock leaves: the reason Other needs a text.' });
    expect(
      await refusalOf(b, () =>
        b.api.saveGoodsIssue({
          locationId: ids.main,
          reason: 'damaged',
          lines: [{ productId: ids.laptop, qty: 2000, serialIds: [ids.serial('DL5440-0001')] }],
        }),
      ),
    ).toEqual({
      code: 'invalid_input',
      message: 'Not saved. Line 1: Latitude 5440 Laptop needs exactly 2 serials, got 1.',
    });
    expect(
      (
        await refusalOf(b, () =>
          b.api.saveGoodsIssue({ locationId: ids.main, reason: 'damaged', lines: [cables(1500)] }),
        )
      ).message,
    ).toMatch(/is issued in whole units/);
    expect(
      await refusalOf(b, () =>
        b.api.saveGoodsIssue({ locationId: ids.main, reason: 'damaged', lines: [units(ids.laptop, 'DL5440-0101')] }),
      ),
    ).toEqual({ code: 'serial_unavailable', message: 'Not saved: DL5440-0101 is at Warehouse, not Main Store.' });
    // A unit reserved on a draft invoice is not in stock.
    await okValue(
      b.api.saveInvoice({
        customerId: ids.acme,
        locationId: ids.main,
        invoiceDate: '2026-11-21',
        draft: true,
        lines: [
          {
            productId: ids.laptop,
            description: 'Latitude 5440 Laptop',
            qty: 1000,
            unitPriceMinor: 124_900,
            taxable: true,
            serialIds: [ids.serial('DL5440-0003')],
          },
        ],
      }),
    );
    expect(
      (
        await refusalOf(b, () =>
          b.api.saveGoodsIssue({ locationId: ids.main, reason: 'damaged', lines: [units(ids.laptop, 'DL5440-0003')] }),
        )
      ).message,
    ).toBe('Not saved: DL5440-0003 is reserved on INV-000001.');
    expect(await differences()).toEqual([]);
  });

  it('refuses to post more than is on hand, and a cashier without a manager’s PIN', async () => {
    const tooMany = await draft('damaged', [cables(51_000)]);
    expect(await refusalOf(b, () => b.api.postGoodsIssue({ id: tooMany.id }))).toEqual({
      code: 'conflict',
      message: 'Not posted: GI-000001 takes 51 USB-C Cable 2m but only 50 are on hand at Main Store.',
    });
    const issue = await draft('damaged', [units(ids.laptop, 'DL5440-0001')], { reasonText: 'dropped' });
    b.ctx.session = { staff: { id: 3, name: 'Casey Cashier', role: 'cashier' } };
    expect(await refusalOf(b, () => b.api.postGoodsIssue({ id: issue.id }))).toEqual({
      code: 'needs_approval',
      message: 'Needs a manager: posting GI-000002 (Damaged / write-off).',
    });
    expect(await refusalOf(b, () => b.api.postGoodsIssue({ id: issue.id, approvalPin: '1111' }))).toMatchObject({
      code: 'needs_approval',
    });
    const posted = await post(issue, '2222');
    expect(posted.postedBy).toBe('Casey Cashier, approved by Morgan Manager');
    expect(await unit('DL5440-0001')).toMatchObject({ status: 'scrapped' });
    expect(await differences()).toEqual([]);
  });

  it('keeps a posted issue as it is: the service refuses edits and deletes, the schema refuses a raw UPDATE', async () => {
    const issue = await post(await draft('internal_use', [cables(1000)]));
    const edit = { id: issue.id, locationId: ids.main, reason: 'sample' as const, lines: [cables(2000)] };
    expect(await refusalOf(b, () => b.api.saveGoodsIssue(edit))).toEqual({
      code: 'conflict',
      message: 'GI-000001 is posted: a posted goods issue never changes. Reverse it to bring the stock back.',
    });
    expect((await refusalOf(b, () => b.api.deleteGoodsIssue({ id: issue.id }))).code).toBe('conflict');
    await expect(b.all("UPDATE goods_issues SET notes = 'changed' WHERE id = ?", issue.id)).rejects.toThrow(
      /a posted goods issue cannot change/,
    );
    await expect(b.all('UPDATE goods_issue_lines SET qty = 5000 WHERE goods_issue_id = ?', issue.id)).rejects.toThrow(
      /a posted goods issue cannot change/,
    );
    // A draft can be edited (revision checked) and deleted.
    const other = await draft('sample', [cables(1000)]);
    expect(
      (await refusalOf(b, () => b.api.saveGoodsIssue({ ...edit, id: other.id, revision: other.revision + 1 }))).message,
    ).toMatch(/was changed elsewhere/);
    const edited = await okValue(b.api.saveGoodsIssue({ ...edit, id: other.id, revision: other.revision }));
    expect(edited).toMatchObject({ revision: 2, reason: 'sample', lines: [{ qty: 2000 }] });
    await okValue(b.api.deleteGoodsIssue({ id: other.id }));
    expect((await okValue(b.api.listGoodsIssues({}))).total).toBe(1);
    expect(await differences()).toEqual([]);
  });

  it('reverses a posted issue with a goods receipt naming it, once; a unit that moved on since is refused', async () => {
    const issue = await post(
      await draft('damaged', [units(ids.laptop, 'DL5440-0001', 'DL5440-0002'), cables(3000)], { reasonText: 'flood' }),
    );
    expect(await cableOnHand()).toBe(47_000);
    const reversed = await okValue(b.api.reverseGoodsIssue({ id: issue.id }));
    expect(reversed.reversal).toMatchObject({ number: expect.stringMatching(/^GR-\d{6}$/) });
    const receiptId = reversed.reversal!.id;
    const receipt = await okValue(b.api.getReceipt({ id: receiptId }));
    expect(receipt).toMatchObject({
      source: 'receipt',
      reference: 'Reversal of GI-000001',
      locationName: 'Main Store',
      goodsIssue: { id: issue.id, number: 'GI-000001' },
      lines: [
        { productId: ids.laptop, qty: 2, serials: ['DL5440-0001', 'DL5440-0002'] },
        { productId: ids.cable, qty: 3, serials: [] },
      ],
    });
    expect(await unit('DL5440-0001')).toEqual({ status: 'in_stock', location_id: ids.main });
    expect(await lastEvent('DL5440-0002')).toEqual({
      kind: 'received',
      note: `received on ${receipt.number} (reversal of GI-000001)`,
      goods_issue_id: issue.id,
      receipt_id: receiptId,
    });
    expect(await ledgerOf('receipt', receiptId)).toEqual([
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0001'), qty: 1000 },
      { product_id: ids.laptop, location_id: ids.main, serial_id: ids.serial('DL5440-0002'), qty: 1000 },
      { product_id: ids.cable, location_id: ids.main, serial_id: null, qty: 3000 },
    ]);
    expect(await cableOnHand()).toBe(50_000);
    expect(await differences()).toEqual([]);
    expect(await refusalOf(b, () => b.api.reverseGoodsIssue({ id: issue.id }))).toEqual({
      code: 'conflict',
      message: `GI-000001 is already reversed, on ${receipt.number}.`,
    });

    // A lost unit found again (as a stock count's adjustment would) is no longer what the issue left it.
    const lost = await post(await draft('lost', [units(ids.laptop, 'DL5440-0003')]));
    await inWriteTransaction(serviceCtx(b), async (trx) => {
      await trx.db
        .updateTable('serials')
        .set({ status: 'in_stock' })
        .where('id', '=', ids.serial('DL5440-0003'))
        .execute();
      await recordSerialEvents(trx, [
        { serialId: ids.serial('DL5440-0003'), kind: 'found', note: 'found', locationId: ids.main, stock: 1 },
      ]);
    });
    expect(await refusalOf(b, () => b.api.reverseGoodsIssue({ id: lost.id }))).toEqual({
      code: 'conflict',
      message: 'GI-000002 was not reversed: DL5440-0003 has moved on since: it is in stock at Main Store.',
    });
    expect(await differences()).toEqual([]);
  });
});
