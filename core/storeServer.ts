// The shop server's connection fields (Settings → Store, store.json) and the one place they become a postgres:// URL.
// Pure: the main process builds the URL it connects with; the renderer never sees a password again once saved.

export interface StoreServer {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** TLS: sslmode=require in the URL, read as libpq does (encrypted; the certificate is not verified). */
  tls: boolean;
}

export const DEFAULT_PORT = 5432;

/** postgres://user:password@host:port/database[?sslmode=require], each part encoded; an IPv6 address in brackets. */
export function storeServerUrl(server: StoreServer): string {
  const host = server.host.trim();
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const user = encodeURIComponent(server.user.trim());
  const password = server.password === '' ? '' : `:${encodeURIComponent(server.password)}`;
  const database = encodeURIComponent(server.database.trim());
  // TLS as libpq means sslmode=require: encrypted, the certificate not checked (a shop server's is usually
  // self-signed); node-postgres alone would read require as verify-full.
  const tls = server.tls ? '?sslmode=require&uselibpqcompat=true' : '';
  return `postgres://${user}${password}@${hostPart}:${server.port}/${database}${tls}`;
}
