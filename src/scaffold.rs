//! `equilibri new`: a new page or info point file with every key the build knows, explained in
//! Italian for the editors, ready to fill in. Never overwrites a file.

use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::diagnostics::Diagnostic;
use crate::info_points::INFO_POINTS_DIR;
use crate::slug::is_slug;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Writes `content/<path>.md` (`servizi/nuovo-servizio`, or `servizi/_index` for a section) and
/// returns its path relative to the root.
pub fn new_page(
    root: &Path,
    config: &Config,
    path: &str,
    title: Option<&str>,
    today: NaiveDate,
) -> Result<String, Diagnostic> {
    let path = path
        .trim_matches('/')
        .trim_start_matches(&format!("{CONTENT_DIR}/"))
        .trim_end_matches(".md");
    let file = format!("{CONTENT_DIR}/{path}.md");
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let is_section = name == "_index";
    let segments: Vec<&str> = path.split('/').collect();
    let is_name = |index: usize, segment: &str| {
        is_slug(segment) || (segment == "_index" && index == segments.len() - 1)
    };
    let bad_segment = segments
        .iter()
        .enumerate()
        .find(|(index, segment)| !is_name(*index, segment));
    if let Some((_, segment)) = bad_segment {
        return Err(Diagnostic::error(&file, format!("`{segment}` cannot be part of an address"))
            .hint("use lower-case letters without accents, digits and hyphens, e.g. servizi/nuovo-servizio"));
    }
    // The page's section must exist; a new section needs its parent.
    let parent = if is_section {
        folder.rsplit_once('/').map_or("", |(parent, _)| parent)
    } else {
        folder
    };
    let parent_index = if parent.is_empty() {
        format!("{CONTENT_DIR}/_index.md")
    } else {
        format!("{CONTENT_DIR}/{parent}/_index.md")
    };
    let is_home = is_section && folder.is_empty();
    if !is_home && !root.join(&parent_index).is_file() {
        return Err(
            Diagnostic::error(&file, format!("there is no section {parent_index}")).hint(format!(
                "create the section first: equilibri new {parent}/_index --title \"…\""
            )),
        );
    }
    let title = match title {
        Some(title) => title.to_string(),
        None if is_section => title_from(folder.rsplit('/').next().unwrap_or("sezione")),
        None => title_from(name),
    };
    let is_news =
        config.site.search.types.get(folder).map(String::as_str) == Some(crate::site::NEWS_TYPE);
    let text = page_template(config, &title, is_section, is_news, today);
    create_new(root, &file, &text)?;
    Ok(file)
}

/// Writes `content/punti/<slug>.yaml` and returns its path relative to the root.
pub fn new_info_point(
    root: &Path,
    config: &Config,
    slug: &str,
    district: Option<&str>,
    municipality: Option<&str>,
) -> Result<String, Diagnostic> {
    let file = format!("{CONTENT_DIR}/{INFO_POINTS_DIR}/{slug}.yaml");
    if !is_slug(slug) {
        return Err(
            Diagnostic::error(&file, format!("`{slug}` cannot be part of an address")).hint(
                "use lower-case letters without accents, digits and hyphens, e.g. rozzano-centro",
            ),
        );
    }
    let districts = &config.site.districts;
    let chosen = match district {
        Some(id) => districts.iter().find(|d| d.id == id).ok_or_else(|| {
            let ids: Vec<&str> = districts.iter().map(|d| d.id.as_str()).collect();
            Diagnostic::error(&file, format!("there is no district `{id}` in site.yaml"))
                .hint(format!("choose one of: {}", ids.join(", ")))
        })?,
        None => districts.first().ok_or_else(|| {
            Diagnostic::error("site.yaml", "there are no districts")
                .hint("list the districts and their municipalities under `districts:` first")
        })?,
    };
    let town = match municipality {
        Some(name) => chosen
            .municipalities
            .iter()
            .find(|m| m.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Diagnostic::error(
                    &file,
                    format!("{name} is not a municipality of {}", chosen.name),
                )
                .hint(format!(
                    "choose one of: {}",
                    chosen.municipalities.join(", ")
                ))
            })?,
        None => chosen.municipalities.first().ok_or_else(|| {
            Diagnostic::error(
                "site.yaml",
                format!("the district `{}` has no municipalities", chosen.id),
            )
        })?,
    };
    let bounds = config.site.info_points.bounds;
    let (lat, lon) = (
        (bounds.south + bounds.north) / 2.0,
        (bounds.west + bounds.east) / 2.0,
    );
    let name = serde_json::to_string(&format!("Punto informativo conciliazione – {town}"))
        .unwrap_or_default();
    let town = serde_json::to_string(town).unwrap_or_default();
    let text = format!(
        "# Punto informativo. Scritto da `equilibri new punto`: i valori sono DI ESEMPIO finché non
# li sostituisci con quelli reali e togli `example: true` in fondo.

# Nome dello sportello, come lo leggono i cittadini.
name: {name}
# Pagina dell'ente che gestisce lo sportello (un partner): \"@/partner/nome.md\".
# organisation: \"@/partner/nome-ente.md\"
# Distretto sociale (uno degli `id` di districts in site.yaml) e comune, tra quelli del distretto.
district: {district}
municipality: {town}
# Indirizzo: via e numero civico, CAP, comune, sigla della provincia.
address: {{ street: \"Via Esempio 1\", postcode: \"00000\", city: {town}, province: MI }}
# Coordinate in gradi decimali (WGS84), per esempio da openstreetmap.org. Questi sono il centro
# della zona della rete, non l'indirizzo dello sportello.
geo: {{ lat: {lat:.4}, lon: {lon:.4} }}
# Contatti: almeno uno, perché i cittadini possano raggiungere lo sportello.
# contacts: {{ phone: \"+39 02 0000 0000\", email: \"sportello@comune.it\", website: \"https://www.comune.it/sportello\" }}
# Orari settimanali (mon tue wed thu fri sat sun), fasce \"HH:MM-HH:MM\". Le festività nazionali
# e le feste patronali in site.yaml chiudono lo sportello da sole.
hours:
  # mon: [\"09:00-12:30\", \"14:00-17:00\"]
  tue: [\"09:00-12:00\"]
# true se si riceve solo su appuntamento.
by_appointment: false
# Chiusure straordinarie (ferie, lavori), con le date comprese.
# closures:
#   - {{ from: 2026-08-10, to: 2026-08-21, note: \"Chiusura estiva\" }}
# Servizi offerti: le pagine della sezione servizi.
services: []
# Lingue parlate allo sportello (codici ISO 639-1: it, en, fr, ar…).
languages: [it]
# Accessibilità: ingresso, ascensore, servizi per persone con disabilità.
# accessibility: \"Ingresso senza barriere, ascensore\"
# true finché i dati sono di esempio: le pagine lo dicono ai cittadini.
example: true
",
        district = chosen.id,
    );
    create_new(root, &file, &text)?;
    Ok(file)
}

/// `nuovo-servizio` → `Nuovo servizio`.
fn title_from(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn page_template(
    config: &Config,
    title: &str,
    is_section: bool,
    is_news: bool,
    today: NaiveDate,
) -> String {
    let title = serde_json::to_string(title).unwrap_or_default();
    let date = if is_news {
        format!("date: {today}")
    } else {
        format!("# date: {today}")
    };
    let mut text = format!(
        "---
# Titolo: il titolo principale della pagina, della scheda del browser e dei risultati di
# ricerca. Al massimo 60 caratteri, o i motori di ricerca lo tagliano.
title: {title}
# Una o due frasi che riassumono la pagina: le mostrano i risultati di ricerca, le anteprime
# dei link e gli elenchi del sito.
description: \"\"
# Data di pubblicazione (AAAA-MM-GG): necessaria per le notizie, che sono ordinate per data.
{date}
# Data dell'ultimo aggiornamento dei contenuti, mostrata ai lettori.
# updated: {today}
# true: la pagina non viene pubblicata (si vede con `equilibri serve --drafts`). Toglilo quando
# è pronta.
draft: true
# Posizione negli elenchi della sezione: i numeri più bassi vengono prima.
# weight: 10
# Ultima parte dell'indirizzo, se diversa dal nome del file.
# slug: nome-breve
# Vecchi indirizzi di questa pagina, che porteranno qui.
# aliases: [\"/vecchio-indirizzo/\"]
# Modello grafico diverso da quello standard (in themes/default/templates/).
# template: page.html
"
    );
    if is_section {
        text.push_str(
            "# Ordine delle pagine della sezione: weight (peso), date (dalla più recente), title.
# sort_by: weight
# Modello grafico per tutte le pagine della sezione.
# page_template: page.html
# true: la sezione ha un feed Atom con le sue pagine più recenti.
# feed: false
",
        );
    }
    for taxonomy in &config.site.taxonomies {
        let about = taxonomy
            .description
            .as_deref()
            .map_or(String::new(), |description| format!(" {description}"));
        let _ = writeln!(
            text,
            "# {}: termini separati da virgole, tra parentesi quadre.{about}\n{}: []",
            taxonomy.title, taxonomy.name
        );
    }
    text.push_str(
        "# Dati in più per il modello grafico: `listed: false` toglie la pagina dagli elenchi.
# extra: { listed: false }
---

Scrivi qui il testo in Markdown. I titoli interni cominciano da `##`.
",
    );
    text
}

/// Creates `file` under `root` only if it does not exist yet.
fn create_new(root: &Path, file: &str, text: &str) -> Result<(), Diagnostic> {
    let path = root.join(file);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|error| {
            Diagnostic::error(file, format!("cannot create the folder: {error}"))
        })?;
    }
    let mut created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Diagnostic::error(file, "the file already exists: nothing was written")
                    .hint("choose another name, or edit the existing file")
            }
            _ => Diagnostic::error(file, format!("cannot write: {error}")),
        })?;
    created
        .write_all(text.as_bytes())
        .map_err(|error| Diagnostic::error(file, format!("cannot write: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from("nuovo-servizio"), "Nuovo servizio");
        assert_eq!(title_from("asili"), "Asili");
        assert_eq!(title_from(""), "");
    }
}
