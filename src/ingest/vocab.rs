//! Header words as real tools and people write them: split into words (camelCase, snake_case,
//! spaces, punctuation), accents folded, units in brackets set aside ("Annual Value (EUR)" →
//! `annual value` + unit `eur`), and matched against a vocabulary of common terms in English,
//! German, French, Spanish, Portuguese and Dutch for each field. This is header *evidence*:
//! recognition ([`super::content`]) weighs it against what the values say.

use super::report::TableKind;

/// A header split into words, with the unit found in brackets, if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderWords {
    /// Lower-case ASCII-folded words, in order ("#", "n°", "no.", "nr" become `nr`).
    pub words: Vec<String>,
    /// Text of a bracketed part ("eur", "0-10", "utc"), lower-cased.
    pub unit: Option<String>,
    /// The words joined by single spaces.
    pub joined: String,
}

/// Folds common Latin accents of a lower-case letter to ASCII (é → e, ß → ss, …); empty for
/// any other character. Lower-case first (`char::to_lowercase`): É → é → e.
pub fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        _ => "",
    }
}

/// Splits a header into words.
pub fn header_words(header: &str) -> HeaderWords {
    let mut out = HeaderWords::default();
    let mut text = String::new();
    let mut depth = 0;
    let mut unit = String::new();
    for c in header.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                text.push(' ');
            }
            ')' | ']' => {
                depth = (depth - 1).max(0);
                text.push(' ');
            }
            _ if depth > 0 => unit.push(c),
            '#' | '°' | 'º' => text.push_str(" nr "),
            _ => text.push(c),
        }
    }
    if !unit.trim().is_empty() {
        out.unit = Some(unit.trim().to_lowercase());
    }
    let mut word = String::new();
    let mut prev_lower = false;
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            let w = std::mem::take(word);
            // "no" and "n" before a number sign are the same abbreviation.
            words.push(match w.as_str() {
                "n" | "no" | "num" | "nro" | "nummer" | "number" => "nr".to_string(),
                _ => w,
            });
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower {
                flush(&mut word, &mut out.words);
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            for l in c.to_lowercase() {
                let f = fold(l);
                if f.is_empty() {
                    word.push(l);
                } else {
                    word.push_str(f);
                }
            }
        } else {
            prev_lower = false;
            flush(&mut word, &mut out.words);
        }
    }
    flush(&mut word, &mut out.words);
    // A "#"/"nr" alone after another word reads as that word's id ("Acct #" → acct id).
    out.words.dedup();
    // Flattened JSON keys ("properties.time", "traits.email"): the container's name says
    // nothing about the field.
    if header.contains('.') {
        while out.words.len() > 1
            && matches!(
                out.words[0].as_str(),
                "properties" | "event" | "context" | "traits" | "user" | "data"
            )
        {
            out.words.remove(0);
        }
    }
    out.joined = out.words.join(" ");
    out
}

/// How well a header's words match one of `terms` (each term: words separated by spaces):
/// 1.0 when the header is exactly a term, 0.6–0.8 when it holds all words of a term (more
/// when it has fewer other words), 0.5 when a long compound word contains a one-word term
/// ("Verlängerungsdatum" holds "datum").
pub fn term_match(h: &HeaderWords, terms: &[&str]) -> f64 {
    let mut best: f64 = 0.0;
    for term in terms {
        if *term == h.joined {
            return 1.0;
        }
        let term_words = term.split(' ').count();
        if term.split(' ').all(|t| h.words.iter().any(|w| w == t)) {
            // All of the term's words, among others: the fewer others, the better.
            let share = term_words as f64 / h.words.len().max(1) as f64;
            best = best.max(0.6 + 0.2 * share.min(1.0));
        } else if term_words == 1
            && term.len() >= 4
            && h.words
                .iter()
                .any(|w| w.len() >= 8 && w.len() >= term.len() + 3 && w.contains(term))
        {
            // Inside a long compound word ("Verlängerungsdatum").
            best = best.max(0.5);
        }
    }
    best
}

const ACCOUNT: &[&str] = &[
    "account", "acct", "customer", "client", "cliente", "company", "org", "organization",
    "organisation", "organizacion", "organizacao", "tenant", "workspace", "kunde", "kunden",
    "kundennummer", "compte", "cuenta", "conta", "klant", "klantnummer", "firma", "empresa",
    "entreprise", "bedrijf", "group id", "account id", "customer id", "company id", "record id",
];
const SUBSCRIPTION: &[&str] = &[
    "subscription", "sub id", "abo", "abo id", "abonnement id", "vertrag", "vertragsnummer",
    "contract id", "contract", "contrato", "suscripcion", "assinatura", "id abonnement",
    "subscription nr", "opportunity", "opportunity id",
];
const USER: &[&str] = &[
    "user", "email", "mail", "e mail", "member", "actor", "login", "distinct id", "benutzer",
    "nutzer", "utilisateur", "usuario", "gebruiker", "uid", "visitor", "person", "contact",
    "anonymous id",
];
const EVENT_DATE: &[&str] = &[
    "date", "time", "timestamp", "datum", "fecha", "data", "zeitpunkt", "horodatage", "day",
    "tag", "jour", "dia", "dag", "occurred", "when", "event time", "received", "created",
];
const FEATURE: &[&str] = &[
    "event", "feature", "action", "aktion", "fonctionnalite", "funcionalidad", "recurso",
    "functie", "module", "modul", "page", "screen", "activity", "evenement", "evento",
    "gebeurtenis", "event type", "funktion", "funcao",
];
const COUNT: &[&str] = &[
    "count", "events", "anzahl", "nombre", "cantidad", "quantidade", "aantal", "occurrences",
    "uses", "times", "total", "qty", "quantity", "hits", "sessions", "clicks", "menge",
    "volume", "usage",
];
const DURATION: &[&str] = &[
    "duration", "seconds", "secs", "dauer", "duree", "duracion", "duracao", "duur",
];
const SCORE: &[&str] = &[
    "score", "rating", "nps", "csat", "note", "nota", "cijfer", "bewertung", "puntuacion",
    "pontuacao", "recommend", "likely", "grade", "stars", "zufriedenheit", "satisfaction",
    "answer", "response", "punkte", "waardering", "notation",
];
const COMMENT: &[&str] = &[
    "comment", "comments", "feedback", "kommentar", "commentaire", "comentario", "opmerking",
    "verbatim", "text", "remarks", "anmerkung", "remarque", "observacao", "toelichting",
];
const OPENED: &[&str] = &[
    "created", "opened", "submitted", "erstellt", "creation", "creacion", "criacao",
    "aangemaakt", "geoffnet", "ouvert", "abierto", "aberto", "received", "requested", "open",
    "cree", "creado", "criado", "eroffnet",
];
const RESOLVED: &[&str] = &[
    "solved", "resolved", "closed", "gelost", "resolu", "resuelto", "resolvido", "opgelost",
    "geschlossen", "ferme", "cerrado", "fechado", "gesloten", "resolution", "erledigt",
];
const PRIORITY: &[&str] = &[
    "priority", "prioritat", "priorite", "prioridad", "prioridade", "prioriteit", "urgency",
    "severity", "dringlichkeit", "urgence", "urgencia",
];
const CATEGORY: &[&str] = &[
    "category", "type", "topic", "kategorie", "categorie", "categoria", "thema", "tipo", "typ",
];
const GOAL: &[&str] = &[
    "goal", "objective", "ziel", "objectif", "objetivo", "doel", "milestone", "meilenstein",
    "jalon", "hito", "marco", "mijlpaal", "kpi", "outcome", "initiative",
];
const TARGET: &[&str] = &[
    "target", "zielwert", "soll", "cible", "meta", "doelwaarde", "goal value", "valor objetivo",
    "valeur cible",
];
const CURRENT: &[&str] = &[
    "current", "actual", "ist", "ist wert", "actuel", "atual", "huidig", "achieved", "progress",
    "realised", "realized", "valor actual", "valeur actuelle",
];
const DUE: &[&str] = &[
    "due", "deadline", "fallig", "echeance", "limite", "prazo", "vencimiento", "termin",
    "target date", "uiterste",
];
const NAME: &[&str] = &[
    "name", "company name", "account name", "firmenname", "nom", "nombre de la cuenta", "nome",
    "naam", "bedrijfsnaam", "raison sociale", "razon social", "nom de l entreprise",
    "nome da empresa", "organization name",
];
const ARR: &[&str] = &[
    "arr", "annual", "revenue", "umsatz", "jahresumsatz", "valeur annuelle", "ingresos",
    "receita", "omzet", "jaaromzet", "contract value", "acv", "amount", "betrag", "montant",
    "importe", "bedrag", "annual recurring revenue", "jahreswert",
];
const MRR: &[&str] = &[
    "mrr", "monthly", "monat", "monatsbetrag", "mensuel", "mensualite", "mensual", "mensal",
    "maandelijks", "monthly amount",
];
const PLAN: &[&str] = &[
    "plan", "tier", "edition", "tarif", "forfait", "plano", "package", "paket", "product",
    "produkt", "producto", "produit",
];
const SEATS: &[&str] = &[
    "seats", "licenses", "licences", "lizenzen", "licencias", "licencas", "licenties",
    "platze", "seat",
];
const INDUSTRY: &[&str] = &["industry", "branche", "secteur", "industria", "setor", "sector", "vertical"];
const REGION: &[&str] = &["region", "country", "land", "pays", "pais", "geo", "market", "territory"];
const OWNER: &[&str] = &[
    "owner", "csm", "manager", "betreuer", "responsable", "propietario", "responsavel",
    "eigenaar", "account manager", "rep", "success manager", "account owner",
];
const RENEWAL: &[&str] = &[
    "renewal", "renew", "verlangerung", "verlangerungsdatum", "renouvellement", "renovacion",
    "renovacao", "verlenging", "verlengingsdatum", "contract end", "expires", "ablauf",
];
const SINCE: &[&str] = &[
    "since", "created", "start", "signup", "seit", "debut", "inicio", "startdatum", "onboarded",
    "customer since", "created date", "kunde seit",
];
const SUB_START: &[&str] = &[
    "start", "beginn", "debut", "inicio", "ingangsdatum", "activated", "started", "begin",
    "start date", "von",
];
const SUB_END: &[&str] = &[
    "end", "ende", "fin", "termino", "einddatum", "expires", "ended", "cancelled", "canceled",
    "end date", "bis",
];
const CHURN: &[&str] = &[
    "churn", "churned", "gekundigt", "resilie", "cancelado", "opgezegd", "lost", "exited",
    "attrition", "attrited", "cancelled", "canceled",
];
const CHURN_DATE: &[&str] = &["churn", "churned", "cancelled", "canceled", "kundigung", "resiliation"];
const REASON: &[&str] = &["reason", "grund", "raison", "motivo", "reden", "cause"];
const DIRECTION: &[&str] = &["direction", "richtung", "sens", "direccion", "direcao", "richting"];
const TOUCH_KIND: &[&str] = &["type", "channel", "kanal", "canal", "kind", "activity type", "typ", "tipo"];
const VERSION: &[&str] = &["feature", "release", "version", "name", "title", "titel", "titre"];
const STATUS: &[&str] = &["status", "statut", "estado", "zustand", "state"];
/// A per-account satisfaction column (flat accounts table).
const FLAT_CSAT: &[&str] = &[
    "csat", "csat score", "customer satisfaction", "satisfaction", "satisfaction score",
    "zufriedenheit", "kundenzufriedenheit", "satisfaction client", "satisfaccion",
    "satisfacao", "tevredenheid", "klanttevredenheid",
];
/// A per-account net promoter column: answers 0–10 or a score −100…100.
const FLAT_NPS: &[&str] = &[
    "nps", "nps score", "net promoter score", "net promoter", "likelihood to recommend",
    "recommend", "weiterempfehlung", "recommandation", "recomendacion", "recomendacao",
    "aanbeveling",
];

/// The vocabulary of field `field` of `kind` (empty when the field has none beyond its name).
pub fn terms(kind: TableKind, field: &str) -> &'static [&'static str] {
    use TableKind::*;
    match (kind, field) {
        (_, "account_id") => ACCOUNT,
        (_, "subscription_id") => SUBSCRIPTION,
        (_, "user_id") => USER,
        (Usage, "date") | (Surveys, "date") | (Touchpoints, "date") | (Releases, "date") => {
            EVENT_DATE
        }
        (_, "feature") if kind == Usage => FEATURE,
        (Releases, "feature") => VERSION,
        (_, "count") => COUNT,
        (_, "duration") => DURATION,
        (_, "score") | (_, "satisfaction") => SCORE,
        (_, "comment") => COMMENT,
        (Surveys, "type") => CATEGORY,
        (_, "opened") => OPENED,
        (_, "resolved") => RESOLVED,
        (_, "priority") => PRIORITY,
        (_, "category") => CATEGORY,
        (_, "goal") => GOAL,
        (_, "target") => TARGET,
        (_, "current") => CURRENT,
        (_, "due_date") => DUE,
        (_, "status") => STATUS,
        (_, "name") => NAME,
        (_, "arr") => ARR,
        (_, "mrr") => MRR,
        (_, "plan") => PLAN,
        (_, "seats") => SEATS,
        (_, "industry") => INDUSTRY,
        (_, "region") => REGION,
        (_, "owner") => OWNER,
        (_, "renewal_date") => RENEWAL,
        (Accounts, "start_date") => SINCE,
        (_, "start_date") => SUB_START,
        (_, "end_date") => SUB_END,
        (Accounts, "csat") => FLAT_CSAT,
        (Accounts, "nps") => FLAT_NPS,
        (_, "churned") => CHURN,
        (_, "churn_date") => CHURN_DATE,
        (_, "reason") => REASON,
        (_, "direction") => DIRECTION,
        (Touchpoints, "kind") => TOUCH_KIND,
        _ => &[],
    }
}

/// Header words that point to a table kind wherever they appear in a file's header.
pub fn kind_words(kind: TableKind) -> &'static [&'static str] {
    use TableKind::*;
    match kind {
        Accounts => &[],
        Subscriptions => &[
            "subscription", "abo", "abonnement", "vertrag", "suscripcion", "assinatura", "mrr",
            "billing",
        ],
        Usage => &["event", "events", "distinct id", "session", "pageview", "feature"],
        Surveys => &[
            "nps", "csat", "survey", "umfrage", "enquete", "encuesta", "pesquisa", "respondent",
            "recommend", "puntuacion", "cijfer", "bewertung",
        ],
        Tickets => &[
            "ticket", "chamado", "incidencia", "priority", "prioritat", "priorite", "prioridad",
            "prioridade", "prioriteit", "urgency", "solved", "requester",
        ],
        Goals => &["goal", "ziel", "objectif", "objetivo", "doel", "milestone", "objective"],
        Touchpoints => &["touchpoint", "meeting", "direction"],
        Releases => &["release", "version", "changelog"],
        ChurnEvents => &["churn", "cancellation", "kundigung"],
    }
}

/// Cell values that mark a ticket priority, a ticket or goal status, a touchpoint direction.
pub const PRIORITY_VALUES: &[&str] = &[
    "low", "normal", "medium", "high", "urgent", "critical", "p1", "p2", "p3", "p4", "niedrig",
    "mittel", "hoch", "dringend", "basse", "haute", "urgente", "baja", "media", "alta", "baixa",
    "laag", "hoog", "blocker", "major", "minor",
];
pub const STATUS_VALUES: &[&str] = &[
    "open", "pending", "solved", "closed", "new", "on-hold", "hold", "resolved", "in progress",
    "done", "achieved", "at risk", "on track", "not started", "completed", "offen", "geschlossen",
    "ouvert", "ferme", "abierto", "cerrado",
];
pub const DIRECTION_VALUES: &[&str] = &["inbound", "outbound", "in", "out", "incoming", "outgoing"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_into_words_with_units_aside() {
        let h = header_words("Annual Value (EUR)");
        assert_eq!(h.words, vec!["annual", "value"]);
        assert_eq!(h.unit.as_deref(), Some("eur"));
        assert_eq!(header_words("dataDaResposta").words, vec!["data", "da", "resposta"]);
        assert_eq!(header_words("Verlängerungsdatum").words, vec!["verlangerungsdatum"]);
        assert_eq!(header_words("N° client").words, vec!["nr", "client"]);
        assert_eq!(header_words("Acct #").words, vec!["acct", "nr"]);
        assert_eq!(header_words("event_time").words, vec!["event", "time"]);
    }

    #[test]
    fn terms_match_exactly_partly_or_inside_compounds() {
        let t = &["account id", "renewal"];
        assert_eq!(term_match(&header_words("Account ID"), t), 1.0);
        assert!((term_match(&header_words("account_id_18"), t) - 0.73).abs() < 0.01);
        assert_eq!(term_match(&header_words("Renewaldatum"), t), 0.5);
        assert_eq!(term_match(&header_words("Renewals"), t), 0.0);
        assert_eq!(header_words("properties.time").words, vec!["time"]);
        assert_eq!(term_match(&header_words("Region"), t), 0.0);
    }
}
