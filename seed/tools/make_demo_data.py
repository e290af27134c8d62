#!/usr/bin/env python3
"""Writes seed/accounts.json, practitioners.json, reviews.json and gallery.json.

The JSON files are the demo data the app loads; this script is how they were made, kept so
they can be regenerated after a change. It is deterministic (a fixed random seed).
Run from the repository root: python3 seed/tools/make_demo_data.py
"""
import json
import random
from datetime import date, timedelta

rng = random.Random(20261123)

CITIES = [
    ("Austin", "TX", "787"), ("Denver", "CO", "802"), ("Seattle", "WA", "981"),
    ("Chicago", "IL", "606"), ("Atlanta", "GA", "303"), ("San Diego", "CA", "921"),
    ("Boston", "MA", "021"),
]
BOARDS = {
    "TX": "Texas Medical Board", "CO": "Colorado Medical Board", "WA": "Washington Medical Commission",
    "IL": "Illinois Department of Financial and Professional Regulation",
    "GA": "Georgia Composite Medical Board", "CA": "Medical Board of California",
    "MA": "Massachusetts Board of Registration in Medicine",
}
NURSING = {
    "TX": "Texas Board of Nursing", "CO": "Colorado Board of Nursing", "WA": "Washington Nursing Commission",
    "IL": "Illinois Board of Nursing", "GA": "Georgia Board of Nursing", "CA": "California Board of Registered Nursing",
    "MA": "Massachusetts Board of Registration in Nursing",
}
DENTAL = {
    "TX": "Texas State Board of Dental Examiners", "CO": "Colorado Dental Board", "WA": "Washington Dental Quality Assurance Commission",
    "IL": "Illinois Board of Dentistry", "GA": "Georgia Board of Dentistry", "CA": "Dental Board of California",
    "MA": "Massachusetts Board of Registration in Dentistry",
}
PA = {
    "TX": "Texas Physician Assistant Board", "CO": "Colorado Medical Board", "WA": "Washington Medical Commission",
    "IL": "Illinois Department of Financial and Professional Regulation", "GA": "Georgia Composite Medical Board",
    "CA": "Physician Assistant Board of California", "MA": "Massachusetts Board of Registration of Physician Assistants",
}

# name, profession, specialty, setting, clinic, city index, years, flips, published
PEOPLE = [
    ("Dr. Maya Rivera", "physician", "Dermatology", "dermatology_clinic", "Rivera Dermatology", 0, 12, 310, True),
    ("Dr. Samuel Okafor", "physician", "Facial plastic surgery", "plastic_surgery_practice", "Okafor Facial Plastics", 1, 15, 180, True),
    ("Priya Nair, NP", "nurse_practitioner", "Aesthetic medicine", "medical_practice", "Clearwater Aesthetics", 2, 8, 260, True),
    ("Jordan Blake, PA-C", "physician_assistant", "Dermatology", "dermatology_clinic", "Summit Skin Partners", 3, 6, 140, True),
    ("Elena Petrova, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Lumen Med Spa", 4, 5, 220, True),
    ("Dr. Hannah Cho, DDS", "dentist", "Cosmetic dentistry", "dental_practice", "Bayview Smile Studio", 5, 9, 95, True),
    ("Dr. Marcus Bell", "physician", "Oculoplastic and facial surgery", "plastic_surgery_practice", "Bell Facial Surgery", 6, 18, 120, True),
    ("Aisha Rahman, NP", "nurse_practitioner", "Family practice and aesthetics", "medical_practice", "Northside Aesthetic Medicine", 0, 7, 175, True),
    ("Tomás Herrera, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Glow Lab Denver", 1, 3, 85, True),
    ("Dr. Lauren Fischer", "physician", "Dermatology", "dermatology_clinic", "Puget Dermatology Group", 2, 20, 90, True),
    ("Kevin Tran, PA-C", "physician_assistant", "Plastic surgery", "plastic_surgery_practice", "Lakeshore Plastic Surgery", 3, 10, 230, True),
    ("Dr. Grace Adeyemi, DMD", "dentist", "Prosthodontics", "dental_practice", "Peachtree Dental Aesthetics", 4, 11, 60, True),
    ("Sofia Marino, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Coastline Aesthetics", 5, 4, 300, True),
    ("Dr. Daniel Weiss", "physician", "Internal medicine and aesthetics", "medical_practice", "Back Bay Aesthetic Medicine", 6, 7, 150, True),
    ("Rachel Kim, NP", "nurse_practitioner", "Dermatology", "dermatology_clinic", "South Congress Skin", 0, 11, 205, True),
    ("Dr. Olivia Brooks", "physician", "Plastic surgery", "plastic_surgery_practice", "Front Range Plastic Surgery", 1, 14, 70, True),
    ("Marcus Lee, PA-C", "physician_assistant", "Aesthetic medicine", "medical_practice", "Emerald City Aesthetics", 2, 5, 110, True),
    ("Natalie Duarte, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Windy City Med Spa", 3, 2, 40, True),
    ("Dr. Ibrahim Haddad, DDS", "dentist", "Cosmetic dentistry", "dental_practice", "Midtown Smile Design", 4, 13, 75, True),
    ("Chloe Anderson, NP", "nurse_practitioner", "Aesthetic medicine", "med_spa", "Pacific Beach Aesthetics", 5, 6, 190, True),
    ("Dr. Victoria Sung", "physician", "Dermatology", "dermatology_clinic", "Beacon Hill Dermatology", 6, 16, 240, True),
    ("Ben Carter, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Barton Springs Aesthetics", 0, 1, 25, True),
    ("Dr. Amara Osei", "physician", "Facial plastic surgery", "plastic_surgery_practice", "Osei Facial Aesthetics", 4, 9, 165, True),
    ("Julia Novak, PA-C", "physician_assistant", "Dermatology", "dermatology_clinic", "Cambridge Dermatology Associates", 6, 4, 80, True),
    ("Dr. Ethan Moore, DMD", "dentist", "Periodontics", "dental_practice", "Rainier Periodontics", 2, 6, 45, True),
    ("Lily Chen, NP", "nurse_practitioner", "Aesthetic medicine", "medical_practice", "Harbor Aesthetic Clinic", 5, 3, 55, False),
    ("Oscar Reyes, RN", "registered_nurse", "Aesthetic nursing", "med_spa", "Mile High Glow", 1, 2, 30, False),
]

BIOS = {
    "physician": "{first} has injected neuromodulators for {years} years and performs lip flips as part of a wider facial practice. Consultations start with how the lips move when you talk and smile, not only how they look at rest.",
    "nurse_practitioner": "{first} is a nurse practitioner who focuses on subtle lip and smile treatments. Expect a careful consultation, a conservative first dose and a follow-up two weeks later.",
    "physician_assistant": "{first} is a certified physician assistant working alongside a supervising physician. Lip flips, gummy-smile correction and filler make up most of their week.",
    "registered_nurse": "{first} is a registered nurse injector working under a supervising physician. They prefer to start low and add units at the follow-up rather than overdo the first visit.",
    "dentist": "{first} treats the lips and smile from a dentist's view of the mouth: teeth, gums and lip line together. Gummy-smile correction is a large part of their practice.",
}

SUPERVISORS = ["Dr. Alan Pierce", "Dr. Ruth Gallagher", "Dr. Kofi Mensah", "Dr. Nora Lindqvist", "Dr. Peter Alvarez"]


def slugify(name):
    keep = "".join(c.lower() if c.isalnum() else "-" for c in name.replace("Dr. ", "dr ").split(",")[0])
    while "--" in keep:
        keep = keep.replace("--", "-")
    return keep.strip("-").replace("á", "a").replace("ó", "o")


def credentials_for(i, profession, region, name):
    last = name.replace("Dr. ", "").split(",")[0].split()[-1]
    issued = date(2026 - 12 + (i % 8), 1 + i % 12, 1 + (i * 7) % 27)
    board = {"physician": BOARDS, "dentist": DENTAL, "physician_assistant": PA}.get(profession, NURSING)[region]
    title = {
        "physician": "Medical licence (MD)", "dentist": "Dental licence", "physician_assistant": "Physician assistant licence",
        "nurse_practitioner": "Advanced practice registered nurse licence", "registered_nurse": "Registered nurse licence",
    }[profession]
    licence = {
        "kind": "license", "title": title, "issuer": board, "number": f"{region}-{40000 + i * 137}", "region": region,
        "issued_on": issued.isoformat(), "expires_on": date(2027 + i % 3, 1 + (i * 5) % 12, 28).isoformat(),
        "status": "verified", "source_checked": f"{board} online licence lookup: active, no public discipline",
    }
    creds = [licence]
    # Credential states, spread over the demo practitioners.
    if i in (8, 17, 21):
        licence["status"] = "pending"
        licence.pop("source_checked")
    if i == 13:
        # A licence that was verified but has since expired: the badge lapses on its own.
        licence["expires_on"] = "2025-06-30"
    if profession == "physician":
        specialty_board = "American Board of Dermatology" if i % 2 == 0 else "American Board of Facial Plastic and Reconstructive Surgery"
        creds.append({
            "kind": "board_certification", "title": "Board certification", "issuer": specialty_board,
            "number": f"BC-{9000 + i}", "region": "US", "issued_on": date(2012 + i % 10, 6, 15).isoformat(),
            "status": "verified" if i % 5 != 3 else "pending",
            "source_checked": f"{specialty_board} certification search" if i % 5 != 3 else None,
        })
    training = {
        "kind": "training", "title": "Advanced perioral neuromodulator course",
        "issuer": ["Aesthetic Injector Academy", "National Institute of Facial Aesthetics", "Perioral Anatomy Workshop"][i % 3],
        "number": f"TR-{300 + i}", "issued_on": date(2023 + i % 3, 3 + i % 8, 10).isoformat(), "status": "verified",
        "source_checked": "Certificate checked with the course provider by email",
    }
    if i in (4, 11):
        training["status"] = "rejected"
        training["rejection_reason"] = "not_found_at_source"
        training["source_checked"] = "Course provider has no record of this certificate number"
    if i in (2, 19, 23):
        training["status"] = "pending"
        training.pop("source_checked")
    if i == 6:
        creds.append({
            "kind": "training", "title": "Weekend lip filler masterclass", "issuer": "Glamour Injection Bootcamp",
            "number": "GIB-11", "issued_on": "2024-09-14", "status": "rejected", "rejection_reason": "not_relevant",
            "source_checked": "A product demonstration, not a clinical training course",
        })
    creds.append(training)
    for c in creds:
        if c.get("source_checked") is None:
            c.pop("source_checked", None)
    return creds


def practitioners():
    out = []
    for i, (name, profession, specialty, setting, clinic, city_i, years, flips, published) in enumerate(PEOPLE):
        city, region, zip3 = CITIES[city_i]
        first = name.replace("Dr. ", "").split(",")[0].split()[0]
        if name.startswith("Dr."):
            first = "Dr. " + name.replace("Dr. ", "").split(",")[0].split()[-1]
        treatments = ["lip_flip"]
        if profession == "dentist" or i % 3 == 0:
            treatments.append("gummy_smile")
        if i % 2 == 0 or profession in ("nurse_practitioner", "registered_nurse"):
            treatments.append("lip_filler")
        toxins = [["botox"], ["botox", "dysport"], ["dysport", "xeomin"], ["botox", "jeuveau"], ["botox", "daxxify"]][i % 5]
        products = [{"product": t, "price_per_unit": [12, 13, 14, 15, 16][i % 5] + (0 if t == "botox" else -3)} for t in toxins]
        if "lip_filler" in treatments:
            products.append({"product": ["juvederm", "restylane"][i % 2]})
        low = 4 + i % 3
        p = {
            "slug": slugify(name),
            "name": name,
            "profession": profession,
            "specialty": specialty,
            "bio": BIOS[profession].format(first=first, years=years),
            "clinic_name": clinic,
            "setting": setting,
            "city": city,
            "region": region,
            "postal_code": f"{zip3}{(i * 13) % 100:02d}",
            "years_injecting": years,
            "lip_flips_last_year": flips,
            "typical_units": [low, low + 4 + i % 3],
            "lip_flip_price": [99, 125, 150, 175, 200, 250, 140, 185][i % 8],
            "consultation_fee": [0, 50, 75, 0, 100][i % 5],
            "prices_confirmed_on": (date(2026, 9, 1) + timedelta(days=i * 3)).isoformat(),
            "accepting_new_patients": i % 6 != 5,
            "published": published,
            "treatments": treatments,
            "products": products,
            "credentials": credentials_for(i, profession, region, name),
        }
        if profession in ("physician_assistant", "registered_nurse"):
            p["supervising_physician"] = SUPERVISORS[i % len(SUPERVISORS)]
        if i == 26:
            # A draft profile that has not chosen its treatments yet.
            p["treatments"] = []
        out.append(p)
    return out


TITLES = {
    5: ["Subtle and exactly what I asked for", "Natural result, careful injector", "Would go back without a second thought", "Best consultation I have had"],
    4: ["Good result, a little slow to show", "Happy overall", "Nice flip, small bruise", "Worth it, with one caveat"],
    3: ["Fine, but not much difference", "Mixed feelings", "Okay result, rushed visit"],
    2: ["Uneven for a few weeks", "Not what we discussed"],
    1: ["Could not drink from a straw for a month", "Lopsided smile and no follow-up"],
}
OPENINGS = {
    5: ["I was nervous about looking overdone, and {p} listened.", "{p} spent real time on the consultation and watched me talk and smile before marking anything.", "I came in for a lip flip after reading about drooping lips, and {p} explained where each unit would go."],
    4: ["{p} was thorough and the clinic was easy to book.", "The consultation was clear about what a flip can and cannot do.", "I wanted more upper lip showing without filler, and that is mostly what I got."],
    3: ["The treatment itself was quick and nearly painless.", "{p} was friendly but the appointment felt rushed.", "I expected a bigger change from the price."],
    2: ["The consultation was short and I did not get a say in the dose.", "I left without aftercare advice."],
    1: ["I asked for a conservative dose and was given more than we agreed.", "Nobody called me back when I reported a problem."],
}
MIDDLES = {
    "good": ["It started to show around day {onset} and looked natural by the second week.", "The change appeared after about {onset} days: more of the upper lip shows when I smile.", "By day {onset} my upper lip rolled out just enough; friends said I looked rested, not done."],
    "meh": ["It took {onset} days to notice anything and the effect was mild.", "There was a change after {onset} days, but it was hard to see in photos."],
    "bad": ["After {onset} days one side lifted more than the other.", "From about day {onset} I had trouble with straws and some words felt clumsy."],
}
ENDINGS = {
    "good": ["It lasted about {weeks} weeks, which matches what I was told.", "The result held for roughly {weeks} weeks.", "I booked again after {weeks} weeks when it faded."],
    "meh": ["It wore off after around {weeks} weeks.", "Roughly {weeks} weeks later it was gone."],
    "bad": ["It settled after about {weeks} weeks, but it was a long wait.", "Things evened out by week {weeks}; I would not repeat it."],
}
GUMMY = ["I treated a gummy smile: less gum shows now when I laugh.", "This was for my gummy smile rather than a flip, and the lip now covers more of my gums."]
FILLER = ["I also had a little filler in the same visit for volume, which the flip alone cannot add."]
SIDE_NOTES = {
    "bruising": "A small bruise near the cupid's bow faded within a few days.",
    "swelling": "The lip was slightly swollen the first evening.",
    "tenderness": "It was tender to touch for a day.",
    "asymmetry": "There was some asymmetry that needed a touch-up.",
    "drooling": "For a week I had to be careful not to dribble when drinking.",
    "straws_or_speech": "Drinking through a straw and saying some words was awkward at first.",
    "numbness": "The upper lip felt a bit numb for a couple of days.",
    "headache": "I had a mild headache that evening.",
}


def body_for(rating, p_name, treatment, onset, weeks, effects):
    mood = "good" if rating >= 4 else ("meh" if rating == 3 else "bad")
    parts = [rng.choice(OPENINGS[rating]).format(p=p_name)]
    if treatment == "gummy_smile":
        parts.append(rng.choice(GUMMY))
    elif treatment == "lip_filler":
        parts.append(rng.choice(FILLER))
    parts.append(rng.choice(MIDDLES[mood]).format(onset=onset))
    parts.extend(SIDE_NOTES[e] for e in effects)
    parts.append(rng.choice(ENDINGS[mood]).format(weeks=weeks))
    return " ".join(parts)


def short_name(name):
    if name.startswith("Dr."):
        return "Dr. " + name.replace("Dr. ", "").split(",")[0].split()[-1]
    return name.split(",")[0].split()[0]


def revision(rating, p, month, status="approved", **extra):
    treatment = rng.choice([t for t in p["treatments"]] or ["lip_flip"])
    toxin = [x["product"] for x in p["products"] if x["product"] not in ("juvederm", "restylane")]
    if rating >= 4:
        pool = ["bruising", "swelling", "tenderness", "numbness", "headache"]
        effects = sorted(rng.sample(pool, rng.choice([0, 0, 1, 1, 2])))
    elif rating == 3:
        effects = sorted(rng.sample(["bruising", "swelling", "asymmetry", "headache"], rng.choice([1, 1, 2])))
    else:
        effects = sorted(rng.sample(["asymmetry", "drooling", "straws_or_speech", "numbness"], 2))
    onset = rng.choice([2, 3, 4, 5, 7, 10])
    weeks = rng.choice([6, 8, 10, 12]) if treatment != "lip_filler" else rng.choice([24, 32, 40])
    units = rng.choice([4, 5, 6, 6, 8, 10]) if treatment != "lip_filler" else None
    r = {
        "rating": rating,
        "worth_it": "yes" if rating >= 4 else ("not_sure" if rating == 3 else "no"),
        "treatment": treatment,
        "product": (toxin[0] if toxin else "botox") if treatment != "lip_filler" else next((x["product"] for x in p["products"] if x["product"] in ("juvederm", "restylane")), "juvederm"),
        "units": units,
        "price_paid": p["lip_flip_price"] + rng.choice([0, 0, 25, -25]) if treatment != "lip_filler" else rng.choice([550, 650, 700]),
        "treatment_month": month,
        "days_to_onset": onset,
        "weeks_lasted": weeks,
        "correction_needed": rating <= 2 and "asymmetry" in effects,
        "title": rng.choice(TITLES[rating]),
        "body": body_for(rating, short_name(p["name"]), treatment, onset, weeks, effects),
        "incentive_received": False,
        "relationship": "none",
        "status": status,
        "side_effects": effects,
    }
    if units is None:
        r.pop("units")
    r.update(extra)
    return r


RESPONSES = [
    "Thank you for taking the time to write this. We are glad the result feels like you.",
    "Thank you for the feedback. Please call the clinic so we can look at the asymmetry together at no charge.",
    "We appreciate the review and have passed your comments about waiting times to the front desk.",
]


def reviews(pracs):
    published = [p for p in pracs if p["published"]]
    authors = [f"reviewer{n:02d}@demo.injectory.test" for n in range(1, 61)]
    out = []
    used = set()
    months = [f"2025-{m:02d}" for m in range(6, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]

    def pick_author(slug):
        while True:
            a = rng.choice(authors)
            if (a, slug) not in used:
                used.add((a, slug))
                return a

    def month_and_day():
        month = rng.choice(months)
        y, m = map(int, month.split("-"))
        submitted = date(y, m, 1) + timedelta(days=rng.randint(20, 60))
        return month, min(submitted, date(2026, 11, 15)).isoformat()

    # Mostly-approved reviews, with ratings that differ per practitioner.
    for i, p in enumerate(published):
        count = [3, 6, 2, 4, 5, 1, 3, 4, 2, 5, 3, 1, 4, 2, 6, 3, 2, 1, 2, 4, 5, 0, 3, 2, 2][i % 25]
        skew = [5, 5, 4, 4, 5, 3, 4, 5, 3, 4, 4, 2, 5, 4, 5, 3, 4, 2, 4, 5, 5, 3, 4, 4, 3][i % 25]
        for _ in range(count):
            rating = max(1, min(5, skew + rng.choice([0, 0, 0, 1, -1, -1])))
            month, submitted = month_and_day()
            review = {
                "practitioner": p["slug"], "author": pick_author(p["slug"]), "status": "approved",
                "verified_patient": rng.random() < 0.45, "submitted_on": submitted,
                "revisions": [revision(rating, p, month)],
            }
            if rating <= 2 and rng.random() < 0.7:
                review["response"] = RESPONSES[1]
            elif rng.random() < 0.15:
                review["response"] = RESPONSES[0]
            out.append(review)

    def add(p, status, revisions, **extra):
        month, submitted = month_and_day()
        review = {"practitioner": p["slug"], "author": pick_author(p["slug"]), "status": status,
                  "verified_patient": False, "submitted_on": submitted, "revisions": revisions}
        review.update(extra)
        out.append(review)

    m = "2026-09"
    for k in range(8):  # waiting for a moderator
        p = published[(k * 3) % len(published)]
        add(p, "pending", [revision(rng.choice([5, 4, 2, 5]), p, m, status="pending")])
    for k in range(3):  # sent back with a note
        p = published[(k * 5 + 1) % len(published)]
        add(p, "needs_changes", [revision(4, p, m, status="needs_changes", moderator_note="Please remove the receptionist's full name; everything else can stay.")])
    reasons = ["conflict_of_interest", "promotional", "insufficient_detail", "incentivised", "not_genuine"]
    for k, reason in enumerate(reasons):  # rejected, with the reason the author sees
        p = published[(k * 4 + 2) % len(published)]
        extra = {}
        if reason == "conflict_of_interest":
            extra = {"relationship": "employee"}
        if reason == "incentivised":
            extra = {"incentive_received": True}
        add(p, "rejected", [revision(5 if k % 2 == 0 else 1, p, m, status="rejected", reason_code=reason, **extra)])
    for k, reason in enumerate(["personal_information", "wrong_practitioner", "harmful_or_illegal"]):  # removed after publication
        p = published[(k * 6 + 3) % len(published)]
        add(p, "removed", [revision(rng.choice([1, 5]), p, m, status="approved", reason_code=reason)],
            flag={"reason": "health_details" if k == 0 else ("wrong_practitioner" if k == 1 else "offensive"),
                  "note": "Reported from the profile page.", "status": "upheld", "resolution_note": "Removed; the author was told why."})
    for k in range(2):  # withdrawn by the author
        p = published[(k * 7 + 4) % len(published)]
        add(p, "withdrawn", [revision(3, p, m, status="approved")])
    p = published[9]  # hidden at once after a health-details report, awaiting a decision
    add(p, "hidden", [revision(4, p, m, status="approved")],
        flag={"reason": "health_details", "note": "Mentions another patient's diagnosis.", "status": "open"})
    p = published[0]  # an approved review with an open flag that stays public
    add(p, "approved", [revision(5, p, m)], flag={"reason": "not_genuine", "note": "Sounds like an advert.", "status": "open"})
    for k in range(3):  # approved, then edited: the new text waits while the old one stays public
        p = published[(k * 2 + 5) % len(published)]
        add(p, "approved", [revision(4, p, "2026-07"), revision(5, p, "2026-07", status="pending", title="Update after my second visit")])
    for k in range(2):  # approved, edited and re-approved: the first text is superseded
        p = published[(k * 3 + 8) % len(published)]
        add(p, "approved", [revision(3, p, "2026-05", status="superseded"), revision(4, p, "2026-05", title="Better after the touch-up")])
    p = published[1]  # the demo patient's own reviews
    out.append({"practitioner": published[0]["slug"], "author": "patient@demo.injectory.test", "status": "approved",
                "verified_patient": True, "submitted_on": "2026-08-20", "revisions": [revision(5, published[0], "2026-07")]})
    out.append({"practitioner": p["slug"], "author": "patient@demo.injectory.test", "status": "pending",
                "verified_patient": False, "submitted_on": "2026-11-10", "revisions": [revision(4, p, "2026-10", status="pending")]})
    return out, authors


def gallery(pracs):
    published = [p for p in pracs if p["published"]]
    kinds = ["lip_flip", "lip_flip", "gummy_smile", "lip_flip", "lip_filler", "lip_flip", "gummy_smile",
             "lip_flip", "lip_filler", "lip_flip", "lip_flip", "gummy_smile", "lip_flip", "lip_filler"]
    out = []
    for n, kind in enumerate(kinds, start=1):
        candidates = [p for p in published if kind in p["treatments"]]
        p = candidates[(n * 5) % len(candidates)] if n > 1 else published[0]
        toxin = next((x["product"] for x in p["products"] if x["product"] not in ("juvederm", "restylane")), "botox")
        filler = next((x["product"] for x in p["products"] if x["product"] in ("juvederm", "restylane")), "juvederm")
        status = "approved"
        if n in (6, 12):
            status = "pending"
        if n == 10:
            status = "rejected"
        item = {
            "practitioner": p["slug"],
            "before": f"gallery/pair-{n:02d}-before.jpg",
            "after": f"gallery/pair-{n:02d}-after.jpg",
            "treatment": kind,
            "product": filler if kind == "lip_filler" else toxin,
            "days_after_treatment": [14, 21, 14, 10][n % 4],
            "caption": {
                "lip_flip": "Upper lip at rest, before and two weeks after a lip flip.",
                "gummy_smile": "Full smile before and after gummy-smile correction.",
                "lip_filler": "Before and after a small volume of hyaluronic-acid filler.",
            }[kind],
            "consent_attested_on": f"2026-0{1 + n % 9}-15",
            "edited": n == 8,
            "status": status,
        }
        if kind != "lip_filler":
            item["units"] = [4, 6, 8][n % 3]
        if n == 8:
            item["edit_note"] = "Cropped and colour-balanced; the lips were not retouched."
        if status == "rejected":
            item["rejection_reason"] = "not_genuine"
        out.append(item)
    return out


def main():
    pracs = practitioners()
    revs, authors = reviews(pracs)
    accounts = [
        {"email": "moderator@demo.injectory.test", "password": "Cupids-bow-audit-42", "role": "moderator", "display_name": "Morgan (moderator)"},
        {"email": "practitioner@demo.injectory.test", "password": "Lip-flip-clinic-2026", "role": "practitioner", "display_name": "Dr. Maya Rivera", "practitioner": pracs[0]["slug"]},
        {"email": "patient@demo.injectory.test", "password": "Quiet-smile-owl-77", "role": "patient", "display_name": "Sam P."},
    ]
    used_authors = sorted({r["author"] for r in revs} - {"patient@demo.injectory.test"})
    for n, email in enumerate(used_authors, start=1):
        initials = "ABCDEFGHJKLMNPRSTVWZ"
        accounts.append({"email": email, "password": "Demo-reviewer-only-2026", "role": "patient",
                         "display_name": f"{['Alex', 'Jamie', 'Riley', 'Casey', 'Morgan', 'Taylor', 'Jordan', 'Avery', 'Quinn', 'Skyler'][n % 10]} {initials[n % len(initials)]}."})
    for name, data in [("accounts", accounts), ("practitioners", pracs), ("reviews", revs), ("gallery", gallery(pracs))]:
        with open(f"seed/{name}.json", "w") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print(f"{len(pracs)} practitioners, {len(revs)} reviews, {len(accounts)} accounts")


if __name__ == "__main__":
    main()
