//! The headers every response carries, whoever produced it.

/// Pages get a policy that lets the app's own scripts and WebAssembly run
/// (`'wasm-unsafe-eval'` is what instantiating wasm needs; no inline script is
/// allowed); everything else (JSON, scripts, images) gets one that allows nothing.
pub const DOCUMENT_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
pub const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The headers for a response of this content type.
pub fn for_content_type(content_type: Option<&str>) -> [(&'static str, &'static str); 8] {
    let is_document = content_type.is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("text/html"));
    [
        ("Content-Security-Policy", if is_document { DOCUMENT_POLICY } else { RESOURCE_POLICY }),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(content_type: Option<&str>) -> &'static str {
        for_content_type(content_type)[0].1
    }

    #[test]
    fn pages_may_run_the_apps_wasm_but_no_inline_script() {
        let page = policy(Some("text/html; charset=utf-8"));
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!page.contains("unsafe-inline"));
        assert!(page.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn json_and_other_resources_may_load_nothing() {
        for content_type in [Some("application/json"), Some("application/wasm"), None] {
            assert_eq!(policy(content_type), RESOURCE_POLICY);
        }
    }
}
