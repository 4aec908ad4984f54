// The reads a write makes stale are declared once, in core/methods.ts. Each must be a read some
// screen keeps as a query (useApiQuery), or refreshing it does nothing; and a write that changes
// what a query shows must name it (checked here for the reads every stock movement touches).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodNames, staleAfter, type MethodName } from '../../core/methods.ts';

const rendererDir = path.resolve(import.meta.dirname, '..', '..', 'renderer');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) ? [fs.readFileSync(full, 'utf8')] : [];
  });
const queried = new Set(
  sources(rendererDir).flatMap((text) => [...text.matchAll(/useApiQuery\(\s*'([A-Za-z]+)'/g)].map((m) => m[1]!)),
);

describe('stale reads', () => {
  it('name only reads that a screen keeps as a query', () => {
    expect(queried.size).toBeGreaterThan(5);
    const unread = methodNames.flatMap((m) =>
      staleAfter(m)
        .filter((r) => !queried.has(r))
        .map((r) => `${m} → ${r}`),
    );
    expect(unread).toEqual([]);
  });

  it('every write that moves units refreshes the screens that show units', () => {
    const moves: MethodName[] = [
      'receiveGoods',
      'saveInvoice',
      'receivePurchaseOrder',
      'startImport',
      'renameSerial',
      'deleteSerial',
    ];
    for (const m of moves) {
      expect(staleAfter(m), m).toEqual(
        expect.arrayContaining(['listSerials', 'serialHistory', 'availableSerials', 'listProducts']),
      );
    }
  });
});
