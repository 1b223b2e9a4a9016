//! Dates and times as the person reads them: in their browser's locale and,
//! for a moment in time, their time zone (`Intl.DateTimeFormat`; no crate).
//! Where there is no browser (the pages made at build time), the ISO text.

/// A moment (`2026-12-04T12:40:01.123Z`), e.g. "Dec 4, 2026, 7:40 AM EST".
/// (Intl refuses `dateStyle` and `timeStyle` beside `timeZoneName`: the parts are named one by one.)
pub fn moment(iso: &str) -> String {
    let parts = [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ];
    formatted(iso, &parts).unwrap_or_else(|| iso.to_owned())
}

/// A calendar day (`2034-01-01`), e.g. "January 1, 2034": no time zone moves it.
pub fn day(iso_day: &str) -> String {
    formatted(iso_day, &[("dateStyle", "long"), ("timeZone", "UTC")]).unwrap_or_else(|| iso_day.to_owned())
}

#[cfg(target_arch = "wasm32")]
fn formatted(iso: &str, options: &[(&str, &str)]) -> Option<String> {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let settings = js_sys::Object::new();
    for (name, value) in options {
        js_sys::Reflect::set(&settings, &JsValue::from_str(name), &JsValue::from_str(value)).ok()?;
    }
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &settings).format();
    format.call1(&JsValue::UNDEFINED, &date).ok()?.as_string()
}

#[cfg(not(target_arch = "wasm32"))]
fn formatted(_iso: &str, _options: &[(&str, &str)]) -> Option<String> {
    None
}
