// Decoding from the physical key (KeyboardEvent.code / Electron Input.code) with a US map, so the
// OS keyboard layout cannot turn "004HQ3" into "àà'HA\"". Pure: shared by main and renderer.

const shifted: Record<string, [string, string]> = {
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Backquote: ['`', '~'],
  Space: [' ', ' '],
  IntlBackslash: ['\\', '|'],
  Numpad0: ['0', '0'],
  Numpad1: ['1', '1'],
  Numpad2: ['2', '2'],
  Numpad3: ['3', '3'],
  Numpad4: ['4', '4'],
  Numpad5: ['5', '5'],
  Numpad6: ['6', '6'],
  Numpad7: ['7', '7'],
  Numpad8: ['8', '8'],
  Numpad9: ['9', '9'],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};

/**
 * The character a US keyboard types for this physical key, or null for a non-printing key. CapsLock is ignored on
 * purpose.
 */
export function decodeKey(code: string, shift: boolean): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return shift ? letter[1]! : letter[1]!.toLowerCase();
  const pair = shifted[code];
  return pair ? pair[shift ? 1 : 0] : null;
}

export const isNumpadDigit = (code: string) => /^Numpad[0-9]$/.test(code);
export const isModifierCode = (code: string) =>
  /^(Shift|Control|Alt|Meta|OS)(Left|Right)?$|^CapsLock$|^NumLock$|^Fn$/.test(code);
