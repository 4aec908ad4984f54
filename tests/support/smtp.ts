// A real SMTP server for the e-mail tests (the smtp-server package) on 127.0.0.1: it takes every message (no login
// needed, no STARTTLS) and keeps it raw, with the few MIME parts the tests check (To, Cc, Subject, the PDF attachment).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  /** The envelope's recipients. */
  rcpt: string[];
  to: string;
  cc: string;
  subject: string;
  /** The first attachment's file name and bytes (null when there is none). */
  attachment: { fileName: string; contentType: string; bytes: Buffer } | null;
  text: string;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts the server on `port` (0: any free port). */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push(
          parseMail(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (a server started and closed again). */
export async function closedPort(): Promise<number> {
  const s = await startSmtp();
  await s.close();
  return s.port;
}

const header = (head: string, name: string) => {
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
  return m ? decodeWords(m[1]!.trim()) : '';
};

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=), as far as these tests need. */
function decodeWords(text: string): string {
  return text.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function parseMail(raw: string, rcpt: string[]): ReceivedMail {
  const unfolded = raw.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  const head = unfolded.slice(0, unfolded.indexOf('\n\n'));
  let attachment: ReceivedMail['attachment'] = null;
  let text = '';
  for (const part of unfolded.split(/\n--[^\n]+\n/)) {
    const split = part.indexOf('\n\n');
    if (split < 0) continue;
    const partHead = part.slice(0, split);
    const body = part.slice(split + 2).split(/\n--/)[0]!;
    const type = header(partHead, 'Content-Type');
    const disposition = header(partHead, 'Content-Disposition');
    if (/attachment/i.test(disposition) && !attachment) {
      const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '';
      attachment = {
        fileName,
        contentType: type.split(';')[0]!.trim(),
        bytes: Buffer.from(body.replace(/\s+/g, ''), 'base64'),
      };
    } else if (/^text\/plain/i.test(type) && !text) text = body.trim();
  }
  return {
    raw,
    rcpt,
    to: header(head, 'To'),
    cc: header(head, 'Cc'),
    subject: header(head, 'Subject'),
    attachment,
    text,
  };
}
