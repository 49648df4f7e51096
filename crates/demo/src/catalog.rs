//! The shop's products: shoes, clothing and accessories with stable SKUs.
//!
//! The catalogue does not depend on `--seed`, so `BOT-0042` names the same
//! product in every generated data set.

use fastrand::Rng;

use crate::money::format_cents;

pub struct Product {
    pub name: String,
    pub sku: String,
    pub vendor: &'static str,
    /// Price in euro cents, VAT included.
    pub price: i64,
    /// Price before a sale, if any.
    pub compare_at: Option<i64>,
    pub price_point: String,
    pub price_comma: String,
    pub compare_at_point: String,
    /// How many units people usually buy at once (socks come in handfuls).
    pub bulk: bool,
}

struct Family {
    prefix: &'static str,
    vendor: &'static str,
    /// Lowest and highest price in whole euros.
    prices: (i64, i64),
    colours: bool,
    bulk: bool,
    names: &'static [&'static str],
}

const FAMILIES: &[Family] = &[
    Family {
        prefix: "BOT",
        vendor: "Sierra Norte",
        prices: (59, 169),
        colours: true,
        bulk: false,
        names: &[
            "Botas de montaña",
            "Botas de montaña impermeables",
            "Botas de trekking Gore-Tex",
            "Botines Chelsea de piel",
            "Botas de agua",
            "Botas camperas",
            "Botines de ante",
        ],
    },
    Family {
        prefix: "ZAP",
        vendor: "Calzados Ibáñez",
        prices: (39, 129),
        colours: true,
        bulk: false,
        names: &[
            "Zapatillas running",
            "Zapatillas trail",
            "Zapatillas de lona",
            "Zapatos Oxford de piel",
            "Mocasines de piel",
            "Náuticos",
            "Zapatillas \"Retro 80\"",
            "Alpargatas de esparto",
            "Bailarinas",
            "Zapatos de fiesta; edición limitada",
        ],
    },
    Family {
        prefix: "SAN",
        vendor: "Calzados Ibáñez",
        prices: (19, 69),
        colours: true,
        bulk: false,
        names: &["Sandalias de cuero", "Chanclas de playa", "Sandalias de trekking", "Menorquinas (avarcas)"],
    },
    Family {
        prefix: "CAM",
        vendor: "Algodón Vivo",
        prices: (14, 39),
        colours: true,
        bulk: false,
        names: &[
            "Camiseta algodón orgánico",
            "Camiseta técnica",
            "Camiseta manga larga",
            "Polo piqué",
            "Camiseta \"Montaña\" serigrafiada",
            "Camisa de franela, cuadros",
        ],
    },
    Family {
        prefix: "SUD",
        vendor: "Algodón Vivo",
        prices: (29, 89),
        colours: true,
        bulk: false,
        names: &["Sudadera con capucha", "Jersey de lana merino", "Forro polar", "Cárdigan de punto"],
    },
    Family {
        prefix: "PAN",
        vendor: "Taller Peña",
        prices: (24, 79),
        colours: true,
        bulk: false,
        names: &[
            "Vaqueros slim",
            "Pantalón chino",
            "Pantalón de trekking desmontable",
            "Mallas deportivas",
            "Bermudas de lino",
        ],
    },
    Family {
        prefix: "CHA",
        vendor: "Sierra Norte",
        prices: (49, 199),
        colours: true,
        bulk: false,
        names: &["Chaqueta cortavientos", "Plumífero ligero", "Chubasquero", "Cazadora vaquera", "Parka acolchada"],
    },
    Family {
        prefix: "VES",
        vendor: "Taller Peña",
        prices: (29, 89),
        colours: true,
        bulk: false,
        names: &["Vestido de lino", "Falda midi plisada", "Mono de algodón"],
    },
    Family {
        prefix: "BOL",
        vendor: "Cuero & Co.",
        prices: (19, 139),
        colours: true,
        bulk: false,
        names: &["Mochila 20 L", "Bolso bandolera de piel", "Riñonera", "Cartera de piel", "Bolso tote \"Mercado\""],
    },
    Family {
        prefix: "COM",
        vendor: "Cuero & Co.",
        prices: (9, 59),
        colours: false,
        bulk: false,
        names: &[
            "Cinturón de cuero",
            "Gorra de béisbol",
            "Gorro de lana",
            "Sombrero de paja",
            "Bufanda de lana",
            "Gafas de sol polarizadas",
            "Guantes táctiles",
        ],
    },
    Family {
        prefix: "CAL",
        vendor: "Sierra Norte",
        prices: (5, 19),
        colours: false,
        bulk: true,
        names: &[
            "Calcetines técnicos (pack 3)",
            "Calcetines de algodón; pack 5",
            "Plantillas de gel",
            "Cordones de repuesto",
            "Crema para calzado",
            "Spray impermeabilizante",
        ],
    },
];

const COLOURS: &[&str] =
    &["Negro", "Marrón", "Azul marino", "Gris", "Beige", "Verde oliva", "Granate", "Blanco", "Camel", "Mostaza"];

/// The catalogue, most popular first.
pub fn catalog() -> Vec<Product> {
    // Fixed seed: the catalogue is the same whatever --seed says.
    let mut rng = Rng::with_seed(0x5045_4455);
    let mut products = Vec::new();
    for family in FAMILIES {
        let mut number = rng.u32(1..40);
        for &base in family.names {
            let variants = if family.colours { rng.usize(1..4) } else { 1 };
            let mut colours: Vec<&str> = COLOURS.to_vec();
            rng.shuffle(&mut colours);
            for &colour in colours.iter().take(variants) {
                let name = if family.colours { format!("{base} - {colour}") } else { base.to_string() };
                let price = shop_price(&mut rng, family.prices);
                let compare_at = (rng.u32(..100) < 15).then(|| round_up_to_90(price * 5 / 4));
                products.push(Product {
                    sku: format!("{}-{number:04}", family.prefix),
                    vendor: family.vendor,
                    price,
                    compare_at,
                    price_point: format_cents(price, '.'),
                    price_comma: format_cents(price, ','),
                    compare_at_point: compare_at.map(|c| format_cents(c, '.')).unwrap_or_default(),
                    bulk: family.bulk,
                    name,
                });
                number += rng.u32(1..9);
            }
        }
    }
    rng.shuffle(&mut products);
    products
}

/// Whole euros ending in .90, .95, .99 or .00, as shops price things.
fn shop_price(rng: &mut Rng, (low, high): (i64, i64)) -> i64 {
    let euros = rng.i64(low..=high);
    let cents = *crate::chance::pick(rng, &[90, 95, 99, 0, 90, 90]);
    euros * 100 + cents
}

fn round_up_to_90(cents: i64) -> i64 {
    (cents / 100) * 100 + 90
}

/// Index of a product, favouring the first (best sellers).
pub fn popular_index(rng: &mut Rng, count: usize) -> usize {
    let skewed = rng.f64().powf(1.7);
    ((skewed * count as f64) as usize).min(count - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn skus_are_unique_and_stable() {
        let first = catalog();
        let second = catalog();
        let skus: HashSet<&str> = first.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus.len(), first.len(), "a SKU names exactly one product");
        assert!(
            first.iter().zip(&second).all(|(a, b)| a.sku == b.sku && a.name == b.name && a.price == b.price),
            "the catalogue must not change between runs"
        );
        assert!(first.iter().any(|p| p.name.contains(';')), "a name with ';' exercises quoting");
        assert!(first.iter().any(|p| p.name.contains('"')), "a name with '\"' exercises quoting");
    }
}
