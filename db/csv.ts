// A small RFC 4180 reader for imports: UTF-8 with or without BOM, comma or semicolon (taken from
// the header row), quoted fields with "" escapes and line breaks, CRLF or LF. Pure, no I/O.

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  values: string[];
}

export interface CsvFile {
  delimiter: ',' | ';';
  header: string[];
  records: CsvRecord[];
}

/** The delimiter is whichever of ; and , the header row uses more (outside quotes). */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

export function parseCsv(input: string): CsvFile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const rows: CsvRecord[] = [];
  let line = 1;
  let start = 1;
  let field = '';
  let values: string[] = [];
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    values.push(field);
    // Blank lines are skipped; a record of only empty fields is kept (it will be reported).
    if (!(values.length === 1 && values[0] === '' && !wasQuoted)) rows.push({ line: start, values });
    values = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === delimiter) {
      values.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) throw new CsvSyntaxError(start, `Line ${start}: a quoted field is never closed.`);
  if (field !== '' || values.length > 0 || wasQuoted) endRecord();
  const [head, ...records] = rows;
  return { delimiter, header: (head?.values ?? []).map((h) => h.trim()), records };
}

/** Header names compared without case, spaces or punctuation: "Product SKU" = "product_sku". */
export const headerKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
