//! The parts every page shares: the skip link, the government banner, the
//! header, the identifier footer, and the frame of each page.

mod banner;
mod header;
mod identifier;
mod page;
mod skip_nav;

pub use banner::GovBanner;
pub use header::SiteHeader;
pub use identifier::Identifier;
pub use page::Page;
pub use skip_nav::{SkipNav, MAIN_CONTENT_ID};

/// Where the USWDS images are served from (copied there by scripts/build).
pub const USWDS_IMG: &str = "/assets/img";
