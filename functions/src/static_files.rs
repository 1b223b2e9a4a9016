//! The built app's files: which page answers an address no file has, and how
//! long a browser may keep each file.

/// The page of every address that is neither a file nor a page made at build
/// time (`app.html`, served without its extension): the app's router draws it.
pub const APP_SHELL: &str = "/app";

/// Whether an address no file answers is a page of the app (its router
/// draws it), rather than a file that is missing: a page's last segment has no
/// extension.
pub fn is_page(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or_default().contains('.')
}

/// A file whose name carries its content's hash (`name.<16 hex digits>.ext`,
/// scripts/fingerprint.mjs) never changes: it is kept a year. Everything else
/// (the pages, robots.txt, images the app names) is checked again on every
/// use, so that a new build is seen at once. A refusal (a hashed name that
/// this version does not have, while another version is being rolled out) is
/// never kept.
pub fn cache_control(path: &str, status: u16) -> &'static str {
    match status {
        200 | 304 if is_fingerprinted(path) => "public, max-age=31536000, immutable",
        200..=399 => "no-cache",
        _ => "no-store",
    }
}

fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_extension, hash, stem) = (parts.next(), parts.next(), parts.next());
    stem.is_some_and(|stem| !stem.is_empty())
        && hash.is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_by_its_content_is_kept_a_year() {
        for path in [
            "/assets/registry.635e92f1fd53f22c.css",
            "/pkg/public_bg.d9cb32f5c33214be.wasm",
            "/boot.76b9524b63eef2db.js",
        ] {
            assert_eq!(cache_control(path, 200), "public, max-age=31536000, immutable", "{path}");
        }
    }

    #[test]
    fn an_address_without_an_extension_is_a_page_and_one_with_is_a_file() {
        for page in ["/", "/account", "/transfer/fix/0a1b", "/no/such/page"] {
            assert!(is_page(page), "{page}");
        }
        for file in ["/pkg/public_bg.0000000000000000.wasm", "/assets/no-such.css", "/favicon.ico"] {
            assert!(!is_page(file), "{file}");
        }
    }

    #[test]
    fn a_missing_file_is_not_kept_even_under_a_hashed_name() {
        assert_eq!(cache_control("/pkg/public_bg.0000000000000000.wasm", 404), "no-store");
        assert_eq!(cache_control("/pkg/public_bg.0000000000000000.wasm", 304), "public, max-age=31536000, immutable");
    }

    #[test]
    fn pages_and_files_without_a_hash_are_checked_on_every_use() {
        for path in [
            "/",
            "/sign-in",
            "/robots.txt",
            "/assets/img/us_flag_small.png",
            "/pkg/public.js",
            "/x.635e92f1fd53f22.css",
            "/.635e92f1fd53f22c.css",
            "/x.635E92F1FD53F22C.css",
        ] {
            assert_eq!(cache_control(path, 200), "no-cache", "{path}");
        }
    }
}
