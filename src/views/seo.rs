//! What search engines read: the sitemap and robots.txt.

use crate::views::guide::GUIDE_PAGES;
use crate::views::trust::TRUST_PAGES;

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// `sitemap.xml`: the home page, the directory, the guide and every published profile.
pub fn sitemap(base: &str, profile_slugs: &[String]) -> String {
    let mut paths: Vec<String> = vec!["/".into(), "/practitioners".into(), "/guide".into()];
    paths.extend(GUIDE_PAGES.iter().map(|p| format!("/guide/{}", p.slug)));
    paths.extend(TRUST_PAGES.iter().map(|p| p.path.to_owned()));
    paths.extend(profile_slugs.iter().map(|s| format!("/practitioners/{s}")));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: members' pages and searches stay out of indexes; the sitemap is named.
pub fn robots(base: &str) -> String {
    format!(
        "User-agent: *\nDisallow: /account\nDisallow: /dashboard\nDisallow: /moderation\nDisallow: /me/\nDisallow: /login\nDisallow: /register\nDisallow: /compare\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
    )
}
