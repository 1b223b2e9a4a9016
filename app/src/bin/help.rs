//! The bundle of the help pages.
fn main() {
    app::mount_help();
}
