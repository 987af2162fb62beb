// QEMU runs this once per guest connection to a guestfwd address
// (`guestfwd=tcp:10.0.2.100:8443-cmd:node guestfwd.mjs 127.0.0.1 PORT`): the
// connection is this process's stdin/stdout (a socketpair), and it is piped to
// a TCP connection to HOST:PORT on the host. A chardev target (`-tcp:...`)
// would be one connection for the whole QEMU lifetime, shared by every guest
// connection; this gives each its own. Plain JS: QEMU starts it without tsx.
import { connect } from 'node:net';

const [host = '127.0.0.1', port = '0'] = process.argv.slice(2);
const upstream = connect({ host, port: Number(port) });
const quit = (code) => process.exit(code);
upstream.on('error', () => quit(1));
// The guest's side is ended through the pipe; give it a moment to close, then go.
upstream.on('close', () => setTimeout(() => quit(0), 2000).unref());
process.stdin.on('error', () => quit(1));
process.stdout.on('error', () => quit(1));
process.stdin.pipe(upstream);
upstream.pipe(process.stdout);
