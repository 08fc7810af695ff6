//! equilibri: a static site generator for the work–family balance information network.
pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod front_matter;
pub mod markdown;
pub mod output;
pub mod outputs;
pub mod render;
pub mod site;
pub mod slug;
pub mod theme;
pub mod url;
pub mod views;
pub mod yaml;
