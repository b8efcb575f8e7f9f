// `next start` with several processes on one port, for bench/run's Next.js xN cases. Two `next start`
// processes cannot share a port (Node sets no SO_REUSEPORT), so this is Next.js's documented custom-server
// set-up under Node's cluster module: the primary forks WORKERS processes and hands them connections
// (round-robin), and each worker serves with Next's own request handler, as `next start` does.
//
//   PORT=3000 HOST=127.0.0.1 WORKERS=2 NODE_ENV=production node cluster.js
const cluster = require("node:cluster");
const http = require("node:http");

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const workers = Number(process.env.WORKERS ?? 2);

if (cluster.isPrimary) {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`);
      cluster.fork();
    }
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    cluster.disconnect(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  console.log(`next cluster: ${workers} workers on http://${host}:${port}`);
} else {
  const next = require("next");
  const app = next({ dev: false, dir: __dirname, hostname: host, port });
  const handle = app.getRequestHandler();
  app.prepare().then(() => {
    http.createServer((req, res) => handle(req, res)).listen(port, host);
  });
}
