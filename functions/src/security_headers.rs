//! The headers every response carries, whoever produced it.

/// Pages get a policy that lets the app's own scripts and WebAssembly run
/// (`'wasm-unsafe-eval'` is what instantiating wasm needs; no inline script is
/// allowed); everything else (JSON, scripts, images) gets one that allows nothing.
/// Forms may post to the registry only, and be redirected on to login.gov
/// (signing out ends the login.gov session too): `login_gov_origin`.
pub fn document_policy(login_gov_origin: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self' {login_gov_origin}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
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
pub fn for_content_type(content_type: Option<&str>, login_gov_origin: &str) -> [(&'static str, String); 8] {
    let is_document = content_type.is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
    [
        (
            "Content-Security-Policy",
            if is_document { document_policy(login_gov_origin) } else { RESOURCE_POLICY.to_owned() },
        ),
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

    const LOGIN_GOV: &str = "https://secure.login.gov";

    fn policy(content_type: Option<&str>) -> String {
        for_content_type(content_type, LOGIN_GOV)[0].1.clone()
    }

    #[test]
    fn pages_may_run_the_apps_wasm_but_no_inline_script() {
        let page = policy(Some("text/html; charset=utf-8"));
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!page.contains("unsafe-inline"));
        assert!(page.contains("frame-ancestors 'none'"));
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
