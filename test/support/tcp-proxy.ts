/**
 * A TCP proxy for fault tests: sits between an agent and the coordinator and
 * can pass, delay, drop (close both sides) or black-hole (keep both sockets
 * open but forward nothing: a half-open link, as after a silent partition).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole';

export class TcpProxy {
  private server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  mode: ProxyMode = 'pass';
  delayMs = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const pipe = (from: Socket, to: Socket): void => {
        from.on('data', (d: Buffer) => {
          if (this.mode === 'blackhole') return; // swallowed: neither side hears anything
          if (this.delayMs > 0) setTimeout(() => to.write(d), this.delayMs);
          else to.write(d);
        });
      };
      pipe(client, upstream);
      pipe(upstream, client);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
  }

  async start(host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, host, r));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    return this.port;
  }

  /** Closes every proxied connection (both sides see a reset). */
  dropAll(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
