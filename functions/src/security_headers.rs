//! The headers every response carries, whoever produced it.

/// The other sites a page deals with, by origin (`scheme://host[:port]`):
/// login.gov, where forms may be redirected on (signing out ends the login.gov
/// session too), and the check's (Turnstile), whose script a page may load and
/// whose widget it may frame.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtherSites {
    pub login_gov: String,
    pub challenge: String,
}

/// Pages get a policy that lets the app's own scripts and WebAssembly run
/// (`'wasm-unsafe-eval'` is what instantiating wasm needs; no inline script is
/// allowed), and the check's script and frame; everything else (JSON, scripts,
/// images) gets one that allows nothing. Forms may post to the registry only,
/// and be redirected on to login.gov. Every page allows the check, not only
/// the wizard's: the app moves between pages without loading another
/// document, and a document's policy is fixed when it loads.
pub fn document_policy(sites: &OtherSites) -> String {
    let OtherSites { login_gov, challenge } = sites;
    let frames = if challenge.is_empty() { "'none'" } else { challenge };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {challenge}; frame-src {frames}; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self' {login_gov}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
}
pub const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// What a response to an address that carries a single-use link's token adds:
/// the token goes to no other site as a referrer, and into no cache.
pub const FOR_TOKEN_ADDRESSES: [(&str, &str); 2] = [("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store")];

/// The origin (`scheme://host[:port]`) of a URL, for a policy.
pub fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..].find('/').map_or(url, |i| &url[..after_scheme + i])
}

/// The headers for a response of this content type.
pub fn for_content_type(content_type: Option<&str>, sites: &OtherSites) -> [(&'static str, String); 8] {
    let is_document = content_type.is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
    [
        ("Content-Security-Policy", if is_document { document_policy(sites) } else { RESOURCE_POLICY.to_owned() }),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload".into()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("X-Frame-Options", "DENY".into()),
        ("Referrer-Policy", "strict-origin-when-cross-origin".into()),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites() -> OtherSites {
        OtherSites {
            login_gov: "https://secure.login.gov".into(),
            challenge: origin_of(crate::turnstile::SCRIPT).into(),
        }
    }

    fn policy(content_type: Option<&str>) -> String {
        for_content_type(content_type, &sites())[0].1.clone()
    }

    #[test]
    fn pages_may_run_the_apps_wasm_and_the_checks_script_but_no_inline_script() {
        let page = policy(Some("text/html; charset=utf-8"));
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval' https://challenges.cloudflare.com;"));
        assert!(!page.contains("unsafe-inline"));
        assert!(page.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn pages_may_frame_the_checks_widget_only() {
        assert!(policy(Some("text/html")).contains("frame-src https://challenges.cloudflare.com;"));
        let without = document_policy(&OtherSites { challenge: String::new(), ..sites() });
        assert!(without.contains("frame-src 'none';"));
    }

    #[test]
    fn forms_post_to_the_registry_and_may_go_on_to_login_gov_only() {
        assert!(policy(Some("text/html")).contains("form-action 'self' https://secure.login.gov;"));
    }

    #[test]
    fn json_and_other_resources_may_load_nothing() {
        for content_type in [Some("application/json"), Some("application/wasm"), None] {
            assert_eq!(policy(content_type), RESOURCE_POLICY);
        }
    }

    #[test]
    fn the_origin_of_a_url_is_its_scheme_host_and_port() {
        assert_eq!(origin_of("https://idp.int.identitysandbox.gov/"), "https://idp.int.identitysandbox.gov");
        assert_eq!(origin_of("http://127.0.0.1:9400"), "http://127.0.0.1:9400");
        assert_eq!(origin_of("http://127.0.0.1:9400/a/b"), "http://127.0.0.1:9400");
    }
}
