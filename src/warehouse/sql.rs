//! stub
use crate::model::config::Model;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect { DuckDb }
impl Dialect { pub fn parse(t: &str) -> Option<Dialect> { (t == "duckdb").then_some(Dialect::DuckDb) } }
pub struct Compiled { pub sql: String, pub warnings: Vec<String> }
pub fn compile(_m: &Model, _d: Dialect, _a: bool) -> Result<Compiled, String> { Err("todo".into()) }
