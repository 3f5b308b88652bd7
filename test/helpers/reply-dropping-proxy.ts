// A TCP proxy between a client and a PostgreSQL server that can lose one answer: armed with a marker, it swallows
// the first server→client chunk holding that marker (such as the `INSERT 0 1` command tag) and cuts the client's
// connection, while the server's side finishes what it was doing. The client sees its connection lost after the
// server has done the work: an acknowledgement lost in transit.
import net from 'node:net';

export interface ReplyDroppingProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** Swallows the next server reply containing `marker` and cuts that client; resolves when it has. */
  dropNextReplyContaining(marker: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReplyDroppingProxy(target: { host: string; port: number }): Promise<ReplyDroppingProxy> {
  let armed: { marker: string; dropped: () => void } | undefined;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A connection cut on either side ends its peer; the errors themselves are what the test provokes.
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const trap = armed;
      if (trap !== undefined && chunk.includes(trap.marker)) {
        armed = undefined;
        client.destroy();
        // The server's side stays open a moment longer, so nothing it still had to do is interrupted by us.
        setTimeout(() => upstream.end(), 200).unref();
        trap.dropped();
        return;
      }
      if (!client.destroyed) client.write(chunk);
    });
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');
  return {
    port: address.port,
    dropNextReplyContaining: (marker) => new Promise<void>((resolve) => (armed = { marker, dropped: resolve })),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
