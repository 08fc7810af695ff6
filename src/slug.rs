//! Slugs: the URL segments made from titles, terms, headings and file names.

/// Folds accents ("genitorialità" → "genitorialita"), lower-cases, and joins words with `-`.
/// The result holds only `a-z`, `0-9` and single inner `-`; it is empty when nothing is left.
pub fn slugify(text: &str) -> String {
    let folded = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// True when `text` is already a slug, so it can be used as a URL segment unchanged.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(slugify("genitorialità"), "genitorialita");
        assert_eq!(
            slugify("Congedo parentale: ad ore!"),
            "congedo-parentale-ad-ore"
        );
        assert_eq!(slugify("  Perché  sì "), "perche-si");
        assert_eq!(slugify("L'asilo nido"), "l-asilo-nido");
        assert_eq!(slugify("../.."), "");
    }

    #[test]
    fn recognises_slugs() {
        assert!(is_slug("buone-prassi"));
        assert!(!is_slug("Buone prassi"));
        assert!(!is_slug("../x"));
        assert!(!is_slug(""));
    }
}
