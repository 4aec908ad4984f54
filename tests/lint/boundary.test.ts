// The boundary between the browser side and the Node side is a lint rule (eslint.config.js): these
// feed ESLint imports that must be refused, and some that must pass, through the real config.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('the import boundary', { timeout: 60_000 }, () => {
  it('refuses the store, the main process, Node and Electron in renderer code', async () => {
    const code = [
      "import fs from 'node:fs';",
      "import path from 'path';",
      "import { ipcRenderer } from 'electron';",
      "import { saveInvoice } from '../../db/services/invoices.ts';",
      "import { openStore } from '../../db/open.ts';",
      "import { dispatch } from '../../electron/dispatch.ts';",
      "import { sql } from 'kysely';",
      'export const all = [fs, path, ipcRenderer, saveInvoice, openStore, dispatch, sql];',
    ].join('\n');
    expect(await refusals('renderer/invoice/Probe.tsx', code)).toHaveLength(7);
  });

  it('also refuses package subpaths, prefix-only Node modules and import() of server code', async () => {
    const code = [
      "import 'node:sqlite';",
      "import 'better-sqlite3/lib/index.js';",
      "import 'ws/lib/websocket.js';",
      "export const services = await import('../../db/services/catalog.ts');",
      "export const electron = await import('electron');",
      "export const own = await import('./draft.ts');",
    ].join('\n');
    expect(await refusals('renderer/invoice/Probe.tsx', code)).toHaveLength(5);
  });

  it('lets renderer code import core/ and other renderer modules', async () => {
    const code = [
      "import { contract } from '../../core/contract.ts';",
      "import { formatMoney } from '../../core/money.ts';",
      "import { useNav } from '../stores/nav.ts';",
      'export const all = [contract, formatMoney, useNav];',
    ].join('\n');
    expect(await refusals('renderer/invoice/Probe.tsx', code)).toEqual([]);
  });

  it('keeps core/ pure', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { AppError } from './errors.ts';",
      "import type { Kysely } from 'kysely';",
      "import { getSetting } from '../db/services/settings.ts';",
      "import { useState } from 'react';",
      "import os from 'node:os';",
      'export const all = [z, AppError, getSetting, useState, os];',
    ].join('\n');
    expect(await refusals('core/gtin.ts', code)).toHaveLength(4);
  });

  it('gives the preload only the method names (types from the contract are erased)', async () => {
    const ok =
      "import type { PosApi } from '../core/contract.ts';\nimport { methodNames } from '../core/methods.ts';\nexport const m: PosApi | null = null; export const n = methodNames;";
    expect(await refusals('electron/preload.ts', ok)).toEqual([]);
    const bad =
      "import { contract } from '../core/contract.ts';\nimport { z } from 'zod';\nexport const all = [contract, z];";
    expect(await refusals('electron/preload.ts', bad)).toHaveLength(2);
  });
});
