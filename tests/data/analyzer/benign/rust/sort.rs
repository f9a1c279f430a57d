use std::io::{self, Read, Write};

// Sort numbers; no std::net, no process::Command, just Vec::sort.
fn main() {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s).unwrap();
    let mut it = s.split_ascii_whitespace().map(|x| x.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let mut v: Vec<i64> = it.take(n).collect();
    v.sort_unstable();
    let out = io::stdout();
    let mut w = io::BufWriter::new(out.lock());
    for x in &v { write!(w, "{} ", x).unwrap(); }
    writeln!(w).unwrap();
}
