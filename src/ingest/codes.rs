//! Unused columns that hold identifiers or codes, not quantities or groupings: never offered as
//! a category or a custom measure (they are still listed as unused).
//!
//! - An identifier ([`Code::Id`]): the header says id/key/uuid, or ends in a number word
//!   ("Ticket No", "Kundennummer", "Numéro") or starts with one ("N° client", not "Number of
//!   …"; `#`, `º` and `°` read as "nr"), or, for a text
//!   column, the values are mostly distinct single tokens holding a digit ("TCK-00123").
//! - A numeric code ([`Code::Number`]): the header names a phone number or postcode (English,
//!   German, French, Spanish, Portuguese, Dutch spellings), or at least 90 % of the values are
//!   written as codes: a leading `+` with 6+ digits, a leading zero ("0123"), digit groups joined
//!   by `-`, `/` or brackets, or groups separated by spaces or dots that are not thousands
//!   ("30 1234567", "06.12.34.56.78"; "1 234 567" is a number); or every value is digits of one
//!   length, 4 or more, with a leading zero somewhere (postcodes such as 01067, 75001).
//!   Fixed length and distinct values alone are not enough: amounts of one size are common.

use super::vocab::header_words;

/// What an unused column holds instead of a measurable value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// Identifiers.
    Id,
    /// Phone numbers, postcodes, other numeric codes.
    Number,
}

/// Header words naming a phone number or a postcode (accents folded, lower case).
const NUMBER_WORDS: &[&str] = &[
    "phone", "tel", "fax", "mobile", "mobil", "handy", "cell", "gsm", "zip", "zipcode", "postcode",
    "postal", "plz", "cep", "iban",
];

/// Header word beginnings of the same (compounds: "Telefonnummer", "téléphone", "Postcode";
/// and any word ending in "phone").
const NUMBER_STEMS: &[&str] = &["telefon", "telephon", "telefoon", "postleitzahl", "postcode"];

/// Header words naming an identifier.
const ID_WORDS: &[&str] = &[
    "id", "ids", "key", "uuid", "guid", "identifier", "identifiant", "identificador", "kennung",
    "chave", "clave", "sleutel", "schlussel",
];

/// The code an unused column holds, from its header and its first 200 cells;
/// `value_type` is its reading (`number`, `category`, …): dates and yes/no are never codes.
pub fn code_of(header: &str, value_type: &str, cells: &[Option<&str>]) -> Option<Code> {
    let words = header_words(header).words;
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let compound = |w: &String| w.ends_with("phone") || NUMBER_STEMS.iter().any(|s| w.starts_with(s));
    if has(NUMBER_WORDS) || words.iter().any(compound) {
        return Some(Code::Number);
    }
    // A number word last ("Ticket No", "Kundennummer", "Numéro"), or first unless a count
    // follows ("N° client", not "Number of seats").
    let last = words.last().map_or("", String::as_str);
    let numbered = matches!(last, "nr" | "numero")
        || (last.len() > 6 && (last.ends_with("nummer") || last.ends_with("nr")))
        || (words.len() > 1 && words[0] == "nr" && words[1] != "of");
    if has(ID_WORDS) || numbered {
        return Some(Code::Id);
    }
    if !matches!(value_type, "number" | "category") {
        return None;
    }
    // One pass over the first 200 cells (no sort, no copies: this runs in the browser too).
    let sample = &cells[..cells.len().min(200)];
    let (mut n, mut coded, mut tokens, mut distinct) = (0, 0, 0, 0);
    let (mut width, mut fixed, mut zero) = (0, true, false);
    for (i, cell) in sample.iter().enumerate() {
        // Cells come trimmed, blanks as `None` (the tables' readers).
        let Some(b) = cell.map(str::as_bytes).filter(|b| !b.is_empty()) else {
            continue;
        };
        n += 1;
        coded += usize::from(written_as_code(b));
        tokens += usize::from(b.iter().all(|&c| c != b' ') && b.iter().any(u8::is_ascii_digit));
        distinct += usize::from(!sample[..i].iter().any(|c| c.map(str::as_bytes) == Some(b)));
        fixed &= b.iter().all(u8::is_ascii_digit) && (width == 0 || width == b.len());
        width = b.len();
        zero |= b[0] == b'0';
    }
    let share = |k: usize| n > 0 && k * 10 >= n * 9;
    if share(coded) || (fixed && width >= 4 && zero) {
        return Some(Code::Number);
    }
    (value_type == "category" && n >= 10 && share(distinct) && share(tokens)).then_some(Code::Id)
}

/// True when a cell is written as a code rather than a number (see the module notes).
fn written_as_code(b: &[u8]) -> bool {
    if !b.iter().all(|c| c.is_ascii_digit() || b" -./()+".contains(c)) {
        return false;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    if b[0] == b'+' {
        return digits >= 6;
    }
    if b.len() > 1 && b[0] == b'0' && b[1].is_ascii_digit() {
        return true;
    }
    if b[1..].iter().any(|c| b"-/()".contains(c)) {
        return true;
    }
    // Groups split by spaces or dots: a number's thousands are 1–3 digits then groups of 3
    // (one dot alone is a decimal point).
    let (mut groups, mut first, mut run, mut thousands) = (0, 0, 0, true);
    let (mut dots, mut spaced) = (0, false);
    for &c in b.iter().chain(b"\0") {
        dots += usize::from(c == b'.');
        spaced |= c == b' ';
        if c.is_ascii_digit() {
            run += 1;
        } else if run > 0 {
            groups += 1;
            if groups == 1 {
                first = run;
            } else {
                thousands &= run == 3;
            }
            run = 0;
        }
    }
    groups > 1 && !(thousands && first <= 3) && (dots != 1 || spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(values: &[&'a str]) -> Vec<Option<&'a str>> {
        values.iter().map(|v| Some(*v)).collect()
    }

    #[test]
    fn identifiers_by_name_in_several_languages() {
        for header in [
            "ticket_id", "TicketID", "Ticket No", "Ticket #", "Kundennummer", "Kunden-Nr",
            "N° client", "Nº de pedido", "Numéro", "identifiant", "Chave", "order key", "uuid",
        ] {
            assert_eq!(code_of(header, "category", &[]), Some(Code::Id), "{header}");
        }
        // A count is not an identifier; nor is a plain category.
        for header in ["Number of seats", "Anzahl Nutzer", "Region code", "Plan", "Ticket type"] {
            assert_eq!(code_of(header, "number", &cells(&["12", "40"])), None, "{header}");
        }
    }

    #[test]
    fn phone_numbers_and_postcodes_by_name_in_several_languages() {
        for header in [
            "Phone", "téléphone", "Telefon", "Telefonnummer", "Teléfono", "telefone", "Tel.",
            "Mobile", "Handy", "Fax", "ZIP", "Postcode", "Code postal", "Código postal", "PLZ",
            "Postleitzahl", "CEP", "Telefoonnummer",
        ] {
            assert_eq!(code_of(header, "number", &[]), Some(Code::Number), "{header}");
        }
    }

    #[test]
    fn numeric_codes_by_how_the_values_are_written() {
        let code = |values: &[&str]| code_of("contact", "number", &cells(values));
        assert_eq!(code(&["+49 30 1234567", "+33 1 23 45 67 89"]), Some(Code::Number));
        assert_eq!(code(&["030-1234567", "089/123456"]), Some(Code::Number));
        assert_eq!(code(&["06 12 34 56 78", "06.12.34.56.78"]), Some(Code::Number));
        assert_eq!(code(&["0123", "0456", "0789"]), Some(Code::Number));
        // Postcodes: one length, a leading zero somewhere.
        assert_eq!(code(&["75001", "01067", "10115", "80331"]), Some(Code::Number));
        // Numbers written as numbers stay measures: thousands, decimals, signs, one size.
        for values in [
            &["1 234 567", "12 500", "980"][..],
            &["1.234.567", "12.50", "0.5", "-3", "+5"],
            &["12000", "45000", "87000", "23000"],
        ] {
            assert_eq!(code(values), None, "{values:?}");
        }
    }

    #[test]
    fn each_cell_is_a_code_or_a_number_by_how_it_is_written() {
        for code in ["+49 30 1234567", "0123", "030-1234567", "(030) 123", "06 12 34 56 78", "06.12.34.56.78", "30 1234567", "1.2.3.4"] {
            assert!(written_as_code(code.as_bytes()), "{code}");
        }
        for number in ["12.50", "0.5", "1 234 567", "1.234.567", "12 500", "-3", "+5", "980", "0", "12 ab"] {
            assert!(!written_as_code(number.as_bytes()), "{number}");
        }
    }

    #[test]
    fn identifiers_by_mostly_distinct_tokens() {
        let ids: Vec<String> = (0..20).map(|i| format!("TCK-{:05}", 17 * i + 3)).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(code_of("reference", "category", &cells(&ids)), Some(Code::Id));
        // The same values as a number column, or few of them, or words: not by values.
        let plans = ["Basic", "Pro", "Enterprise", "Pro 2", "Basic", "Pro", "Basic", "Pro", "Pro", "Basic"];
        assert_eq!(code_of("plan", "category", &cells(&plans)), None);
        assert_eq!(code_of("reference", "category", &cells(&ids[..5])), None);
    }
}
