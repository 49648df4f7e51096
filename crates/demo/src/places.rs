//! Where customers live: countries, cities, postcodes and street names.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Country {
    Spain,
    Portugal,
    Mexico,
    Chile,
    Argentina,
}

impl Country {
    /// ISO 3166-1 alpha-2, as Shopify and WooCommerce export it.
    pub fn code(self) -> &'static str {
        match self {
            Country::Spain => "ES",
            Country::Portugal => "PT",
            Country::Mexico => "MX",
            Country::Chile => "CL",
            Country::Argentina => "AR",
        }
    }

    pub fn is_abroad(self) -> bool {
        self != Country::Spain
    }
}

pub struct City {
    pub name: &'static str,
    pub country: Country,
    /// Shopify's province code (`M`, `B`, `CMX`…).
    pub province: &'static str,
    /// Inclusive range of the numeric part of the postcode.
    pub postcodes: (u32, u32),
    /// Landline prefix (Spain) or area code (Mexico, Argentina).
    pub area: &'static str,
    /// Relative share of customers.
    pub weight: u32,
    /// The word for "street" used on addresses there.
    pub street_word: &'static str,
}

const fn city(
    name: &'static str,
    country: Country,
    province: &'static str,
    postcodes: (u32, u32),
    area: &'static str,
    weight: u32,
    street_word: &'static str,
) -> City {
    City { name, country, province, postcodes, area, weight, street_word }
}

use Country::{Argentina, Chile, Mexico, Portugal, Spain};

pub static CITIES: &[City] = &[
    city("Madrid", Spain, "M", (28001, 28055), "91", 180, "Calle"),
    city("Barcelona", Spain, "B", (8001, 8042), "93", 130, "Carrer"),
    city("L'Hospitalet de Llobregat", Spain, "B", (8901, 8908), "93", 12, "Carrer"),
    city("Valencia", Spain, "V", (46001, 46026), "96", 60, "Calle"),
    city("Sevilla", Spain, "SE", (41001, 41020), "95", 50, "Calle"),
    city("Zaragoza", Spain, "Z", (50001, 50021), "976", 35, "Calle"),
    city("Málaga", Spain, "MA", (29001, 29018), "95", 40, "Calle"),
    city("Bilbao", Spain, "BI", (48001, 48015), "94", 30, "Calle"),
    city("A Coruña", Spain, "C", (15001, 15011), "981", 20, "Rúa"),
    city("Vigo", Spain, "PO", (36201, 36216), "986", 18, "Rúa"),
    city("Alicante", Spain, "A", (3001, 3016), "96", 25, "Calle"),
    city("Murcia", Spain, "MU", (30001, 30012), "968", 22, "Calle"),
    city("Palma", Spain, "PM", (7001, 7015), "971", 20, "Carrer"),
    city("Las Palmas de Gran Canaria", Spain, "GC", (35001, 35019), "928", 18, "Calle"),
    city("Valladolid", Spain, "VA", (47001, 47016), "983", 18, "Calle"),
    city("Gijón", Spain, "O", (33201, 33213), "985", 14, "Calle"),
    city("Córdoba", Spain, "CO", (14001, 14014), "957", 16, "Calle"),
    city("Granada", Spain, "GR", (18001, 18015), "958", 16, "Calle"),
    city("Vitoria-Gasteiz", Spain, "VI", (1001, 1015), "945", 12, "Calle"),
    city("Donostia-San Sebastián", Spain, "SS", (20001, 20018), "943", 12, "Calle"),
    city("Pamplona", Spain, "NA", (31001, 31016), "948", 12, "Calle"),
    city("Salamanca", Spain, "SA", (37001, 37008), "923", 9, "Calle"),
    city("Santander", Spain, "S", (39001, 39012), "942", 10, "Calle"),
    city("Cádiz", Spain, "CA", (11001, 11012), "956", 8, "Calle"),
    city("Logroño", Spain, "LO", (26001, 26009), "941", 7, "Calle"),
    city("Girona", Spain, "GI", (17001, 17007), "972", 8, "Carrer"),
    city("Lleida", Spain, "L", (25001, 25008), "973", 6, "Carrer"),
    city("Castelló de la Plana", Spain, "CS", (12001, 12006), "964", 7, "Calle"),
    city("Santa Cruz de Tenerife", Spain, "TF", (38001, 38010), "922", 9, "Calle"),
    city("Ourense", Spain, "OR", (32001, 32005), "988", 5, "Rúa"),
    city("Cáceres", Spain, "CC", (10001, 10005), "927", 5, "Calle"),
    city("Lisboa", Portugal, "11", (1000, 1990), "", 10, "Rua"),
    city("Porto", Portugal, "13", (4000, 4369), "", 7, "Rua"),
    city("Ciudad de México", Mexico, "CMX", (1000, 16900), "55", 40, "Calle"),
    city("Guadalajara", Mexico, "JAL", (44100, 44990), "33", 15, "Calle"),
    city("Monterrey", Mexico, "NL", (64000, 64990), "81", 12, "Calle"),
    city("Puebla", Mexico, "PUE", (72000, 72590), "222", 6, "Calle"),
    city("Santiago", Chile, "RM", (8320000, 8380000), "", 30, "Calle"),
    city("Valparaíso", Chile, "VS", (2340000, 2390000), "", 8, "Calle"),
    city("Viña del Mar", Chile, "VS", (2520000, 2580000), "", 6, "Calle"),
    city("Concepción", Chile, "BI", (4030000, 4100000), "", 5, "Calle"),
    city("Buenos Aires", Argentina, "C", (1000, 1499), "11", 25, "Calle"),
    city("Córdoba", Argentina, "X", (5000, 5010), "351", 6, "Calle"),
    city("Rosario", Argentina, "S", (2000, 2013), "341", 5, "Calle"),
];

/// Street names by where they are used; numbers and floors are added later.
pub fn street_names(city: &City) -> &'static [&'static str] {
    match (city.country, city.street_word) {
        (Spain, "Carrer") => &[
            "de Balmes",
            "d'Aragó",
            "de Muntaner",
            "Major",
            "de Sant Pere",
            "de la Diputació",
            "del Rosselló",
            "de Provença",
            "de Pau Claris",
            "de la Indústria",
        ],
        (Spain, "Rúa") => {
            &["Real", "do Franco", "de San Andrés", "Nova", "do Príncipe", "de Rosalía de Castro", "da Torre"]
        }
        (Spain, _) => &[
            "Mayor",
            "de Alcalá",
            "del Doctor Fleming",
            "de los Reyes Católicos",
            "de Juan Ramón Jiménez",
            "de la Constitución",
            "de San Vicente",
            "Real",
            "del Sol",
            "de la Paz",
            "de Nuestra Señora de Begoña",
            "de Alfonso XIII",
            "de Núñez de Balboa",
            "de la Peña",
            "de Cervantes",
            "del Carmen",
        ],
        (Portugal, _) => &["Augusta", "de Santa Catarina", "Garrett", "do Ouro", "da Conceição", "de São Bento"],
        (Mexico, _) => {
            &["Insurgentes Sur", "Reforma", "Álvaro Obregón", "Durango", "Juárez", "Chapultepec", "Hidalgo", "Morelos"]
        }
        (Chile, _) => &["Providencia", "Los Leones", "Irarrázaval", "Apoquindo", "Esmeralda", "O'Higgins", "Ñuñoa"],
        (Argentina, _) => &["Corrientes", "Santa Fe", "Rivadavia", "Cabildo", "Güemes", "Scalabrini Ortiz", "Belgrano"],
    }
}

/// Postcode text for a number drawn from the city's range.
pub fn postcode(city: &City, number: u32, suffix: u32) -> String {
    match city.country {
        Spain | Mexico => format!("{number:05}"),
        Chile => format!("{number:07}"),
        Argentina => format!("{number:04}"),
        Portugal => format!("{number:04}-{:03}", suffix % 1000),
    }
}
