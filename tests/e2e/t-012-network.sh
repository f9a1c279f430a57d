#!/bin/sh
# SPDX-License-Identifier: ISC
# t-012-network: a TCP connect to a host listener on 127.0.0.1 fails
# (socket denied by policy, or no route from the empty network namespace)
# and the listener sees nothing; it does see the host's own connection.
# Under a policy that allows AF_UNIX sockets (java), a host listener on an
# abstract Unix socket is out of reach too: that namespace belongs to the
# network namespace, whatever seccomp allows.
. "$(dirname "$0")/lib.sh"

# start_listener: TCP on 127.0.0.1 (PORT) and abstract Unix (UNAME).
start_listener()
{
	UNAME=gavel-e2e-$$
	"$PYTHON" - "$T/port" "$T/accepted" "$UNAME" <<'PY' &
import os, select, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
u = socket.socket(socket.AF_UNIX)
u.bind("\0" + sys.argv[3])
u.listen(8)
with open(sys.argv[1] + ".new", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".new", sys.argv[1])
while True:
    for l in select.select([s, u], [], [])[0]:
        c, peer = l.accept()
        with open(sys.argv[2], "a") as f:
            f.write("accepted %r\n" % (peer,))
        c.close()
PY
	bg_add $!
	_i=0
	while [ ! -s "$T/port" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 100 ] || fail "listener did not start"
		sleep 0.05
	done
	PORT=$(cat "$T/port")
}

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe connect "$PORT"
	case $(report status) in
	security-violation)
		assert_blocked_call 'socket|connect' ;;
	ok)
		assert_output_has "blocked" ;;
	*)
		fail "connect: status $(report status)" ;;
	esac
	sleep 0.2
	[ ! -e "$T/accepted" ] ||
	    fail "the listener got a connection: $(cat "$T/accepted")"
	_seen="tcp: $(report status) $(report message)$(cat "$T/prog.out")"

	box_run --workdir "$W" --policy java -- /workspace/probe uconnect \
	    "$UNAME"
	case $(report status) in
	security-violation)
		assert_blocked_call 'socket|connect' ;;
	ok)
		assert_output_has "blocked" ;;
	*)
		fail "abstract connect: status $(report status)" ;;
	esac
	sleep 0.2
	[ ! -e "$T/accepted" ] ||
	    fail "the listener got a connection: $(cat "$T/accepted")"
	note "$_seen; unix: $(report status) $(report message)$(cat \
	    "$T/prog.out")"
}

start_listener
for_runtimes run
# The listener really listened.
"$PYTHON" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 2).close()
u = socket.socket(socket.AF_UNIX)
u.connect("\0" + sys.argv[2])
u.close()' "$PORT" "$UNAME"
sleep 0.2
[ "$(wc -l <"$T/accepted")" = 2 ] ||
    fail "control: the host's own connections were not both seen"
pass
