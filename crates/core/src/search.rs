//! The one search box: customers and orders matching a fragment.

use serde::Serialize;
use ts_rs::TS;

use crate::customers::{self, CustomerSummary};
use crate::error::Result;
use crate::orders::{self, Order};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SearchResults {
    pub customers: Vec<CustomerSummary>,
    pub orders: Vec<Order>,
}

pub fn everything(store: &Store, query: &str, limit: u32) -> Result<SearchResults> {
    if query.trim().is_empty() {
        return Ok(SearchResults { customers: Vec::new(), orders: Vec::new() });
    }
    Ok(SearchResults {
        customers: customers::list(store, query, limit, 0)?,
        orders: orders::list(store, query, None, orders::OrderSort::Newest, limit, 0)?,
    })
}
