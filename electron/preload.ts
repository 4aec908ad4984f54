// Runs sandboxed, with context isolation: exposes named functions only, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { channelFor, methodNames, type PosApi } from './contract.ts';

const pos = Object.fromEntries(
  methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelFor(method), input ?? {})]),
) as unknown as PosApi;

contextBridge.exposeInMainWorld('pos', Object.freeze(pos));
