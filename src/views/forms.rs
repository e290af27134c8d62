//! Form pieces: labelled fields with their error beside them, the CSRF field, choices.

use maud::{Markup, Render, html};

use crate::domain::validation::FieldErrors;
use crate::views::layout::Chrome;

/// The form field (and header, `x-csrf-token`) that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";

/// The hidden field carrying the visitor's CSRF token; every POST form includes it.
pub fn csrf_field(chrome: &Chrome) -> CsrfField<'_> {
    CsrfField(chrome.csrf_token.as_deref())
}

/// [`csrf_field`]: written straight into its form rather than drawn apart and copied in,
/// as a queue page has sixty of them.
pub struct CsrfField<'a>(Option<&'a str>);

impl Render for CsrfField<'_> {
    fn render_to(&self, buffer: &mut String) {
        if let Some(token) = self.0 {
            buffer.push_str(r#"<input type="hidden" name=""#);
            buffer.push_str(CSRF_FIELD);
            buffer.push_str(r#"" value=""#);
            token.render_to(buffer);
            buffer.push_str(r#"">"#);
        }
    }
}

/// A summary at the top of a form that failed, linking to each field at fault.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            // Focused when the page loads, so keyboard and screen-reader users start at what to fix.
            div .error-summary role="alert" tabindex="-1" autofocus {
                p { strong { "Please correct the following:" } }
                ul {
                    @for (field, message) in errors.iter() {
                        li { a href={ "#" (field) } { (message) } }
                    }
                }
            }
        }
    }
}

fn error_id(name: &str) -> String {
    format!("{name}-error")
}

fn field_error(errors: &FieldErrors, name: &str) -> Markup {
    html! {
        @if let Some(message) = errors.get(name) {
            p .field-error id=(error_id(name)) { (message) }
        }
    }
}

/// A labelled text input (`kind` is the input type) with its error.
pub struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
    pub autocomplete: &'a str,
    pub required: bool,
    pub hint: Option<&'a str>,
}

impl Input<'_> {
    pub fn render(&self, errors: &FieldErrors) -> Markup {
        self.render_with(errors, None)
    }

    /// Rendered with an `inputmode`, so a phone shows the keyboard the field needs.
    fn render_with(&self, errors: &FieldErrors, inputmode: Option<&str>) -> Markup {
        let invalid = errors.get(self.name).is_some();
        html! {
            div .field .invalid[invalid] {
                label for=(self.name) { (self.label) }
                @if let Some(hint) = self.hint { p .hint { (hint) } }
                (field_error(errors, self.name))
                input type=(self.kind) id=(self.name) name=(self.name) value=(self.value)
                    autocomplete=(self.autocomplete) required[self.required]
                    inputmode=[inputmode]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| error_id(self.name))];
            }
        }
    }
}

/// An optional text field with a label and no autocomplete hint.
fn plain_text<'a>(name: &'a str, label: &'a str, value: &'a str) -> Input<'a> {
    Input {
        name,
        label,
        kind: "text",
        value,
        autocomplete: "off",
        required: false,
        hint: None,
    }
}

/// A plain text input with a label, optional and without autocomplete hints.
pub fn text_input(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    plain_text(name, label, value).render(errors)
}

/// A text input for a whole number (`decimal`: a sum of money), which brings up a number
/// keyboard on phones. It stays a text field, so what was typed comes back as typed.
pub fn numeric_input(
    name: &str,
    label: &str,
    value: &str,
    errors: &FieldErrors,
    decimal: bool,
) -> Markup {
    plain_text(name, label, value)
        .render_with(errors, Some(if decimal { "decimal" } else { "numeric" }))
}

/// A multi-line text area with its error.
pub fn text_area(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    let invalid = errors.get(name).is_some();
    html! {
        div .field .invalid[invalid] {
            label for=(name) { (label) }
            (field_error(errors, name))
            textarea id=(name) name=(name) rows="6" aria-invalid=[invalid.then_some("true")] { (value) }
        }
    }
}

/// `(value, label)` pairs for every variant of a stored enumeration, for [`select`].
pub fn enum_options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&x| (value(x), label(x))).collect()
}

/// A select with `(value, label)` options, `selected` chosen.
pub fn select(
    name: &str,
    label: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let invalid = errors.get(name).is_some();
    html! {
        div .field .invalid[invalid] {
            label for=(name) { (label) }
            (field_error(errors, name))
            select id=(name) name=(name) aria-invalid=[invalid.then_some("true")] {
                @for (value, text) in options {
                    option value=(value) selected[*value == selected] { (text) }
                }
            }
        }
    }
}

/// A group of checkboxes sharing one name.
pub fn checkboxes(
    name: &str,
    legend: &str,
    options: &[(&str, &str)],
    checked: &[String],
    errors: &FieldErrors,
) -> Markup {
    let invalid = errors.get(name).is_some();
    html! {
        fieldset .field .invalid[invalid] id=(name) {
            legend { (legend) }
            (field_error(errors, name))
            @for (value, text) in options {
                label .check {
                    input type="checkbox" name=(name) value=(value) checked[checked.iter().any(|c| c == value)];
                    " " (text)
                }
            }
        }
    }
}

/// One checkbox with its own label and error.
pub fn checkbox(name: &str, label: &str, checked: bool, errors: &FieldErrors) -> Markup {
    let invalid = errors.get(name).is_some();
    html! {
        div .field .invalid[invalid] id=(name) {
            (field_error(errors, name))
            label .check {
                input type="checkbox" name=(name) value="on" checked[checked];
                " " (label)
            }
        }
    }
}

/// A file input with its hint and error; `accept` lists the types the picker offers (the
/// server checks the bytes whatever it says).
pub fn file_input(
    name: &str,
    label: &str,
    accept: &str,
    hint: &str,
    errors: &FieldErrors,
) -> Markup {
    let invalid = errors.get(name).is_some();
    html! {
        div .field .invalid[invalid] {
            label for=(name) { (label) }
            p .hint { (hint) }
            (field_error(errors, name))
            input type="file" id=(name) name=(name) accept=(accept)
                aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| error_id(name))];
        }
    }
}

/// Where a multipart form posts: its CSRF token rides in the query string, since the
/// token check does not read upload bodies.
pub fn upload_action(path: &str, chrome: &Chrome) -> String {
    match &chrome.csrf_token {
        Some(token) => format!("{path}?{CSRF_FIELD}={token}"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use maud::{Render, html};

    use super::{CSRF_FIELD, csrf_field};
    use crate::views::layout::Chrome;

    #[test]
    fn the_csrf_field_is_the_hidden_input_with_its_token_escaped() {
        let chrome = |token: Option<&str>| Chrome {
            account: None,
            csrf_token: token.map(str::to_owned),
        };
        for token in ["0123abcd", r#"a"b<c>&d"#] {
            let drawn = html! { input type="hidden" name=(CSRF_FIELD) value=(token); };
            assert_eq!(
                csrf_field(&chrome(Some(token))).render().into_string(),
                drawn.into_string()
            );
        }
        assert_eq!(
            csrf_field(&chrome(Some(r#"x"><script>"#)))
                .render()
                .into_string(),
            r#"<input type="hidden" name="csrf_token" value="x&quot;&gt;&lt;script&gt;">"#
        );
        assert_eq!(csrf_field(&chrome(None)).render().into_string(), "");
    }
}
