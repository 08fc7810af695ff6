//! equilibri: a static site generator for the work–family balance information network.
pub mod diagnostics;
pub mod slug;
pub mod url;
pub mod yaml;
pub mod config;
pub mod front_matter;
pub mod escape;
pub mod markdown;
pub mod content;
pub mod theme;
pub mod site;
pub mod output;
pub mod outputs;
pub mod render;
pub mod views;
pub mod build;
