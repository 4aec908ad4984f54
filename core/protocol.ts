// Browser mode's wire protocol, shared by the web host (electron/web) and the page's client. Pure.

/** The API socket's path. */
export const SOCKET_PATH = '/api/socket';
/** The subprotocol the page offers and the host answers with. */
export const SOCKET_PROTOCOL = 'counter-pos.v1';
/** The per-run token rides in a second subprotocol: `bearer.<token>` (browsers cannot set headers on a socket). */
export const TOKEN_PROTOCOL_PREFIX = 'bearer.';
/** HTTP fallback: POST /api/<method>. */
export const HTTP_API_PREFIX = '/api/';

/** One call on the socket: the page sends {id, method, input}; the host answers {id, outcome}. */
export interface SocketCall {
  id: number;
  method: string;
  input: unknown;
}

/** Close codes the host uses (RFC 6455). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupported: 1003,
  badData: 1007,
  tooLarge: 1009,
} as const;
