use std::collections::HashMap;
// Count words with a HashMap (SipHash, not sha256).
fn main() {
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).unwrap();
    let mut m: HashMap<&str, usize> = HashMap::new();
    for w in s.split_whitespace() { *m.entry(w).or_insert(0) += 1; }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort();
    for (w, c) in v { println!("{} {}", w, c); }
}
