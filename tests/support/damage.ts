import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Damages a real store file the way a bad sector or a torn write would: overwrites the b-tree page
 * header and the first cell pointers of a table's root page (SQLite's quick_check reports it). The
 * file must be closed (its WAL checkpointed).
 */
export function damageTablePage(file: string, table = 'invoices'): void {
  const db = new BetterSqlite3(file, { readonly: true });
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(table) as {
    rootpage: number;
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  for (const side of ['-wal', '-shm']) fs.rmSync(file + side, { force: true }); // a read-only reader leaves them behind
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, Buffer.alloc(24, 0xa5), 0, 24, (rootpage - 1) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}
