// A minimal receiver for the webhook sink, as a report consumer would write one: it checks the HMAC signature over
// the raw body (verifyWebhookSignature) before trusting anything, answers 401 to a bad signature, and hands each
// verified report to `onReport`. The demo uses it; it is also a reference for receivers.
import http from 'node:http';
import { parseRetrainReport, type RetrainReport } from '../report';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '../sinks';

export interface WebhookReceiver {
  url: string;
  /** Deliveries whose signature did not verify (with the reason). */
  rejected: string[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function startWebhookReceiver(secret: string, onReport: (report: RetrainReport) => void): Promise<WebhookReceiver> {
  const rejected: string[] = [];
  const server = http.createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const timestamp = header(request, TIMESTAMP_HEADER) ?? '';
        const verification = verifyWebhookSignature(secret, timestamp, body, header(request, SIGNATURE_HEADER));
        if (!verification.valid) {
          rejected.push(verification.reason);
          response.writeHead(401).end(verification.reason);
          return;
        }
        let report: RetrainReport;
        try {
          report = parseRetrainReport(JSON.parse(body.toString('utf8')));
        } catch {
          rejected.push('INVALID_REPORT');
          response.writeHead(400).end('not a retrain report');
          return;
        }
        response.writeHead(204).end();
        onReport(report);
      },
      () => response.writeHead(413).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/reports`,
    rejected,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
