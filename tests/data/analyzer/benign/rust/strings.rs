fn main() {
    let raw = r#"He said "fork" and "socket" and left."#;
    let bytes = b"bitcoin";   // a byte string, only a word
    let c = '"';
    let method = "dp";
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap();
    let n: u64 = line.trim().parse().unwrap();
    let mut dp = vec![0u64; (n + 1) as usize];
    dp[0] = 1;
    for i in 1..=n as usize { dp[i] = dp[i - 1] * 2 % 1_000_000_007; }
    println!("{}", dp[n as usize]);
    eprintln!("{} {} {} {}", raw, bytes.len(), c, method);
}
