//! The FMCSA help desk, as every page, email and error names it: written once here.
//! The macros give the words as literals, so that `concat!` can put them into the
//! `const` sentences that name the help desk.

/// The help desk's email address.
#[macro_export]
macro_rules! help_desk_email {
    () => {
        "fmctechsup@dot.gov"
    };
}

/// The help desk's phone number, as people read it.
#[macro_export]
macro_rules! help_desk_phone {
    () => {
        "617.494.3003"
    };
}

/// "the FMCSA Help Desk at … or …", for sentences: `concat!("contact ", the_help_desk!(), ".")`.
#[macro_export]
macro_rules! the_help_desk {
    () => {
        concat!("the FMCSA Help Desk at ", $crate::help_desk_email!(), " or ", $crate::help_desk_phone!())
    };
}

pub const EMAIL: &str = help_desk_email!();
pub const PHONE: &str = help_desk_phone!();
/// The phone number as a `tel:` link dials it.
pub const PHONE_LINK: &str = "tel:+16174943003";
pub const EMAIL_LINK: &str = concat!("mailto:", help_desk_email!());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_link_dials_the_number_people_read() {
        let digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(PHONE_LINK, format!("tel:+1{digits}"));
    }

    #[test]
    fn the_sentence_names_the_address_and_the_number() {
        assert_eq!(the_help_desk!(), format!("the FMCSA Help Desk at {EMAIL} or {PHONE}"));
    }
}
