extern "C" {
    fn system(cmd: *const u8) -> i32;
}
fn main() { unsafe { system(b"id\0".as_ptr()); } }
