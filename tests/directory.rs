//! The public directory, profiles, compare, guide and what search engines read, checked
//! against independent SQL over the demo data.

mod common;

use axum::http::StatusCode;
use common::{Page, TestApp};
use injectory::entities::practitioner;
use sea_orm::{ActiveValue::NotSet, EntityTrait, IntoActiveModel, QueryFilter, Set};

const PUBLISHED: &str = "FROM practitioners p WHERE p.published = true";

/// Profile slugs of the cards on a listing page, in order.
fn card_slugs(page: &Page) -> Vec<String> {
    page.body
        .split("<h3><a href=\"/practitioners/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

async fn slugs_where(app: &TestApp, condition: &str, order: &str) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let backend = app.db.get_database_backend();
    let sql = format!("SELECT p.slug AS t {PUBLISHED} AND ({condition}) ORDER BY {order}");
    app.db
        .query_all_raw(sea_orm::Statement::from_string(backend, sql))
        .await
        .expect("query runs")
        .into_iter()
        .map(|row| row.try_get::<String>("", "t").expect("slug"))
        .collect()
}

/// SQL for "every word starts a word of the name, clinic, city or region, or of a treatment
/// or product offered" (the demo's words are separated by spaces; treatments by `_`).
fn words_start(words: &[&str]) -> String {
    let each: Vec<String> = words
        .iter()
        .map(|w| {
            format!(
                "((' ' || LOWER(p.name || ' ' || p.clinic_name || ' ' || p.city || ' ' || p.region)) LIKE '% {w}%' \
                 OR p.id IN (SELECT practitioner_id FROM practitioner_treatments WHERE ' ' || REPLACE(treatment, '_', ' ') LIKE '% {w}%') \
                 OR p.id IN (SELECT practitioner_id FROM practitioner_products WHERE product LIKE '{w}%'))"
            )
        })
        .collect();
    format!("({})", each.join(" AND "))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Adds `n` more listed practitioners in Austin: copies of Dr. Rivera's profile without an
/// account, each then changed by `vary` (given its number; it must give each a slug).
async fn add_copies_of_rivera(
    app: &TestApp,
    n: i32,
    vary: impl Fn(i32, &mut practitioner::ActiveModel),
) {
    let model = practitioner::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(
            &practitioner::Column::Slug,
            "dr-maya-rivera",
        ))
        .one(&app.db)
        .await
        .expect("reads")
        .expect("the demo profile");
    let copies: Vec<practitioner::ActiveModel> = (0..n)
        .map(|i| {
            let mut copy = model.clone().into_active_model();
            copy.id = NotSet;
            copy.account_id = Set(None);
            vary(i, &mut copy);
            copy
        })
        .collect();
    for chunk in copies.chunks(100) {
        practitioner::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&app.db)
            .await
            .expect("copies inserted");
    }
}

#[tokio::test]
async fn every_filter_selects_what_sql_selects() {
    let app = TestApp::with_demo_data().await;
    let today = app.clock.now().date_naive();
    let cases: Vec<(String, String)> = vec![
        ("q=RIVERA".into(), words_start(&["rivera"])),
        ("q=may".into(), words_start(&["may"])),
        // One letter, as typed first: read from the index of first letters.
        ("q=k".into(), words_start(&["k"])),
        ("q=dysport".into(), words_start(&["dysport"])),
        ("q=Gummy".into(), words_start(&["gummy"])),
        ("q=san+diego".into(), words_start(&["san", "diego"])),
        ("location=austin".into(), "p.city = 'Austin'".into()),
        ("location=co".into(), "p.region = 'CO'".into()),
        ("location=787".into(), "p.postal_code LIKE '787%'".into()),
        ("treatment=gummy_smile".into(), "p.id IN (SELECT practitioner_id FROM practitioner_treatments WHERE treatment = 'gummy_smile')".into()),
        ("product=dysport".into(), "p.id IN (SELECT practitioner_id FROM practitioner_products WHERE product = 'dysport')".into()),
        ("profession=dentist".into(), "p.profession = 'dentist'".into()),
        ("verified=on".into(), format!("p.id IN (SELECT practitioner_id FROM credentials WHERE status = 'verified' AND kind IN ('license', 'board_certification') AND (expires_on IS NULL OR expires_on >= '{today}'))")),
        ("min_rating=4.5".into(), "p.review_count > 0 AND p.rating_sum * 10 >= 45 * p.review_count".into()),
        ("min_lip_flips=200".into(), "p.lip_flips_last_year >= 200".into()),
        ("max_price=125".into(), "p.lip_flip_price_cents <= 12500".into()),
        ("accepting=on".into(), "p.accepting_new_patients = true".into()),
        // Words and a place in an order other than best match: the text's matches are
        // narrowed to the place's words in the full-text index on SQLite (a two-word city
        // typed with extra spaces, a region), and a postal code is looked up on its own.
        ("q=lip&location=San++diego&sort=name".into(), format!("p.city = 'San Diego' AND {}", words_start(&["lip"]))),
        ("q=plastic&location=CO&sort=rating".into(), format!("p.region = 'CO' AND {}", words_start(&["plastic"]))),
        ("q=lip&location=787&sort=name".into(), format!("p.postal_code LIKE '787%' AND {}", words_start(&["lip"]))),
        ("location=Austin&treatment=lip_filler&verified=on&q=aesthetic".into(), format!("p.city = 'Austin' AND p.id IN (SELECT practitioner_id FROM practitioner_treatments WHERE treatment = 'lip_filler') AND p.verified_until >= '{today}' AND {}", words_start(&["aesthetic"]))),
    ];
    for (query, condition) in cases {
        let expected = slugs_where(&app, &condition, "p.slug").await;
        assert!(!expected.is_empty(), "{query}: the demo data has matches");
        assert!(expected.len() < 25, "{query}: the filter narrows the list");
        let page = app
            .get(&format!("/practitioners?{query}&per_page=50"))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(sorted(card_slugs(&page)), expected, "{query}");
        page.assert_contains(&format!(
            "<strong>{}</strong> {} match",
            expected.len(),
            if expected.len() == 1 {
                "practitioner"
            } else {
                "practitioners"
            }
        ));
    }
    // The expired license does not count as verified.
    let verified = app.get("/practitioners?verified=on&per_page=50").await;
    assert!(!card_slugs(&verified).contains(&"dr-daniel-weiss".to_owned()));
}

#[tokio::test]
async fn every_sort_orders_cards_as_sql_does() {
    let app = TestApp::with_demo_data().await;
    let cases = SORTS_AS_SQL;
    for (sort, order) in cases {
        let expected = slugs_where(&app, "1 = 1", order).await;
        let page = app
            .get(&format!("/practitioners?sort={sort}&per_page=50"))
            .await;
        assert_eq!(card_slugs(&page), expected, "sort={sort}");
        // The default order is sent as "", so text typed later is ranked by best match.
        let value = if sort == "rating" { "" } else { sort };
        page.assert_contains(&format!("<option value=\"{value}\" selected>"));
    }
    // Words and a place together are sorted in one pass over their matches: the same orders.
    let narrow = format!("p.region = 'TX' AND {}", words_start(&["lip"]));
    for (sort, order) in cases {
        let expected = slugs_where(&app, &narrow, order).await;
        assert!(expected.len() > 2, "{sort}: several match");
        let page = app
            .get(&format!(
                "/practitioners?q=lip&location=tx&sort={sort}&per_page=50"
            ))
            .await;
        assert_eq!(card_slugs(&page), expected, "q=lip&location=tx&sort={sort}");
        page.assert_contains(&format!(
            "<strong>{}</strong> practitioners match",
            expected.len()
        ));
    }
    // The default is best rated, and the page explains the weighting.
    let default = app.get("/practitioners?per_page=50").await;
    assert_eq!(
        card_slugs(&default),
        slugs_where(&app, "1 = 1", cases[0].1).await
    );
    default.assert_contains("average is pulled toward 4 stars");
    default.assert_lacks("imaginary");
}

#[tokio::test]
async fn a_search_ranks_a_name_or_clinic_match_above_a_city_match() {
    let app = TestApp::with_demo_data().await;
    // "Glow Lab Denver" has the word in its clinic name; the other two are in Denver.
    let ranked = app.get("/practitioners?q=denver").await;
    assert_eq!(ranked.status, StatusCode::OK);
    let slugs = card_slugs(&ranked);
    assert_eq!(slugs.first().map(String::as_str), Some("tomas-herrera"));
    assert_eq!(
        sorted(slugs.clone()),
        slugs_where(&app, "p.city = 'Denver'", "p.slug").await
    );
    ranked.assert_contains("<option value=\"\" selected>Best match</option>");
    // The same words with a place are ranked the same way (one pass over their matches).
    let in_colorado = app.get("/practitioners?q=denver&location=co").await;
    assert_eq!(card_slugs(&in_colorado), slugs);
    // Another order can still be chosen for the same matches.
    let by_rating = app.get("/practitioners?q=denver&sort=rating").await;
    assert_eq!(
        card_slugs(&by_rating),
        slugs_where(
            &app,
            "p.city = 'Denver'",
            "p.rating_score DESC, p.review_count DESC, p.id DESC"
        )
        .await
    );
    // Without text there is nothing to match, so "Best match" is not offered.
    app.get("/practitioners?sort=relevance")
        .await
        .assert_lacks("Best match");
    // Text without a letter or digit (full-text syntax here) finds nobody rather than failing.
    let symbols = app.get("/practitioners?q=%22*%3A%28%29%26%21").await;
    assert_eq!(symbols.status, StatusCode::OK);
    assert!(card_slugs(&symbols).is_empty());
    symbols.assert_contains("Remove the search for");
}

#[tokio::test]
async fn what_a_practitioner_saves_is_what_the_search_finds_next() {
    let app = TestApp::new().await;
    let ana = app.published_practitioner("Ana Ruiz", "Austin").await;
    let found = |query: &'static str| {
        let app = &app;
        async move { card_slugs(&app.get(&format!("/practitioners?q={query}")).await) }
    };
    // The treatment and product filters read the flags saved with the lists.
    let offering = |filter: &'static str| {
        let app = &app;
        async move { card_slugs(&app.get(&format!("/practitioners?{filter}")).await) }
    };
    let just_ana = vec![ana.slug.clone()];
    assert_eq!(found("ruiz").await, just_ana);
    assert_eq!(found("botox+austin").await, just_ana);
    assert!(found("gummy").await.is_empty());
    assert!(found("harborlight").await.is_empty());
    assert_eq!(offering("product=botox").await, just_ana);
    assert!(offering("treatment=gummy_smile").await.is_empty());
    assert!(offering("product=dysport").await.is_empty());

    let practitioner = app.client();
    practitioner.login(&ana.email, common::BUILT_PASSWORD).await;
    practitioner.get("/dashboard/profile").await;
    let save = |clinic: &'static str, treatments: &'static [&'static str]| {
        let practitioner = &practitioner;
        async move {
            let mut form = vec![
                ("name", "Ana Ruiz"),
                ("profession", "nurse_practitioner"),
                ("setting", "med_spa"),
                ("clinic_name", clinic),
                ("city", "Round Rock"),
                ("region", "TX"),
                ("products", "dysport"),
                ("lip_flip_price", "150"),
                ("accepting_new_patients", "on"),
                ("publish", "on"),
            ];
            form.extend(treatments.iter().map(|t| ("treatments", *t)));
            let saved = practitioner.post_form("/dashboard/profile", &form).await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        }
    };
    save("Harborlight Aesthetics", &["lip_flip", "gummy_smile"]).await;
    // The profile lists what was saved, in display order.
    let profile = app.get(&format!("/practitioners/{}", ana.slug)).await;
    profile.assert_contains("<dd>Lip flip, Gummy-smile correction</dd>");
    profile.assert_contains("<dd>Dysport</dd>");
    // And the form opens again with them ticked.
    let form = practitioner.get("/dashboard/profile").await;
    for (name, value) in [
        ("treatments", "lip_flip"),
        ("treatments", "gummy_smile"),
        ("products", "dysport"),
    ] {
        form.assert_contains(&format!(
            "type=\"checkbox\" name=\"{name}\" value=\"{value}\" checked"
        ));
    }
    form.assert_lacks("name=\"treatments\" value=\"lip_filler\" checked");
    // The clinic, the new city, the added treatment and product are found at once.
    assert_eq!(found("harborlight").await, just_ana);
    assert_eq!(found("round+rock").await, just_ana);
    assert_eq!(found("gummy").await, just_ana);
    assert_eq!(found("dysport").await, just_ana);
    // What was dropped is no longer found.
    assert!(found("botox").await.is_empty());
    assert!(found("austin").await.is_empty());
    assert_eq!(offering("treatment=gummy_smile").await, just_ana);
    assert_eq!(
        offering("treatment=lip_flip&product=dysport").await,
        just_ana
    );
    assert!(offering("product=botox").await.is_empty());
    assert!(offering("treatment=lip_filler").await.is_empty());

    save("Cedar Clinic", &["lip_flip"]).await;
    assert!(found("harborlight").await.is_empty());
    assert!(found("gummy").await.is_empty());
    assert_eq!(found("cedar").await, just_ana);
    assert!(offering("treatment=gummy_smile").await.is_empty());
    assert_eq!(offering("treatment=lip_flip").await, just_ana);
}

/// Words with a city or region are found through the full-text index narrowed to the
/// place's words (both databases), and on PostgreSQL, when the words are long, by the text
/// index alone with the place then checked on each row. A city written with a hyphen, a dot,
/// an apostrophe or doubled spaces must still give everyone there and nobody else, with long
/// words, short ones and several.
#[tokio::test]
async fn words_with_a_city_written_with_punctuation_find_everyone_there_and_nobody_else() {
    let app = TestApp::new().await;
    let people = [
        ("Ana Ruiz", "Winston-Salem"),
        ("Bea Ruiz", "St.Louis"),
        ("Cy Ruiz", "St. Louis"),
        ("Di Ruiz", "Coeur d'Alene"),
        ("Ed Ruiz", "O'Fallon"),
        ("Flo Ruiz", "Lake  Havasu City"),
        ("Gus Ruiz", "Salem"),
    ];
    let mut slugs = Vec::new();
    for (name, city) in people {
        slugs.push(app.published_practitioner(name, city).await.slug);
    }
    let encoded = |text: &str| {
        text.replace('\'', "%27")
            .replace('-', "%2D")
            .replace(' ', "+")
    };
    for (i, (name, city)) in people.iter().enumerate() {
        let first_name = name.split(' ').next().unwrap_or_default().to_lowercase();
        for words in ["ruiz", "ru", "ruiz+lip+botox", "r", &first_name] {
            for location in [city.to_string(), city.to_uppercase(), format!("  {city} ")] {
                let query = format!("q={words}&location={}", encoded(&location));
                let page = app.get(&format!("/practitioners?{query}")).await;
                assert_eq!(page.status, StatusCode::OK, "{query}");
                assert_eq!(card_slugs(&page), vec![slugs[i].clone()], "{query}");
                page.assert_contains("<strong>1</strong> practitioner match");
            }
        }
    }
    // Every one of them is in Texas.
    let in_texas = app.get("/practitioners?q=ruiz&location=tx").await;
    assert_eq!(sorted(card_slugs(&in_texas)), sorted(slugs.clone()));
    // A part of a city is not the city.
    for query in [
        "q=ruiz&location=Winston",
        "q=ruiz&location=Louis",
        "q=ruiz&location=Havasu",
    ] {
        let page = app.get(&format!("/practitioners?{query}")).await;
        assert!(card_slugs(&page).is_empty(), "{query}");
    }
}

#[tokio::test]
async fn two_hundred_good_reviews_outrank_one_perfect_review() {
    use injectory::domain::practitioners::own_profile;
    use injectory::domain::ratings;
    use injectory::{entities::practitioner, vocabulary::Profession};
    use sea_orm::EntityTrait;
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::new().await;
    for (email, name, sum, count) in [
        ("one@example.com", "Avery One", 5, 1),
        ("many@example.com", "Blake Many", 960, 200),
        ("none@example.com", "Casey None", 0, 0),
    ] {
        let account = app
            .account(
                email,
                "harbor lantern velvet orbit",
                injectory::vocabulary::Role::Practitioner,
                name,
            )
            .await;
        let draft = own_profile::create_draft(
            &app.db,
            account,
            name,
            Profession::Physician,
            app.clock.now(),
        )
        .await
        .expect("draft");
        let row = practitioner::Entity::find_by_id(draft.id)
            .one(&app.db)
            .await
            .expect("reads")
            .expect("exists");
        let mut active: practitioner::ActiveModel = row.into();
        active.city = Set("Austin".into());
        active.published = Set(true);
        active.review_count = Set(count);
        active.rating_sum = Set(sum);
        active.rating_score = Set(ratings::bayesian_score(sum.into(), count.into()));
        active.update(&app.db).await.expect("updated");
    }
    let page = app.get("/practitioners").await;
    assert_eq!(
        card_slugs(&page),
        vec!["blake-many", "avery-one", "casey-none"]
    );
    page.assert_contains("5.0</strong> out of 5");
    page.assert_contains("4.8</strong> out of 5");
}

#[tokio::test]
async fn filters_that_match_nothing_suggest_which_to_loosen() {
    let app = TestApp::with_demo_data().await;
    let page = app
        .get("/practitioners?q=rivera&location=Boston&sort=name")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<strong>0</strong> practitioners match");
    page.assert_contains("No practitioner matches all of these filters.");
    page.assert_contains("href=\"/practitioners?q=rivera&amp;sort=name\">Remove the location “Boston”</a> (1 result)");
    let boston = slugs_where(&app, "p.city = 'Boston'", "p.slug").await.len();
    page.assert_contains(&format!(
        ">Remove the search for “rivera”</a> ({boston} results)"
    ));
    // The form keeps what was asked, so the search can be edited.
    page.assert_contains("name=\"location\" value=\"Boston\"");
}

#[tokio::test]
async fn a_large_result_is_counted_to_a_thousand_and_then_said_to_be_more() {
    let app = TestApp::with_demo_data().await;
    add_copies_of_rivera(&app, 1100, |i, copy| {
        copy.slug = Set(format!("austin-copy-{i}"));
    })
    .await;
    let austin = slugs_where(&app, "p.city = 'Austin'", "p.slug").await.len();
    assert!(austin > 1_100, "{austin}");

    let first = app.get("/practitioners?location=Austin").await;
    first.assert_contains("<strong>1,000+</strong> practitioners match");
    first.assert_contains("<title>Lip flip injectors: 1,000+ matching");
    first.assert_contains("Page 1 of more than 50");
    first.assert_contains("rel=\"next\" href=\"/practitioners?location=Austin&amp;page=2\"");

    // Near the end the count is exact again, so the last page is named.
    let last_page = austin.div_ceil(20);
    let near_end = app
        .get(&format!(
            "/practitioners?location=Austin&page={}",
            last_page - 1
        ))
        .await;
    let exact = injectory::domain::directory::ResultCount {
        n: austin as u64,
        exact: true,
    };
    near_end.assert_contains(&format!("<strong>{exact}</strong> practitioners match"));
    near_end.assert_contains(&format!("Page {} of {last_page}", last_page - 1));
    let last = app
        .get(&format!("/practitioners?location=Austin&page={last_page}"))
        .await;
    assert_eq!(card_slugs(&last).len(), austin - (last_page - 1) * 20);
    last.assert_lacks("rel=\"next\"");

    // Words and a place that match more than the count reads: still "1,000+", and the page
    // is the best rated of all of them, not of the first thousand found.
    let words_and_place = app
        .get("/practitioners?q=rivera&location=Austin&sort=rating")
        .await;
    words_and_place.assert_contains("<strong>1,000+</strong> practitioners match");
    let best_rated = slugs_where(
        &app,
        &format!("p.city = 'Austin' AND {}", words_start(&["rivera"])),
        "p.rating_score DESC, p.review_count DESC, p.id DESC",
    )
    .await;
    assert!(best_rated.len() > 1_000, "{}", best_rated.len());
    assert_eq!(card_slugs(&words_and_place), best_rated[..20]);

    // Small results stay exact.
    let few = app.get("/practitioners?location=Denver").await;
    let denver = slugs_where(&app, "p.city = 'Denver'", "p.slug").await.len();
    few.assert_contains(&format!("<strong>{denver}</strong> practitioners match"));
}

/// The orders a visitor can choose, as SQL over `practitioners p`.
const SORTS_AS_SQL: [(&str, &str); 5] = [
    (
        "rating",
        "p.rating_score DESC, p.review_count DESC, p.id DESC",
    ),
    (
        "reviews",
        "p.review_count DESC, p.rating_score DESC, p.id DESC",
    ),
    (
        "lip_flips",
        "p.lip_flips_last_year DESC, p.rating_score DESC, p.id DESC",
    ),
    (
        "price",
        "CASE WHEN p.lip_flip_price_cents IS NULL THEN 1 ELSE 0 END, p.lip_flip_price_cents, p.id",
    ),
    ("name", "p.name, p.id"),
];

#[tokio::test]
async fn deep_pages_hold_the_practitioners_sql_puts_there() {
    let app = TestApp::with_demo_data().await;
    // Ratings, review counts, lip flips, prices and names scattered and often tied, so every
    // order has a long tail to page through.
    add_copies_of_rivera(&app, 300, |i, copy| {
        copy.slug = Set(format!("deep-copy-{i}"));
        copy.name = Set(format!("Copy {:03}", i * 53 % 150));
        copy.rating_score = Set(3.0 + f64::from(i * 37 % 20) / 10.0);
        copy.review_count = Set(i * 7 % 50);
        copy.lip_flips_last_year = Set(i * 11 % 40);
        copy.lip_flip_price_cents = Set((i % 9 != 0).then_some(10_000 + i * 13 % 30 * 500));
    })
    .await;
    for (sort, order) in SORTS_AS_SQL {
        let expected = slugs_where(&app, "1 = 1", order).await;
        assert!(expected.len() > 300, "{}", expected.len());
        let last = expected.len().div_ceil(20);
        // Page 6 is the first to skip 100 practitioners.
        for page in [5, 6, 9, last] {
            let start = (page - 1) * 20;
            let shown = app
                .get(&format!("/practitioners?sort={sort}&page={page}"))
                .await;
            assert_eq!(
                card_slugs(&shown),
                expected[start..Ord::min(start + 20, expected.len())],
                "sort={sort}&page={page}"
            );
        }
        let shown = app
            .get(&format!("/practitioners?sort={sort}&per_page=50&page=4"))
            .await;
        assert_eq!(
            card_slugs(&shown),
            expected[150..200],
            "sort={sort}&per_page=50"
        );
    }
    // With a filter, deep in the city's listing.
    let austin = slugs_where(&app, "p.city = 'Austin'", SORTS_AS_SQL[0].1).await;
    let shown = app.get("/practitioners?location=Austin&page=8").await;
    assert_eq!(card_slugs(&shown), austin[140..160]);
    // Best match, page by page: every match once, none left out.
    let mut paged = Vec::new();
    for page in 1..=20 {
        let shown = app
            .get(&format!(
                "/practitioners?q=austin&sort=relevance&page={page}"
            ))
            .await;
        let slugs = card_slugs(&shown);
        if slugs.is_empty() {
            break;
        }
        paged.extend(slugs);
    }
    let matches = slugs_where(&app, &words_start(&["austin"]), "p.slug").await;
    assert!(matches.len() > 300, "{}", matches.len());
    assert_eq!(sorted(paged), sorted(matches));
}

#[tokio::test]
async fn pagination_is_bounded_and_malformed_parameters_never_fail_the_server() {
    let app = TestApp::with_demo_data().await;
    let five = app.get("/practitioners?per_page=5&page=5").await;
    assert_eq!(card_slugs(&five).len(), 5);
    five.assert_contains("Page 5 of 5");
    five.assert_contains("href=\"/practitioners?per_page=5&amp;page=4\"");
    assert_eq!(
        card_slugs(&app.get("/practitioners?per_page=1000").await).len(),
        25,
        "per_page is capped at 50"
    );
    assert_eq!(card_slugs(&app.get("/practitioners").await).len(), 20);
    for lenient in [
        "page=abc",
        "page=-1",
        "page=0",
        "per_page=x",
        "sort=bogus",
        "utm_source=news",
        "page=99999999999999999999999",
    ] {
        let page = app.get(&format!("/practitioners?{lenient}")).await;
        assert_eq!(page.status, StatusCode::OK, "{lenient}");
    }
    let far = app.get("/practitioners?page=9999").await;
    far.assert_contains("No practitioners on this page.");
    let long = "x".repeat(101);
    for (bad, message) in [
        ("min_rating=abc", "minimum rating"),
        ("min_rating=9", "minimum rating"),
        ("max_price=cheap", "maximum price"),
        ("min_lip_flips=lots", "minimum number of lip flips"),
        ("treatment=facelift", "Choose a treatment"),
        ("product=snake-oil", "Choose a product"),
        ("profession=wizard", "Choose a profession"),
        ("verified=perhaps", "yes or no"),
        (&format!("q={long}"), "too long"),
    ] {
        let page = app.get(&format!("/practitioners?{bad}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        page.assert_contains(message);
    }
}

#[tokio::test]
async fn only_approved_reviews_and_photos_appear_and_count() {
    let app = TestApp::with_demo_data().await;
    // Every text ever submitted, and whether the rules make it public: its review is
    // approved, it is the approved text, and the practitioner is published.
    let texts: Vec<(String, String, bool)> = {
        use sea_orm::ConnectionTrait;
        let backend = app.db.get_database_backend();
        app.db
            .query_all_raw(sea_orm::Statement::from_string(
                backend,
                "SELECT p.slug AS slug, v.body AS body, \
                   CASE WHEN r.status = 'approved' AND r.approved_revision_id = v.id THEN 1 ELSE 0 END AS public \
                 FROM review_revisions v JOIN reviews r ON r.id = v.review_id \
                 JOIN practitioners p ON p.id = r.practitioner_id WHERE p.published = true"
                    .to_owned(),
            ))
            .await
            .expect("query")
            .into_iter()
            .map(|row| {
                let public: i32 = row.try_get("", "public").expect("public");
                (
                    row.try_get("", "slug").expect("slug"),
                    row.try_get("", "body").expect("body"),
                    public == 1,
                )
            })
            .collect()
    };
    let mut public_bodies = std::collections::HashMap::<String, String>::new();
    for (slug, _, _) in &texts {
        if public_bodies.contains_key(slug) {
            continue;
        }
        let mut all = String::new();
        for n in 1..=30 {
            let page = app
                .get(&format!("/practitioners/{slug}?reviews_page={n}"))
                .await;
            assert_eq!(page.status, StatusCode::OK, "{slug}");
            let section = page
                .body
                .split("id=\"reviews\"")
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            all.push_str(&section);
            if !page.body.contains("rel=\"next\"") {
                break;
            }
        }
        public_bodies.insert(slug.clone(), all);
    }
    let mut checked_hidden = 0;
    for (slug, body, public) in &texts {
        let shown = &public_bodies[slug];
        let escaped = maud::html! { (body) }.into_string();
        if *public {
            assert!(
                shown.contains(&escaped),
                "approved review on {slug} is shown"
            );
        } else {
            checked_hidden += 1;
            assert!(
                !shown.contains(&escaped),
                "a text on {slug} that is not public must not be shown: {body}"
            );
        }
    }
    assert!(
        checked_hidden >= 20,
        "pending, rejected, withdrawn, removed, hidden and pending edits were all checked ({checked_hidden})"
    );

    // Counts on the profile are approved reviews only.
    let approved = app.count("SELECT COUNT(*) AS n FROM reviews r JOIN practitioners p ON p.id = r.practitioner_id WHERE p.slug = 'dr-maya-rivera' AND r.status = 'approved'").await;
    let all = app.count("SELECT COUNT(*) AS n FROM reviews r JOIN practitioners p ON p.id = r.practitioner_id WHERE p.slug = 'dr-maya-rivera'").await;
    assert!(
        all > approved,
        "the demo practitioner has reviews that are not public"
    );
    let profile = app.get("/practitioners/dr-maya-rivera").await;
    profile.assert_contains(&format!("({approved} reviews)"));

    // Photos: only approved pairs, and an unapproved one's address is not found.
    let unapproved: Vec<(i64, String)> = {
        use sea_orm::ConnectionTrait;
        let backend = app.db.get_database_backend();
        app.db
            .query_all_raw(sea_orm::Statement::from_string(backend, "SELECT g.id AS id, p.slug AS slug, i.thumbnail_key AS key FROM gallery_items g JOIN practitioners p ON p.id = g.practitioner_id JOIN images i ON i.id = g.after_image_id WHERE g.status <> 'approved'".to_owned()))
            .await
            .expect("query")
            .into_iter()
            .map(|row| {
                let slug: String = row.try_get("", "slug").expect("slug");
                let key: String = row.try_get("", "key").expect("key");
                let id: i64 = row.try_get("", "id").expect("id");
                (id, format!("{slug}|{key}"))
            })
            .collect()
    };
    assert!(unapproved.len() >= 3);
    for (id, slug_key) in unapproved {
        let (slug, key) = slug_key.split_once('|').expect("pair");
        let profile = app.get(&format!("/practitioners/{slug}")).await;
        profile.assert_lacks(key);
        assert_eq!(
            app.get(&format!("/practitioners/{slug}/photos/{id}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let approved_pair = app.count("SELECT MIN(g.id) AS n FROM gallery_items g JOIN practitioners p ON p.id = g.practitioner_id WHERE p.slug = 'dr-maya-rivera' AND g.status = 'approved'").await;
    let pair = app
        .get(&format!(
            "/practitioners/dr-maya-rivera/photos/{approved_pair}"
        ))
        .await;
    assert_eq!(pair.status, StatusCode::OK);
    pair.assert_contains("consent attested on");
}

#[tokio::test]
async fn profiles_state_credentials_in_words_and_hide_rejected_ones() {
    let app = TestApp::with_demo_data().await;
    let maya = app.get("/practitioners/dr-maya-rivera").await;
    maya.assert_contains("Verified on ");
    maya.assert_contains(" against Texas Medical Board");
    maya.assert_contains("✓ Verified license");

    let weiss = app.get("/practitioners/dr-daniel-weiss").await;
    weiss.assert_contains("Expired on 30 June 2025");
    weiss.assert_contains("Pending: not yet verified");
    weiss.assert_contains("License not verified");

    let elena = app.get("/practitioners/elena-petrova").await;
    elena.assert_lacks("Advanced perioral neuromodulator course");
    elena.assert_contains("Registered nurse license");
    // A registered nurse's supervising physician is named, or its absence is pointed out.
    assert!(
        elena.body.contains("Supervising physician:")
            || elena.body.contains("has not named a supervising physician")
    );

    for hidden in ["/practitioners/lily-chen", "/practitioners/no-such-person"] {
        assert_eq!(
            app.get(hidden).await.status,
            StatusCode::NOT_FOUND,
            "{hidden}"
        );
    }
}

#[tokio::test]
async fn the_side_effect_summary_counts_approved_reviewers() {
    let app = TestApp::with_demo_data().await;
    let slug = "dr-maya-rivera";
    let reviewers = app
        .count(&format!("SELECT COUNT(*) AS n FROM reviews r JOIN practitioners p ON p.id = r.practitioner_id WHERE p.slug = '{slug}' AND r.status = 'approved'"))
        .await;
    let page = app.get(&format!("/practitioners/{slug}")).await;
    let mut seen = 0;
    for (effect, label) in [
        ("bruising", "bruising"),
        ("swelling", "swelling"),
        ("headache", "headache"),
        ("numbness", "numbness"),
        ("asymmetry", "asymmetry"),
    ] {
        let n = app
            .count(&format!(
                "SELECT COUNT(DISTINCT r.id) AS n FROM reviews r JOIN practitioners p ON p.id = r.practitioner_id \
                 JOIN review_side_effects s ON s.revision_id = r.approved_revision_id \
                 WHERE p.slug = '{slug}' AND r.status = 'approved' AND s.side_effect = '{effect}'"
            ))
            .await;
        if n > 0 {
            seen += 1;
            let percent = (n * 100 + reviewers / 2) / reviewers;
            page.assert_contains(&format!(
                "Reported by {n} of {reviewers} reviewers ({percent}%): {label}"
            ));
        } else {
            page.assert_lacks(&format!("): {label}</li>"));
        }
    }
    assert!(seen >= 2, "the demo reviews report side effects");
    page.assert_contains("Typical time until the result showed:");
}

#[tokio::test]
async fn compare_shows_two_to_four_and_explains_anything_else() {
    let app = TestApp::with_demo_data().await;
    let two = app.get("/compare?p=dr-maya-rivera&p=priya-nair").await;
    assert_eq!(two.status, StatusCode::OK);
    two.assert_contains(">Dr. Maya Rivera</a></th>");
    two.assert_contains(">Priya Nair, NP</a></th>");
    // Prices are shown but never marked "best": the cheapest injector is not the safest.
    two.assert_contains("$99");
    two.assert_lacks("$99 <strong class=\"best-mark\">(best)</strong>");
    two.assert_contains("Price is not marked");
    // More lip flips in the last year is marked in words.
    two.assert_contains("<strong class=\"best-mark\">(best)</strong>");
    two.assert_contains("Most reported side effects");

    let four = app
        .get("/compare?p=dr-maya-rivera&p=priya-nair&p=jordan-blake&p=elena-petrova")
        .await;
    assert_eq!(four.status, StatusCode::OK);
    assert_eq!(four.body.matches("<th scope=\"col\">").count(), 4);

    let five = app
        .get("/compare?p=dr-maya-rivera&p=priya-nair&p=jordan-blake&p=elena-petrova&p=kevin-tran")
        .await;
    assert_eq!(five.status, StatusCode::BAD_REQUEST);
    five.assert_contains("You chose 5 practitioners; a comparison shows at most four.");

    let unknown = app
        .get("/compare?p=dr-maya-rivera&p=nobody-here&p=lily-chen")
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    unknown.assert_contains("We could not find “nobody-here”, “lily-chen”");

    let one = app.get("/compare?p=dr-maya-rivera").await;
    assert_eq!(one.status, StatusCode::OK);
    one.assert_contains("Choose at least two practitioners");

    // From a profile, "Compare with others" opens the directory with that choice kept: its box
    // is ticked where it is listed, and it rides along as a hidden field on other pages.
    let profile = app.get("/practitioners/dr-maya-rivera").await;
    profile.assert_contains("<form class=\"inline\" method=\"get\" action=\"/practitioners\"><input type=\"hidden\" name=\"p\" value=\"dr-maya-rivera\">");
    let carrying = app.get("/practitioners?p=dr-maya-rivera&per_page=50").await;
    carrying.assert_contains("name=\"p\" value=\"dr-maya-rivera\" checked");
    carrying.assert_contains("1 practitioner already chosen for comparison");
    let elsewhere = app.get("/practitioners?p=dr-maya-rivera&q=nair").await;
    elsewhere.assert_contains(
        "<input type=\"hidden\" name=\"p\" value=\"dr-maya-rivera\"><ul class=\"cards\">",
    );
    elsewhere.assert_contains("name=\"p\" value=\"priya-nair\">");

    // The directory's boxes submit to compare with a plain GET form.
    let listing = app.get("/practitioners").await;
    listing.assert_contains("<form class=\"compare-form\" method=\"get\" action=\"/compare\">");
    listing.assert_contains("name=\"p\" value=\"dr-maya-rivera\"");
}

#[tokio::test]
async fn profile_json_ld_parses_and_matches_the_page() {
    let app = TestApp::with_settings(&[("PUBLIC_URL", "https://injectory.example")]).await;
    app.seed().await;
    let page = app.get("/practitioners/dr-maya-rivera").await;
    let data = page.json_ld();
    assert_eq!(data["name"], "Dr. Maya Rivera");
    assert_eq!(
        data["url"],
        "https://injectory.example/practitioners/dr-maya-rivera"
    );
    let (sum, count) = (
        app.count("SELECT rating_sum AS n FROM practitioners WHERE slug = 'dr-maya-rivera'")
            .await,
        app.count("SELECT review_count AS n FROM practitioners WHERE slug = 'dr-maya-rivera'")
            .await,
    );
    assert_eq!(data["aggregateRating"]["reviewCount"], count);
    let value: f64 = data["aggregateRating"]["ratingValue"]
        .as_str()
        .expect("text")
        .parse()
        .expect("number");
    assert!((value - sum as f64 / count as f64).abs() < 0.006);
    page.assert_contains(&format!(
        "<strong>{:.1}</strong> out of 5",
        sum as f64 / count as f64
    ));
    page.assert_contains(&format!("({count} reviews)"));
    page.assert_contains(
        "<link rel=\"canonical\" href=\"https://injectory.example/practitioners/dr-maya-rivera\">",
    );
    page.assert_contains("<meta property=\"og:title\" content=\"Dr. Maya Rivera · Injectory\">");
    page.assert_contains("<meta property=\"og:url\"");
}

#[tokio::test]
async fn the_sitemap_lists_published_profiles_and_guide_pages() {
    let app = TestApp::with_settings(&[("PUBLIC_URL", "https://injectory.example")]).await;
    app.seed().await;
    let sitemap = app.get("/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    assert!(
        sitemap
            .header("content-type")
            .starts_with("application/xml")
    );
    let published = slugs_where(&app, "1 = 1", "p.slug").await;
    assert_eq!(published.len(), 25);
    for slug in &published {
        sitemap.assert_contains(&format!(
            "<loc>https://injectory.example/practitioners/{slug}</loc>"
        ));
    }
    sitemap.assert_lacks("lily-chen");
    for guide in [
        "lip-flip",
        "choosing-an-injector",
        "preparation-and-aftercare",
        "warning-signs",
    ] {
        sitemap.assert_contains(&format!(
            "<loc>https://injectory.example/guide/{guide}</loc>"
        ));
        assert_eq!(
            app.get(&format!("/guide/{guide}")).await.status,
            StatusCode::OK
        );
    }
    let robots = app.get("/robots.txt").await;
    robots.assert_contains("Sitemap: https://injectory.example/sitemap.xml");
    robots.assert_contains("Disallow: /dashboard");
}

#[tokio::test]
async fn pages_have_unique_titles_and_the_guide_links_checks_to_filters() {
    let app = TestApp::with_demo_data().await;
    let mut titles = std::collections::HashSet::new();
    for path in [
        "/",
        "/practitioners",
        "/practitioners?page=2",
        "/practitioners/dr-maya-rivera",
        "/practitioners/priya-nair",
        "/guide",
        "/guide/lip-flip",
        "/guide/choosing-an-injector",
        "/guide/preparation-and-aftercare",
        "/guide/warning-signs",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let title = page
            .body
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .expect("title")
            .to_owned();
        assert!(
            titles.insert(title.clone()),
            "{path} repeats the title {title}"
        );
        page.assert_contains("<meta name=\"description\" content=\"");
        page.assert_contains("<link rel=\"canonical\"");
    }
    let checklist = app.get("/guide/choosing-an-injector").await;
    checklist.assert_contains("href=\"/practitioners?verified=on\"");
    checklist.assert_contains("href=\"/practitioners?min_lip_flips=50&amp;sort=lip_flips\"");
    checklist.assert_contains("not medical advice");
    let home = app.get("/").await;
    home.assert_contains("<form class=\"search\" method=\"get\" action=\"/practitioners\"");
    home.assert_contains("href=\"/guide/warning-signs\"");
    assert_eq!(
        app.get("/guide/nonsense").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_directory_page_is_light() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = TestApp::with_demo_data().await;
    let response = app
        .router
        .clone()
        .oneshot(
            axum::http::Request::builder()
                .uri("/practitioners")
                .header("accept-encoding", "gzip")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("answers");
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert!(
        bytes.len() < 14 * 1024,
        "directory page is {} bytes compressed",
        bytes.len()
    );
    let page = app.get("/practitioners").await;
    page.assert_lacks("<script");
    assert_eq!(
        page.body.matches("rel=\"stylesheet\"").count(),
        1,
        "one stylesheet"
    );
    // Thumbnails have their size set; those below the first row load lazily.
    for img in page.body.split("<img ").skip(1) {
        assert!(img.contains("width=\"96\" height=\"96\""), "{img}");
    }
    assert!(
        page.body
            .split("<img ")
            .skip(1)
            .skip(4)
            .all(|img| img.contains("loading=\"lazy\""))
    );
}

#[tokio::test]
async fn anonymous_pages_are_kept_a_few_seconds_and_members_always_see_fresh_ones() {
    use injectory::vocabulary::Role;
    let app = TestApp::with_settings(&[("PAGE_CACHE_SECONDS", "5")]).await;
    app.account(
        "pat@example.com",
        "harbor lantern velvet orbit",
        Role::Patient,
        "Pat",
    )
    .await;
    let before = app.get("/practitioners").await;
    before.assert_contains("<strong>0</strong> practitioners listed");

    app.practitioner("doc@example.com", "copper meadow signal frost", "Dana Cole")
        .await;
    {
        use sea_orm::ConnectionTrait;
        app.db
            .execute_unprepared("UPDATE practitioners SET published = true, city = 'Austin'")
            .await
            .expect("published");
    }
    let cached = app.get("/practitioners").await;
    assert_eq!(
        cached.body, before.body,
        "served from the cache within five seconds"
    );
    assert_eq!(
        cached.header("content-security-policy"),
        before.header("content-security-policy")
    );

    let member = app.client();
    member
        .login("pat@example.com", "harbor lantern velvet orbit")
        .await;
    member
        .get("/practitioners")
        .await
        .assert_contains("<strong>1</strong> practitioner listed");

    // The sign-in form hands out a token cookie, so it is never shared from the cache.
    let first = app.get("/login").await;
    let second = app.get("/login").await;
    assert_ne!(
        common::csrf_token_in(&first.body),
        common::csrf_token_in(&second.body)
    );

    app.clock.advance(chrono::Duration::seconds(6));
    app.get("/practitioners")
        .await
        .assert_contains("<strong>1</strong> practitioner listed");
}
