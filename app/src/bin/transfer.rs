//! The bundle of Transfer or Create Account, the pages behind email links and the dev mailbox.
fn main() {
    app::mount_transfer();
}
