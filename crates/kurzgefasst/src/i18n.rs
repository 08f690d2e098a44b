//! Messages users see on the terminal, in German or English after `LC_ALL`/`LC_MESSAGES`/`LANG`.

/// True when the user's locale is German (the default when no locale is set).
pub fn german() -> bool {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return v.starts_with("de") || v == "C" || v == "POSIX" || v.starts_with("C.");
            }
        }
    }
    true
}

/// Picks the German or English text after the user's locale.
pub fn t<'a>(de: &'a str, en: &'a str) -> &'a str {
    if german() {
        de
    } else {
        en
    }
}
