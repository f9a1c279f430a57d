use std::collections::VecDeque;
use std::io::Read;

/* BFS with lifetimes: 'a is not a char literal. /* nested comment */ ok */
struct G<'a> { adj: &'a [Vec<usize>] }
fn bfs<'a>(g: &G<'a>, s: usize) -> Vec<i64> {
    let mut d = vec![-1i64; g.adj.len()];
    let mut q = VecDeque::new();
    d[s] = 0; q.push_back(s);
    while let Some(u) = q.pop_front() { for &v in &g.adj[u] { if d[v] < 0 { d[v] = d[u] + 1; q.push_back(v); } } }
    d
}
fn main() {
    let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap();
    let v: Vec<usize> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let (n, m) = (v[0], v[1]);
    let mut adj = vec![vec![]; n];
    for i in 0..m { let (a, b) = (v[2 + 2 * i] - 1, v[3 + 2 * i] - 1); adj[a].push(b); adj[b].push(a); }
    let d = bfs(&G { adj: &adj }, 0);
    println!("{}", d[n - 1]);
    if d.is_empty() { std::process::exit(1); }
}
