#!/bin/sh
# SPDX-License-Identifier: ISC
# t-025-languages: the seven languages with Debian's toolchains, inside the
# box: compile under the "compile" policy, then run a+b under the
# language's own policy. contrib/setup.sh installs every toolchain, so on
# gavel's machines nothing here is skipped.
. "$(dirname "$0")/lib.sh"

# compile NAME ARGS: run a compiler in the box (more tasks and memory).
compile()
{
	_what=$1
	shift
	box_run --workdir "$W" --policy compile --time 60 --wall-time 120 \
	    --mem 1G --processes 128 --open-files 256 --fsize 256M "$@"
	report status >"$T/st"
	[ "$(cat "$T/st")" = ok ] || {
		cat "$T/prog.err" >&2
		fail "$_what: compile ended as $(cat "$T/st")"
	}
}

# solve NAME POLICY ARGS: run a+b on "3 4" in the box and expect 7.
solve()
{
	_what=$1
	_policy=$2
	shift 2
	box_run --workdir "$W" --policy "$_policy" --stdin "$T/in.txt" \
	    --time 10 --wall-time 30 "$@"
	report status >"$T/st"
	[ "$(cat "$T/st")" = ok ] || {
		cat "$T/prog.err" >&2
		fail "$_what: run ended as $(cat "$T/st") ($(report message))"
	}
	[ "$(cat "$T/prog.out")" = 7 ] ||
	    fail "$_what: printed '$(cat "$T/prog.out")', expected 7"
	_done="$_done $_what"
}

need()
{
	for _t in "$@"; do
		[ -x "$_t" ] || skip "$_t is not installed (contrib/setup.sh installs it)"
	done
}

run()
{
	need /usr/bin/gcc /usr/bin/g++ /usr/bin/python3 /usr/bin/javac \
	    /usr/bin/java /usr/bin/node /usr/bin/rustc /usr/bin/go
	setup_workdir
	printf '3 4\n' >"$T/in.txt"
	_done=""

	cat >"$W/a.c" <<'SRC'
#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1;
	printf("%ld\n", a + b); return 0; }
SRC
	compile C -- /usr/bin/gcc -O2 -o a a.c
	solve C default -- ./a

	cat >"$W/b.cpp" <<'SRC'
#include <iostream>
#include <thread>
int main() { long a, b, s = 0; std::cin >> a >> b;
	std::thread t([&] { s = a + b; }); t.join(); std::cout << s << "\n"; }
SRC
	compile C++ -- /usr/bin/g++ -O2 -pthread -o b b.cpp
	solve C++ default -- ./b

	cat >"$W/c.py" <<'SRC'
import sys
a, b = map(int, sys.stdin.read().split())
print(a + b)
SRC
	solve Python python -- /usr/bin/python3 c.py

	cat >"$W/Main.java" <<'SRC'
import java.util.Scanner;
public class Main { public static void main(String[] x) {
	Scanner s = new Scanner(System.in);
	System.out.println(s.nextLong() + s.nextLong()); } }
SRC
	compile Java -- /usr/bin/javac -J-Xmx256m Main.java
	solve Java java --mem 512M --processes 64 --open-files 256 -- \
	    /usr/bin/java -Xmx256m -Xss64m -XX:+UseSerialGC Main

	cat >"$W/d.js" <<'SRC'
const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
console.log(a + b);
SRC
	solve JavaScript javascript --processes 64 --open-files 256 -- \
	    /usr/bin/node d.js

	cat >"$W/e.rs" <<'SRC'
use std::io::Read;
fn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap();
	let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();
	println!("{}", v[0] + v[1]); }
SRC
	compile Rust -- /usr/bin/rustc -O -o e e.rs
	solve Rust default -- ./e

	cat >"$W/f.go" <<'SRC'
package main
import "fmt"
func main() { var a, b int64; fmt.Scan(&a, &b); fmt.Println(a + b) }
SRC
	compile Go --env GOCACHE=/workspace/.gocache --env GOPATH=/workspace/go \
	    -- /usr/bin/go build -o f f.go
	solve Go default --env GOMAXPROCS=1 -- ./f

	note "a+b ok in:$_done"
}

for_runtimes run
pass
