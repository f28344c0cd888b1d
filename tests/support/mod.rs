//! Generators shared by the learning tests.
#![allow(dead_code)]

pub mod snapshot;
