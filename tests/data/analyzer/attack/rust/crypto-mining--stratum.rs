fn main() {
    let pool = r#"stratum+tcp://pool.hashvault.pro:3333"#;
    println!("{}", pool);
}
