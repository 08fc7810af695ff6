//! Info point pages: one page, one printable flyer with a QR code and one vCard per point, the
//! directory at `/punti/` and a directory page per district (the filter that needs no script).

use super::html::{home_crumb, location, render_jobs, with_breadcrumbs_ld, Job};
use super::Output;
use crate::diagnostics::Diagnostic;
use crate::output::OutputSet;
use crate::point_views::{hours_by_day, office_json_ld, point_view, vcard_path};
use crate::qr::qr_svg;
use crate::render::Templates;
use crate::render_memo::Memo;
use crate::site::{district_path, flyer_path, info_point_directory_path, LinkedInfoPoint, Site};
use crate::structured_data::{breadcrumb_list, graph_script};
use crate::theme::Theme;
use crate::vcard::info_point_vcard;
use crate::views::{object, Views};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

pub const POINT_TEMPLATE: &str = "info_point.html";
pub const FLYER_TEMPLATE: &str = "info_point_flyer.html";
pub const DIRECTORY_TEMPLATE: &str = "info_points.html";

pub struct InfoPointPages<'a> {
    pub templates: &'a Templates,
    pub views: &'a Views,
    pub theme: &'a Theme,
    pub memo: Option<&'a Memo<'a>>,
}

impl Output for InfoPointPages<'_> {
    fn name(&self) -> &'static str {
        "info points"
    }

    fn render(&self, site: &Site, files: &mut OutputSet) -> Vec<Diagnostic> {
        if site.info_points.is_empty() {
            return Vec::new();
        }
        let mut errors: Vec<Diagnostic> = [POINT_TEMPLATE, FLYER_TEMPLATE, DIRECTORY_TEMPLATE]
            .iter()
            .filter(|name| !self.templates.has(name))
            .map(|name| {
                Diagnostic::error(
                    &format!("themes/{}/templates/{name}", site.config.site.theme),
                    "this template is missing: the site has info points",
                )
                .hint("copy it from themes/default/templates/")
            })
            .collect();
        if !errors.is_empty() {
            return errors;
        }
        // Each point's QR code takes a while: points are prepared in parallel (beside the
        // directory's pages), and their vCards written from the same threads when the set
        // writes as it goes.
        let written = &*files;
        let (mut jobs, prepared) = rayon::join(
            || self.directory_jobs(site),
            || -> Vec<_> {
                site.info_points
                    .par_iter()
                    .zip(&self.views.point_summaries)
                    .map(|(linked, summary)| {
                        let pair = self.point_jobs(site, linked, summary)?;
                        let path = vcard_path(&linked.point);
                        let vcard = self.vcard(site, linked).into_bytes();
                        let content = written.generated(&path, vcard);
                        Ok((pair, path, content, &linked.point.file))
                    })
                    .collect()
            },
        );
        for result in prepared {
            let added = result.and_then(|(pair, path, content, file)| {
                jobs.extend(pair);
                files.add(path, content, file)
            });
            if let Err(error) = added {
                errors.push(error);
            }
        }
        errors.extend(render_jobs(
            self.templates,
            self.views,
            self.memo,
            jobs.into_par_iter().map(Ok),
            files,
        ));
        errors
    }
}

impl InfoPointPages<'_> {
    fn strings<'k>(&'k self, key: &'k str) -> &'k str {
        self.theme.ui.get(key).map_or(key, String::as_str)
    }

    fn directory_crumb(&self, site: &Site) -> Value {
        json!({
            "title": self.strings("info_points_title"),
            "url": site.config.base_url.root_relative(&info_point_directory_path()),
        })
    }

    /// The page and the flyer of one point.
    fn point_jobs(
        &self,
        site: &Site,
        linked: &LinkedInfoPoint,
        summary: &Value,
    ) -> Result<[Job; 2], Diagnostic> {
        let point = &linked.point;
        let view = point_view(site, self.theme, linked, summary);
        let crumbs = json!([home_crumb(site), self.directory_crumb(site)]);
        let mut values = location(site, &point.path);
        values["point"] = view.clone();
        values["json_ld"] = Value::String(graph_script(vec![
            office_json_ld(site, linked),
            breadcrumb_list(site, &crumbs, &point.name, &point.path),
        ]));
        values["breadcrumbs"] = crumbs.clone();
        let page = Job::new(&point.path, POINT_TEMPLATE, &point.file, values);

        let flyer = flyer_path(point);
        let svg = match qr_svg(&site.config.base_url.absolute(&point.path)) {
            Ok(svg) => svg,
            Err(message) => return Err(Diagnostic::error(&point.file, message)),
        };
        let mut values = location(site, &flyer);
        values["point"] = view;
        values["qr_svg"] = Value::String(svg);
        values["breadcrumbs"] = crumbs;
        with_breadcrumbs_ld(site, &mut values, self.strings("flyer_title"), &flyer);
        Ok([page, Job::new(&flyer, FLYER_TEMPLATE, &point.file, values)])
    }

    /// `/punti/` with every district, and `/punti/distretto/<id>/` with one.
    fn directory_jobs(&self, site: &Site) -> Vec<Job> {
        let base = &site.config.base_url;
        // Point summaries by (district, municipality), in the points' order.
        let mut grouped: HashMap<(usize, &str), Vec<Value>> = HashMap::new();
        for (linked, summary) in site.info_points.iter().zip(&self.views.point_summaries) {
            let key = (linked.point.district, linked.point.municipality.as_str());
            grouped.entry(key).or_default().push(summary.clone());
        }
        let districts: Vec<Value> = site
            .config
            .site
            .districts
            .iter()
            .enumerate()
            .map(|(index, district)| {
                // Municipalities in the order site.yaml lists them.
                let municipalities: Vec<Value> = district
                    .municipalities
                    .iter()
                    .filter_map(|municipality| {
                        let points = grouped.remove(&(index, municipality.as_str()))?;
                        Some(object([
                            ("name", json!(municipality)),
                            ("points", Value::Array(points)),
                        ]))
                    })
                    .collect();
                object([
                    ("id", json!(district.id)),
                    ("name", json!(district.name)),
                    (
                        "url",
                        json!(base.root_relative(&district_path(&district.id))),
                    ),
                    ("municipalities", Value::Array(municipalities)),
                    ("all_municipalities", json!(district.municipalities)),
                ])
            })
            .collect();
        // The services any point offers, for the filter, by title.
        let mut by_path: BTreeMap<&str, Value> = BTreeMap::new();
        for linked in &site.info_points {
            for &service in &linked.services {
                let entry = site.entry(service);
                by_path.entry(entry.path.as_str()).or_insert_with(|| {
                    json!({
                        "title": entry.front_matter.title,
                        "url": base.root_relative(&entry.path),
                        "path": entry.path,
                    })
                });
            }
        }
        let mut services: Vec<Value> = by_path.into_values().collect();
        services.sort_by(|a, b| a["title"].as_str().cmp(&b["title"].as_str()));

        let district_links: Vec<Value> = districts
            .iter()
            .map(|d| json!({ "id": d["id"], "name": d["name"], "url": d["url"] }))
            .collect();
        // Values are cloned or moved, not copied through `json!` (which serialises them again):
        // the districts hold every point's summary.
        let mut district_jobs = Vec::new();
        for district in &districts {
            let path = district_path(district["id"].as_str().unwrap_or_default());
            let mut values = location(site, &path);
            values["districts"] = Value::Array(vec![district.clone()]);
            values["services"] = Value::Array(services.clone());
            values["district"] = district.clone();
            values["district_links"] = Value::Array(district_links.clone());
            values["breadcrumbs"] = json!([home_crumb(site), self.directory_crumb(site)]);
            let name = district["name"].as_str().unwrap_or_default();
            with_breadcrumbs_ld(site, &mut values, name, &path);
            district_jobs.push(Job::new(
                &path,
                DIRECTORY_TEMPLATE,
                "the info points' directory",
                values,
            ));
        }
        let directory = info_point_directory_path();
        let mut values = location(site, &directory);
        values["districts"] = Value::Array(districts);
        values["services"] = Value::Array(services);
        values["district"] = Value::Null;
        values["district_links"] = Value::Array(district_links);
        values["breadcrumbs"] = json!([home_crumb(site)]);
        with_breadcrumbs_ld(
            site,
            &mut values,
            self.strings("info_points_title"),
            &directory,
        );
        let directory_job = Job::new(
            &directory,
            DIRECTORY_TEMPLATE,
            "the info points' directory",
            values,
        );
        std::iter::once(directory_job)
            .chain(district_jobs)
            .collect()
    }

    fn vcard(&self, site: &Site, linked: &LinkedInfoPoint) -> String {
        let point = &linked.point;
        let hours: Vec<String> = hours_by_day(self.theme, point)
            .filter(|(_, ranges)| !ranges.is_empty())
            .map(|(day, ranges)| format!("{day} {}", ranges.join(", ")))
            .collect();
        let mut note = Vec::new();
        if point.example {
            note.push(self.strings("example_data_vcard").to_string());
        }
        if !hours.is_empty() {
            note.push(format!(
                "{}: {}",
                self.strings("hours_title"),
                hours.join("; ")
            ));
        }
        if point.by_appointment {
            note.push(self.strings("by_appointment").to_string());
        }
        let organisation = linked
            .organisation
            .map(|entry| site.entry(entry).front_matter.title.as_str());
        info_point_vcard(
            point,
            organisation,
            &site.config.base_url.absolute(&point.path),
            &note.join("\n"),
        )
    }
}
