import { sqlList } from '../../core/enums.ts';
import type { Migration } from './index.ts';

// Frozen once shipped. Documents and integrations: e-mails (the outbox and the log of what was sent) and API keys.
// Only new tables: nothing is rebuilt. Settings for documents, e-mail, the API and exports are keys in `settings`.
//
// The lists as they were when this migration was written (a migration keeps its own frozen copy).
const EMAIL_KINDS_AT_V7 = ['invoice', 'receipt'] as const;
const EMAIL_STATUSES_AT_V7 = ['queued', 'sent'] as const;

export const m0007_documents: Migration = {
  version: 7,
  name: 'e-mails (outbox and log) and API keys',
  up: (sqlite) => {
    sqlite.exec(`
      -- Every e-mail the app sends: queued until the SMTP server takes it (the outbox), then sent (the log an
      -- invoice shows). The PDF is rendered again at each try, from the document as it is then.
      CREATE TABLE emails (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN (${sqlList(EMAIL_KINDS_AT_V7)})),
        invoice_id      INTEGER REFERENCES invoices (id),
        credit_note_id  INTEGER REFERENCES credit_notes (id),
        to_addr         TEXT NOT NULL CHECK (length(trim(to_addr)) > 0),
        cc              TEXT NOT NULL DEFAULT '',
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL DEFAULT '',
        status          TEXT NOT NULL CHECK (status IN (${sqlList(EMAIL_STATUSES_AT_V7)})) DEFAULT 'queued',
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at TEXT,
        last_error      TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        actor           TEXT NOT NULL,
        sent_at         TEXT,
        CHECK (invoice_id IS NOT NULL OR credit_note_id IS NOT NULL)
      ) STRICT;
      CREATE INDEX emails_by_invoice ON emails (invoice_id);
      CREATE INDEX emails_queued ON emails (status, next_attempt_at);

      -- API keys: only a SHA-256 hash of the key is kept (a key is 32 random bytes: no slow hash is needed);
      -- the prefix is shown in Settings to tell keys apart. A revoked key stays listed.
      CREATE TABLE api_keys (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
        prefix       TEXT NOT NULL,
        key_hash     TEXT NOT NULL UNIQUE,
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        revoked_at   TEXT,
        last_used_at TEXT
      ) STRICT;
    `);
  },
};
