// Browser mode's API socket, on the `ws` library: text messages only, no extensions. A call over an
// open socket costs ~1 ms in Chromium where a fetch costs ~4 ms, and the SN: scan path makes one call
// per scan. The caller checks Host, Origin and the token before handing a request over (server.ts);
// ws does the handshake, the framing, masking, fragments, pings, UTF-8 checks and the size limit.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions } from 'ws';
import { CLOSE } from '../../core/protocol.ts';

/** How long a peer gets to answer our close frame before its connection is cut. */
const CLOSE_GRACE_MS = 1000;

export interface MessageSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketEndpointOptions {
  /** The largest message accepted, in bytes; a larger one closes the socket with 1009. */
  maxMessage: number;
  /** The subprotocol to answer with (the caller has checked that the client offered it). */
  protocol: string;
  onMessage(text: string, socket: MessageSocket): void;
}

export interface SocketEndpoint {
  /** Completes the handshake of a request the caller has accepted, or refuses it (400) when it is not a valid one. */
  accept(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sockets open now. */
  open(): number;
  /** Takes no more sockets, closes the open ones with `code`, and resolves once they are gone. */
  closeAll(code: number, reason: string): Promise<void>;
}

export function createSocketEndpoint(options: SocketEndpointOptions): SocketEndpoint {
  const settings: ServerOptions & { closeTimeout: number } = {
    noServer: true,
    maxPayload: options.maxMessage,
    perMessageDeflate: false,
    clientTracking: true,
    // Browsers fail a socket whose answer names none of the subprotocols they offered.
    handleProtocols: (offered) => (offered.has(options.protocol) ? options.protocol : false),
    closeTimeout: CLOSE_GRACE_MS, // ws ≥ 8.19; @types/ws does not list it yet
  };
  const wss = new WebSocketServer(settings);

  return {
    accept(req, socket, head) {
      // ws reads frames that came in the same TCP write as the request (`head`) only after this
      // callback has run, so the socket is fully set up before its first message or close.
      wss.handleUpgrade(req, socket, head, (ws) => {
        const api: MessageSocket = {
          send: (text) => ws.send(text), // dropped by ws once the socket is closing
          close: (code, reason) => ws.close(code, reason),
        };
        // A peer that breaks the protocol: ws has already answered with the close code (1002 for
        // an unmasked or malformed frame, 1007 for text that is not UTF-8, 1009 over the limit).
        ws.on('error', () => {});
        ws.on('message', (data, isBinary) => {
          if (ws.readyState !== ws.OPEN) return;
          if (isBinary) return ws.close(CLOSE.unsupported, 'Only text messages are accepted.');
          options.onMessage((data as Buffer).toString('utf8'), api);
        });
      });
    },
    open: () => wss.clients.size,
    closeAll: (code, reason) =>
      new Promise<void>((resolve) => {
        wss.close(() => resolve()); // in noServer mode: once every client has closed
        for (const ws of wss.clients) ws.close(code, reason);
      }),
  };
}

/** Answers a refused upgrade with a plain HTTP status and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ ok: false, error: { code: 'forbidden', message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
