//! The bundle of the staff pages: the help desk's search and account pages, the program office's funnel.
fn main() {
    app::mount_staff();
}
