// Big factorial with base 1e9 limbs; Ethereum uses 256-bit words, we use Vec<u64>.
fn main() {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let n: u64 = line.trim().parse().unwrap();
    let mut a: Vec<u64> = vec![1];
    for k in 2..=n {
        let mut carry = 0u64;
        for x in a.iter_mut() { let cur = *x * k + carry; *x = cur % 1_000_000_000; carry = cur / 1_000_000_000; }
        while carry > 0 { a.push(carry % 1_000_000_000); carry /= 1_000_000_000; }
    }
    let mut out = format!("{}", a[a.len() - 1]);
    for x in a.iter().rev().skip(1) { out.push_str(&format!("{:09}", x)); }
    println!("{}", out);
}
