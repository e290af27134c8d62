//! The shared vocabulary: the enumerations stored in string columns, used alike by the
//! entities, the domain, the views and the seed files. Each value is a short snake_case word
//! so SQLite and PostgreSQL agree.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Declares a string-backed enumeration with its stored value and its words for people.
/// Values order as declared (`Ord`), which is the order pages list them in, as `ALL` does.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
        #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
        pub enum $name {
            $(
                #[sea_orm(string_value = $value)]
                #[serde(rename = $value)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as stored in the database and used in URLs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// Parses a stored value (as found in a URL or a form).
            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

stored_enum!(
    /// What an account may do.
    Role {
        Patient = "patient": "Patient",
        Practitioner = "practitioner": "Practitioner",
        Moderator = "moderator": "Moderator",
        Admin = "admin": "Administrator",
    }
);

stored_enum!(
    /// The injector's licensed profession.
    Profession {
        Physician = "physician": "Physician (MD/DO)",
        NursePractitioner = "nurse_practitioner": "Nurse practitioner",
        PhysicianAssistant = "physician_assistant": "Physician assistant",
        RegisteredNurse = "registered_nurse": "Registered nurse",
        Dentist = "dentist": "Dentist",
    }
);

impl Profession {
    /// Whether this profession injects under a supervising physician in most regions.
    pub fn needs_supervising_physician(self) -> bool {
        matches!(
            self,
            Profession::PhysicianAssistant | Profession::RegisteredNurse
        )
    }
}

stored_enum!(
    /// Where the practitioner treats patients.
    Setting {
        MedicalPractice = "medical_practice": "Medical practice",
        DermatologyClinic = "dermatology_clinic": "Dermatology clinic",
        PlasticSurgeryPractice = "plastic_surgery_practice": "Plastic surgery practice",
        DentalPractice = "dental_practice": "Dental practice",
        MedSpa = "med_spa": "Medical spa",
    }
);

stored_enum!(
    /// A treatment the directory covers.
    Treatment {
        LipFlip = "lip_flip": "Lip flip",
        GummySmile = "gummy_smile": "Gummy-smile correction",
        LipFiller = "lip_filler": "Lip filler",
    }
);

stored_enum!(
    /// A neuromodulator or hyaluronic-acid filler brand.
    Product {
        Botox = "botox": "Botox",
        Dysport = "dysport": "Dysport",
        Xeomin = "xeomin": "Xeomin",
        Jeuveau = "jeuveau": "Jeuveau",
        Daxxify = "daxxify": "Daxxify",
        Juvederm = "juvederm": "Juvederm",
        Restylane = "restylane": "Restylane",
    }
);

impl Treatment {
    /// Its bit in `practitioners.treatment_flags` (see `search_keys::treatment_flags`). The
    /// numbering is migration 20's: a value keeps its bit for good, and a new one takes the
    /// next free bit.
    pub fn flag(self) -> i32 {
        match self {
            Treatment::LipFlip => 1,
            Treatment::GummySmile => 2,
            Treatment::LipFiller => 4,
        }
    }
}

impl Product {
    /// Its bit in `practitioners.product_flags` (see `search_keys::product_flags`), numbered
    /// as [`Treatment::flag`] is.
    pub fn flag(self) -> i32 {
        match self {
            Product::Botox => 1,
            Product::Dysport => 2,
            Product::Xeomin => 4,
            Product::Jeuveau => 8,
            Product::Daxxify => 16,
            Product::Juvederm => 32,
            Product::Restylane => 64,
        }
    }

    /// Fillers add volume; the others are neuromodulators that relax muscle.
    pub fn is_filler(self) -> bool {
        matches!(self, Product::Juvederm | Product::Restylane)
    }
}

stored_enum!(
    /// The kind of a credential.
    CredentialKind {
        License = "license": "License",
        BoardCertification = "board_certification": "Board certification",
        Training = "training": "Injector training",
    }
);

stored_enum!(
    /// Where a credential is in verification.
    CredentialStatus {
        Pending = "pending": "Pending verification",
        Verified = "verified": "Verified",
        Rejected = "rejected": "Rejected",
    }
);

stored_enum!(
    /// Why a moderator could not verify a credential.
    CredentialRejection {
        NotFoundAtSource = "not_found_at_source": "Not found at the issuing body",
        NameMismatch = "name_mismatch": "Name does not match the profile",
        Lapsed = "lapsed": "Lapsed or suspended at the source",
        UnreadableDocument = "unreadable_document": "Document unreadable",
        NotRelevant = "not_relevant": "Not relevant to injecting",
    }
);

stored_enum!(
    /// Moderation state of a gallery pair.
    PhotoStatus {
        Pending = "pending": "Awaiting moderation",
        Approved = "approved": "Approved",
        Rejected = "rejected": "Rejected",
    }
);

stored_enum!(
    /// Whether a message may be stopped by the recipient's notice setting.
    MailKind {
        Security = "security": "Security (always sent)",
        Notice = "notice": "Notice",
    }
);

stored_enum!(
    /// Where an outgoing message is.
    OutboxStatus {
        Pending = "pending": "Waiting to be sent",
        Sent = "sent": "Sent",
        Failed = "failed": "Given up",
    }
);

stored_enum!(
    /// What a mailed single-use link is for.
    TokenPurpose {
        PasswordReset = "password_reset": "Password reset",
        EmailVerification = "email_verification": "Email verification",
        StopNotices = "stop_notices": "Stop notices link",
    }
);

stored_enum!(
    /// Whether a practitioner's reply to a review is public.
    ReplyStatus {
        Shown = "shown": "Public",
        Hidden = "hidden": "Hidden until a moderator decides on a report",
        Removed = "removed": "Removed by a moderator",
    }
);

stored_enum!(
    /// Moderation state of a review as a whole.
    ReviewStatus {
        Pending = "pending": "Awaiting moderation",
        Approved = "approved": "Published",
        NeedsChanges = "needs_changes": "Changes requested",
        Rejected = "rejected": "Rejected",
        Removed = "removed": "Removed",
        Hidden = "hidden": "Hidden pending a decision",
        Withdrawn = "withdrawn": "Withdrawn by the author",
        Appealed = "appealed": "Appeal awaiting a decision",
    }
);

impl ReviewStatus {
    /// The states in which a moderator decides a review's pending text: not yet published,
    /// or published with an edit waiting. A hidden, removed or appealed review's waiting
    /// text is on hold until the review is in one of these again.
    pub const DECIDABLE: [ReviewStatus; 2] = [ReviewStatus::Pending, ReviewStatus::Approved];
}

stored_enum!(
    /// Moderation state of one submitted text of a review.
    RevisionStatus {
        Pending = "pending": "Awaiting moderation",
        Approved = "approved": "Approved",
        NeedsChanges = "needs_changes": "Changes requested",
        Rejected = "rejected": "Rejected",
        Superseded = "superseded": "Replaced by a later edit",
        Withdrawn = "withdrawn": "Withdrawn by the author",
    }
);

stored_enum!(
    /// The reviewer's answer to "was it worth it?".
    WorthIt {
        Yes = "yes": "Worth it",
        NotSure = "not_sure": "Not sure",
        No = "no": "Not worth it",
    }
);

stored_enum!(
    /// A side effect a reviewer reports.
    SideEffect {
        Bruising = "bruising": "Bruising",
        Swelling = "swelling": "Swelling",
        Tenderness = "tenderness": "Tenderness",
        Asymmetry = "asymmetry": "Asymmetry",
        Drooling = "drooling": "Drooling",
        StrawsOrSpeech = "straws_or_speech": "Trouble with straws or speech",
        Numbness = "numbness": "Numbness",
        Headache = "headache": "Headache",
    }
);

impl SideEffect {
    /// Its bit in `review_revisions.side_effect_flags`. The numbering is migration 22's: a
    /// value keeps its bit for good, and a new one takes the next free bit.
    pub fn flag(self) -> i32 {
        match self {
            SideEffect::Bruising => 1,
            SideEffect::Swelling => 2,
            SideEffect::Tenderness => 4,
            SideEffect::Asymmetry => 8,
            SideEffect::Drooling => 16,
            SideEffect::StrawsOrSpeech => 32,
            SideEffect::Numbness => 64,
            SideEffect::Headache => 128,
        }
    }

    /// The bits of `effects` (each counted once).
    pub fn flags_of(effects: &[SideEffect]) -> i32 {
        effects.iter().fold(0, |flags, e| flags | e.flag())
    }

    /// The side effects whose bits `flags` holds, in display order; an unknown bit is
    /// ignored.
    pub fn of_flags(flags: i32) -> Vec<SideEffect> {
        SideEffect::ALL
            .iter()
            .copied()
            .filter(|e| flags & e.flag() != 0)
            .collect()
    }
}

stored_enum!(
    /// How the reviewer is related to the practitioner, disclosed with the review.
    Relationship {
        None = "none": "No relationship",
        FriendOrFamily = "friend_or_family": "Friend or family",
        Employee = "employee": "Works with the practitioner",
        Other = "other": "Other relationship",
    }
);

stored_enum!(
    /// Why a review was rejected or removed; the author sees this.
    ReasonCode {
        NotGenuine = "not_genuine": "Not a genuine experience",
        ConflictOfInterest = "conflict_of_interest": "Conflict of interest",
        Incentivised = "incentivised": "Incentivised",
        PersonalInformation = "personal_information": "Personal or health information",
        HarmfulOrIllegal = "harmful_or_illegal": "Harmful or illegal",
        Promotional = "promotional": "Promotional",
        WrongPractitioner = "wrong_practitioner": "Wrong practitioner",
        InsufficientDetail = "insufficient_detail": "Insufficient detail",
        Duplicate = "duplicate": "Duplicate",
    }
);

stored_enum!(
    /// Why someone reported published content.
    FlagReason {
        NotGenuine = "not_genuine": "Not a genuine experience",
        HealthDetails = "health_details": "Contains someone's health details",
        IllegalContent = "illegal_content": "Illegal content",
        Offensive = "offensive": "Offensive or harassing",
        Promotional = "promotional": "Promotional",
        WrongPractitioner = "wrong_practitioner": "About a different practitioner",
        NotTheirPhoto = "not_their_photo": "Photo is not the practitioner's work",
        Other = "other": "Something else",
    }
);

impl FlagReason {
    /// Reports that hide the content at once, until a moderator decides.
    pub fn hides_immediately(self) -> bool {
        matches!(self, FlagReason::HealthDetails | FlagReason::IllegalContent)
    }
}

stored_enum!(
    /// Where a flag is.
    FlagStatus {
        Open = "open": "Open",
        Dismissed = "dismissed": "Dismissed",
        Upheld = "upheld": "Upheld",
    }
);

stored_enum!(
    /// What a flag or a moderation event is about.
    SubjectKind {
        Review = "review": "Review",
        GalleryItem = "gallery_item": "Photo",
        Headshot = "headshot": "Headshot",
        Reply = "reply": "Reply",
        Credential = "credential": "Credential",
        Practitioner = "practitioner": "Practitioner",
        Account = "account": "Account",
        Flag = "flag": "Flag",
    }
);

stored_enum!(
    /// What a moderation event records.
    ModerationAction {
        Submit = "submit": "Submitted",
        Approve = "approve": "Approved",
        Reject = "reject": "Rejected",
        RequestChanges = "request_changes": "Changes requested",
        Remove = "remove": "Removed",
        Hide = "hide": "Hidden pending a decision",
        Restore = "restore": "Restored",
        Appeal = "appeal": "Appealed",
        Withdraw = "withdraw": "Withdrawn",
        VerifyCredential = "verify_credential": "Credential verified",
        RejectCredential = "reject_credential": "Credential rejected",
        DismissFlag = "dismiss_flag": "Flag dismissed",
        UpholdFlag = "uphold_flag": "Flag upheld",
        Flag = "flag": "Flagged",
        UpholdAppeal = "uphold_appeal": "Appeal refused",
        OverturnAppeal = "overturn_appeal": "Appeal granted",
        ApprovePhoto = "approve_photo": "Photo approved",
        RejectPhoto = "reject_photo": "Photo rejected",
        Delete = "delete": "Deleted by its owner",
    }
);

stored_enum!(
    /// Where an appeal is.
    AppealStatus {
        Open = "open": "Awaiting a decision",
        Upheld = "upheld": "Decision kept",
        Overturned = "overturned": "Decision reversed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_effects_read_back_from_their_flags_in_display_order() {
        let flags = SideEffect::flags_of(&[
            SideEffect::Headache,
            SideEffect::Bruising,
            SideEffect::Headache,
        ]);
        assert_eq!(flags, 129);
        assert_eq!(
            SideEffect::of_flags(flags),
            vec![SideEffect::Bruising, SideEffect::Headache]
        );
        assert_eq!(SideEffect::of_flags(0), Vec::new());
        assert_eq!(
            SideEffect::of_flags(SideEffect::flags_of(SideEffect::ALL)),
            SideEffect::ALL
        );
        let bits: i32 = SideEffect::ALL.iter().map(|e| e.flag()).sum();
        assert_eq!(
            bits.count_ones() as usize,
            SideEffect::ALL.len(),
            "one bit each"
        );
        assert_eq!(SideEffect::of_flags(1 << 20), Vec::new(), "an unknown bit");
    }
}
