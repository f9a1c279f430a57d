#!/bin/sh
# SPDX-License-Identifier: ISC
# t-029-runtime-auto: --runtime auto picks runsc where it is installed and
# works; with runsc missing or broken, auto falls back to native with a
# one-line warning, and --runtime runsc refuses: exit 3, stage runsc.
. "$(dirname "$0")/lib.sh"

RT=auto
command -v runsc >/dev/null 2>&1 || skip "no runsc installed"

box_raw run --report "$REPORT" --runtime auto -- /bin/true
assert_exit 0
assert_report runtime runsc
assert_report status ok

printf '#!/bin/sh\necho "runsc: this one is broken" >&2\nexit 1\n' \
    >"$T/broken-runsc"
chmod 0755 "$T/broken-runsc"
_seen=
for _r in /no/such/runsc "$T/broken-runsc"; do
	GAVEL_RUNSC=$_r
	export GAVEL_RUNSC
	box_raw run --report "$REPORT" --runtime auto -- /bin/true
	assert_exit 0
	assert_report runtime native
	assert_report status ok
	[ "$(wc -l <"$T/box.err")" = 1 ] &&
	    grep -q "runtime auto: .*using native" "$T/box.err" ||
	    fail "$_r: expected one warning line, got: $(cat "$T/box.err")"
	_seen="$_seen; $(basename "$_r"): $(cat "$T/box.err")"

	box_raw run --report "$REPORT" --runtime runsc -- /bin/true
	assert_exit 3
	assert_report status internal-error
	assert_report stage runsc
	[ "$(wc -l <"$T/box.err")" = 1 ] ||
	    fail "$_r: $(wc -l <"$T/box.err") lines on stderr, expected 1"
done
unset GAVEL_RUNSC
note "auto is runsc here${_seen}"
pass
