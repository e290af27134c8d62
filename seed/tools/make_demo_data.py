#!/usr/bin/env python3
"""Writes seed/accounts.json, practitioners.json, reviews.json and gallery.json.

The JSON files are the demo data the app loads; this script is how they were made, kept so
they can be regenerated after a change. It is deterministic (a fixed random seed).
Run from the repository root: python3 seed/tools/make_demo_data.py
"""
import json
import os
import random
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

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
        "physician": "Medical license (MD)", "dentist": "Dental license", "physician_assistant": "Physician assistant license",
        "nurse_practitioner": "Advanced practice registered nurse license", "registered_nurse": "Registered nurse license",
    }[profession]
    license = {
        "kind": "license", "title": title, "issuer": board, "number": f"{region}-{40000 + i * 137}", "region": region,
        "issued_on": issued.isoformat(), "expires_on": date(2027 + i % 3, 1 + (i * 5) % 12, 28).isoformat(),
        "status": "verified", "source_checked": f"{board} online license lookup: active, no public discipline",
    }
    creds = [license]
    # Credential states, spread over the demo practitioners.
    if i in (8, 17, 21):
        license["status"] = "pending"
        license.pop("source_checked")
    if i == 13:
        # A license that was verified but has since expired: the badge lapses on its own.
        license["expires_on"] = "2025-06-30"
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


AREA_CODES = {"Austin": "512", "Denver": "303", "Seattle": "206", "Chicago": "312",
              "Atlanta": "404", "San Diego": "619", "Boston": "617"}
STREETS = ["Oak Street", "Market Street", "Park Avenue", "Cedar Lane", "Harbor Road",
           "Elm Street", "Lakeview Drive", "Main Street", "Willow Way"]
HOURS = [
    "Mon-Fri 9:00-17:00\nSat 10:00-14:00",
    "Tue-Sat 10:00-18:00",
    "Mon-Thu 8:30-18:30\nFri 8:30-15:00",
    "Mon, Wed, Fri 9:00-17:00\nEvenings by appointment",
]


def contact_for(i, city, clinic):
    """How patients reach the practice: fictional numbers (555-01xx) and addresses, and web
    addresses under the reserved .example domain."""
    site = slugify(clinic)
    contact = {
        "phone": f"({AREA_CODES[city]}) 555-01{(i * 7) % 100:02d}",
        "street_address": f"{100 + (i * 37) % 900} {STREETS[i % len(STREETS)]}, Suite {200 + i}",
        "opening_hours": HOURS[i % len(HOURS)],
    }
    # Most have a website; some book online, some only by phone.
    if i % 5 != 4:
        contact["website_url"] = f"https://{site}.example"
    if i % 3 == 0:
        contact["booking_url"] = f"https://{site}.example/book"
    return contact


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
        p.update(contact_for(i, city, clinic or name))
        if profession in ("physician_assistant", "registered_nurse"):
            p["supervising_physician"] = SUPERVISORS[i % len(SUPERVISORS)]
        if i == 26:
            # A draft profile that has not chosen its treatments yet.
            p["treatments"] = []
        out.append(p)
    return out


from review_texts import BANK, EDITS, RESPONSES, SPECIAL  # noqa: E402

MODERATOR = "moderator@demo.injectory.test"
SECOND_MODERATOR = "moderator2@demo.injectory.test"


def short_name(name):
    if name.startswith("Dr."):
        return "Dr. " + name.replace("Dr. ", "").split(",")[0].split()[-1]
    return name.split(",")[0].split()[0]


def text_fields(entry, p, month, extra=None):
    """The form fields of one submission: the hand-written entry plus what depends on the
    practitioner (their product and price) and the month of treatment."""
    treatment, rating, effects, onset, weeks, units, fix, title, body = entry[:9]
    toxins = [x["product"] for x in p["products"] if x["product"] not in ("juvederm", "restylane")]
    fillers = [x["product"] for x in p["products"] if x["product"] in ("juvederm", "restylane")]
    if treatment == "lip_filler":
        product = fillers[0] if fillers else "juvederm"
        price = rng.choice([550, 600, 650, 700])
    else:
        product = toxins[0] if toxins else "botox"
        price = p["lip_flip_price"] + rng.choice([0, 0, 25, -25])
    t = {
        "rating": rating,
        "worth_it": "yes" if rating >= 4 else ("not_sure" if rating == 3 else "no"),
        "treatment": treatment,
        "product": product,
        "price_paid": price,
        "treatment_month": month,
        "days_to_onset": onset,
        "weeks_lasted": weeks,
        "correction_needed": fix,
        "title": title,
        "body": body.format(name=short_name(p["name"])),
        "side_effects": sorted(effects),
    }
    if units is not None:
        t["units"] = units
    t.update(extra or {})
    return t


def reviews(pracs):
    published = [p for p in pracs if p["published"]]
    authors = [f"reviewer{n:02d}@demo.injectory.test" for n in range(1, 61)]
    out = []
    used = set()
    bank = list(BANK)
    months = [f"2025-{m:02d}" for m in range(6, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]

    def pick_author(slug):
        while True:
            a = rng.choice(authors)
            if (a, slug) not in used:
                used.add((a, slug))
                return a

    def reporter_for(author):
        return next(a for a in rng.sample(authors, len(authors)) if a != author)

    def month_and_day(month=None):
        month = month or rng.choice(months)
        y, m = map(int, month.split("-"))
        submitted = date(y, m, 1) + timedelta(days=rng.randint(20, 60))
        return month, min(submitted, date(2026, 11, 12)).isoformat()

    def take(p, rating):
        """The unused bank entry of a treatment this practitioner offers, closest in rating."""
        offered = p["treatments"] or ["lip_flip"]
        candidates = [e for e in bank if e[0] in offered]
        best = min(abs(e[1] - rating) for e in candidates)
        entry = rng.choice([e for e in candidates if abs(e[1] - rating) == best])
        bank.remove(entry)
        return entry

    def decide_after():
        return rng.choice([3, 5, 8, 20, 26, 30, 45, 70, 96])

    def add(p, steps, author=None, month=None):
        month, submitted = month_and_day(month)
        author = author or pick_author(p["slug"])
        out.append({"practitioner": p["slug"], "author": author, "submitted_on": submitted,
                    "steps": steps(month, author)})

    def submit(entry, p, month, hours=0, extra=None):
        return dict({"do": "submit", "hours": hours}, **text_fields(entry, p, month, extra))

    def approve(hours, by=MODERATOR):
        return {"do": "approve", "hours": hours, "by": by}

    # Published reviews, with ratings that differ per practitioner.
    for i, p in enumerate(published):
        count = [3, 5, 2, 3, 4, 1, 2, 3, 2, 4, 2, 1, 3, 2, 4, 2, 2, 1, 2, 3, 3, 0, 2, 2, 2][i % 25]
        skew = [5, 5, 4, 4, 5, 3, 4, 5, 3, 4, 4, 2, 5, 4, 5, 3, 4, 2, 4, 5, 5, 3, 4, 4, 3][i % 25]
        for _ in range(count):
            entry = take(p, max(1, min(5, skew + rng.choice([0, 0, 0, 1, -1, -1]))))
            by = SECOND_MODERATOR if rng.random() < 0.25 else MODERATOR

            def steps(month, author, entry=entry, p=p, by=by):
                decided = decide_after()
                s = [submit(entry, p, month), approve(decided, by)]
                if entry[1] <= 2 and rng.random() < 0.7:
                    s.append({"do": "reply", "hours": decided + 30,
                              "text": RESPONSES["fix"] if entry[6] or "asymmetry" in entry[2] else RESPONSES["dose"]})
                elif rng.random() < 0.15:
                    s.append({"do": "reply", "hours": decided + 30, "text": RESPONSES["thanks"]})
                return s
            add(p, steps)

    def special(key, p, steps_after, month="2026-09", author=None):
        entry, extra = SPECIAL[key][:9], SPECIAL[key][9]
        add(p, lambda m, a: [submit(entry, p, m, extra=extra)] + steps_after(a), author=author, month=month)

    pending_on = [published[(k * 3) % len(published)] for k in range(5)]
    for k, p in enumerate(pending_on):  # waiting for a moderator
        entry = take(p, [5, 4, 2, 5, 4][k])
        add(p, lambda m, a, entry=entry, p=p: [submit(entry, p, m)], month="2026-10")
    special("needs_changes_staff", published[1], lambda a: [{"do": "request_changes", "hours": 20, "by": MODERATOR,
            "note": "Please leave out the receptionist's full name; first names of staff are fine, and everything else can stay."}])
    special("needs_changes_price", published[6], lambda a: [{"do": "request_changes", "hours": 44, "by": SECOND_MODERATOR,
            "note": "Please describe the price difference without quoting the phone call word for word, then send it again."}])
    for k, reason in enumerate(["conflict_of_interest", "promotional", "insufficient_detail", "incentivised", "not_genuine"]):
        p = published[(k * 4 + 2) % len(published)]
        if SPECIAL[reason][0] not in p["treatments"]:
            p = next(q for q in published if SPECIAL[reason][0] in q["treatments"])
        special(reason, p, lambda a, reason=reason: [{"do": "reject", "hours": decide_after(), "by": MODERATOR, "reason": reason}])
    # Rejected by the second moderator and appealed: waits for the demo moderator.
    special("appealed_rejection", published[3], lambda a: [
        {"do": "reject", "hours": 30, "by": SECOND_MODERATOR, "reason": "insufficient_detail",
         "note": "Please say more about what happened and how it was put right."},
        {"do": "appeal", "hours": 60, "statement": "I described what happened as plainly as I could; the unevenness and the fix are the whole story."}])
    # Rejected by the demo moderator, appeal granted by the second.
    special("appealed_granted", published[8], lambda a: [
        {"do": "reject", "hours": 20, "by": MODERATOR, "reason": "not_genuine"},
        {"do": "appeal", "hours": 50, "statement": "This was my real treatment in August; I can show the receipt if needed."},
        {"do": "decide_appeal", "hours": 80, "by": SECOND_MODERATOR, "grant": True,
         "note": "The review reads as a first-hand account; the rejection was a mistake."}])
    for key, flag_reason, code in [("removed_health", "health_details", "personal_information"),
                                   ("removed_wrong", "wrong_practitioner", "wrong_practitioner"),
                                   ("removed_harmful", "offensive", "harmful_or_illegal")]:
        p = next(q for q in published[3:] if SPECIAL[key][0] in q["treatments"])
        special(key, p, lambda a, fr=flag_reason, code=code: [
            approve(20),
            {"do": "flag", "hours": 200, "by": reporter_for(a), "reason": fr, "note": "Reported from the profile page."},
            {"do": "uphold_flag", "hours": 230, "by": MODERATOR, "reason": code,
             "note": "Removed under our rules; you can appeal from Your reviews."}])
    for key in ["withdrawn_a", "withdrawn_b"]:
        p = next(q for q in published[4:] if SPECIAL[key][0] in q["treatments"])
        special(key, p, lambda a: [approve(26), {"do": "withdraw", "hours": 300}])
    p = next(q for q in published[9:] if "gummy_smile" in q["treatments"])
    special("hidden_health", p, lambda a: [approve(30), {"do": "flag", "hours": 150, "by": reporter_for(a),
            "reason": "health_details", "note": "Mentions another person's diagnosis and medication."}], month="2026-10")
    special("flag_open", published[0], lambda a: [approve(10), {"do": "flag", "hours": 90, "by": reporter_for(a),
            "reason": "not_genuine", "note": "Sounds like an advert."}])
    p = next(q for q in published[2:] if "lip_filler" in q["treatments"])
    special("flag_dismissed", p, lambda a: [approve(12), {"do": "flag", "hours": 100, "by": reporter_for(a),
            "reason": "promotional", "note": "Names the clinic."}, {"do": "dismiss_flag", "hours": 130, "by": SECOND_MODERATOR}])
    for k, (first, later) in enumerate(EDITS):
        p = next(q for q in published[(k * 2 + 5):] + published if first[0] in q["treatments"])
        waiting = k < 2  # the first two edits still wait while the approved text stays up

        def steps(m, a, first=first, later=later, p=p, waiting=waiting):
            s = [submit(first, p, m), approve(24), submit(later, p, m, hours=24 * 20)]
            if not waiting:
                s.append(approve(24 * 21))
            return s
        add(p, steps, month="2026-07" if waiting else "2026-05")
    # The demo patient's own reviews: one published, one waiting.
    demo = "patient@demo.injectory.test"
    p0, p1 = published[0], published[1]
    e0, e1 = take(p0, 5), take(p1, 4)
    out.append({"practitioner": p0["slug"], "author": demo, "submitted_on": "2026-08-20",
                "steps": [submit(e0, p0, "2026-07"), approve(28)]})
    out.append({"practitioner": p1["slug"], "author": demo, "submitted_on": "2026-11-10",
                "steps": [submit(e1, p1, "2026-10")]})
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
        {"email": "moderator2@demo.injectory.test", "password": "Cupids-bow-audit-42", "role": "moderator", "display_name": "Riley (moderator)"},
        {"email": "practitioner@demo.injectory.test", "password": "Lip-flip-clinic-2026", "role": "practitioner", "display_name": "Dr. Maya Rivera", "practitioner": pracs[0]["slug"]},
        {"email": "patient@demo.injectory.test", "password": "Quiet-smile-owl-77", "role": "patient", "display_name": "Sam P."},
    ]
    used_authors = sorted(({r["author"] for r in revs} | {s["by"] for r in revs for s in r["steps"] if s["do"] == "flag"})
                          - {"patient@demo.injectory.test"})
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
