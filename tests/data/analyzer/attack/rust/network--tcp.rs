use std::net::TcpStream;
use std::io::Write;
fn main() {
    let mut s = TcpStream::connect("10.0.0.1:4444").unwrap();
    s.write_all(b"hello").unwrap();
}
