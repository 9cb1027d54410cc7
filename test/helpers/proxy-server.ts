/**
 * A tiny forward proxy on 127.0.0.1 (port 0) for tests: plain-http requests in absolute
 * form (`GET http://host/path`) are forwarded; `CONNECT host:port` opens a tunnel (for
 * https). Every request is recorded (method, target, headers incl. Proxy-Authorization).
 *
 *     const proxy = await ProxyServer.start();
 *     new HttpClient({ env: { HTTP_PROXY: proxy.url } });
 *     expect(proxy.requests.map((r) => r.target)).toContain('http://127.0.0.1:1234/x');
 *     await proxy.close();
 */
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** absolute URL (forwarded request) or host:port (CONNECT) */
  target: string;
  headers: Record<string, string>;
}

export class ProxyServer {
  readonly requests: ProxiedRequest[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ProxyServer> {
    let self: ProxyServer | undefined;
    const server = http.createServer((req, res) => {
      self!.record(req);
      const target = req.url ?? '';
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        res.writeHead(400).end('absolute-form request expected\n');
        return;
      }
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end('upstream failed\n'));
      req.pipe(upstream);
    });
    server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
      self!.record(req);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const end = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on('error', end);
      client.on('error', end);
      self!.sockets.add(upstream);
    });
    server.on('connection', (s: Socket) => {
      self?.sockets.add(s);
      s.on('close', () => self?.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    self = new ProxyServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  private record(req: http.IncomingMessage): void {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    this.requests.push({ method: req.method ?? '', target: req.url ?? '', headers });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await closed;
  }
}
