//! One file per page.

mod help_desk;
mod home;
mod how_to_sign_in;
mod not_found;
mod what_is_login_gov;

pub use help_desk::HelpDesk;
pub use home::Home;
pub use how_to_sign_in::HowToSignIn;
pub use not_found::NotFound;
pub use what_is_login_gov::WhatIsLoginGov;
