//! One file per page.

mod account_email_confirm;
mod dev_mailbox;
mod help_desk;
mod home;
mod how_to_sign_in;
mod my_account;
mod not_found;
mod sign_in;
mod sign_in_confirm;
mod sign_in_problem;
mod signed_out;
mod staff_account;
mod staff_funnel;
mod staff_home;
mod transfer;
mod transfer_confirm;
mod transfer_fix;
mod what_is_login_gov;

pub use account_email_confirm::AccountEmailConfirm;
pub use dev_mailbox::DevMailbox;
pub use help_desk::HelpDesk;
pub use home::Home;
pub use how_to_sign_in::HowToSignIn;
pub use my_account::MyAccountPage;
pub use not_found::NotFound;
pub use sign_in::SignIn;
pub use sign_in_confirm::SignInConfirm;
pub use sign_in_problem::SignInProblemPage;
pub use signed_out::SignedOut;
pub use staff_account::StaffAccount;
pub use staff_funnel::StaffFunnel;
pub use staff_home::StaffHome;
pub use transfer::Transfer;
pub use transfer_confirm::TransferConfirm;
pub use transfer_fix::TransferFix;
pub use what_is_login_gov::WhatIsLoginGov;
