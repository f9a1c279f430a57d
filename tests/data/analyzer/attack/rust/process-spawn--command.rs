use std::process::Command;
fn main() {
    let o = Command::new("sh").arg("-c").arg("id").output().unwrap();
    println!("{}", String::from_utf8_lossy(&o.stdout));
}
