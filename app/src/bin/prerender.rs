//! Writes the HTML of the pages in `app::PRERENDERED` into the built site:
//! `index.html` is the template (public/index.html, already copied), each page
//! becomes `<path>.html` with its title and body filled in, and the template
//! itself stays as `app.html`, the page of every other address. The public
//! pages link the public stylesheet, without the forms' styles.
//!
//!     prerender DIST_DIR

use std::path::{Path, PathBuf};
use std::{env, fs, process};

const BODY: &str = "<body>";
const STYLESHEET: &str = "\"/assets/registry.css\"";
const PUBLIC_STYLESHEET: &str = "\"/assets/public.css\"";
const TITLE: (&str, &str) = ("<title>", "</title>");

fn main() {
    let Some(dist) = env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender DIST_DIR");
        process::exit(2);
    };
    if let Err(message) = write_pages(&dist) {
        eprintln!("prerender: {message}");
        process::exit(1);
    }
}

fn write_pages(dist: &Path) -> Result<(), String> {
    let template_path = dist.join("index.html");
    let template = fs::read_to_string(&template_path).map_err(|e| format!("{}: {e}", template_path.display()))?;
    write(&dist.join("app.html"), &template)?;
    for path in app::PRERENDERED {
        let (title, body) = app::prerender(path);
        let file = if path == "/" { "index.html".to_owned() } else { format!("{}.html", path.trim_start_matches('/')) };
        let mut page = fill(&template, &title, &body)?;
        if app::Part::of(path).has_the_public_stylesheet() {
            page = page.replacen(STYLESHEET, PUBLIC_STYLESHEET, 1);
        }
        write(&dist.join(file), &page)?;
        println!("{path}: {} bytes of HTML", body.len());
    }
    Ok(())
}

/// The template with this title, and this body before whatever it had.
fn fill(template: &str, title: &str, body: &str) -> Result<String, String> {
    let (head, rest) = template.split_once(TITLE.0).ok_or("the template has no <title>")?;
    let (_, rest) = rest.split_once(TITLE.1).ok_or("the template's <title> is not closed")?;
    let (before_body, after_body) = rest.split_once(BODY).ok_or("the template has no <body>")?;
    Ok(format!("{head}{}{title}{}{before_body}{BODY}{body}{after_body}", TITLE.0, TITLE.1))
}

fn write(file: &Path, contents: &str) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(file, contents).map_err(|e| format!("{}: {e}", file.display()))
}
