//! The screens: one file each, with its key handling and the key-table scopes its key bar
//! shows. Their state is in the model ([`super::App`]); [`super::view`] draws them.

pub mod examples;
pub mod label;
pub mod regimen;
pub mod rules;
