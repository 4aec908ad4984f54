// Each status or kind set is written once in core/enums.ts; the store's CHECK lists must say the
// same. A migration keeps its own frozen copy, so when a tuple changes this fails until a new
// migration brings the schema's list in line.
import { describe, expect, it } from 'vitest';
import {
  EMAIL_KINDS,
  EMAIL_STATUSES,
  LOCATION_KINDS,
  INVOICE_STATUSES,
  PAYMENT_METHOD_KINDS,
  PURCHASE_ORDER_STATUSES,
  RECEIPT_SOURCES,
  STORE_CREDIT_KINDS,
  SERIAL_EVENT_KINDS,
  SERIAL_STATUSES,
  TRANSFER_STATUSES,
  TRANSFER_UNIT_STATES,
  GOODS_ISSUE_REASONS,
  GOODS_ISSUE_STATUSES,
  STOCK_COUNT_STATUSES,
  STOCK_MOVE_DOCS,
  ESTIMATE_STATUSES,
  CHARGE_KINDS,
  DEPOSIT_KINDS,
  RECURRING_FREQUENCIES,
  RECURRING_ACTIONS,
  RECURRING_LINE_KINDS,
  RECURRING_RUN_OUTCOMES,
  TICKET_CHARGE_ORDERS,
  CONTACT_FIELD_KINDS,
  sqlList,
} from '../../core/enums.ts';
import { freshBackend, onPostgres } from '../support/backend.ts';

const checked: Array<[table: string, column: string, values: readonly string[]]> = [
  ['locations', 'kind', LOCATION_KINDS],
  ['goods_receipts', 'source', RECEIPT_SOURCES],
  ['serials', 'status', SERIAL_STATUSES],
  ['invoices', 'status', INVOICE_STATUSES],
  ['serial_events', 'kind', SERIAL_EVENT_KINDS],
  ['purchase_orders', 'status', PURCHASE_ORDER_STATUSES],
  ['payment_methods', 'kind', PAYMENT_METHOD_KINDS],
  ['store_credit', 'kind', STORE_CREDIT_KINDS],
  ['emails', 'kind', EMAIL_KINDS],
  ['emails', 'status', EMAIL_STATUSES],
  ['transfers', 'status', TRANSFER_STATUSES],
  ['transfer_units', 'state', TRANSFER_UNIT_STATES],
  ['goods_issues', 'reason', GOODS_ISSUE_REASONS],
  ['goods_issues', 'status', GOODS_ISSUE_STATUSES],
  ['stock_counts', 'status', STOCK_COUNT_STATUSES],
  ['stock_moves', 'doc', STOCK_MOVE_DOCS],
  ['estimates', 'status', ESTIMATE_STATUSES],
  ['ticket_charges', 'kind', CHARGE_KINDS],
  ['deposit_products', 'kind', DEPOSIT_KINDS],
  ['recurring_templates', 'frequency', RECURRING_FREQUENCIES],
  ['recurring_templates', 'action', RECURRING_ACTIONS],
  ['recurring_templates', 'ticket_charge_order', TICKET_CHARGE_ORDERS],
  ['recurring_lines', 'kind', RECURRING_LINE_KINDS],
  ['recurring_runs', 'outcome', RECURRING_RUN_OUTCOMES],
  ['contact_fields', 'kind', CONTACT_FIELD_KINDS],
];

describe('the CHECK lists of a migrated store', () => {
  it.each(checked)('%s.%s accepts exactly the values of its tuple', async (table, column, values) => {
    const b = await freshBackend({ demo: false });
    try {
      if (onPostgres) {
        // PostgreSQL keeps a CHECK as it reads it back: (status = ANY (ARRAY['a'::text, 'b'::text])).
        const defs = await b.all<{ def: string }>(
          `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'c'`,
          table,
        );
        const lists = defs
          .map((d) => new RegExp(`\\(${column} = ANY \\(ARRAY\\[([^\\]]*)\\]\\)\\)`).exec(d.def)?.[1])
          .filter((list) => list !== undefined);
        expect(lists).toHaveLength(1); // one list for the column: an old one left beside it would narrow it
        expect([...lists[0]!.matchAll(/'([^']*)'::text/g)].map((m) => m[1])).toEqual([...values]);
        return;
      }
      const { sql } = await b.one<{ sql: string }>(
        `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`,
        table,
      );
      const match = new RegExp(`\\b${column}\\s+TEXT NOT NULL CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql);
      expect(match?.[1]).toBe(sqlList(values));
    } finally {
      await b.close();
    }
  });
});
