#!/bin/sh
# SPDX-License-Identifier: ISC
# The demo until the judge lands: gavel-box runs a few programs with
# limits and prints each JSON report (status, cpu, memory, message).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
box="$top/gavel-box"
GAVEL_POLICY_DIR="$top/sandbox/policies"
export GAVEL_POLICY_DIR
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

cat > "$work/sum.c" <<'C'
#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1;
	printf("%ld\n", a + b); return 0; }
C
cat > "$work/loop.c" <<'C'
int main(void) { for (;;) ; }
C
cat > "$work/hog.c" <<'C'
#include <stdlib.h>
#include <string.h>
int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
C
cat > "$work/net.c" <<'C'
#include <sys/socket.h>
int main(void) { return socket(AF_INET, SOCK_STREAM, 0) < 0; }
C
for p in sum loop hog net; do cc -O2 -o "$work/$p" "$work/$p.c"; done
echo "3 4" > "$work/in.txt"

demo() {
	title=$1; shift
	printf '\n== %s\n' "$title"
	"$box" run --report "$work/report.json" "$@" || true
	cat "$work/report.json"
}
demo "a + b (ok)" --workdir "$work" --stdin "$work/in.txt" -- ./sum
demo "infinite loop (time-limit)" --workdir "$work" --time 0.5 -- ./loop
demo "memory hog (memory-limit)" --workdir "$work" --mem 64M -- ./hog
demo "network socket (security-violation)" --workdir "$work" -- ./net
"$box" check
