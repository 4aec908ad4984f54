// A minimal WebSocket endpoint (RFC 6455) for browser mode's API: text messages, no extensions.
// A call over an open socket costs ~1 ms in Chromium where a fetch costs ~4 ms, and the SN: scan
// path makes one call per scan. The caller checks Host, Origin and the token before accepting.
import crypto from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface MessageSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketOptions {
  /** The largest message accepted, in bytes; a larger one closes the socket with 1009. */
  maxMessage: number;
  /** The subprotocol to answer with (the client offered it). */
  protocol: string;
  onMessage(text: string, socket: MessageSocket): void;
  onClose(): void;
}

/** Why a request cannot become a WebSocket, or null when it can. */
export function handshakeProblem(req: http.IncomingMessage): string | null {
  if (req.method !== 'GET') return 'Use GET.';
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return 'Expected Upgrade: websocket.';
  if (req.headers['sec-websocket-version'] !== '13') return 'Only WebSocket version 13 is spoken here.';
  const key = req.headers['sec-websocket-key'] ?? '';
  if (Buffer.from(key, 'base64').length !== 16) return 'Missing or malformed Sec-WebSocket-Key.';
  return null;
}

/** Answers a refused upgrade with a plain HTTP status and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ ok: false, error: { code: 'forbidden', message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Completes the handshake (call handshakeProblem first) and reads frames until the socket closes. */
export function acceptWebSocket(req: http.IncomingMessage, socket: Duplex, head: Buffer, options: SocketOptions): MessageSocket {
  const accept = crypto.createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${options.protocol}\r\n\r\n`);
  (socket as Duplex & { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);

  const chunks: Buffer[] = [];
  let buffered = 0;
  let fragments: Buffer[] = [];
  let fragmentBytes = 0;
  let closed = false;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const write = (opcode: number, payload: Buffer) => {
    if (closed || socket.destroyed) return;
    const n = payload.length;
    const header = n < 126 ? Buffer.from([0x80 | opcode, n])
      : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(n)]);
    socket.write(Buffer.concat([header, payload]));
  };
  const close = (code = 1000, reason = '') => {
    if (closed) return;
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    write(0x8, payload.subarray(0, Math.min(payload.length, 125)));
    closed = true;
    socket.end();
    options.onClose();
  };
  const api: MessageSocket = { send: (text) => write(0x1, Buffer.from(text, 'utf8')), close };

  /** Takes the next n buffered bytes. */
  function read(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = chunks[0]!;
      const take = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, take);
      filled += take;
      if (take === chunk.length) chunks.shift();
      else chunks[0] = chunk.subarray(take);
    }
    buffered -= n;
    return out;
  }
  /** The next n buffered bytes (or more), without taking them. */
  function peek(n: number): Buffer {
    if (chunks[0] && chunks[0].length >= n) return chunks[0];
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    for (const chunk of chunks) {
      const take = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, take);
      filled += take;
      if (filled === n) break;
    }
    return out;
  }

  function frames(): void {
    while (!closed && buffered >= 2) {
      const start = peek(Math.min(buffered, 14));
      const b0 = start[0]!;
      const b1 = start[1]!;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      if ((b0 & 0x70) !== 0) return close(1002, 'No extensions were agreed.');
      if ((b1 & 0x80) === 0) return close(1002, 'Client frames must be masked.');
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered < 4) return;
        length = start.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered < 10) return;
        const big = start.readBigUInt64BE(2);
        if (big > BigInt(options.maxMessage)) return close(1009, 'The message is too large.');
        length = Number(big);
        offset = 10;
      }
      if (opcode >= 0x8 && (!fin || length > 125)) return close(1002, 'Malformed control frame.');
      if (opcode < 0x8 && fragmentBytes + length > options.maxMessage) return close(1009, 'The message is too large.');
      if (buffered < offset + 4 + length) return;
      read(offset);
      const mask = read(4);
      const payload = read(length);
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;

      if (opcode === 0x8) return close(1000);
      if (opcode === 0x9) {
        write(0xa, payload);
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode === 0x2) return close(1003, 'Only text messages are accepted.');
      if (opcode === 0x1) {
        if (fragments.length > 0) return close(1002, 'A new message began inside a fragmented one.');
      } else if (opcode === 0x0) {
        if (fragments.length === 0) return close(1002, 'A continuation frame without a message.');
      } else {
        return close(1002, 'Unknown opcode.');
      }
      fragments.push(payload);
      fragmentBytes += payload.length;
      if (!fin) continue;
      const message = fragments.length === 1 ? fragments[0]! : Buffer.concat(fragments);
      fragments = [];
      fragmentBytes = 0;
      let text: string;
      try {
        text = decoder.decode(message);
      } catch {
        return close(1007, 'Messages must be UTF-8 text.');
      }
      options.onMessage(text, api);
    }
  }

  const receive = (data: Buffer) => {
    if (closed) return;
    chunks.push(data);
    buffered += data.length;
    frames();
  };
  socket.on('data', receive);
  // The peer went away without a close frame (a closed tab, a dropped connection).
  const gone = () => {
    if (closed) return;
    closed = true;
    socket.end();
    options.onClose();
  };
  socket.on('end', gone);
  socket.on('error', gone);
  socket.on('close', gone);
  if (head.length > 0) receive(head);
  return api;
}

function bigEndian64(n: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(n));
  return out;
}
