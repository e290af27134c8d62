//! Patient reviews. A review is the stable identity (one per author per practitioner); every
//! text its author submits is a revision, and moderation decides on a revision. The public
//! sees the approved revision of an approved review (`public`); authors see their own
//! (`authored`).

pub mod authored;
pub mod public;
