import fs from 'node:fs';

// Reads what a SQLite file is (its header, its committed WAL frames and the names in its schema)
// with plain file reads: no SQLite connection, so nothing is created or changed beside the file.
// Opening a WAL-mode file with SQLite, even read-only, creates `-wal` and `-shm` files and writes
// read marks into an existing `-shm`; a file that turns out not to be ours, or to be from a newer
// version, must be refused without any of that.

const MAGIC = 'SQLite format 3\u0000';
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
/** Enough to walk any sane schema; a loop in a damaged file ends here instead of running forever. */
const MAX_SCHEMA_PAGES = 10_000;

/** Our files' `PRAGMA application_id`: 'CPOS'. */
export const APPLICATION_ID = 0x43_50_4f_53;

/**
 * Tables every Counter POS file has had since its first version: a file from before application_id was set is ours only
 * with all of them.
 */
export const OUR_TABLES = [
  'settings',
  'counters',
  'locations',
  'customers',
  'products',
  'stock_levels',
  'goods_receipts',
  'goods_receipt_lines',
  'serials',
  'invoices',
  'invoice_lines',
  'invoice_line_serials',
  'serial_events',
] as const;

/** Ours: our application id, or (a file written before the id was set) no id, a schema version and all our tables. */
export function isCounterPosFile(info: SqliteFileInfo): boolean {
  if (info.applicationId === APPLICATION_ID) return true;
  return info.applicationId === 0 && info.userVersion > 0 && OUR_TABLES.every((t) => info.tables.includes(t));
}

export interface SqliteFileInfo {
  /** `PRAGMA application_id` as committed (through the WAL when it holds a newer page 1). */
  applicationId: number;
  /** `PRAGMA user_version` as committed. */
  userVersion: number;
  /** The header says WAL mode (bytes 18 and 19 are 2). */
  walMode: boolean;
  /** Names of the tables in sqlite_schema (without sqlite_ internals). */
  tables: string[];
  /** How many entries of any kind (tables, views, indexes, triggers) sqlite_schema holds, internals aside. */
  schemaEntries: number;
}

/** Not a SQLite database at all (wrong magic, or too short to be one). */
export class NotSqliteError extends Error {}
/** A SQLite header, but the pages that hold the schema cannot be read: the file is damaged. */
export class MalformedSqliteError extends Error {}

/**
 * Describes an existing file: null when it is empty (no bytes, nothing committed in a WAL beside
 * it). Throws NotSqliteError when it is not a SQLite database, MalformedSqliteError when its schema
 * cannot be read.
 */
export function probeSqliteFile(file: string): SqliteFileInfo | null {
  const fd = fs.openSync(file, 'r');
  try {
    // The main file's header, else (a file created and never checkpointed) the WAL's page 1.
    let header = readAt(fd, 0, 100);
    const wal = readWal(`${file}-wal`, header.length >= 100 ? pageSizeOf(header) : null);
    if (header.length < 100) {
      if (header.length === 0 && wal.size === 0) return null;
      header = wal.get(1)?.subarray(0, 100) ?? header;
    }
    if (header.length < 100 || header.toString('latin1', 0, 16) !== MAGIC) {
      throw new NotSqliteError(`${file} is not a SQLite database`);
    }
    const pageSize = pageSizeOf(header);
    if (pageSize === 0) throw new MalformedSqliteError(`bad page size ${header.readUInt16BE(16)}`);
    const usable = pageSize - header[20]!;
    const encoding = header.readUInt32BE(56);

    const page = (n: number): Buffer => {
      const framed = wal.get(n);
      if (framed) return framed;
      const data = readAt(fd, (n - 1) * pageSize, pageSize);
      if (data.length < pageSize) {
        if (n === 1) return Buffer.concat([data, Buffer.alloc(pageSize - data.length)]);
        throw new MalformedSqliteError(`page ${n} is beyond the end of the file`);
      }
      return data;
    };

    const first = page(1);
    const info: SqliteFileInfo = {
      applicationId: first.readUInt32BE(68),
      userVersion: first.readUInt32BE(60),
      walMode: first[18] === 2 && first[19] === 2,
      tables: [],
      schemaEntries: 0,
    };
    for (const [type, name] of schemaRows(page, usable, encoding)) {
      if (name.startsWith('sqlite_')) continue;
      info.schemaEntries++;
      if (type === 'table') info.tables.push(name);
    }
    return info;
  } finally {
    fs.closeSync(fd);
  }
}

/** The page size a header declares, or 0 when it is not a power of two from 512 to 65536. */
function pageSizeOf(header: Buffer): number {
  const raw = header.readUInt16BE(16);
  const size = raw === 1 ? 65_536 : raw;
  return size >= 512 && size <= 65_536 && (size & (size - 1)) === 0 ? size : 0;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/**
 * The committed pages of a WAL file: the newest copy of each page up to the last valid commit
 * frame (salts match the header and the running checksum holds). Frames after it are ignored,
 * as SQLite ignores them.
 */
function readWal(file: string, expectedPageSize: number | null): Map<number, Buffer> {
  const committed = new Map<number, Buffer>();
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return committed; // no WAL: the main file is the whole truth
  }
  if (data.length < 32) return committed;
  const magic = data.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return committed;
  const pageSize = data.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65_536 || (expectedPageSize !== null && pageSize !== expectedPageSize))
    return committed;
  const bigEndian = magic === WAL_MAGIC_BE;
  let [s0, s1] = checksum(data, 0, 24, bigEndian, 0, 0);
  if (s0 !== data.readUInt32BE(24) || s1 !== data.readUInt32BE(28)) return committed;
  const salt1 = data.readUInt32BE(16);
  const salt2 = data.readUInt32BE(20);

  const pending = new Map<number, Buffer>();
  for (let at = 32; at + 24 + pageSize <= data.length; at += 24 + pageSize) {
    if (data.readUInt32BE(at + 8) !== salt1 || data.readUInt32BE(at + 12) !== salt2) break;
    [s0, s1] = checksum(data, at, 8, bigEndian, s0, s1);
    [s0, s1] = checksum(data, at + 24, pageSize, bigEndian, s0, s1);
    if (s0 !== data.readUInt32BE(at + 16) || s1 !== data.readUInt32BE(at + 20)) break;
    pending.set(data.readUInt32BE(at), data.subarray(at + 24, at + 24 + pageSize));
    if (data.readUInt32BE(at + 4) !== 0) {
      // A commit frame: everything up to here is committed.
      for (const [n, page] of pending) committed.set(n, page);
      pending.clear();
    }
  }
  return committed;
}

/** SQLite's WAL checksum over 32-bit words, continued from (s0, s1). */
function checksum(
  data: Buffer,
  start: number,
  length: number,
  bigEndian: boolean,
  s0: number,
  s1: number,
): [number, number] {
  for (let i = start; i < start + length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** (type, name) of every row of sqlite_schema: the table b-tree rooted at page 1. */
function* schemaRows(page: (n: number) => Buffer, usable: number, encoding: number): Generator<[string, string]> {
  const seen = new Set<number>();
  const stack = [1];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || seen.size >= MAX_SCHEMA_PAGES)
      throw new MalformedSqliteError(`the schema b-tree loops at page ${n}`);
    seen.add(n);
    const data = page(n);
    const base = n === 1 ? 100 : 0;
    const kind = data[base];
    const cells = data.readUInt16BE(base + 3);
    if (kind === 0x05) {
      // Interior table page: children left to right, then the right-most pointer.
      const children: number[] = [];
      for (let i = 0; i < cells; i++) children.push(data.readUInt32BE(cellAt(data, base + 12, i, usable)));
      children.push(data.readUInt32BE(base + 8));
      for (const child of children.reverse()) stack.push(checkedPage(child));
    } else if (kind === 0x0d) {
      for (let i = 0; i < cells; i++) {
        const payload = cellPayload(page, data, cellAt(data, base + 8, i, usable), usable);
        const [type, name] = recordTexts(payload, 2, encoding);
        yield [type ?? '', name ?? ''];
      }
    } else if (n === 1 && kind === 0 && cells === 0) {
      return; // a database of zero pages that was never written
    } else {
      throw new MalformedSqliteError(`page ${n} of the schema is not a table b-tree page (type ${kind})`);
    }
  }
}

function checkedPage(n: number): number {
  if (n < 1) throw new MalformedSqliteError(`a pointer to page ${n}`);
  return n;
}

function cellAt(data: Buffer, pointers: number, i: number, usable: number): number {
  const offset = data.readUInt16BE(pointers + 2 * i);
  if (offset < pointers || offset >= usable)
    throw new MalformedSqliteError(`a cell pointer out of the page (${offset})`);
  return offset;
}

function varint(data: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = data[at + i];
    if (byte === undefined) throw new MalformedSqliteError('a varint runs off the page');
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, at + i + 1];
  }
  const last = data[at + 8];
  if (last === undefined) throw new MalformedSqliteError('a varint runs off the page');
  return [value * 256 + last, at + 9];
}

/** A leaf table cell's payload, following overflow pages when it does not fit on the page. */
function cellPayload(page: (n: number) => Buffer, data: Buffer, at: number, usable: number): Buffer {
  const [size, afterSize] = varint(data, at);
  const [, start] = varint(data, afterSize); // the rowid
  const maxLocal = usable - 35;
  if (size <= maxLocal) return data.subarray(start, start + size);
  const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
  const k = minLocal + ((size - minLocal) % (usable - 4));
  const local = k <= maxLocal ? k : minLocal;
  const parts = [data.subarray(start, start + local)];
  let remaining = size - local;
  let next = data.readUInt32BE(start + local);
  for (let hops = 0; remaining > 0; hops++) {
    if (next < 1 || hops > MAX_SCHEMA_PAGES) throw new MalformedSqliteError('a broken overflow chain in the schema');
    const overflow = page(next);
    const take = Math.min(remaining, usable - 4);
    parts.push(overflow.subarray(4, 4 + take));
    remaining -= take;
    next = overflow.readUInt32BE(0);
  }
  return Buffer.concat(parts);
}

/** The first `count` columns of a record, as text (null for a column that is not text). */
function recordTexts(payload: Buffer, count: number, encoding: number): Array<string | null> {
  const [headerSize, first] = varint(payload, 0);
  const types: number[] = [];
  for (let at = first; at < headerSize && types.length < count;) {
    const [type, next] = varint(payload, at);
    types.push(type);
    at = next;
  }
  const out: Array<string | null> = [];
  let body = headerSize;
  for (const type of types) {
    const size = type >= 12 ? Math.floor((type - 12) / 2) : ([0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0][type] ?? 0);
    if (type >= 13 && type % 2 === 1) {
      const bytes = payload.subarray(body, body + size);
      out.push(
        encoding === 2
          ? bytes.toString('utf16le')
          : encoding === 3
            ? Buffer.from(bytes).swap16().toString('utf16le')
            : bytes.toString('utf8'),
      );
    } else {
      out.push(null);
    }
    body += size;
  }
  return out;
}
