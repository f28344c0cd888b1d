//! Header terms of the entity tables' fields (accounts, subscriptions) and of churn events.

pub(super) const NAME: &[&str] = &[
    "name",
    "company name",
    "account name",
    "firmenname",
    "nom",
    "nombre de la cuenta",
    "nome",
    "naam",
    "bedrijfsnaam",
    "raison sociale",
    "razon social",
    "nom de l entreprise",
    "nome da empresa",
    "organization name",
];
pub(super) const ARR: &[&str] = &[
    "arr",
    "annual",
    "revenue",
    "umsatz",
    "jahresumsatz",
    "valeur annuelle",
    "ingresos",
    "receita",
    "omzet",
    "jaaromzet",
    "contract value",
    "acv",
    "amount",
    "betrag",
    "montant",
    "importe",
    "bedrag",
    "annual recurring revenue",
    "jahreswert",
];
pub(super) const MRR: &[&str] = &[
    "mrr",
    "monthly",
    "monat",
    "monatsbetrag",
    "mensuel",
    "mensualite",
    "mensual",
    "mensal",
    "maandelijks",
    "monthly amount",
];
pub(super) const PLAN: &[&str] = &[
    "plan", "tier", "edition", "tarif", "forfait", "plano", "package", "paket", "product",
    "produkt", "producto", "produit",
];
pub(super) const SEATS: &[&str] = &[
    "seats",
    "licenses",
    "licences",
    "lizenzen",
    "licencias",
    "licencas",
    "licenties",
    "platze",
    "seat",
];
pub(super) const INDUSTRY: &[&str] = &[
    "industry",
    "branche",
    "secteur",
    "industria",
    "setor",
    "sector",
    "vertical",
];
pub(super) const REGION: &[&str] = &[
    "region",
    "country",
    "land",
    "pays",
    "pais",
    "geo",
    "market",
    "territory",
];
pub(super) const OWNER: &[&str] = &[
    "owner",
    "csm",
    "manager",
    "betreuer",
    "responsable",
    "propietario",
    "responsavel",
    "eigenaar",
    "account manager",
    "rep",
    "success manager",
    "account owner",
];
pub(super) const RENEWAL: &[&str] = &[
    "renewal",
    "renew",
    "verlangerung",
    "verlangerungsdatum",
    "renouvellement",
    "renovacion",
    "renovacao",
    "verlenging",
    "verlengingsdatum",
    "contract end",
    "expires",
    "ablauf",
];
pub(super) const SINCE: &[&str] = &[
    "since",
    "created",
    "start",
    "signup",
    "seit",
    "debut",
    "inicio",
    "startdatum",
    "onboarded",
    "customer since",
    "created date",
    "kunde seit",
];
pub(super) const SUB_START: &[&str] = &[
    "start",
    "beginn",
    "debut",
    "inicio",
    "ingangsdatum",
    "activated",
    "started",
    "begin",
    "start date",
    "von",
];
pub(super) const SUB_END: &[&str] = &[
    "end",
    "ende",
    "fin",
    "termino",
    "einddatum",
    "expires",
    "ended",
    "cancelled",
    "canceled",
    "end date",
    "bis",
];
pub(super) const CHURN: &[&str] = &[
    "churn",
    "churned",
    "gekundigt",
    "resilie",
    "cancelado",
    "opgezegd",
    "lost",
];
pub(super) const CHURN_DATE: &[&str] = &[
    "churn",
    "churned",
    "cancelled",
    "canceled",
    "kundigung",
    "resiliation",
];
pub(super) const REASON: &[&str] = &["reason", "grund", "raison", "motivo", "reden", "cause"];
pub(super) const DIRECTION: &[&str] = &[
    "direction",
    "richtung",
    "sens",
    "direccion",
    "direcao",
    "richting",
];
pub(super) const TOUCH_KIND: &[&str] = &[
    "type",
    "channel",
    "kanal",
    "canal",
    "kind",
    "activity type",
    "typ",
    "tipo",
];
pub(super) const VERSION: &[&str] = &[
    "feature", "release", "version", "name", "title", "titel", "titre",
];
pub(super) const STATUS: &[&str] = &["status", "statut", "estado", "zustand", "state"];
/// A per-account satisfaction column (flat accounts table).
pub(super) const FLAT_CSAT: &[&str] = &[
    "csat",
    "csat score",
    "customer satisfaction",
    "satisfaction",
    "satisfaction score",
    "zufriedenheit",
    "kundenzufriedenheit",
    "satisfaction client",
    "satisfaccion",
    "satisfacao",
    "tevredenheid",
    "klanttevredenheid",
];
/// A per-account net promoter column: answers 0–10 or a score −100…100.
pub(super) const FLAT_NPS: &[&str] = &[
    "nps",
    "nps score",
    "net promoter score",
    "net promoter",
    "likelihood to recommend",
    "recommend",
    "weiterempfehlung",
    "recommandation",
    "recomendacion",
    "recomendacao",
    "aanbeveling",
];
