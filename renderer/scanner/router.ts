import { useEffect, useRef } from 'react';
import type { Scan, ScannerEvent } from '../../core/scan/detector.ts';

type ScanHandler = (scan: Scan) => void;

// Scan targets form a stack: the latest mounted (an open dialog that accepts scans) gets the scan,
// else the one below it (the invoice's item search), wherever the keyboard focus is.
const targets: Array<{ current: ScanHandler }> = [];
const listeners = new Set<(event: ScannerEvent) => void>();

export function registerScanTarget(handler: { current: ScanHandler }): () => void {
  targets.push(handler);
  return () => {
    const i = targets.lastIndexOf(handler);
    if (i >= 0) targets.splice(i, 1);
  };
}

/** While mounted, this component receives scans (ahead of components mounted before it). */
export function useScanTarget(handler: ScanHandler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => registerScanTarget(ref), []);
}

/** Every scanner event, for the Scan test panel. */
export function onScannerEvent(listener: (event: ScannerEvent) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Entry for events from the main process (or from a detector running in the page). */
export function dispatchScannerEvent(event: ScannerEvent): void {
  for (const listener of listeners) listener(event);
  if (event.type === 'scan') targets.at(-1)?.current(event);
  else if (event.type === 'rollback') takeBack(event.text);
  else typeBack(event.raw);
}

type Field = HTMLInputElement | HTMLTextAreaElement;
function focusedField(): Field | null {
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && /^(text|search|email|tel|url|number|password)$/.test(el.type)) return el;
  return null;
}

/** Sets a field's value so React sees it as typed. */
function setFieldValue(field: Field, value: string, caret: number): void {
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    field.setSelectionRange(caret, caret);
  } catch {
    // number inputs have no selection
  }
}

/** Removes the first keys of a scan that reached the focused field before the scan was recognised. */
export function takeBack(text: string): void {
  const field = focusedField();
  if (!field || !text) return;
  const caret = field.selectionEnd ?? field.value.length;
  const before = field.value.slice(0, caret);
  if (!before.endsWith(text)) return; // the field changed meanwhile: leave it alone
  setFieldValue(field, before.slice(0, -text.length) + field.value.slice(caret), caret - text.length);
}

/** Types back keys that were held for a scan that turned out to be a person typing fast. */
export function typeBack(text: string): void {
  const field = focusedField();
  if (!field || !text) return;
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  setFieldValue(field, field.value.slice(0, start) + text + field.value.slice(end), start + text.length);
}

/** Connects the scanner event source (the preload's window.posScanner in Electron). */
export function connectScannerSource(
  source: { onEvent(listener: (event: ScannerEvent) => void): () => void } | undefined,
): () => void {
  return source ? source.onEvent(dispatchScannerEvent) : () => {};
}
