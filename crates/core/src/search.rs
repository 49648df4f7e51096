//! The one search box: customers and orders matching a fragment.

use serde::Serialize;
use ts_rs::TS;

use crate::customers::{self, CustomerSummary};
use crate::error::Result;
use crate::orders::{self, Order};
use crate::store::Store;

/// Candidates looked at per search-box query; the full list pages see all.
const SUGGEST_CANDIDATES: u32 = 500;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchResults {
    pub customers: Vec<CustomerSummary>,
    pub orders: Vec<Order>,
}

/// Customers by any fragment of name, email or phone; orders by a fragment
/// of their number (a customer's orders are on their page).
pub fn everything(store: &Store, query: &str, limit: u32) -> Result<SearchResults> {
    if query.trim().chars().count() < 2 {
        return Ok(SearchResults { customers: Vec::new(), orders: Vec::new() });
    }
    Ok(SearchResults {
        customers: customers::suggest(store, query, limit, SUGGEST_CANDIDATES)?,
        orders: orders::by_number(store, query, limit)?,
    })
}
