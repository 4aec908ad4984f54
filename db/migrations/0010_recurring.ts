import { sqlList } from '../../core/enums.ts';
import { rebuildWithEdits } from './0009_service_work.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. Recurring invoices: templates (R-000001) with their lines and run log, the customers' contacts
// (with custom fields defined in Settings) and assets that counter lines count, and products' asset types.
//
// The data model:
// - recurring_templates: next_run_date is the next period's date (NULL once the template has ended: past its end
//   date or its number of runs). runs_made counts the periods run. Deleting a template keeps it (deleted_at): the
//   invoices it made still say "from R-000001". paused stops runs; needs_attention is set by a failed run and
//   cleared by the next period that runs.
// - recurring_runs: one row per (template, period), whatever happened: made (invoice_id; the number is kept should
//   the draft be deleted), skipped (nothing to invoice) or failed (the error; tried again on the next pass, the row
//   is then updated). The unique index recurring_runs_one_per_period is what makes a period run exactly once, even
//   with two processes on one store: a second insert for a period fails and its transaction, invoice and all, rolls
//   back.
// - recurring_lines: standard (a product or manual item, qty > 0; never a serialized product), asset_counter (counts
//   the customer's assets of asset_type at each run) and contact_counter (counts their contacts, optionally only
//   those whose contact_field_id holds contact_field_value, '' meaning any value set).
// - recurring_template_statuses: the ticket statuses pending ticket charges are taken from (none: every status).
// - Assets: a customer's serialized units sold to them whose product has the asset type, plus customer_assets
//   entered by hand. Types match ignoring case and surrounding spaces.
// - goods_receipt_lines_by_product: a sale's below-cost check reads the latest cost of each product on it, which
//   without it read every receipt line of those products.
// - invoices.recurring_template_id names the template a run made it from. invoice_lines.counted marks a counter
//   line: its quantity was counted and may be 0 (SQLite rebuilds invoice_lines for that CHECK).
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy).
export const RECURRING_FREQUENCIES_AT_V10 = ['weekly', 'monthly', 'quarterly', 'yearly', 'every_n_months'] as const;
export const RECURRING_ACTIONS_AT_V10 = ['draft', 'email'] as const;
export const RECURRING_LINE_KINDS_AT_V10 = ['standard', 'asset_counter', 'contact_counter'] as const;
export const RECURRING_RUN_OUTCOMES_AT_V10 = ['made', 'skipped', 'failed'] as const;
export const TICKET_CHARGE_ORDERS_AT_V10 = ['ticket', 'date'] as const;
export const CONTACT_FIELD_KINDS_AT_V10 = ['yes_no', 'text'] as const;

const flag = (column: string) => `${column} INTEGER NOT NULL DEFAULT 0 CHECK (${column} IN (0, 1))`;

export const m0010_recurring: Migration = {
  version: 10,
  name: 'recurring invoices, customer contacts and assets',
  rebuildsReferencedTables: true,
  up: (sqlite) => {
    sqlite.exec(`
      -- Settings → Contacts: custom fields on customers' contacts ("Remote access", yes/no).
      CREATE TABLE contact_fields (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
        kind     TEXT NOT NULL CHECK (kind IN (${sqlList(CONTACT_FIELD_KINDS_AT_V10)})),
        position INTEGER NOT NULL CHECK (position >= 1),
        ${flag('archived')}
      ) STRICT;

      CREATE TABLE customer_contacts (
        id          INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        email       TEXT NOT NULL DEFAULT '',
        phone       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        actor       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX customer_contacts_by_customer ON customer_contacts (customer_id, id);

      -- A yes/no field holds 'yes' or 'no'; a text field its text. No row: not set.
      CREATE TABLE contact_field_values (
        contact_id INTEGER NOT NULL REFERENCES customer_contacts (id) ON DELETE CASCADE,
        field_id   INTEGER NOT NULL REFERENCES contact_fields (id),
        value      TEXT NOT NULL CHECK (length(trim(value)) > 0),
        PRIMARY KEY (contact_id, field_id)
      ) STRICT;
      CREATE INDEX contact_field_values_by_field ON contact_field_values (field_id);

      ALTER TABLE products ADD COLUMN asset_type TEXT NOT NULL DEFAULT '';

      -- Devices entered by hand on the customer's page (type, name, serial).
      CREATE TABLE customer_assets (
        id          INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        asset_type  TEXT NOT NULL CHECK (length(trim(asset_type)) > 0),
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        serial      TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        actor       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX customer_assets_by_customer ON customer_assets (customer_id, id);

      CREATE TABLE recurring_templates (
        id                  INTEGER PRIMARY KEY,
        number              TEXT NOT NULL UNIQUE,
        customer_id         INTEGER NOT NULL REFERENCES customers (id),
        location_id         INTEGER NOT NULL REFERENCES locations (id),
        frequency           TEXT NOT NULL CHECK (frequency IN (${sqlList(RECURRING_FREQUENCIES_AT_V10)})),
        every_months        INTEGER NOT NULL DEFAULT 1 CHECK (every_months >= 1 AND every_months <= 120),
        start_date          TEXT NOT NULL,
        next_run_date       TEXT,
        end_date            TEXT,
        max_runs            INTEGER CHECK (max_runs IS NULL OR max_runs >= 1),
        runs_made           INTEGER NOT NULL DEFAULT 0 CHECK (runs_made >= 0),
        terms               TEXT NOT NULL DEFAULT '',
        notes               TEXT NOT NULL DEFAULT '',
        action              TEXT NOT NULL CHECK (action IN (${sqlList(RECURRING_ACTIONS_AT_V10)})) DEFAULT 'draft',
        ${flag('paused')},
        ${flag('add_ticket_charges')},
        ticket_charge_order TEXT NOT NULL CHECK (ticket_charge_order IN (${sqlList(TICKET_CHARGE_ORDERS_AT_V10)}))
                            DEFAULT 'ticket',
        ${flag('needs_attention')},
        source_invoice_id   INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
        revision            INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        created_at          TEXT NOT NULL,
        created_by          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        deleted_at          TEXT,
        CHECK (end_date IS NULL OR end_date >= start_date)
      ) STRICT;
      CREATE INDEX recurring_templates_due ON recurring_templates (next_run_date);
      CREATE INDEX recurring_templates_by_customer ON recurring_templates (customer_id, id);

      CREATE TABLE recurring_template_statuses (
        template_id INTEGER NOT NULL REFERENCES recurring_templates (id) ON DELETE CASCADE,
        status_id   INTEGER NOT NULL REFERENCES ticket_statuses (id),
        PRIMARY KEY (template_id, status_id)
      ) STRICT;

      CREATE TABLE recurring_lines (
        id                  INTEGER PRIMARY KEY,
        template_id         INTEGER NOT NULL REFERENCES recurring_templates (id) ON DELETE CASCADE,
        position            INTEGER NOT NULL CHECK (position >= 1),
        kind                TEXT NOT NULL CHECK (kind IN (${sqlList(RECURRING_LINE_KINDS_AT_V10)})),
        product_id          INTEGER REFERENCES products (id),
        description         TEXT NOT NULL,
        qty                 INTEGER NOT NULL DEFAULT 0 CHECK (qty >= 0),
        unit_price_minor    INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        ${flag('taxable')},
        tax_rate_id         INTEGER REFERENCES tax_rates (id),
        asset_type          TEXT NOT NULL DEFAULT '',
        contact_field_id    INTEGER REFERENCES contact_fields (id),
        contact_field_value TEXT NOT NULL DEFAULT '',
        CHECK (kind <> 'standard' OR qty > 0),
        CHECK (kind <> 'asset_counter' OR length(trim(asset_type)) > 0),
        CHECK (product_id IS NOT NULL OR length(trim(description)) > 0)
      ) STRICT;
      CREATE INDEX recurring_lines_by_template ON recurring_lines (template_id, position);

      CREATE TABLE recurring_runs (
        id             INTEGER PRIMARY KEY,
        template_id    INTEGER NOT NULL REFERENCES recurring_templates (id),
        period_date    TEXT NOT NULL,
        outcome        TEXT NOT NULL CHECK (outcome IN (${sqlList(RECURRING_RUN_OUTCOMES_AT_V10)})),
        invoice_id     INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
        invoice_number TEXT NOT NULL DEFAULT '',
        message        TEXT NOT NULL DEFAULT '',
        attempts       INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        ran_at         TEXT NOT NULL,
        actor          TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX recurring_runs_one_per_period ON recurring_runs (template_id, period_date);
      CREATE INDEX recurring_runs_by_invoice ON recurring_runs (invoice_id);

      ALTER TABLE invoices ADD COLUMN recurring_template_id INTEGER REFERENCES recurring_templates (id);
      CREATE INDEX invoices_by_recurring ON invoices (recurring_template_id);
      ALTER TABLE invoice_lines ADD COLUMN ${flag('counted')};

      -- A sale's below-cost check reads each product's latest receipt cost: by product, newest first, covering the cost.
      CREATE INDEX goods_receipt_lines_by_product ON goods_receipt_lines (product_id, id, unit_cost_minor);
    `);
    rebuildWithEdits(sqlite, 'invoice_lines', [
      [
        'qty              INTEGER NOT NULL CHECK (qty > 0)',
        'qty INTEGER NOT NULL CHECK (qty > 0 OR (counted = 1 AND qty = 0))',
      ],
    ]);
  },
};
