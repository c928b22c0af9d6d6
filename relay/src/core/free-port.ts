// A loopback port free at this moment: for a server whose own address must be known before it starts (the relay's
// public URL, which its monday webhooks point to, in the local mode and the benchmarks).
import { type AddressInfo, createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}
