//! A generator of messy multi-tool exports with known truth, for the recognition tests.
//!
//! One export is six files as different tools would write them: a CRM account report, a
//! billing subscriptions list, a product-analytics event export, survey answers, a help-desk
//! ticket export and a success-plan sheet. Every file gets its own header spellings (English
//! variants, German, French, Spanish, Portuguese and Dutch terms, abbreviations, units in
//! brackets, opaque names for keys), header style (as written, snake_case, camelCase, UPPER),
//! column order, extra columns, delimiter (`,` `;` TAB `|`), encoding (UTF-8, UTF-8 with a
//! BOM, UTF-16 LE/BE), id format and date shape. The truth is the table kind of each file and
//! the field of each key column, by column position.
#![allow(dead_code)]

/// A small deterministic random source (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5eed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// One generated file and its truth.
pub struct GenFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The table kind, as the engine names it (`accounts`, `usage`, …).
    pub kind: &'static str,
    /// (column index, field) of each key column.
    pub keys: Vec<(usize, &'static str)>,
    /// Headers as written (for messages).
    pub headers: Vec<String>,
    /// How the file was written (for messages).
    pub how: String,
}

/// Id formats.
#[derive(Clone, Copy, Debug)]
enum IdFormat {
    Numeric,
    Prefixed(&'static str),
    Uuid,
    Salesforce,
    Domain,
}

fn make_id(rng: &mut Rng, format: IdFormat, i: usize) -> String {
    match format {
        IdFormat::Numeric => format!("{}", 100_000 + i * 7 + rng.below(7)),
        IdFormat::Prefixed(p) => format!("{p}{:05}", i + 1),
        IdFormat::Uuid => format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            rng.next() as u32,
            rng.next() as u16,
            rng.next() as u16 & 0xfff,
            (rng.next() as u16 & 0x3fff) | 0x8000,
            rng.next() & 0xffff_ffff_ffff
        ),
        IdFormat::Salesforce => {
            const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let tail: String = (0..11)
                .map(|_| CHARS[rng.below(CHARS.len())] as char)
                .collect();
            format!("0015g{tail}AA")
        }
        IdFormat::Domain => {
            const WORDS: &[&str] = &[
                "acme",
                "globex",
                "initech",
                "umbrella",
                "hooli",
                "stark",
                "wayne",
                "wonka",
                "tyrell",
                "cyberdyne",
                "soylent",
                "vandelay",
            ];
            format!("{}-{}.com", WORDS[i % WORDS.len()], i)
        }
    }
}

fn id_format(rng: &mut Rng, prefixes: &[&'static str]) -> IdFormat {
    match rng.below(5) {
        0 => IdFormat::Numeric,
        1 => IdFormat::Prefixed(prefixes[rng.below(prefixes.len())]),
        2 => IdFormat::Uuid,
        3 => IdFormat::Salesforce,
        _ => IdFormat::Domain,
    }
}

/// Date shapes the engine reads.
#[derive(Clone, Copy, Debug)]
enum DateShape {
    Iso,
    IsoZ,
    SpaceTime,
    DayFirstSlash,
    MonthFirstSlash,
    Dotted,
    EpochSecs,
    EpochMillis,
    Written,
}

const DATE_SHAPES: [DateShape; 9] = [
    DateShape::Iso,
    DateShape::IsoZ,
    DateShape::SpaceTime,
    DateShape::DayFirstSlash,
    DateShape::MonthFirstSlash,
    DateShape::Dotted,
    DateShape::EpochSecs,
    DateShape::EpochMillis,
    DateShape::Written,
];

/// (y, m, d) of a day number counted from 1970-01-01.
fn civil(day: i64) -> (i64, i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn write_date(rng: &mut Rng, shape: DateShape, day: i64) -> String {
    let (y, m, d) = civil(day);
    let secs = day * 86_400 + rng.range(0, 86_399);
    let (hh, mm, ss) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match shape {
        DateShape::Iso => format!("{y:04}-{m:02}-{d:02}"),
        DateShape::IsoZ => format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z"),
        DateShape::SpaceTime => format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}"),
        DateShape::DayFirstSlash => format!("{d:02}/{m:02}/{y:04}"),
        DateShape::MonthFirstSlash => format!("{m}/{d}/{y:04}"),
        DateShape::Dotted => format!("{d:02}.{m:02}.{y:04}"),
        DateShape::EpochSecs => format!("{secs}"),
        DateShape::EpochMillis => format!("{}", secs * 1000 + rng.range(0, 999)),
        DateShape::Written => format!("{} {d}, {y}", MONTHS[(m - 1) as usize]),
    }
}

/// Header styles applied to a whole file.
#[derive(Clone, Copy, Debug)]
enum Style {
    AsWritten,
    Snake,
    Camel,
    Upper,
    Lower,
}

fn styled(header: &str, style: Style) -> String {
    match style {
        Style::AsWritten => header.to_string(),
        Style::Upper => header.to_uppercase(),
        Style::Lower => header.to_lowercase(),
        Style::Snake => {
            let mut out = String::new();
            for c in header.chars() {
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                } else if !out.ends_with('_') && !out.is_empty() {
                    out.push('_');
                }
            }
            out.trim_end_matches('_').to_string()
        }
        Style::Camel => {
            let mut out = String::new();
            let mut upper_next = false;
            for c in header.chars() {
                if c.is_alphanumeric() {
                    if upper_next && !out.is_empty() {
                        out.extend(c.to_uppercase());
                    } else if out.is_empty() {
                        out.extend(c.to_lowercase());
                    } else {
                        out.push(c);
                    }
                    upper_next = false;
                } else {
                    upper_next = true;
                }
            }
            out
        }
    }
}

/// A cell value source for one column.
enum Cell {
    AccountRef,
    SubscriptionRef,
    User,
    Date { from: i64, to: i64 },
    Int { lo: i64, hi: i64 },
    Money { lo: i64, hi: i64 },
    Choice(&'static [&'static str]),
    Text(&'static [&'static str]),
    Bool,
}

/// A column of a generated table: its field (None = an extra column), header spellings, and
/// whether it is a key column checked by the tests.
struct Col {
    field: Option<&'static str>,
    headers: &'static [&'static str],
    key: bool,
    /// Chance the column is present at all (keys are always present).
    presence: f64,
}

const fn key(field: &'static str, headers: &'static [&'static str]) -> Col {
    Col {
        field: Some(field),
        headers,
        key: true,
        presence: 1.0,
    }
}

const fn opt(field: &'static str, headers: &'static [&'static str], presence: f64) -> Col {
    Col {
        field: Some(field),
        headers,
        key: false,
        presence,
    }
}

const fn extra(headers: &'static [&'static str], presence: f64) -> Col {
    Col {
        field: None,
        headers,
        key: false,
        presence,
    }
}

// Header spellings. Many are outside the engine's synonym list on purpose.
const ACCOUNT_KEY_CRM: &[&str] = &[
    "Account ID",
    "Customer ID",
    "Record ID",
    "Company ID",
    "Kunden-ID",
    "Kundennummer",
    "ID client",
    "N° client",
    "ID de cliente",
    "Código do cliente",
    "Klantnummer",
    "Account Number",
    "Acct #",
    "Org ID",
    "Customer Ref",
    "Account 18 Digit ID",
];
const ACCOUNT_KEY_EVENTS: &[&str] = &[
    "Account",
    "Account ID",
    "Org",
    "Workspace",
    "Tenant",
    "group_id",
    "Company",
    "Kunde",
    "Compte",
    "Cuenta",
    "Conta",
    "Klant",
    "Customer",
    "Org Key",
    "Workspace Ref",
    "Ref",
    "Account Ref",
    "Client",
    "Organisation",
    "Kunden-Nr.",
];
const NAME: &[&str] = &[
    "Account Name",
    "Company",
    "Company name",
    "Firmenname",
    "Nom de l'entreprise",
    "Nombre de la cuenta",
    "Nome da empresa",
    "Bedrijfsnaam",
    "Organization",
    "Customer",
    "Name",
];
const ARR: &[&str] = &[
    "ARR",
    "Annual Value (EUR)",
    "Annual Recurring Revenue",
    "ACV (USD)",
    "Jahresumsatz (EUR)",
    "Valeur annuelle (€)",
    "Ingresos anuales",
    "Receita anual",
    "Jaaromzet",
    "Contract Value",
    "ARR ($)",
    "Annual Revenue",
];
const PLAN: &[&str] = &[
    "Plan",
    "Tier",
    "Edition",
    "Tarif",
    "Forfait",
    "Plano",
    "Abonnement",
];
const OWNER: &[&str] = &[
    "Account Owner",
    "CSM",
    "Customer Success Manager",
    "Betreuer",
    "Responsable",
    "Propietario",
    "Responsável",
    "Eigenaar",
];
const RENEWAL: &[&str] = &[
    "Renewal Date",
    "Contract End",
    "Verlängerungsdatum",
    "Date de renouvellement",
    "Fecha de renovación",
    "Data de renovação",
    "Verlengingsdatum",
    "Next Renewal",
];
const SINCE: &[&str] = &[
    "Customer Since",
    "Created Date",
    "Start Date",
    "Kunde seit",
    "Date de début",
    "Fecha de inicio",
    "Data de início",
    "Startdatum",
];
const SEATS: &[&str] = &[
    "Seats",
    "Licenses",
    "Lizenzen",
    "Licences",
    "Licencias",
    "Licenças",
    "Licenties",
    "No. of Seats",
];
const INDUSTRY: &[&str] = &[
    "Industry",
    "Branche",
    "Secteur",
    "Industria",
    "Setor",
    "Sector",
];
const SUB_KEY: &[&str] = &[
    "Subscription ID",
    "Sub ID",
    "Contract ID",
    "Abo-ID",
    "Vertragsnummer",
    "ID abonnement",
    "ID de suscripción",
    "ID da assinatura",
    "Abonnement ID",
    "Subscription Number",
];
const SUB_START: &[&str] = &[
    "Start",
    "Start Date",
    "Beginn",
    "Début",
    "Inicio",
    "Início",
    "Ingangsdatum",
    "Activated On",
];
const SUB_END: &[&str] = &[
    "End",
    "End Date",
    "Ende",
    "Fin",
    "Término",
    "Einddatum",
    "Expires On",
];
const MRR: &[&str] = &[
    "MRR",
    "Monthly Amount (USD)",
    "MRR (€)",
    "Monatsbetrag",
    "Mensualité",
];
const USER: &[&str] = &[
    "distinct_id",
    "User",
    "user_email",
    "Email",
    "Benutzer",
    "Utilisateur",
    "Usuario",
    "Usuário",
    "Gebruiker",
    "Actor",
    "Member",
    "User ID",
    "E-Mail",
    "Login",
];
const EVENT_TIME: &[&str] = &[
    "Timestamp",
    "time",
    "event_time",
    "Datum",
    "Date",
    "Fecha",
    "Data",
    "Zeitpunkt",
    "Occurred At",
    "Event Timestamp (UTC)",
    "Day",
    "Horodatage",
];
const FEATURE: &[&str] = &[
    "Event",
    "Feature",
    "Event Name",
    "Aktion",
    "Fonctionnalité",
    "Funcionalidad",
    "Recurso",
    "Functie",
    "Action",
    "Module",
];
const COUNT: &[&str] = &[
    "Count",
    "Events",
    "Anzahl",
    "Nombre",
    "Cantidad",
    "Quantidade",
    "Aantal",
    "Total Events",
    "Occurrences",
    "Uses",
    "# Events",
    "Times Used",
];
const SURVEY_DATE: &[&str] = &[
    "Date",
    "Submitted",
    "Response Date",
    "Antwortdatum",
    "Date de réponse",
    "Fecha de respuesta",
    "Data da resposta",
    "Datum",
    "Answered On",
];
const SCORE: &[&str] = &[
    "Score (0-10)",
    "NPS",
    "Rating",
    "How likely are you to recommend us?",
    "Bewertung",
    "Note",
    "Puntuación",
    "Nota",
    "Cijfer",
    "Score",
];
const COMMENT: &[&str] = &[
    "Comment",
    "Feedback",
    "Kommentar",
    "Commentaire",
    "Comentario",
    "Comentário",
    "Opmerking",
];
const RESPONDENT: &[&str] = &[
    "Respondent",
    "Respondent Email",
    "E-Mail",
    "Email",
    "Contact",
];
const OPENED: &[&str] = &[
    "Created",
    "Created At",
    "Opened",
    "Erstellt am",
    "Date de création",
    "Fecha de creación",
    "Data de criação",
    "Aangemaakt op",
    "Ticket created",
    "Submitted On",
];
const SOLVED: &[&str] = &[
    "Solved At",
    "Closed",
    "Gelöst am",
    "Résolu le",
    "Resuelto",
    "Resolvido em",
    "Opgelost op",
    "Resolution Date",
];
const PRIORITY: &[&str] = &[
    "Priority",
    "Priorität",
    "Priorité",
    "Prioridad",
    "Prioridade",
    "Prioriteit",
    "Urgency",
];
const GOAL: &[&str] = &[
    "Goal",
    "Objective",
    "Ziel",
    "Objectif",
    "Objetivo",
    "Doel",
    "Success Plan Goal",
];
const TARGET: &[&str] = &[
    "Target",
    "Zielwert",
    "Cible",
    "Meta",
    "Doelwaarde",
    "Target Value",
];
const CURRENT: &[&str] = &["Current", "Actual", "Ist-Wert", "Actuel", "Atual", "Huidig"];
const DUE: &[&str] = &[
    "Due",
    "Fällig am",
    "Échéance",
    "Fecha límite",
    "Prazo",
    "Deadline",
];

const PLANS: &[&str] = &["Starter", "Growth", "Pro", "Enterprise"];
const INDUSTRIES: &[&str] = &["SaaS", "Retail", "Fintech", "Health", "Manufacturing"];
const PEOPLE: &[&str] = &[
    "Ana Ruiz",
    "Tom Becker",
    "Lea Martin",
    "Sam Lee",
    "Joost de Vries",
];
const FEATURES: &[&str] = &[
    "Dashboard Viewed",
    "Report Exported",
    "login",
    "invite_sent",
    "api_call",
    "Search",
    "Workflow Created",
    "file_upload",
];
const COMMENTS: &[&str] = &[
    "Great support",
    "Too slow lately",
    "",
    "Love the new reports",
    "Pricing is high",
    "Onboarding was confusing",
    "",
];
const PRIORITIES: &[&str] = &["Low", "Normal", "High", "Urgent"];
const STATUSES: &[&str] = &["open", "pending", "solved", "closed"];
const GOALS: &[&str] = &[
    "Roll out to all teams",
    "Reduce churn by 10%",
    "Automate reporting",
    "Go live in EU",
];
const BROWSERS: &[&str] = &["Chrome", "Firefox", "Safari", "Edge"];
const CITIES: &[&str] = &["Berlin", "Lyon", "Madrid", "Porto", "Utrecht", "Austin"];

/// The ids and sizes shared by the files of one export.
struct World {
    accounts: Vec<String>,
    names: Vec<String>,
    subscriptions: Vec<(String, usize)>,
    users: Vec<(String, usize)>,
}

fn world(rng: &mut Rng) -> World {
    let n = rng.range(30, 120) as usize;
    let format = id_format(rng, &["ACC-", "cus_", "A", "CUST", "org_"]);
    let accounts: Vec<String> = (0..n).map(|i| make_id(rng, format, i)).collect();
    let names = (0..n).map(|i| format!("Company {i} GmbH")).collect();
    let sub_format = match rng.below(3) {
        0 => IdFormat::Prefixed("sub_"),
        1 => IdFormat::Uuid,
        _ => IdFormat::Prefixed("SUB-"),
    };
    let mut subscriptions = Vec::new();
    for a in 0..n {
        for _ in 0..rng.range(1, 2) {
            let i = subscriptions.len();
            subscriptions.push((make_id(rng, sub_format, i + 7000), a));
        }
    }
    let user_style = rng.below(3);
    let mut users = Vec::new();
    for a in 0..n {
        for u in 0..rng.range(1, 5) {
            let id = match user_style {
                0 => format!("user{u}.{a}@company{a}.example"),
                1 => format!("{}", 5_000_000 + a * 10 + u as usize),
                _ => make_id(rng, IdFormat::Uuid, 0),
            };
            users.push((id, a));
        }
    }
    World {
        accounts,
        names,
        subscriptions,
        users,
    }
}

/// A table before writing: its columns (header spelling chosen) and rows of cells.
struct Table {
    kind: &'static str,
    columns: Vec<(&'static str, Option<&'static str>, bool)>,
    rows: Vec<Vec<String>>,
}

/// Builds a table from column specs and a row maker that gets, per row, the account index.
fn table(
    rng: &mut Rng,
    kind: &'static str,
    specs: &[(Col, Cell)],
    row_accounts: &[usize],
    world: &World,
    comma_decimal: bool,
) -> Table {
    let mut chosen: Vec<(&Col, &Cell)> = specs
        .iter()
        .filter(|(c, _)| c.key || rng.chance(c.presence))
        .map(|(c, v)| (c, v))
        .collect();
    rng.shuffle(&mut chosen);
    let date_shape = *rng.pick(&DATE_SHAPES);
    let mut columns = Vec::new();
    let mut used = Vec::new();
    for (c, _) in &chosen {
        // A header spelling not used by another column of the file.
        let mut h = *rng.pick(c.headers);
        for _ in 0..8 {
            if !used.contains(&h.to_lowercase()) {
                break;
            }
            h = *rng.pick(c.headers);
        }
        used.push(h.to_lowercase());
        columns.push((h, c.field, c.key));
    }
    let mut rows = Vec::new();
    for &a in row_accounts {
        let subs: Vec<&(String, usize)> = world.subscriptions.iter().filter(|s| s.1 == a).collect();
        let users: Vec<&(String, usize)> = world.users.iter().filter(|u| u.1 == a).collect();
        let row = chosen
            .iter()
            .map(|(_, cell)| match cell {
                Cell::AccountRef => world.accounts[a].clone(),
                Cell::SubscriptionRef => rng.pick(&subs).0.clone(),
                Cell::User => rng.pick(&users).0.clone(),
                Cell::Date { from, to } => {
                    let day = rng.range(*from, *to);
                    write_date(rng, date_shape, day)
                }
                Cell::Int { lo, hi } => rng.range(*lo, *hi).to_string(),
                Cell::Money { lo, hi } => {
                    let v = rng.range(*lo, *hi);
                    if comma_decimal {
                        format!("{}.{:03},00", v / 1000, v % 1000)
                    } else if rng.chance(0.5) {
                        format!("{v}.00")
                    } else {
                        format!("{v}")
                    }
                }
                Cell::Choice(list) | Cell::Text(list) => rng.pick(list).to_string(),
                Cell::Bool => rng.pick(&["true", "false"]).to_string(),
            })
            .collect();
        rows.push(row);
    }
    Table {
        kind,
        columns,
        rows,
    }
}

// Days since 1970: 2023-01-01 = 19358, 2024-06-30 = 19904, 2025-12-31 = 20453.
const D0: i64 = 19_358;
const D1: i64 = 19_904;
const D2: i64 = 20_453;

fn accounts_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let specs = [
        (key("account_id", ACCOUNT_KEY_CRM), Cell::AccountRef),
        (opt("name", NAME, 0.9), Cell::Text(&[""])),
        (
            key("arr", ARR),
            Cell::Money {
                lo: 5_000,
                hi: 250_000,
            },
        ),
        (opt("plan", PLAN, 0.7), Cell::Choice(PLANS)),
        (opt("owner", OWNER, 0.7), Cell::Choice(PEOPLE)),
        (
            opt("renewal_date", RENEWAL, 0.6),
            Cell::Date { from: D1, to: D2 },
        ),
        (
            opt("start_date", SINCE, 0.5),
            Cell::Date {
                from: D0 - 700,
                to: D0,
            },
        ),
        (opt("seats", SEATS, 0.5), Cell::Int { lo: 5, hi: 500 }),
        (opt("industry", INDUSTRY, 0.5), Cell::Choice(INDUSTRIES)),
        (
            extra(&["Billing City", "Stadt", "Ville", "Ciudad"], 0.5),
            Cell::Choice(CITIES),
        ),
        (
            extra(&["Website", "Site web", "Webseite"], 0.3),
            Cell::Text(&["https://example.com"]),
        ),
        (
            extra(&["Phone", "Telefon", "Téléphone"], 0.3),
            Cell::Text(&["+49 30 1234567"]),
        ),
    ];
    let rows: Vec<usize> = (0..w.accounts.len()).collect();
    let mut t = table(rng, "accounts", &specs, &rows, w, comma);
    // Names are per account.
    if let Some(c) = t.columns.iter().position(|c| c.1 == Some("name")) {
        for (i, row) in t.rows.iter_mut().enumerate() {
            row[c] = w.names[i].clone();
        }
    }
    t
}

fn subscriptions_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let specs = [
        (key("subscription_id", SUB_KEY), Cell::SubscriptionRef),
        (key("account_id", ACCOUNT_KEY_EVENTS), Cell::AccountRef),
        (
            key("start_date", SUB_START),
            Cell::Date {
                from: D0 - 400,
                to: D0,
            },
        ),
        (
            opt("end_date", SUB_END, 0.6),
            Cell::Date { from: D1, to: D2 },
        ),
        (
            opt("mrr", MRR, 0.7),
            Cell::Money {
                lo: 200,
                hi: 20_000,
            },
        ),
        (opt("plan", PLAN, 0.6), Cell::Choice(PLANS)),
        (
            extra(&["Billing Cycle", "Zahlungsintervall", "Périodicité"], 0.4),
            Cell::Choice(&["monthly", "annual"]),
        ),
    ];
    let rows: Vec<usize> = w.subscriptions.iter().map(|s| s.1).collect();
    let mut t = table(rng, "subscriptions", &specs, &rows, w, comma);
    // One row per subscription: the subscription column lists each once, in order.
    if let Some(c) = t
        .columns
        .iter()
        .position(|c| c.1 == Some("subscription_id"))
    {
        for (i, row) in t.rows.iter_mut().enumerate() {
            row[c] = w.subscriptions[i].0.clone();
        }
    }
    t
}

fn events_rows(rng: &mut Rng, w: &World, per_account: (i64, i64)) -> Vec<usize> {
    let mut rows = Vec::new();
    for a in 0..w.accounts.len() {
        for _ in 0..rng.range(per_account.0, per_account.1) {
            rows.push(a);
        }
    }
    rng.shuffle(&mut rows);
    rows
}

fn usage_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let specs = [
        (key("account_id", ACCOUNT_KEY_EVENTS), Cell::AccountRef),
        (key("user_id", USER), Cell::User),
        (
            key("date", EVENT_TIME),
            Cell::Date {
                from: D1 - 90,
                to: D1,
            },
        ),
        (key("feature", FEATURE), Cell::Choice(FEATURES)),
        (key("count", COUNT), Cell::Int { lo: 1, hi: 40 }),
        (
            extra(&["Browser", "Navigateur"], 0.5),
            Cell::Choice(BROWSERS),
        ),
        (
            extra(&["OS", "Platform", "Plattform"], 0.4),
            Cell::Choice(&["macOS", "Windows", "Linux", "iOS"]),
        ),
        (
            extra(&["Country", "Land", "Pays", "País"], 0.4),
            Cell::Choice(&["DE", "FR", "ES", "PT", "NL", "US"]),
        ),
    ];
    let rows = events_rows(rng, w, (3, 12));
    table(rng, "usage", &specs, &rows, w, comma)
}

fn surveys_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let nps = rng.chance(0.5);
    let specs = [
        (key("account_id", ACCOUNT_KEY_EVENTS), Cell::AccountRef),
        (
            key("date", SURVEY_DATE),
            Cell::Date {
                from: D1 - 300,
                to: D1,
            },
        ),
        (
            key("score", SCORE),
            if nps {
                Cell::Int { lo: 0, hi: 10 }
            } else {
                Cell::Int { lo: 1, hi: 5 }
            },
        ),
        (opt("comment", COMMENT, 0.7), Cell::Text(COMMENTS)),
        (extra(RESPONDENT, 0.5), Cell::User),
        (
            extra(&["Channel", "Kanal", "Canal"], 0.4),
            Cell::Choice(&["email", "in-app", "web"]),
        ),
    ];
    let rows = events_rows(rng, w, (1, 4));
    table(rng, "surveys", &specs, &rows, w, comma)
}

fn tickets_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let specs = [
        (
            extra(
                &[
                    "Ticket ID",
                    "ID",
                    "Ticket #",
                    "Ticketnummer",
                    "N° de ticket",
                ],
                0.8,
            ),
            Cell::Int {
                lo: 10_000,
                hi: 99_999,
            },
        ),
        (key("account_id", ACCOUNT_KEY_EVENTS), Cell::AccountRef),
        (
            key("opened", OPENED),
            Cell::Date {
                from: D1 - 200,
                to: D1 - 20,
            },
        ),
        (
            opt("resolved", SOLVED, 0.7),
            Cell::Date {
                from: D1 - 19,
                to: D1,
            },
        ),
        (key("priority", PRIORITY), Cell::Choice(PRIORITIES)),
        (
            opt("status", &["Status", "Statut", "Estado"], 0.6),
            Cell::Choice(STATUSES),
        ),
        (
            extra(&["Subject", "Betreff", "Sujet", "Asunto", "Assunto"], 0.6),
            Cell::Text(&["Cannot log in", "Export fails", "Billing question"]),
        ),
        (
            extra(&["Requester", "Anfragender", "Demandeur"], 0.4),
            Cell::User,
        ),
    ];
    let rows = events_rows(rng, w, (0, 4));
    table(rng, "tickets", &specs, &rows, w, comma)
}

fn goals_table(rng: &mut Rng, w: &World, comma: bool) -> Table {
    let specs = [
        (key("account_id", ACCOUNT_KEY_EVENTS), Cell::AccountRef),
        (key("goal", GOAL), Cell::Choice(GOALS)),
        (key("target", TARGET), Cell::Int { lo: 50, hi: 100 }),
        (opt("current", CURRENT, 0.8), Cell::Int { lo: 0, hi: 100 }),
        (opt("due_date", DUE, 0.7), Cell::Date { from: D1, to: D2 }),
        (
            extra(&["Owner", "Verantwortlich", "Propriétaire"], 0.4),
            Cell::Choice(PEOPLE),
        ),
    ];
    let rows = events_rows(rng, w, (1, 3));
    table(rng, "goals", &specs, &rows, w, comma)
}

/// Writes a table as delimited text in the file's encoding.
fn write(
    rng: &mut Rng,
    t: &Table,
    name_hint: &str,
    delimiter: char,
) -> (Vec<u8>, String, Vec<String>, String) {
    let style = *rng.pick(&[
        Style::AsWritten,
        Style::AsWritten,
        Style::Snake,
        Style::Camel,
        Style::Upper,
        Style::Lower,
    ]);
    let headers: Vec<String> = t.columns.iter().map(|c| styled(c.0, style)).collect();
    let quote = |cell: &str| {
        if cell.contains(delimiter) || cell.contains('"') || cell.contains('\n') {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    };
    let sep = delimiter.to_string();
    let mut text = headers
        .iter()
        .map(|h| quote(h))
        .collect::<Vec<_>>()
        .join(&sep);
    text.push_str("\r\n");
    for row in &t.rows {
        text.push_str(&row.iter().map(|c| quote(c)).collect::<Vec<_>>().join(&sep));
        text.push_str("\r\n");
    }
    let encoding = rng.below(5);
    let bytes = match encoding {
        0 | 1 => text.into_bytes(),
        2 => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        3 => {
            let mut b = vec![0xff, 0xfe];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
        _ => {
            let mut b = vec![0xfe, 0xff];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_be_bytes());
            }
            b
        }
    };
    let ext = if delimiter == '\t' { "tsv" } else { "csv" };
    let name = if rng.chance(0.5) {
        format!(
            "{}.{ext}",
            rng.pick(&[
                "export",
                "download",
                "report",
                "data",
                "Report (2)",
                "query_result"
            ])
        )
    } else {
        format!("{name_hint}.{ext}")
    };
    let how = format!(
        "delimiter {delimiter:?}, style {style:?}, encoding {}",
        ["utf-8", "utf-8", "utf-8 bom", "utf-16le", "utf-16be"][encoding]
    );
    (bytes, name, headers, how)
}

/// One export of six files, in a random order, with their truth.
pub fn export(seed: u64) -> Vec<GenFile> {
    let mut rng = Rng::new(seed);
    let w = world(&mut rng);
    let hints: [(&str, &[&str]); 6] = [
        (
            "accounts",
            &[
                "crm_accounts",
                "Salesforce Accounts",
                "hubspot-companies",
                "Kunden",
            ],
        ),
        (
            "subscriptions",
            &["billing", "stripe_subscriptions", "Verträge", "abonnements"],
        ),
        (
            "usage",
            &["mixpanel_export", "product_events", "amplitude", "Nutzung"],
        ),
        (
            "surveys",
            &["nps_responses", "survey", "Umfrage", "enquete"],
        ),
        (
            "tickets",
            &["zendesk_tickets", "support", "Tickets", "chamados"],
        ),
        ("goals", &["success_plans", "Ziele", "objectifs", "doelen"]),
    ];
    let mut files = Vec::new();
    for (kind, names) in hints {
        let mut writer_rng = Rng::new(rng.next());
        let delimiter = *writer_rng.pick(&[',', ';', '\t', '|']);
        // Money in ';' files is written with a decimal comma, as such tools do.
        let comma = delimiter == ';';
        let t = match kind {
            "accounts" => accounts_table(&mut rng, &w, comma),
            "subscriptions" => subscriptions_table(&mut rng, &w, comma),
            "usage" => usage_table(&mut rng, &w, comma),
            "surveys" => surveys_table(&mut rng, &w, comma),
            "tickets" => tickets_table(&mut rng, &w, comma),
            _ => goals_table(&mut rng, &w, comma),
        };
        let hint = rng.pick(names).to_string();
        let (bytes, name, headers, how) = write(&mut writer_rng, &t, &hint, delimiter);
        let keys = t
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.2)
            .map(|(i, c)| (i, c.1.unwrap()))
            .collect();
        files.push(GenFile {
            name,
            bytes,
            kind: t.kind,
            keys,
            headers,
            how,
        });
    }
    rng.shuffle(&mut files);
    files
}
