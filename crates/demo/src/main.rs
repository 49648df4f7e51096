//! `posventa-demo`: writes demo shop data into a folder.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use posventa_demo::{Date, Options, generate};

const USAGE: &str = "\
Usage: posventa-demo --out DIR [--customers N] [--lines M] [--seed S] [--until YYYY-MM-DD]

Writes realistic demo shop data into DIR:
  orders-generic.csv        UTF-8, comma, ISO dates, one row per order line
  orders-spanish-excel.csv  the same rows as Spanish Excel saves them
                            (Windows-1252, ';', CRLF, decimal comma, dd/mm/yyyy)
  orders-shopify.csv        Shopify's order export layout
  orders-woocommerce.csv    WooCommerce's one-row-per-item export (UTF-8 with BOM)
  customers.csv             the customers alone (UTF-8 with BOM)

Options:
  --customers N   customers to create (default 1000)
  --lines M       order lines across all orders, exactly (default 10000)
  --seed S        the same seed gives byte-identical files (default 42)
  --until DATE    last day of the four years of orders (default 2026-11-01)
  --out DIR       output folder, created if missing (required)
";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("posventa-demo: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match generate(&options) {
        Ok(summary) => {
            println!(
                "Wrote {} customers, {} orders and {} order lines to {} in {:.1} s",
                summary.customers,
                summary.orders,
                summary.lines,
                options.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("posventa-demo: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(None)` means help was asked for.
fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options::default();
    let mut out = None;
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--customers" => options.customers = number(&flag, &value()?)?,
            "--lines" => options.lines = number(&flag, &value()?)?,
            "--seed" => options.seed = number(&flag, &value()?)?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--until" => {
                let text = value()?;
                options.until = Date::parse_iso(&text)
                    .ok_or_else(|| format!("--until wants a date like 2026-11-01, not {text:?}"))?;
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    options.out = out.ok_or("--out DIR is required")?;
    Ok(Some(options))
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.replace('_', "").parse().map_err(|_| format!("{flag} wants a whole number, not {text:?}"))
}
