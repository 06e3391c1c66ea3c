//! The intake vocabulary: the answer paths of the built-in intake that the board, the
//! registry, the dashboard and the status card read. A form that names its questions this
//! way feeds them; the SQL of the stores takes these names from here, never its own copy.

/// The repeat of perpetrators; its fields name one person.
pub const PERPETRATORS: &str = "perpetrators";
/// A perpetrator's name, call sign, rank and unit.
pub const PERPETRATOR_NAME: &str = "name";
pub const PERPETRATOR_CALL_SIGN: &str = "call_sign";
pub const PERPETRATOR_RANK: &str = "rank";
pub const PERPETRATOR_UNIT: &str = "unit";
/// The repeat of detention episodes.
pub const EPISODES: &str = "episodes";
/// The unit named in an episode.
pub const EPISODE_UNIT: &str = "unit";
/// Where the person was held in an episode (the registry's "site").
pub const EPISODE_SITE: &str = "held_place_details";
/// When an episode began (the dashboard's detentions per month).
pub const APPREHENSION_DATE: &str = "apprehension_date";
