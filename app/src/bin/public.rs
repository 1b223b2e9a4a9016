//! The bundle of the public pages: home, help, sign in.
fn main() {
    app::mount_public();
}
