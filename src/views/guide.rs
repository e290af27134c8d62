//! The patient guide: what a lip flip is, choosing an injector, preparation and aftercare,
//! and warning signs. Written for patients; not medical advice.

use maud::{Markup, html};

use crate::views::layout::{Chrome, PageMeta, page};

/// A guide page: its address segment, title, description.
pub struct GuidePage {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

/// Every guide page, in reading order.
pub const GUIDE_PAGES: &[GuidePage] = &[
    GuidePage {
        slug: "lip-flip",
        title: "What a lip flip is, and how it differs from filler",
        description: "How a lip flip works, how it differs from hyaluronic-acid lip filler, and how the same idea treats a gummy smile.",
    },
    GuidePage {
        slug: "choosing-an-injector",
        title: "How to choose a lip flip injector: a checklist",
        description: "What to check before booking a lip flip: license, training, experience, photos, reviews, supervision and a proper consultation.",
    },
    GuidePage {
        slug: "preparation-and-aftercare",
        title: "Preparing for a lip flip, and aftercare",
        description: "What to avoid in the days before a lip flip, what the appointment is like, and how to look after your lips afterwards.",
    },
    GuidePage {
        slug: "warning-signs",
        title: "Warning signs after a lip flip, and when to get urgent care",
        description: "Which after-effects are normal, which signs mean you should call your injector, and which need emergency care.",
    },
];

fn not_medical_advice() -> Markup {
    html! {
        aside .note .small {
            "This guide explains the basics so you can ask good questions. It is not medical advice: "
            "your injector or doctor should assess you in person. In an emergency, call your local emergency number."
        }
    }
}

fn guide_nav(current: &str) -> Markup {
    html! {
        nav .guide-nav aria-label="Patient guide" {
            ul {
                li { a href="/guide" aria-current=[(current.is_empty()).then_some("page")] { "Guide home" } }
                @for p in GUIDE_PAGES {
                    li { a href={ "/guide/" (p.slug) } aria-current=[(p.slug == current).then_some("page")] { (p.title) } }
                }
            }
        }
    }
}

fn lip_flip() -> Markup {
    html! {
        p {
            "A lip flip is a small dose of a neuromodulator (Botox, Dysport, Xeomin, Jeuveau or Daxxify) injected into the muscle "
            "that rings the mouth, the orbicularis oris, just above the centre of the upper lip. Relaxing that muscle lets the upper lip "
            "roll slightly outward, so more of its pink part shows. The lip looks fuller, but no volume is added."
        }
        p { "The appointment is short, usually ten to twenty minutes, it is not surgery, and there is no recovery period. The dose is a few units; your injector's typical dose is on their profile." }
        h2 { "Lip flip or lip filler?" }
        table .list {
            thead { tr { th scope="col" { "Question" } th { "Lip flip" } th { "Lip filler" } } }
            tbody {
                tr { th scope="row" { "What is injected" } td { "A neuromodulator that relaxes muscle" } td { "A hyaluronic-acid gel such as Juvederm or Restylane" } }
                tr { th scope="row" { "What changes" } td { "The lip turns out a little; its volume stays the same" } td { "The lip gains volume and shape" } }
                tr { th scope="row" { "Age-related thinning" } td { "Does not restore it" } td { "Can restore lost fullness" } }
            }
        }
        p { "Some people have both in one visit: a flip for the curl, filler for volume. Discuss what you want with a qualified injector before choosing." }
        h2 { "Gummy-smile correction" }
        p {
            "If a lot of gum shows when you smile, a similar injection can help. Small doses placed near the Cupid's bow relax the muscles that lift the lip, "
            "so the lip sits lower over the gums when you smile. You can "
            a href="/practitioners?treatment=gummy_smile" { "find injectors who offer gummy-smile treatment" } "."
        }
    }
}

fn choosing() -> Markup {
    html! {
        p { "A lip flip is a small treatment, but a misplaced dose can leave a lopsided smile, drooling or trouble speaking for weeks. Check each point before you book:" }
        ol .checklist {
            li {
                strong { "A license that was checked. " }
                "The injector should hold a medical license (physician, nurse practitioner, physician assistant, registered nurse or dentist). "
                a href="/practitioners?verified=on" { "Show only injectors with verified credentials" }
                ", and read the " em { "Credentials" } " section of a profile to see when and against which register each one was checked."
            }
            li {
                strong { "Training and supervision. " }
                "Look for specific injection training or a board certification in dermatology or plastic surgery. Physician assistants and registered nurses usually inject under a supervising physician; a profile names them under " em { "Credentials" } "."
            }
            li {
                strong { "Real lip flip experience. " }
                a href="/practitioners?min_lip_flips=50&sort=lip_flips" { "Sort by lip flips in the last year" }
                " and compare typical doses in each profile's " em { "Experience and prices" } " section."
            }
            li {
                strong { "Before-and-after photos. " }
                "Ask to see results of lip flips specifically. Profiles show moderated photo pairs under " em { "Before and after photos" } "."
            }
            li {
                strong { "Reviews from real patients. " }
                "Read several, including the critical ones, and check the " em { "Side effects reviewers reported" } " section. "
                a href="/practitioners?sort=rating" { "Sort the directory by rating" } " (a weighted average, so a handful of reviews cannot top the list)."
            }
            li {
                strong { "A proper consultation. " }
                "You should be able to say what you want, hear what is realistic, and ask anything. If you do not feel comfortable asking, get a second opinion."
            }
            li {
                strong { "A clear price. " }
                a href="/practitioners?sort=price" { "Sort by price" } " or set a maximum; profiles say when prices were last confirmed."
            }
        }
        p { "Shortlisted two to four injectors? Tick " em { "Add to compare" } " on their cards in the " a href="/practitioners" { "directory" } " to see them side by side." }
    }
}

fn preparation() -> Markup {
    html! {
        h2 { "In the days before" }
        ul {
            li { "Avoid alcohol and blood thinners such as aspirin for three or four days beforehand, if your doctor agrees: they make bruising more likely. Do not stop a prescribed medicine without asking whoever prescribed it." }
            li { "Tell your injector about medicines, allergies, neuromuscular conditions, pregnancy or breastfeeding." }
            li { "Use the consultation to agree what result you want and what is realistic." }
        }
        h2 { "At the appointment" }
        p { "The injections take around ten to fifteen minutes. A numbing cream or ice may be used first; the needle is very fine. Your upper lip may feel slightly numb and look a little swollen afterwards." }
        h2 { "Aftercare" }
        ul {
            li { "Do not rub or massage your lips for the rest of the day: it can move the product to muscles it should not reach." }
            li { "Avoid smoking in the following days; it raises the risk of infection." }
            li { "Follow your injector's own instructions, which may include skipping strenuous exercise and using a cold pack for swelling." }
            li { "The result appears over several days and usually fades within a few months; reviewers' typical onset and duration are on each profile." }
        }
    }
}

fn warning_signs() -> Markup {
    html! {
        h2 { "Usually normal" }
        p { "Mild bruising, swelling, tenderness or numbness where the needle went in, and sometimes a headache or nausea. These normally settle within two or three days, at most about a week." }
        h2 { "Call your injector" }
        ul {
            li { "Swelling or bruising that is getting worse, or lasts well beyond a week." }
            li { "Tingling, numbness or pain that persists or grows." }
            li { "An uneven or lopsided smile." }
            li { "Drooling, trouble drinking through a straw, or difficulty forming words." }
        }
        p { "These usually come from the dose or its placement and are usually temporary, but your injector should assess them. Sometimes a small corrective dose helps; if problems persist, a qualified plastic surgeon or dermatologist can advise." }
        h2 { "Get emergency care now" }
        ul {
            li { strong { "Difficulty breathing or swallowing." } }
            li { strong { "Severe or rapidly spreading swelling, especially of the face, lips or throat." } }
            li { strong { "Signs of an allergic reaction: " } "hives, itching with swelling, a rash spreading fast." }
        }
        p { "Call your local emergency number; do not wait for the clinic to open." }
        p { "If you had a side effect, a review helps other patients: reviews list reported side effects, and moderators never remove a review for being negative." }
    }
}

/// The guide's front page.
pub fn guide_index(chrome: &Chrome, canonical: String) -> Markup {
    page(
        &PageMeta {
            title: "Patient guide to lip flips",
            description: "A patient's guide to lip flips: what they are, choosing an injector, preparation and aftercare, and warning signs.",
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(chrome),
        html! {
            h1 { "Patient guide to lip flips" }
            p { "Short, plain answers to what patients ask most before and after a lip flip." }
            ul .guide-links {
                @for p in GUIDE_PAGES {
                    li { a href={ "/guide/" (p.slug) } { (p.title) } br; span .small .muted { (p.description) } }
                }
            }
            (not_medical_advice())
        },
    )
}

/// One guide page, or `None` for an unknown slug.
pub fn guide_page(chrome: &Chrome, slug: &str, canonical: String) -> Option<Markup> {
    let meta = GUIDE_PAGES.iter().find(|p| p.slug == slug)?;
    let body = match slug {
        "lip-flip" => lip_flip(),
        "choosing-an-injector" => choosing(),
        "preparation-and-aftercare" => preparation(),
        "warning-signs" => warning_signs(),
        _ => return None,
    };
    Some(page(
        &PageMeta {
            title: meta.title,
            description: meta.description,
            canonical: Some(canonical),
            ..Default::default()
        },
        Some(chrome),
        html! {
            article .guide {
                h1 { (meta.title) }
                (not_medical_advice())
                (body)
            }
            (guide_nav(slug))
        },
    ))
}
