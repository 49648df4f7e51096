//! Customers: names with accents, e-mails derived from them, phones written
//! the many ways people type them, addresses and free-text notes.

use std::collections::HashSet;

use fastrand::Rng;

use crate::chance::{alphanumeric, digits, percent, pick, weighted};
use crate::places::{CITIES, City, Country, postcode, street_names};

pub struct Customer {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub city: &'static City,
    pub address1: String,
    pub address2: String,
    pub postcode: String,
    /// `es` or `en`.
    pub language: &'static str,
    pub notes: String,
    pub accepts_marketing: bool,
    /// Has a shop account (WooCommerce `customer_id` is 0 for guests).
    pub registered: bool,
    pub company: String,
}

impl Customer {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// Street, number and floor on one line.
    pub fn street(&self) -> String {
        if self.address2.is_empty() { self.address1.clone() } else { format!("{}, {}", self.address1, self.address2) }
    }
}

/// Builds `count` customers; e-mails are unique (case-insensitively).
pub fn customers(rng: &mut Rng, count: usize) -> Vec<Customer> {
    let city_weights: Vec<(&'static City, u32)> = CITIES.iter().map(|c| (c, c.weight)).collect();
    let mut taken = HashSet::with_capacity(count);
    (0..count)
        .map(|_| {
            let city = *weighted(rng, &city_weights);
            customer(rng, city, &mut taken)
        })
        .collect()
}

fn customer(rng: &mut Rng, city: &'static City, taken: &mut HashSet<String>) -> Customer {
    // Foreign residents (British, German, French…) on the coasts and in the
    // big cities prefer English.
    let expat = city.country == Country::Spain && percent(rng, 4.0);
    let (first_name, surnames) = name(rng, city.country, expat);
    let language = if expat || percent(rng, 1.5) { "en" } else { "es" };
    let email = (!percent(rng, 2.0)).then(|| email(rng, &first_name, &surnames, city, expat, taken));
    let phone = (!percent(rng, 10.0)).then(|| phone(rng, city));
    let (address1, address2) = address(rng, city);
    let number = rng.u32(city.postcodes.0..=city.postcodes.1);
    let postcode = postcode(city, number, rng.u32(..1000));
    let notes = if percent(rng, 18.0) { notes(rng, language) } else { String::new() };
    let company = if percent(rng, 3.0) {
        format!("{} {} S.L.", pick(rng, &["Talleres", "Distribuciones", "Zapatería", "Deportes"]), surnames[0])
    } else {
        String::new()
    };
    Customer {
        first_name,
        last_name: surnames.join(" "),
        email,
        phone,
        city,
        address1,
        address2,
        postcode,
        language,
        notes,
        accepts_marketing: percent(rng, 45.0),
        registered: percent(rng, 85.0),
        company,
    }
}

const SPANISH_WOMEN: &[&str] = &[
    "María",
    "Carmen",
    "Ana",
    "Laura",
    "Lucía",
    "Marta",
    "Cristina",
    "Isabel",
    "Elena",
    "Paula",
    "Sofía",
    "Raquel",
    "Pilar",
    "Rocío",
    "Begoña",
    "Núria",
    "Montserrat",
    "Inmaculada",
    "Concepción",
    "Ainhoa",
    "Itziar",
    "Irene",
    "Alba",
    "Noelia",
    "Sonia",
    "Beatriz",
    "Verónica",
    "Mónica",
    "Ángela",
    "Eugenia",
    "Ana Belén",
    "María José",
    "María del Carmen",
    "Mari Carmen",
    "Rosa María",
    "Alejandra",
    "Lorena",
    "Nerea",
    "Leire",
    "Amaia",
    "Araceli",
    "Inés",
    "Yolanda",
    "Encarnación",
    "Dolores",
    "Remedios",
    "Xiana",
    "Uxía",
    "Maite",
    "Aránzazu",
];
const SPANISH_MEN: &[&str] = &[
    "José",
    "Antonio",
    "Manuel",
    "Francisco",
    "David",
    "Javier",
    "Daniel",
    "Carlos",
    "Jesús",
    "Alejandro",
    "Miguel",
    "Rafael",
    "Pablo",
    "Sergio",
    "Fernando",
    "Jorge",
    "Luis",
    "Alberto",
    "Álvaro",
    "Adrián",
    "Iñaki",
    "Aitor",
    "Unai",
    "Jordi",
    "Pau",
    "Xavier",
    "Xosé",
    "Óscar",
    "Rubén",
    "Víctor",
    "Ramón",
    "Ángel",
    "Andrés",
    "Tomás",
    "Joaquín",
    "Julián",
    "Íñigo",
    "Gonzalo",
    "Nicolás",
    "Hugo",
    "Martín",
    "José Luis",
    "Juan Carlos",
    "José Antonio",
    "Juan Manuel",
    "Francisco Javier",
    "Marc",
    "Oriol",
    "Borja",
    "Germán",
];
const SPANISH_SURNAMES: &[&str] = &[
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Morales",
    "Suárez",
    "Ortega",
    "Delgado",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Iglesias",
    "Medina",
    "Garrido",
    "Cortés",
    "Castillo",
    "Santos",
    "Lozano",
    "Guerrero",
    "Cano",
    "Prieto",
    "Méndez",
    "Calvo",
    "Gallego",
    "Vidal",
    "León",
    "Márquez",
    "Herrera",
    "Peña",
    "Flores",
    "Cabrera",
    "Vega",
    "Fuentes",
    "Carrasco",
    "Díez",
    "Caballero",
    "Nieto",
    "Pascual",
    "Herrero",
    "Montero",
    "Hidalgo",
    "Giménez",
    "Ibáñez",
    "Ferrer",
    "Durán",
    "Benítez",
    "Vicente",
    "Arias",
    "Crespo",
    "Román",
    "Pastor",
    "Sáez",
    "Velasco",
    "Soler",
    "Parra",
    "Esteban",
    "Bravo",
    "Ordóñez",
    "Argüelles",
    "Agüero",
    "Sigüenza",
    "Etxeberria",
    "Goikoetxea",
    "Aguirre",
    "Zubizarreta",
    "Puig",
    "Vilaró",
    "Casals",
    "Pujol",
    "Sardà",
    "Castaño",
    "Muñiz",
    "Güell",
    "Col·lell",
    "Echeverría",
];
const PORTUGUESE_GIVEN: &[&str] = &[
    "João",
    "José",
    "António",
    "Francisco",
    "Pedro",
    "Tiago",
    "Gonçalo",
    "Rui",
    "Sebastião",
    "Luís",
    "Ana",
    "Maria",
    "Conceição",
    "Inês",
    "Beatriz",
    "Leonor",
    "Margarida",
    "Joana",
    "Mariana",
    "Catarina",
    "João Pedro",
    "Maria João",
];
const PORTUGUESE_SURNAMES: &[&str] = &[
    "Silva",
    "Santos",
    "Ferreira",
    "Pereira",
    "Oliveira",
    "Costa",
    "Rodrigues",
    "Martins",
    "Sousa",
    "Fernandes",
    "Gonçalves",
    "Gomes",
    "Lopes",
    "Marques",
    "Alves",
    "Ribeiro",
    "Pinto",
    "Carvalho",
    "Teixeira",
    "Magalhães",
    "Araújo",
    "Brandão",
    "Conceição",
    "Simões",
];
const LATAM_GIVEN: &[&str] = &[
    "Guadalupe",
    "Ximena",
    "Itzel",
    "Fernanda",
    "Valentina",
    "Camila",
    "Daniela",
    "Javiera",
    "Catalina",
    "Florencia",
    "Agustina",
    "Milagros",
    "Renata",
    "Regina",
    "Cuauhtémoc",
    "Santiago",
    "Matías",
    "Benjamín",
    "Sebastián",
    "Diego",
    "Emiliano",
    "Joaquín",
    "Tomás",
    "Facundo",
    "Agustín",
    "Lautaro",
    "Ignacio",
    "Rodrigo",
    "María José",
    "Juan Pablo",
];
const MEXICAN_SURNAMES: &[&str] = &[
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Gutiérrez",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Chávez",
    "Rivera",
    "Juárez",
    "Domínguez",
    "Velázquez",
    "Guzmán",
    "Contreras",
    "Salazar",
    "Xicoténcatl",
    "Cuevas",
    "Ibarra",
];
const CHILEAN_SURNAMES: &[&str] = &[
    "Muñoz",
    "Rojas",
    "Díaz",
    "Pérez",
    "Soto",
    "Contreras",
    "Silva",
    "Martínez",
    "Sepúlveda",
    "Morales",
    "Rodríguez",
    "López",
    "Araya",
    "Fuentes",
    "Espinoza",
    "Valenzuela",
    "Reyes",
    "Vergara",
    "Tapia",
    "Figueroa",
    "Carrasco",
    "Núñez",
    "Pizarro",
    "Jara",
    "Vásquez",
    "Aravena",
    "Ñancupil",
    "Huenchumilla",
];
const ARGENTINE_SURNAMES: &[&str] = &[
    "González",
    "Rodríguez",
    "Gómez",
    "Fernández",
    "López",
    "Díaz",
    "Martínez",
    "Pérez",
    "Romero",
    "Sosa",
    "Álvarez",
    "Acosta",
    "Benítez",
    "Medina",
    "Bianchi",
    "Rossi",
    "Ferraro",
    "Russo",
    "Romano",
    "Colombo",
    "Gallo",
    "Mancini",
    "Schneider",
    "Giménez",
];
const EXPAT_GIVEN: &[&str] = &[
    "James",
    "Emma",
    "Oliver",
    "Charlotte",
    "Thomas",
    "Sophie",
    "William",
    "Olivia",
    "Harry",
    "Emily",
    "George",
    "Grace",
    "Jürgen",
    "Françoise",
    "Chloé",
    "Zoë",
    "Björn",
    "Siobhán",
];
const EXPAT_SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "O'Connor",
    "McAllister",
    "Murphy",
    "Walsh",
    "Hughes",
    "Müller",
    "Schröder",
    "Lefèvre",
    "Dubois",
    "Andersson",
];

/// Given name(s) and surnames; Spaniards usually carry two surnames.
fn name(rng: &mut Rng, country: Country, expat: bool) -> (String, Vec<&'static str>) {
    let (given, surnames, two_surnames): (&[&str], &[&str], f64) = if expat {
        (EXPAT_GIVEN, EXPAT_SURNAMES, 0.0)
    } else {
        match country {
            Country::Spain if rng.bool() => (SPANISH_WOMEN, SPANISH_SURNAMES, 70.0),
            Country::Spain => (SPANISH_MEN, SPANISH_SURNAMES, 70.0),
            Country::Portugal => (PORTUGUESE_GIVEN, PORTUGUESE_SURNAMES, 60.0),
            Country::Mexico => (LATAM_GIVEN, MEXICAN_SURNAMES, 55.0),
            Country::Chile => (LATAM_GIVEN, CHILEAN_SURNAMES, 55.0),
            Country::Argentina => (LATAM_GIVEN, ARGENTINE_SURNAMES, 10.0),
        }
    };
    let first = pick(rng, given).to_string();
    let mut last = vec![*pick(rng, surnames)];
    if percent(rng, two_surnames) {
        let second = *pick(rng, surnames);
        if second != last[0] {
            last.push(second);
        }
    }
    (first, last)
}

/// Lower-case ASCII: accents dropped, ñ → n, ç → c, anything else removed.
pub fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue,
        };
        out.push(folded);
    }
    out
}

fn email(
    rng: &mut Rng,
    first: &str,
    surnames: &[&str],
    city: &City,
    expat: bool,
    taken: &mut HashSet<String>,
) -> String {
    let given = ascii_fold(first);
    let given_short = ascii_fold(first.split(' ').next().unwrap_or(first));
    let last = ascii_fold(surnames[0]);
    let initial = &given[..1];
    let year = 1955 + rng.u32(..50);
    let local = match rng.u32(..100) {
        0..35 => format!("{given_short}.{last}"),
        35..50 => format!("{given}{last}"),
        50..63 => format!("{initial}{last}"),
        63..68 => format!("{given_short}_{last}"),
        68..78 => format!("{given_short}.{last}{:02}", year % 100),
        78..83 if surnames.len() > 1 => format!("{given_short}{last}{}", &ascii_fold(surnames[1])[..1]),
        83..88 => format!("{last}.{given_short}"),
        88..95 => format!("{given_short}{year}"),
        _ => format!("{given_short}{last}{}", rng.u32(1..100)),
    };
    let domains: &[(&str, u32)] = if expat {
        &[
            ("gmail.com", 40),
            ("hotmail.co.uk", 20),
            ("yahoo.co.uk", 10),
            ("btinternet.com", 10),
            ("outlook.com", 10),
            ("gmx.de", 10),
        ]
    } else {
        match city.country {
            Country::Spain => &[
                ("gmail.com", 45),
                ("hotmail.com", 15),
                ("hotmail.es", 8),
                ("yahoo.es", 6),
                ("outlook.es", 8),
                ("outlook.com", 5),
                ("icloud.com", 5),
                ("telefonica.net", 3),
                ("gmx.es", 2),
                ("protonmail.com", 1),
            ],
            Country::Portugal => &[("gmail.com", 50), ("sapo.pt", 25), ("hotmail.com", 15), ("outlook.pt", 10)],
            Country::Mexico => &[
                ("gmail.com", 50),
                ("hotmail.com", 25),
                ("outlook.com", 10),
                ("yahoo.com.mx", 10),
                ("prodigy.net.mx", 5),
            ],
            Country::Chile => {
                &[("gmail.com", 55), ("hotmail.com", 20), ("outlook.com", 10), ("yahoo.es", 5), ("vtr.net", 10)]
            }
            Country::Argentina => {
                &[("gmail.com", 50), ("hotmail.com", 25), ("yahoo.com.ar", 15), ("fibertel.com.ar", 10)]
            }
        }
    };
    let domain = weighted(rng, domains);
    let mut address = format!("{local}@{domain}");
    let mut counter = rng.u32(2..99);
    while taken.contains(&address) {
        address = format!("{local}{counter}@{domain}");
        counter += 1;
    }
    taken.insert(address.clone());
    // About 3% typed with capitals; the address stays the same mailbox.
    if percent(rng, 3.0) {
        if rng.u32(..3) == 0 {
            address = address.to_uppercase();
        } else {
            address = capitalise_words(&address);
        }
    }
    address
}

/// `jose.nunez@gmail.com` → `Jose.Nunez@Gmail.com`
fn capitalise_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.chars() {
        out.push(if at_start { c.to_ascii_uppercase() } else { c });
        at_start = !c.is_ascii_alphanumeric();
    }
    out
}

fn phone(rng: &mut Rng, city: &City) -> String {
    match city.country {
        Country::Spain => spanish_phone(rng, city),
        Country::Portugal => {
            format!("+351 9{}{} {} {}", pick(rng, &["1", "2", "3", "6"]), rng.digit(10), digits(rng, 3), digits(rng, 3))
        }
        Country::Mexico => {
            let rest = format!("{}{}", rng.u32(2..10), digits(rng, 9 - city.area.len()));
            if city.area.len() == 2 {
                format!("+52 {} {} {}", city.area, &rest[..4], &rest[4..])
            } else {
                format!("+52 {} {} {}", city.area, &rest[..3], &rest[3..])
            }
        }
        Country::Chile => format!("+56 9 {}{} {}", pick(rng, &["5", "6", "8", "9"]), digits(rng, 3), digits(rng, 4)),
        Country::Argentina => {
            // Local numbers never start with 0 or 1 (or 15, the old mobile prefix).
            let rest = format!("{}{}", rng.u32(3..8), digits(rng, 9 - city.area.len()));
            let split = rest.len() - 4;
            format!("+54 9 {} {}-{}", city.area, &rest[..split], &rest[split..])
        }
    }
}

/// Nine digits, mostly mobiles, written the ways Spaniards type them.
fn spanish_phone(rng: &mut Rng, city: &City) -> String {
    let number = if percent(rng, 8.0) {
        // Landlines: after a two-digit area (91, 93…) the next digit is 2–8.
        let next = if city.area.len() == 2 { rng.u32(2..9).to_string() } else { String::new() };
        format!("{}{next}{}", city.area, digits(rng, 9 - city.area.len() - next.len()))
    } else {
        let lead = if percent(rng, 85.0) { "6".to_string() } else { format!("7{}", rng.u32(1..5)) };
        format!("{lead}{}", digits(rng, 9 - lead.len()))
    };
    let n = number.as_str();
    let grouped = format!("{} {} {} {}", &n[..3], &n[3..5], &n[5..7], &n[7..]);
    match rng.u32(..100) {
        0..25 => grouped,
        25..55 => number,
        55..70 => format!("+34 {grouped}"),
        70..75 => format!("0034{n}"),
        75..80 => format!("{}-{}-{}-{}", &n[..3], &n[3..5], &n[5..7], &n[7..]),
        80..92 => format!("{} {} {}", &n[..3], &n[3..6], &n[6..]),
        _ => format!("+34{n}"),
    }
}

fn address(rng: &mut Rng, city: &City) -> (String, String) {
    let street = pick(rng, street_names(city));
    let number = rng.u32(1..180);
    let line1 = match city.country {
        Country::Spain | Country::Portugal => {
            let word = if percent(rng, 20.0) && city.country == Country::Spain && city.street_word == "Calle" {
                pick(rng, &["Avenida", "Paseo", "Plaza", "Ronda"])
            } else {
                city.street_word
            };
            format!("{word} {street}, {number}")
        }
        Country::Mexico => format!("{} {street} {}", pick(rng, &["Av.", "Calle"]), rng.u32(1..3000)),
        Country::Chile | Country::Argentina => format!("Av. {street} {}", rng.u32(100..6000)),
    };
    let floor = rng.u32(1..9);
    let line2 = match city.country {
        Country::Spain => match rng.u32(..10) {
            0..5 => format!("{floor}º {}", pick(rng, &["A", "B", "C", "D", "izq.", "dcha."])),
            5 => "Bajo".to_string(),
            6 => format!("Ático {}ª", rng.u32(1..3)),
            7 => format!("Escalera {}, {floor}º {}", pick(rng, &["A", "B"]), rng.u32(1..5)),
            _ => String::new(),
        },
        Country::Portugal => format!("{floor}º {}", pick(rng, &["Esq.", "Dto.", "Frente"])),
        Country::Mexico => {
            format!("Col. {}", pick(rng, &["Del Valle", "Roma Norte", "Condesa", "Centro", "Providencia"]))
        }
        Country::Chile => {
            if rng.bool() {
                format!("Depto. {}{:02}", floor, rng.u32(1..20))
            } else {
                String::new()
            }
        }
        Country::Argentina => format!("Piso {floor} Dto. {}", pick(rng, &["A", "B", "C"])),
    };
    (line1, line2)
}

const NOTES_ES: &[&str] = &[
    "Prefiere entrega por la tarde, a partir de las 17:00.",
    "Cliente habitual. Talla 42 en botas, 41 en zapatillas.",
    "Llamar antes de entregar; el timbre no funciona.",
    "Alergia al níquel: evitar hebillas metálicas.",
    "Pide factura a nombre de la empresa, con CIF.",
    "Devolvió unas botas por talla pequeña, cambio hecho sin problemas.",
    "Le gusta recibir novedades de montaña por correo.",
    "Portal con código, dejar en conserjería si no está.",
    "Trato de usted, por favor.",
    "Cumpleaños en marzo: enviar cupón de regalo.",
    "Pie ancho; recomendar hormas cómodas.",
    "Se quejó del retraso de un envío en Navidad, compensado con un 10%.",
    "Paga siempre con Bizum.",
];
const NOTES_EN: &[&str] = &[
    "Prefers e-mail over phone calls.",
    "Size 38 in trainers, 39 in boots.",
    "Speaks little Spanish, please write in English.",
    "Leave the parcel with the neighbour at 2º A if not at home.",
    "Returned a jacket (wrong size), refund done.",
    "Spends winters in Spain, summers in the UK: check the address.",
];

/// Sometimes one line, sometimes several, as shop owners type them.
fn notes(rng: &mut Rng, language: &str) -> String {
    let pool = if language == "en" { NOTES_EN } else { NOTES_ES };
    match rng.u32(..10) {
        0..7 => pick(rng, pool).to_string(),
        7..9 => format!("{}\n{}", pick(rng, pool), pick(rng, pool)),
        _ => {
            let (city, street) = if language == "en" {
                ("Alicante", "Holiday flat: Calle Ñandú, 7, bajo")
            } else {
                ("Málaga", "Dirección de entrega alternativa:\nCalle Ñandú, 7, bajo")
            };
            format!("{street}\n29010 {city}\nRef. {}", alphanumeric(rng, 6))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names_into_mailbox_ascii() {
        assert_eq!(ascii_fold("José Núñez"), "josenunez", "accents and spaces go");
        assert_eq!(ascii_fold("Argüelles Col·lell"), "arguellescollell", "ü and the Catalan dot go");
        assert_eq!(ascii_fold("João Gonçalves"), "joaogoncalves", "ç and ã fold");
        assert_eq!(ascii_fold("O'Connor"), "oconnor", "apostrophes go");
    }

    #[test]
    fn emails_are_unique_ignoring_case() {
        let mut rng = Rng::with_seed(7);
        let all = customers(&mut rng, 5000);
        let mut seen = HashSet::new();
        for email in all.iter().filter_map(|c| c.email.as_ref()) {
            assert!(email.is_ascii(), "mailboxes are folded to ASCII: {email}");
            assert!(seen.insert(email.to_lowercase()), "two customers share {email}");
        }
    }
}
