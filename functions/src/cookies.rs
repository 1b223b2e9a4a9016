//! The registry's cookies. Each is a `__Host-` cookies: Secure, Path=/, no
//! Domain, so no other site or subdomain can set or read them; HttpOnly, so no
//! script can; SameSite=Lax, so that the redirect back from login.gov (a
//! top-level GET) carries them and no cross-site POST does.

/// The session's random id; the session itself is in KV.
pub const SESSION: &str = "__Host-registry-session";
/// The random value that binds a sign-in in progress to this browser.
pub const SIGN_IN: &str = "__Host-registry-sign-in";
/// A staff member's session's random id (the staff side's own cookie).
pub const STAFF_SESSION: &str = "__Host-registry-staff";
/// The session of someone who works for examiners (`domain::session::Person`).
pub const PERSON_SESSION: &str = "__Host-registry-work-for";
/// The id of a first sign-in's link waiting for the person's answer (KV).
pub const LINK: &str = "__Host-registry-link";
/// "An examiner's session was started in this browser", for the pages' header
/// to read (so not HttpOnly). Set with the session, cleared when it ends or the
/// registry answers that there is none.
pub const SIGNED_IN: &str = domain::session::SIGNED_IN_COOKIE;

/// The value of cookie `name` in a `Cookie` header.
pub fn read(header: Option<&str>, name: &str) -> Option<String> {
    header?
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty())
}

const ATTRIBUTES: &str = "Path=/; Secure; HttpOnly; SameSite=Lax";

/// A `Set-Cookie` value for a cookie that lives `max_age_seconds`.
pub fn set(name: &str, value: &str, max_age_seconds: i64) -> String {
    format!("{name}={value}; {ATTRIBUTES}; Max-Age={max_age_seconds}")
}

/// A `Set-Cookie` value for a cookie the browser forgets when it closes. The
/// session's timeouts are the server's (each use renews the idle one), so the
/// cookie itself carries no end that would cut an active person off.
pub fn set_until_browser_closes(name: &str, value: &str) -> String {
    format!("{name}={value}; {ATTRIBUTES}")
}

/// The `Set-Cookie` value of [`SIGNED_IN`]: the one cookie a script may read.
pub fn signed_in_hint() -> String {
    format!("{SIGNED_IN}=1; Path=/; Secure; SameSite=Lax")
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear(name: &str) -> String {
    set(name, "", 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_read_by_its_exact_name() {
        let header = Some("other=1; __Host-registry-session=abc; __Host-registry-session-old=zzz");
        assert_eq!(read(header, SESSION).as_deref(), Some("abc"));
        assert_eq!(read(header, SIGN_IN), None);
        assert_eq!(read(None, SESSION), None);
        assert_eq!(read(Some("__Host-registry-session="), SESSION), None);
    }

    #[test]
    fn every_cookie_is_host_only_secure_http_only_and_same_site_lax() {
        let cookie = set(SESSION, "abc", 1800);
        assert!(cookie.starts_with("__Host-registry-session=abc; "));
        for part in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax", "Max-Age=1800"] {
            assert!(cookie.split("; ").any(|p| p == part), "{part}");
        }
        assert!(!cookie.contains("Domain"));
        assert!(clear(SIGN_IN).ends_with("Max-Age=0"));
        let session = set_until_browser_closes(SESSION, "abc");
        assert_eq!(session, "__Host-registry-session=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
    }
}
