//! Pattern detectors: contacts, document numbers, addresses, dates, ages and known places.
//!
//! Owns [`Detector`] (the closed list of detector names used in profiles and logs) and
//! [`detect`], which runs every detector over the normalised text and returns [`Hit`]s in
//! normalised byte offsets. Detectors only find; what happens to a hit (kept, removed,
//! generalised) is the profile's decision (`profile`, `engine`).
//!
//! Numbers are found once (any run of digits with phone-like separators, at least six digits)
//! and then classified by shape and by the nearest keyword before them: a card passes Luhn, a
//! number after "паспорт"/"passport" is a passport, after "дело №"/"case no." a domestic case
//! number (kept in `echr`), after "тел"/"phone" or starting with `+` a phone; anything else of
//! six digits or more is removed as `other_number`, so an unlabelled identifier never leaks.
//! Dates, money and year ranges are not numbers to remove.

use crate::gazetteer::{GazKind, GAZETTEER};
use crate::names::ru::Cases;
use crate::normalize::NormText;
use regex::Regex;
use std::sync::LazyLock;

/// Every detector, by the name used in profiles and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detector {
    /// Phone numbers, Russian and international formats.
    Phone,
    /// E-mail addresses, also written "name [at] host [dot] org".
    Email,
    /// Messenger handles (@name, "ник: name").
    Handle,
    /// Profile links (t.me/…, vk.com/…, instagram.com/…, …).
    ProfileLink,
    /// Passport numbers.
    Passport,
    /// Other identity or residence documents (ВНЖ, residence permits, ID cards, ИНН, СНИЛС).
    IdDocument,
    /// Residence permit numbers abroad (ВНЖ, Aufenthaltstitel, karta pobytu, titre de séjour).
    ResidencePermit,
    /// Asylum file numbers (BAMF Aktenzeichen, IND V-nummer, "asylum case number").
    AsylumFile,
    /// Bank card numbers (Luhn).
    Card,
    /// IMEI numbers.
    Imei,
    /// Russian car plates (А123ВС 95).
    CarPlate,
    /// Street addresses (ул., пр., д., кв.; Street, Road; Straße; rue).
    Address,
    /// Dates of birth (and "1995 г.р.").
    DateOfBirth,
    /// Unlabelled numbers of six digits or more.
    OtherNumber,
    /// Cities and countries abroad (the survivor's whereabouts).
    ForeignPlace,
    /// Calendar dates (kept in `echr`, reduced to the month in `public`).
    Date,
    /// Ages (reduced to a ten-year band in `public`).
    Age,
    /// Localities of the North Caucasus (generalised to the region in `public`).
    Locality,
    /// Domestic case numbers (kept).
    CaseNumber,
}

impl Detector {
    /// Every detector.
    pub const ALL: [Detector; 19] = [
        Detector::Phone,
        Detector::Email,
        Detector::Handle,
        Detector::ProfileLink,
        Detector::Passport,
        Detector::IdDocument,
        Detector::ResidencePermit,
        Detector::AsylumFile,
        Detector::Card,
        Detector::Imei,
        Detector::CarPlate,
        Detector::Address,
        Detector::DateOfBirth,
        Detector::OtherNumber,
        Detector::ForeignPlace,
        Detector::Date,
        Detector::Age,
        Detector::Locality,
        Detector::CaseNumber,
    ];

    /// The name used in profile files and logs.
    pub fn key(self) -> &'static str {
        match self {
            Detector::Phone => "phone",
            Detector::Email => "email",
            Detector::Handle => "handle",
            Detector::ProfileLink => "profile_link",
            Detector::Passport => "passport",
            Detector::IdDocument => "id_document",
            Detector::ResidencePermit => "residence_permit",
            Detector::AsylumFile => "asylum_file",
            Detector::Card => "card",
            Detector::Imei => "imei",
            Detector::CarPlate => "car_plate",
            Detector::Address => "address",
            Detector::DateOfBirth => "date_of_birth",
            Detector::OtherNumber => "other_number",
            Detector::ForeignPlace => "foreign_place",
            Detector::Date => "date",
            Detector::Age => "age",
            Detector::Locality => "locality",
            Detector::CaseNumber => "case_number",
        }
    }

    /// The detector named `key` in a profile file.
    pub fn from_key(key: &str) -> Option<Detector> {
        Detector::ALL.into_iter().find(|d| d.key() == key)
    }
}

/// What a hit carries besides its detector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Extra {
    None,
    /// A date: month 1–12, year if given, and whether it was numeric (05.04.2017) or ISO.
    Date {
        month: u8,
        year: Option<String>,
        style: DateStyle,
        /// English "on" before the date is part of the span.
        on: bool,
    },
    /// An age in years.
    Age(u32),
    /// A place: region (gazetteer index) for localities, and the cases of the form.
    Place {
        region: Option<usize>,
        cases: Cases,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    Words,
    Numeric,
    Iso,
}

/// One detector hit, in normalised byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub det: Detector,
    pub extra: Extra,
}

/// A compiled constant pattern. The patterns are constants, all compiled by a unit test; a
/// pattern that failed to compile would match nothing rather than abort a redaction.
pub(crate) struct Rx(Option<Regex>);

/// A match in global offsets (the regex may have run on a window of the text).
#[derive(Clone, Copy)]
pub(crate) struct M<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl<'t> M<'t> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'t str {
        self.text
    }
}

/// Captures in global offsets.
pub(crate) struct C<'t> {
    off: usize,
    caps: regex::Captures<'t>,
}

impl<'t> C<'t> {
    fn get(&self, i: usize) -> Option<M<'t>> {
        self.caps.get(i).map(|m| M {
            start: m.start() + self.off,
            end: m.end() + self.off,
            text: m.as_str(),
        })
    }
    fn first_group(&self) -> Option<M<'t>> {
        (1..self.caps.len()).find_map(|i| self.get(i))
    }
}

impl Rx {
    /// Every match within the windows (byte ranges of `t` that start and end at spaces).
    fn find_all<'t>(&self, t: &'t str, wins: &[(usize, usize)]) -> Vec<M<'t>> {
        let mut out = Vec::new();
        if let Some(r) = &self.0 {
            for &(a, b) in wins {
                out.extend(r.find_iter(&t[a..b]).map(|m| M {
                    start: m.start() + a,
                    end: m.end() + a,
                    text: m.as_str(),
                }));
            }
        }
        out
    }
    fn caps_all<'t>(&self, t: &'t str, wins: &[(usize, usize)]) -> Vec<C<'t>> {
        let mut out = Vec::new();
        if let Some(r) = &self.0 {
            for &(a, b) in wins {
                out.extend(r.captures_iter(&t[a..b]).map(|caps| C { off: a, caps }));
            }
        }
        out
    }
    fn find<'h>(&self, h: &'h str) -> Option<regex::Match<'h>> {
        self.0.as_ref().and_then(|r| r.find(h))
    }
    fn is_match(&self, h: &str) -> bool {
        self.0.as_ref().is_some_and(|r| r.is_match(h))
    }
    fn last_end(&self, h: &str) -> Option<usize> {
        self.0
            .as_ref()
            .and_then(|r| r.find_iter(h).last())
            .map(|m| m.end())
    }
    #[cfg(test)]
    fn compiled(&self) -> bool {
        self.0.is_some()
    }
}

/// Windows of `t` around digits (Unicode word boundaries make whole-text regex scans slow on
/// Cyrillic text; patterns that need a digit only run near digits). Windows start after a
/// space and end at one, so boundaries inside them read as in the whole text.
fn digit_windows(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let mut wins: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut a = i.saturating_sub(40);
        while a > 0 && b[a - 1] != b' ' {
            a -= 1;
        }
        let mut e = (i + 90).min(b.len());
        while e < b.len() && b[e] != b' ' {
            e += 1;
        }
        match wins.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(e),
            _ => wins.push((a, e)),
        }
        i += 1;
    }
    wins
}

fn re(s: &str) -> Rx {
    Rx(Regex::new(s).ok())
}

const RU_MONTHS: &str =
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря";
const EN_MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

static NUMBER: LazyLock<Rx> = LazyLock::new(|| {
    re(r"(?:\+|\b00)?\(?[0-9]+(?:(?:[ \-./]|\) ?|\( ?| \(|\) \(){1,2}[0-9]+)*\)?")
});
static SERIES: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"(?:сери[яиюей]|series)\s?(?:№\s?)?[0-9]{2}\s?[0-9]{2}\s?(?:,\s?)?(?:№|номер|no\.?|n)?\s?[0-9]{6}",
    )
});
static ALNUM_ID: LazyLock<Rx> = LazyLock::new(|| re(r"\b[a-zа-я0-9]{6,14}\b"));
static EMAIL: LazyLock<Rx> = LazyLock::new(|| re(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.\w{2,}"));
static EMAIL_OBF: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"[\w.%+\-]+\s?(?:\[at\]|\(at\)|\{at\}|\[собака\]|\(собака\)|\sсобака\s)\s?[\w\-]+(?:\s?(?:\[dot\]|\(dot\)|\{dot\}|\[точка\]|\(точка\))\s?[\w\-]+|\.[\w\-]+|\sточка\s[\w\-]+|\sdot\s[\w\-]+)+|[\w.%+\-]+ at [\w\-]+ dot [a-z]{2,}",
    )
});
static LINK: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"(?:^|[^\w.@/])((?:https?://)?(?:www\.|m\.|mobile\.)?(?:t\.me|telegram\.me|telegram\.dog|vk\.com|vk\.ru|vkontakte\.ru|instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|ok\.ru|odnoklassniki\.ru|wa\.me|api\.whatsapp\.com|twitter\.com|x\.com|tiktok\.com|youtube\.com|youtu\.be|linkedin\.com|snapchat\.com|signal\.me|threads\.net|icq\.im|skype\.com|mamba\.ru|badoo\.com|hornetapp\.com|grindr\.com|tinder\.com)/[\w.\-/@?=&%#+~:]*[\w/]|tg://\S+)",
    )
});
static HANDLE: LazyLock<Rx> =
    LazyLock::new(|| re(r"(?:^|[^\w@./])(@[a-z0-9_][a-z0-9_.]{2,31}[a-z0-9_])"));
static HANDLE_CTX: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r#"(?:^|[^\w])(?:(?:telegram|телеграм\w*|телеге|tg|instagram|инстаграм\w*|инсте|insta|skype|скайп\w*|signal|snapchat|whatsapp|ватсап\w*|ник(?:а|ом|у|е)?(?:[^\w]|$)|никнейм\w*|nick(?:name)?(?:[^\w]|$)|username|логин\w*|аккаунт\w*|account|профил\w*|profile)\s?(?::|-|—)?\s?(?:под ником\s)?"?@?([a-z0-9_][a-z0-9_.]{2,31}[a-z0-9_])"?)"#,
    )
});
static PLATE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b[авекмнорстухabekmhopctyx] ?[0-9]{3} ?[авекмнорстухabekmhopctyx]{2}(?: ?-? ?[0-9]{2,3})?(?: ?rus)?\b",
    )
});
static RU_STREET: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"(?:^|[^\w])(ул\.|ул |улиц[аеуы]|улицей|пр\.|пр-т|пр-кт|просп\.|проспект\w*|пер\.|переул\w*|б-р|бульвар\w*|ш\.|шоссе|пл\.|площад[иьью]\w*|наб\.|набережн\w*|мкр\.?|микрорайон\w*|проезд\w*|тупик\w*|аллея|аллее|аллеи)",
    )
});
static RU_HOUSE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"^(?:,? ?(?:д\.|дом|дома|доме|№)? ?[0-9]+[а-я]?(?:[/-][0-9]+)?(?:,? ?(?:корп\.|корпус|к\.|стр\.|строение) ?[0-9]+)?)?(?:,? ?(?:кв\.|квартира|квартире|квартиры|оф\.|офис|комн\.|комната) ?[0-9]+)?",
    )
});
static RU_HOUSE_ALONE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:д\.|дом|доме) ?[0-9]+[а-я]?(?:/[0-9]+)?,? ?(?:(?:корп\.|к\.) ?[0-9]+,? ?)?(?:кв\.|квартира|квартире) ?[0-9]+",
    )
});
static EN_STREET: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:(?:flat|apt\.?|apartment|unit) ?[0-9]+[a-z]?,? )?[0-9]{1,5}[a-z]?,? (?:[\w'\-]+ ){1,3}(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive|boulevard|blvd\.|way|place|court|square|terrace|crescent|close|gardens)(?:,? (?:flat|apt\.?|apartment) ?[0-9]+[a-z]?)?",
    )
});
static DE_STREET: LazyLock<Rx> = LazyLock::new(|| {
    re(r"\b[\w\-]*(?:strasse|str\.|weg|platz|allee|gasse|damm|ufer) [0-9]{1,4}[a-z]?\b")
});
static DE_STREET2: LazyLock<Rx> = LazyLock::new(|| {
    re(r"\b[\w\-]+ (?:strasse|str\.|weg|platz|allee|gasse|damm|ufer) [0-9]{1,4}[a-z]?\b")
});
static FR_STREET: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b[0-9]{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|boulevard|bd|impasse|allee|chemin|quai|route|place) (?:(?:de|du|des|la|le|l'|d') ?)*[\w\-']+(?: [\w\-']+)?",
    )
});
static POSTCODE_CITY: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"^,? ?(?:(?:[0-9]{4,5}|[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}) ?[\w\-]*|[\w\-]+ [a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b)",
    )
});
static DATE_RU: LazyLock<Rx> = LazyLock::new(|| {
    re(&format!(
        r"\b([0-9]{{1,2}})(?: ?(?:-|по|и) ?[0-9]{{1,2}})? ({RU_MONTHS})(?: ([0-9]{{4}}))?"
    ))
});
static DATE_EN_DMY: LazyLock<Rx> = LazyLock::new(|| {
    re(&format!(
        r"\b([0-9]{{1,2}})(?:st|nd|rd|th)?(?: ?- ?[0-9]{{1,2}}(?:st|nd|rd|th)?)? (?:of )?({EN_MONTHS})\b\.?(?:,? ([0-9]{{4}}))?"
    ))
});
static DATE_EN_MDY: LazyLock<Rx> = LazyLock::new(|| {
    re(&format!(
        r"\b({EN_MONTHS})\.? ([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,? ([0-9]{{4}}))?"
    ))
});
static DATE_NUM: LazyLock<Rx> =
    LazyLock::new(|| re(r"\b([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4}|[0-9]{2})\b"));
static DATE_ISO: LazyLock<Rx> = LazyLock::new(|| re(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b"));
static DOB_BEFORE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"(?:родил(?:ся|ась|ись)|рожд[её]н\w*|born|geboren|né|née)\s?:?\s?(?:в |on |in |am |le )?$|(?:дат[аыуе] рождения|д\. ?р\.|date of birth|d\.o\.b\.?|\bdob|geburtsdatum|date de naissance)[^0-9.!?\n]{0,30}$",
    )
});
static DOB_AFTER: LazyLock<Rx> =
    LazyLock::new(|| re(r"^(?: ?года? рождения| ?г\.? ?р\.?| ?year of birth)"));
static YEAR_DOB: LazyLock<Rx> = LazyLock::new(|| {
    re(r"\b[0-9]{4} ?(?:г\.? ?р\.|года рождения)|(?:born in|родил(?:ся|ась) в) [0-9]{4}\b")
});
static AGE_RU: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b([0-9]{1,3})(?:-| )?(?:летн\w+|лет\w*)|(?:возрасте|возраст|исполнилось|ему было|ей было|ему|ей) ([0-9]{1,3}) (?:лет|года|год)\b",
    )
});
static AGE_EN: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\baged ([0-9]{1,3})\b|\b([0-9]{1,3})[ \-]years?[ \-]old\b|\bage:? ([0-9]{1,3})\b|\b([0-9]{1,3})-year-old\b",
    )
});

static KW_CASE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:уголовн\w* дел\w*|дел[оау]? ?№|по делу|материал\w* проверки|кусп|производств\w*|case|file no|application no|жалоб\w* №|постановлени\w*|решени\w* №|определени\w* №|приговор\w*|№ ?дела|(?:complaint|appeal|decision|ruling|judgment|order|registration|reg\.)s? (?:no\b\.?|№|number))",
    )
});
static KW_PASSPORT: LazyLock<Rx> = LazyLock::new(|| {
    re(r"\b(?:паспорт\w*|passport\w*|серия|reisepass|passeport|загранпаспорт\w*)")
});
static KW_ID: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:внж|вид\w* на жительство|residence|permit|удостоверени\w*|id card|id-card|\bid\b|инн|снилс|полис\w*|свидетельств\w*|военн\w* билет\w*|водительск\w*|driver\w*|licen[cs]e|aufenthalt\w*|titre de sejour|document\w*|документ\w*|ausweis|tax|social security|insurance|account|сч[её]т\w*|iban)",
    )
});
static KW_CARD: LazyLock<Rx> = LazyLock::new(|| {
    re(r"\b(?:карт\w*|card|visa|mastercard|maestro|сбер\w*|тинькофф|перев[её]л\w*|transfer)")
});
static KW_IMEI: LazyLock<Rx> = LazyLock::new(|| re(r"imei"));
static KW_PHONE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:тел\w*|phone\w*|mobile|моб\w*|whatsapp|ватсап\w*|вотсап\w*|telegram|телеграм\w*|signal|viber|вайбер\w*|звон\w*|позвон\w*|call\w*|sms|смс|контакт\w*|contact\w*|fax|факс)",
    )
});
/// "Number" alone: a phone label only when no other label is near.
static KW_NUMBER_WORD: LazyLock<Rx> = LazyLock::new(|| re(r"\b(?:номер\w*|number)"));
static KW_PERMIT: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:внж|вид\w* на жительство|residence permit\w*|residence card|permis de sejour|titre de sejour|aufenthalt\w*|niederlassungserlaubnis|karta pobytu|karty pobytu|leidim\w* gyventi|uzturesanas atlauj\w*|verblijfs\w*|opholdstilladelse|oppholdstillatelse|uppehallstillstand|uppehallstillstand|oleskelulupa|bct|brp)",
    )
});
static KW_ASYLUM: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"\b(?:asylum|asyl\w*|убежищ\w*|беженц\w*|bamf|aktenzeichen|v-nummer|v-number|ind|ofpra|udi|migrationsverket|migri|udlaendingestyrelsen|udsc|refugee claim|irb|ircc|uci|dossier)",
    )
});
static MONEY_AFTER: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"^ ?(?:руб|р\.|₽|\$|€|доллар|евро|usd|eur|rub|тыс|млн|тенге|лари|euro|dollar|rouble|ruble|gbp|фунт)",
    )
});
static SETTLEMENT_BEFORE: LazyLock<Rx> = LazyLock::new(|| {
    re(
        r"(?:^|[^\w])((?:г\.|гор\.|город[аеу]?|с\.|село|селе|села|пос\.|пгт|пос[её]лок|пос[её]лке|ст\.|станица|станице|станицы|town of|village of|city of) ?)$",
    )
});
static CURRENCY_BEFORE: LazyLock<Rx> = LazyLock::new(|| re(r"(?:\$|€|£|₽|usd|eur|rub) ?$"));

/// Runs every detector over the normalised text.
pub(crate) fn detect(norm: &NormText, original: &str) -> Vec<Hit> {
    let t = norm.text.as_str();
    let all = [(0, t.len())];
    let dw = digit_windows(t);
    let mut hits = Vec::new();
    let upper_at = |i: usize| -> bool {
        let (s, _) = norm.orig_span(i, i + 1);
        original[s..].chars().next().is_some_and(char::is_uppercase)
    };
    let mut add = |start: usize, end: usize, det: Detector, extra: Extra| {
        if end > start {
            hits.push(Hit {
                start,
                end,
                det,
                extra,
            });
        }
    };

    // contacts
    for m in EMAIL
        .find_all(t, &all)
        .into_iter()
        .chain(EMAIL_OBF.find_all(t, &all))
    {
        add(m.start(), m.end(), Detector::Email, Extra::None);
    }
    for m in LINK.caps_all(t, &all).into_iter().filter_map(|c| c.get(1)) {
        add(m.start(), m.end(), Detector::ProfileLink, Extra::None);
    }
    for c in HANDLE.caps_all(t, &all) {
        if let Some(g) = c.get(1) {
            add(g.start(), g.end(), Detector::Handle, Extra::None);
        }
    }
    for c in HANDLE_CTX.caps_all(t, &all) {
        if let Some(g) = c.get(1) {
            let s = g.as_str();
            // a handle has a digit, an underscore or a dot, or follows an explicit label
            let label = c.get(0).map(|m| m.as_str()).unwrap_or("");
            if s.chars()
                .any(|c| c.is_ascii_digit() || c == '_' || c == '.')
                || label.contains(':')
                || label.contains("ник")
            {
                add(g.start(), g.end(), Detector::Handle, Extra::None);
            }
        }
    }

    // numbers
    for m in SERIES.find_all(t, &dw) {
        add(m.start(), m.end(), Detector::Passport, Extra::None);
    }
    for m in NUMBER.find_all(t, &dw) {
        let (s, e) = trim_number(t, m.start(), m.end());
        if let Some(det) = classify_number(t, s, e) {
            add(s, e, det, Extra::None);
        }
    }
    for m in ALNUM_ID.find_all(t, &dw) {
        let s = m.as_str();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 0 || digits < 4 || PLATE.is_match(s) {
            continue;
        }
        let before = window_before(t, m.start(), 40);
        let det = if KW_ASYLUM.is_match(before) {
            Some(Detector::AsylumFile)
        } else if KW_PERMIT.is_match(before) {
            Some(Detector::ResidencePermit)
        } else if KW_PASSPORT.is_match(before) {
            Some(Detector::Passport)
        } else if KW_ID.is_match(before) || digits >= 6 {
            Some(Detector::IdDocument)
        } else {
            None
        };
        if let Some(det) = det {
            add(m.start(), m.end(), det, Extra::None);
        }
    }
    for m in PLATE.find_all(t, &dw) {
        add(m.start(), m.end(), Detector::CarPlate, Extra::None);
    }

    // addresses
    for m in RU_STREET
        .caps_all(t, &all)
        .into_iter()
        .filter_map(|c| c.get(1))
    {
        // "Ш." in capitals is an initial ("Вагапов Ш. А."), not "ш." for шоссе
        if m.as_str() == "ш." && upper_at(m.start()) {
            continue;
        }
        if let Some(end) = ru_address_end(t, m.end(), &upper_at) {
            add(m.start(), end, Detector::Address, Extra::None);
        }
    }
    for m in RU_HOUSE_ALONE.find_all(t, &dw) {
        add(m.start(), m.end(), Detector::Address, Extra::None);
    }
    for m in EN_STREET.find_all(t, &dw) {
        // the street name words must be capitalised in the original
        let words_ok = m
            .as_str()
            .split(' ')
            .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
            .filter(|w| !["flat", "apt", "apt.", "apartment", "unit"].contains(w))
            .all(|w| {
                let off = m.start() + m.as_str().find(w).unwrap_or(0);
                upper_at(off) || w.len() <= 3
            });
        if words_ok {
            let end = extend_postcode(t, m.end(), &upper_at);
            add(m.start(), end, Detector::Address, Extra::None);
        }
    }
    let de = DE_STREET
        .find_all(t, &dw)
        .into_iter()
        .chain(DE_STREET2.find_all(t, &dw));
    for (m, is_de) in de
        .map(|m| (m, true))
        .chain(FR_STREET.find_all(t, &dw).into_iter().map(|m| (m, false)))
    {
        let first_alpha = m
            .as_str()
            .char_indices()
            .find(|(_, c)| c.is_alphabetic())
            .map(|(i, _)| m.start() + i);
        if is_de && !first_alpha.is_some_and(&upper_at) {
            continue;
        }
        let end = extend_postcode(t, m.end(), &upper_at);
        add(m.start(), end, Detector::Address, Extra::None);
    }

    for (s, e) in crate::address::foreign_addresses(t, &upper_at) {
        add(s, e, Detector::Address, Extra::None);
    }

    // dates and dates of birth
    let mut dates: Vec<(usize, usize, Extra)> = Vec::new();
    for c in DATE_RU.caps_all(t, &dw) {
        let (Some(all), Some(mon)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let month = month_index(mon.as_str());
        dates.push((
            all.start(),
            all.end(),
            Extra::Date {
                month,
                year: c.get(3).map(|y| y.as_str().to_owned()),
                style: DateStyle::Words,
                on: false,
            },
        ));
    }
    for (rx, mon_group, year_group) in [(&*DATE_EN_DMY, 2, 3), (&*DATE_EN_MDY, 1, 3)] {
        for c in rx.caps_all(t, &dw) {
            let (Some(all), Some(mon)) = (c.get(0), c.get(mon_group)) else {
                continue;
            };
            let mut start = all.start();
            let on = t[..start].ends_with(" on ") || t[..start] == *"on ";
            if on {
                start -= 3;
            }
            dates.push((
                start,
                all.end(),
                Extra::Date {
                    month: month_index(mon.as_str()),
                    year: c.get(year_group).map(|y| y.as_str().to_owned()),
                    style: DateStyle::Words,
                    on,
                },
            ));
        }
    }
    for c in DATE_NUM.caps_all(t, &dw) {
        let (Some(all), Some(m), Some(y)) = (c.get(0), c.get(2), c.get(3)) else {
            continue;
        };
        let month: u8 = m.as_str().parse().unwrap_or(0);
        if (1..=12).contains(&month) {
            dates.push((
                all.start(),
                all.end(),
                Extra::Date {
                    month,
                    year: Some(y.as_str().to_owned()),
                    style: DateStyle::Numeric,
                    on: false,
                },
            ));
        }
    }
    for c in DATE_ISO.caps_all(t, &dw) {
        let (Some(all), Some(y), Some(m)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let month: u8 = m.as_str().parse().unwrap_or(0);
        if (1..=12).contains(&month) {
            dates.push((
                all.start(),
                all.end(),
                Extra::Date {
                    month,
                    year: Some(y.as_str().to_owned()),
                    style: DateStyle::Iso,
                    on: false,
                },
            ));
        }
    }
    for (s, e, extra) in dates {
        let core = match extra {
            Extra::Date { on: true, .. } => s + 3,
            _ => s,
        };
        let before = window_before(t, s, 40);
        let after = &t[e..];
        if DOB_BEFORE.is_match(before) || DOB_BEFORE.is_match(window_before(t, core, 40)) {
            add(core, e, Detector::DateOfBirth, Extra::None);
        } else if let Some(m) = DOB_AFTER.find(after) {
            add(core, e + m.end(), Detector::DateOfBirth, Extra::None);
        } else {
            add(s, e, Detector::Date, extra);
        }
    }
    for m in YEAR_DOB.find_all(t, &dw) {
        add(m.start(), m.end(), Detector::DateOfBirth, Extra::None);
    }

    // ages
    for c in AGE_RU
        .caps_all(t, &dw)
        .into_iter()
        .chain(AGE_EN.caps_all(t, &dw))
    {
        let Some(g) = c.first_group() else {
            continue;
        };
        let before = &t[..g.start()];
        let after = &t[g.end()..];
        let is_band = (before.ends_with('-')
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()))
            || (after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        if is_band {
            continue;
        }
        if let Ok(n) = g.as_str().parse::<u32>() {
            if n <= 120 {
                add(g.start(), g.end(), Detector::Age, Extra::Age(n));
            }
        }
    }

    // places from the gazetteer
    if let Ok(g) = &*GAZETTEER {
        for m in g.ac.find_overlapping_iter(t) {
            let (s, e) = (m.start(), m.end());
            if !norm.is_word(s, e) || !upper_at(s) {
                continue;
            }
            let Some(&(kind, cases)) = g.pats.get(m.pattern().as_usize()) else {
                continue;
            };
            let (det, region) = match kind {
                GazKind::Locality(r) => (Detector::Locality, Some(r)),
                GazKind::Abroad => (Detector::ForeignPlace, None),
            };
            // "г. Грозный", "селе Гойты": the settlement word goes with the name
            let s = match settlement_start(t, s) {
                Some(ns) if det == Detector::Locality => ns,
                _ => s,
            };
            add(s, e, det, Extra::Place { region, cases });
        }
    }
    hits
}

/// Where a settlement word ("г.", "селе", "village of") right before normalised offset `s`
/// starts: it goes with the place name when the name is generalised.
pub(crate) fn settlement_start(t: &str, s: usize) -> Option<usize> {
    let win = window_before(t, s, 24);
    let off = s - win.len();
    SETTLEMENT_BEFORE
        .caps_all(win, &[(0, win.len())])
        .into_iter()
        .next()
        .and_then(|c| c.get(1))
        .map(|g| off + g.start())
}

/// Trims separators and unbalanced brackets off a number match.
fn trim_number(t: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let b = t.as_bytes();
    while e > s && !b[e - 1].is_ascii_digit() && b[e - 1] != b')' {
        e -= 1;
    }
    if e > s && b[e - 1] == b')' && !t[s..e].contains('(') {
        e -= 1;
    }
    while s < e && b[s] == b'(' && !t[s..e].contains(')') {
        s += 1;
    }
    (s, e)
}

fn window_before(t: &str, pos: usize, bytes: usize) -> &str {
    let mut s = pos.saturating_sub(bytes);
    while s > 0 && !t.is_char_boundary(s) {
        s -= 1;
    }
    &t[s..pos]
}

/// The end of the last match of `re` in `hay`, if any (how near a keyword is).
fn last_kw(re: &Rx, hay: &str) -> Option<usize> {
    re.last_end(hay)
}

fn luhn(digits: &[u32]) -> bool {
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut d = *d;
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

fn classify_number(t: &str, s: usize, e: usize) -> Option<Detector> {
    let m = &t[s..e];
    let digits: Vec<u32> = m.chars().filter_map(|c| c.to_digit(10)).collect();
    let n = digits.len();
    if n < 6 {
        return None;
    }
    let groups: Vec<&str> = m
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    // dates, year ranges and money are not identifiers
    let date_like =
        groups.len() == 3 && (DATE_NUM.is_match(m) || DATE_ISO.is_match(m)) && !m.starts_with('+');
    let years = groups.len() >= 2
        && groups
            .iter()
            .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
    if date_like || years {
        return None;
    }
    let after = &t[e..];
    let before = window_before(t, s, 48);
    if MONEY_AFTER.is_match(after) || CURRENCY_BEFORE.is_match(before) {
        return None;
    }
    // thousands written with spaces ("100 000") before a currency are handled above; a lone
    // 6-digit group split as 3+3 is a plain number only when followed by a unit word
    let plus = m.starts_with('+') || m.starts_with("00");
    let kw = |re: &Rx| last_kw(re, before);
    let nearest = [
        (Detector::Imei, kw(&KW_IMEI)),
        (Detector::ResidencePermit, kw(&KW_PERMIT)),
        (Detector::AsylumFile, kw(&KW_ASYLUM)),
        (Detector::Passport, kw(&KW_PASSPORT)),
        (Detector::IdDocument, kw(&KW_ID)),
        (Detector::Card, kw(&KW_CARD)),
        (Detector::CaseNumber, kw(&KW_CASE)),
        (Detector::Phone, kw(&KW_PHONE)),
    ]
    .into_iter()
    .filter_map(|(d, p)| p.map(|p| (d, p)))
    .max_by_key(|(_, p)| *p)
    .map(|(d, _)| d);
    // a residence permit or an asylum file is labelled by its document word, which the
    // generic words after it ("permit number", "asylum case no.", "ВНЖ номер") do not override
    let nearest = match nearest {
        Some(Detector::CaseNumber | Detector::IdDocument) | None => {
            if kw(&KW_ASYLUM).is_some() {
                Some(Detector::AsylumFile)
            } else if kw(&KW_PERMIT).is_some() {
                Some(Detector::ResidencePermit)
            } else if nearest.is_none() && kw(&KW_NUMBER_WORD).is_some() {
                Some(Detector::Phone)
            } else {
                nearest
            }
        }
        other => other,
    };
    if plus {
        return Some(Detector::Phone);
    }
    let labelled = matches!(
        nearest,
        Some(
            Detector::CaseNumber
                | Detector::Passport
                | Detector::IdDocument
                | Detector::ResidencePermit
                | Detector::AsylumFile
        )
    );
    if (13..=19).contains(&n) && luhn(&digits) && !labelled {
        return Some(match nearest {
            Some(Detector::Imei) => Detector::Imei,
            _ if n == 15 && nearest != Some(Detector::Card) => Detector::Imei,
            _ => Detector::Card,
        });
    }
    match nearest {
        Some(Detector::CaseNumber) => {
            // a phone-shaped number right after a case reference is still a phone, unless it
            // has a slash (a register's number and year: "22-4455/2021"), which no phone has
            if phone_shaped(&digits, &groups) && n >= 10 && !m.contains('/') {
                Some(Detector::Phone)
            } else {
                Some(Detector::CaseNumber)
            }
        }
        Some(d) => Some(d),
        None if phone_shaped(&digits, &groups) => Some(Detector::Phone),
        None => Some(Detector::OtherNumber),
    }
}

fn phone_shaped(digits: &[u32], groups: &[&str]) -> bool {
    let n = digits.len();
    let first = digits.first().copied().unwrap_or(0);
    (n == 11 && (first == 7 || first == 8))
        || (n == 10 && first == 9)
        || (n == 7 && groups.len() == 3 && groups[1].len() == 2 && groups[2].len() == 2)
}

fn month_index(m: &str) -> u8 {
    const P: [&str; 12] = [
        "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    const E: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    for (i, (p, e)) in P.iter().zip(E.iter()).enumerate() {
        if m.starts_with(p) || m.starts_with(e) {
            return i as u8 + 1;
        }
    }
    0
}

/// Extends a Russian street keyword over the street name and house/flat numbers.
fn ru_address_end(t: &str, mut pos: usize, upper_at: &dyn Fn(usize) -> bool) -> Option<usize> {
    let mut end = pos;
    let mut words = 0;
    let mut has_number = false;
    while words < 4 {
        let rest = &t[pos..];
        let skip = rest.len() - rest.trim_start_matches(' ').len();
        let tok_start = pos + skip;
        let tok: &str = t[tok_start..].split([' ', ',']).next().unwrap_or("");
        if tok.is_empty() {
            break;
        }
        let tok_trim = tok.trim_end_matches(['.', ';', ':', ')']);
        let is_initial = (tok.len() <= 4 && tok.ends_with('.') && tok.chars().count() == 2)
            || tok == "им."
            || tok == "имени";
        let has_digit = tok_trim.chars().any(|c| c.is_ascii_digit());
        if tok_trim.is_empty() || !(upper_at(tok_start) || has_digit || is_initial) {
            break;
        }
        if has_digit {
            has_number = true;
        }
        words += 1;
        pos = tok_start
            + if is_initial {
                tok.len()
            } else {
                tok_trim.len()
            };
        end = pos;
        if tok.len() != tok_trim.len() && !is_initial {
            break;
        }
    }
    let m = RU_HOUSE.find(&t[end..]).map(|m| m.end()).unwrap_or(0);
    if m > 0 {
        has_number = true;
    }
    if words == 0 && !has_number {
        // typed in lower case ("ул. ленина 5"): up to two words, then a house number
        let mut p = end;
        for _ in 0..2 {
            let rest = &t[p..];
            let skip = rest.len() - rest.trim_start_matches(' ').len();
            let len = t[p + skip..]
                .find(|c: char| !(c.is_alphabetic() || c == '-' || c == '.'))
                .unwrap_or(t.len() - p - skip);
            if len == 0 {
                break;
            }
            p += skip + len;
            let house = RU_HOUSE.find(&t[p..]).map(|m| m.end()).unwrap_or(0);
            if t[p..p + house].chars().any(|c| c.is_ascii_digit()) {
                return Some(p + house);
            }
        }
        return None;
    }
    Some(end + m)
}

fn extend_postcode(t: &str, end: usize, upper_at: &dyn Fn(usize) -> bool) -> usize {
    let Some(m) = POSTCODE_CITY.find(&t[end..]) else {
        return end;
    };
    let tail = &t[end..end + m.end()];
    let trimmed = tail.trim_end();
    // a trailing word in lower case is prose, not a city ("75002 paris" stays whole only
    // when "Paris" was capitalised)
    match trimmed.rfind(' ') {
        Some(sp) => {
            let last = &trimmed[sp + 1..];
            let word_start = end + sp + 1;
            if last.chars().all(char::is_alphabetic) && !upper_at(word_start) {
                end + trimmed[..sp].trim_end().len()
            } else {
                end + trimmed.len()
            }
        }
        None => end + trimmed.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Lang;

    fn hits(s: &str) -> Vec<(Detector, String)> {
        let n = NormText::new(s, Lang::Ru);
        detect(&n, s)
            .into_iter()
            .map(|h| {
                let (a, b) = n.orig_span(h.start, h.end);
                (h.det, s[a..b].to_owned())
            })
            .collect()
    }

    fn check(s: &str, det: Detector, want: &str) {
        let h = hits(s);
        assert!(
            h.iter().any(|(d, t)| *d == det && t == want),
            "{s:?}: wanted {det:?} {want:?}, got {h:?}"
        );
    }

    fn none_of(s: &str, det: Detector) {
        let h = hits(s);
        assert!(
            !h.iter().any(|(d, _)| *d == det),
            "{s:?}: unexpected {det:?} in {h:?}"
        );
    }

    #[test]
    fn every_pattern_compiles() {
        let all: [&Rx; 36] = [
            &NUMBER,
            &SERIES,
            &ALNUM_ID,
            &EMAIL,
            &EMAIL_OBF,
            &LINK,
            &HANDLE,
            &HANDLE_CTX,
            &PLATE,
            &RU_STREET,
            &RU_HOUSE,
            &RU_HOUSE_ALONE,
            &EN_STREET,
            &DE_STREET,
            &DE_STREET2,
            &FR_STREET,
            &POSTCODE_CITY,
            &DATE_RU,
            &DATE_EN_DMY,
            &DATE_EN_MDY,
            &DATE_NUM,
            &DATE_ISO,
            &DOB_BEFORE,
            &DOB_AFTER,
            &YEAR_DOB,
            &AGE_RU,
            &AGE_EN,
            &KW_CASE,
            &KW_PASSPORT,
            &KW_ID,
            &KW_CARD,
            &KW_IMEI,
            &KW_PHONE,
            &KW_NUMBER_WORD,
            &KW_PERMIT,
            &KW_ASYLUM,
        ];
        for (i, r) in all.iter().enumerate() {
            assert!(r.compiled(), "pattern {i} does not compile");
        }
        assert!(
            MONEY_AFTER.compiled() && CURRENCY_BEFORE.compiled() && SETTLEMENT_BEFORE.compiled()
        );
    }

    #[test]
    fn phones() {
        check(
            "тел. +7 928 765-43-21, звоните",
            Detector::Phone,
            "+7 928 765-43-21",
        );
        check(
            "номер 8 (928) 765-43-21",
            Detector::Phone,
            "8 (928) 765-43-21",
        );
        check(
            "call +49 151 2345 6789 now",
            Detector::Phone,
            "+49 151 2345 6789",
        );
        check(
            "his number was 89287654321.",
            Detector::Phone,
            "89287654321",
        );
        check(
            "whatsapp: +1 (555) 123-4567",
            Detector::Phone,
            "+1 (555) 123-4567",
        );
        check("домашний 765-43-21", Detector::Phone, "765-43-21");
    }

    #[test]
    fn contacts() {
        check(
            "write to adlan.kh@example.org.",
            Detector::Email,
            "adlan.kh@example.org",
        );
        check(
            "почта ruslan [at] example [dot] org",
            Detector::Email,
            "ruslan [at] example [dot] org",
        );
        check(
            "канал t.me/ruslan_z и vk.com/id12345",
            Detector::ProfileLink,
            "t.me/ruslan_z",
        );
        check(
            "канал t.me/ruslan_z и vk.com/id12345",
            Detector::ProfileLink,
            "vk.com/id12345",
        );
        check(
            "see https://www.instagram.com/adlan.k/",
            Detector::ProfileLink,
            "https://www.instagram.com/adlan.k/",
        );
        check(
            "в телеграме @ruslan_95 писал",
            Detector::Handle,
            "@ruslan_95",
        );
        check("ник: zaka_95", Detector::Handle, "zaka_95");
        none_of("adlan.kh@example.org", Detector::Handle);
    }

    #[test]
    fn documents() {
        check(
            "паспорт серия 45 03 № 123456 выдан",
            Detector::Passport,
            "серия 45 03 № 123456",
        );
        check("паспорт 4503 123456", Detector::Passport, "4503 123456");
        check("passport no. 751234567", Detector::Passport, "751234567");
        check("Reisepass C01X00T47", Detector::Passport, "C01X00T47");
        check("ВНЖ № 2712345678", Detector::ResidencePermit, "2712345678");
        check("ИНН 771234567890", Detector::IdDocument, "771234567890");
        check(
            "карта 4276 3800 1234 5678 сбер",
            Detector::Card,
            "4276 3800 1234 5678",
        );
        check(
            "card 4111 1111 1111 1111",
            Detector::Card,
            "4111 1111 1111 1111",
        );
        check("IMEI 490154203237518", Detector::Imei, "490154203237518");
        check(
            "по уголовному делу № 11702960001000123",
            Detector::CaseNumber,
            "11702960001000123",
        );
        check("машина А123ВС 95 стояла", Detector::CarPlate, "А123ВС 95");
        check("code 583920 here", Detector::OtherNumber, "583920");
        none_of("в 2017-2019 годах", Detector::OtherNumber);
        none_of("выкуп 500 000 рублей", Detector::OtherNumber);
        none_of("05.04.2017", Detector::OtherNumber);
    }

    #[test]
    fn addresses() {
        check(
            "жил по адресу ул. Ленина, д. 5, кв. 12 в городе",
            Detector::Address,
            "ул. Ленина, д. 5, кв. 12",
        );
        check(
            "на улице Шейха Мансура 14 собрались",
            Detector::Address,
            "улице Шейха Мансура 14",
        );
        check(
            "lives at 12 Baker Street, London",
            Detector::Address,
            "12 Baker Street",
        );
        check(
            "wohnt in der Hauptstraße 5 in",
            Detector::Address,
            "Hauptstraße 5",
        );
        check(
            "12 rue de la Paix, 75002 Paris",
            Detector::Address,
            "12 rue de la Paix, 75002 Paris",
        );
        none_of("на улице было холодно", Detector::Address);
    }

    /// Current addresses abroad, written the way caseworkers write them (invented streets
    /// and numbers), each in the form of the country that received the survivor.
    #[test]
    fn foreign_addresses() {
        let cases: &[(&str, &str)] = &[
            // Lithuanian: name, abbreviation or street word, house-flat
            (
                "now lives at Gedimino pr. 9-12, LT-01103 Vilnius.",
                "Gedimino pr. 9-12, LT-01103 Vilnius",
            ),
            (
                "rents a room on Savanorių g. 15/3 in Kaunas",
                "Savanorių g. 15/3",
            ),
            (
                "the flat at Vytauto gatvė 7 kv. 4 is small",
                "Vytauto gatvė 7 kv. 4",
            ),
            ("Laisvės al. 45-2, Kaunas", "Laisvės al. 45-2"),
            // Latvian
            (
                "she stays at Brīvības iela 55-3, Rīga, LV-1010, with",
                "Brīvības iela 55-3, Rīga, LV-1010",
            ),
            ("Elizabetes iela 10 dz. 4", "Elizabetes iela 10 dz. 4"),
            // Polish
            (
                "mieszka: ul. Długa 5 m. 12, 00-238 Warszawa",
                "ul. Długa 5 m. 12, 00-238 Warszawa",
            ),
            (
                "at al. Jerozolimskie 44/7 since May",
                "al. Jerozolimskie 44/7",
            ),
            ("os. Piastów 3, Kraków", "os. Piastów 3"),
            // German
            (
                "wohnt Berliner Str. 5, 04109 Leipzig",
                "Berliner Str. 5, 04109 Leipzig",
            ),
            ("lives at Karl-Marx-Platz 3", "Karl-Marx-Platz 3"),
            // French
            (
                "habite 14 av. Jean Jaurès, 69007 Lyon",
                "14 av. Jean Jaurès, 69007 Lyon",
            ),
            ("lives at 3 bd Voltaire in", "3 bd Voltaire"),
            // Dutch
            (
                "moved to Kalverstraat 92-2, 1012 PH Amsterdam",
                "Kalverstraat 92-2, 1012 PH Amsterdam",
            ),
            ("lives at Vondellaan 5 now", "Vondellaan 5"),
            ("Museumplein 3, Utrecht", "Museumplein 3"),
            // Georgian and Armenian in Latin script
            (
                "lives at Rustaveli Ave. 12, Tbilisi 0108.",
                "Rustaveli Ave. 12, Tbilisi 0108",
            ),
            (
                "Vazha-Pshavela gamziri 7 kv. 31",
                "Vazha-Pshavela gamziri 7 kv. 31",
            ),
            ("at Chavchavadze kucha 5", "Chavchavadze kucha 5"),
            (
                "Abovyan poghots 5 kv. 12, Yerevan",
                "Abovyan poghots 5 kv. 12",
            ),
            (
                "Mashtots Ave. 12/3, Yerevan 0010",
                "Mashtots Ave. 12/3, Yerevan 0010",
            ),
            // Canadian
            (
                "55 Queen St W, Toronto, ON M5V 2A1",
                "55 Queen St W, Toronto, ON M5V 2A1",
            ),
            (
                "Apt 5, 1234 Rue Sainte-Catherine O, Montréal QC H3G 1P1",
                "Apt 5, 1234 Rue Sainte-Catherine O, Montréal QC H3G 1P1",
            ),
            // Nordic
            (
                "lives at Drottninggatan 12, 111 51 Stockholm",
                "Drottninggatan 12, 111 51 Stockholm",
            ),
            (
                "Karl Johans gate 12, 0154 Oslo",
                "Karl Johans gate 12, 0154 Oslo",
            ),
            (
                "Nørregade 10, 1165 København K",
                "Nørregade 10, 1165 København K",
            ),
            (
                "Mannerheimintie 12 B 5, 00100 Helsinki",
                "Mannerheimintie 12 B 5, 00100 Helsinki",
            ),
            ("on Kungsvägen 3 in", "Kungsvägen 3"),
            // Cyrillic transliteration
            (
                "живёт по адресу Гедимино пр. 9-12, Вильнюс",
                "Гедимино пр. 9-12",
            ),
            ("снимает комнату: Бривибас иела 55-3", "Бривибас иела 55-3"),
            (
                "адрес: Линденштрассе 12, 10969 Берлин",
                "Линденштрассе 12, 10969 Берлин",
            ),
            ("живут на Кальверстрат 92", "Кальверстрат 92"),
            ("сейчас Руставели пр. 12, Тбилиси", "Руставели пр. 12"),
            ("адрес Дроттнинггатан 12 кв. 5", "Дроттнинггатан 12 кв. 5"),
            (
                "ул. Длуга 5 м. 12, 00-238 Варшава",
                "ул. Длуга 5 м. 12, 00-238 Варшава",
            ),
        ];
        for (text, want) in cases {
            check(text, Detector::Address, want);
        }
    }

    /// Ordinary text near street words, numbers and abbreviations is not an address.
    #[test]
    fn not_foreign_addresses() {
        for text in [
            "He said the street was empty in 2019.",
            "see Art. 3 and Protocol No. 1 of the Convention",
            "e.g. 5 officers and St. Petersburg 12 hours later",
            "она шла по улице, было холодно",
            "Gedimino was a king; the Vilnius Gate was closed",
            "pr. 12 of the report, g. 5 above",
            "the Riga office opened in 2021",
            "she waited at the gate 2 hours",
            "в 2019 г. 5 человек",
        ] {
            none_of(text, Detector::Address);
        }
    }

    /// Residence permit and asylum file numbers are labelled as what they are, also when
    /// the label says "number" ("номер"), which reads as a phone label on its own, and when
    /// the asylum label says "case" (a domestic case number would be kept).
    #[test]
    fn residence_permits_and_asylum_files() {
        for (text, det, want) in [
            (
                "residence permit number 123456789",
                Detector::ResidencePermit,
                "123456789",
            ),
            (
                "ВНЖ номер 2712345678",
                Detector::ResidencePermit,
                "2712345678",
            ),
            (
                "вид на жительство № 27 123 45678",
                Detector::ResidencePermit,
                "27 123 45678",
            ),
            (
                "Aufenthaltstitel Nr. Y12345678",
                Detector::ResidencePermit,
                "Y12345678",
            ),
            (
                "karta pobytu nr 12345678",
                Detector::ResidencePermit,
                "12345678",
            ),
            (
                "leidimas gyventi Nr. 123456789",
                Detector::ResidencePermit,
                "123456789",
            ),
            (
                "asylum case number 7654321-160",
                Detector::AsylumFile,
                "7654321-160",
            ),
            (
                "BAMF Aktenzeichen 8123456-160",
                Detector::AsylumFile,
                "8123456-160",
            ),
            (
                "номер дела об убежище 1234567",
                Detector::AsylumFile,
                "1234567",
            ),
            (
                "IND V-nummer 1234567890",
                Detector::AsylumFile,
                "1234567890",
            ),
        ] {
            check(text, det, want);
            none_of(text, Detector::Phone);
        }
        // a phone is still a phone, and a domestic case number still a case number
        check(
            "номер 8 (928) 765-43-21",
            Detector::Phone,
            "8 (928) 765-43-21",
        );
        check(
            "ВНЖ получила в 2020, тел. 8 928 765-43-21",
            Detector::Phone,
            "8 928 765-43-21",
        );
        check(
            "по уголовному делу № 11702960001000123",
            Detector::CaseNumber,
            "11702960001000123",
        );
    }

    #[test]
    fn dates_and_ages() {
        check("родился 12.03.1995 в", Detector::DateOfBirth, "12.03.1995");
        check("born on 3 May 1990 in", Detector::DateOfBirth, "3 May 1990");
        check("1995 г.р.", Detector::DateOfBirth, "1995 г.р.");
        check("5 апреля 2017 года", Detector::Date, "5 апреля 2017");
        check(
            "detained on 14 January 2019 at",
            Detector::Date,
            "on 14 January 2019",
        );
        check("22-летний", Detector::Age, "22");
        check("в возрасте 34 лет", Detector::Age, "34");
        check("a 22-year-old man", Detector::Age, "22");
        none_of("в возрасте 20-29 лет", Detector::Age);
    }

    #[test]
    fn places() {
        check("у своего дома в Аргуне.", Detector::Locality, "Аргуне");
        check("now lives in Berlin", Detector::ForeignPlace, "Berlin");
        // host-country cities in their own languages and scripts
        check("moved to Warszawa", Detector::ForeignPlace, "Warszawa");
        check("in München since", Detector::ForeignPlace, "München");
        check("живёт в Каунасе", Detector::ForeignPlace, "Каунасе");
        check("near Kraków", Detector::ForeignPlace, "Kraków");
        none_of("грозный вид", Detector::Locality);
    }
}
