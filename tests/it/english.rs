//! In English, every screen speaks English: a walk through the capture, orders (an order open),
//! export and settings screens fails on any CJK character the program wrote (user data — the
//! studio's and customers' names, spec names from the spec files, paths — is allowed).

use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::{self, Lazy};
use egui_kittest::Harness;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Every label on screen with a CJK character that is not in `data`.
fn chinese_on_screen(h: &Harness<'static, Lazy>, data: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for node in h.root().children_recursive() {
        let n = node.accesskit_node();
        // A widget's name, or a label's text (a text field's value is what was typed).
        let text = match n.role() {
            egui::accesskit::Role::Label => n.value(),
            _ => n.label(),
        };
        let Some(label) = text else { continue };
        let mut rest = label.to_string();
        for d in data.iter().filter(|d| !d.is_empty()) {
            rest = rest.replace(d.as_str(), "");
        }
        if rest.chars().any(is_cjk) && !found.contains(&label.to_string()) {
            found.push(label.to_string());
        }
    }
    found
}

#[test]
fn every_screen_in_english_has_no_chinese_the_program_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = idphoto_studio::paths::DataDir::at(dir.path());
    common::fake_printer_for(dir.path(), true);
    let order = {
        let mut db = idphoto_studio::storage::Database::open(&data_dir.database()).unwrap();
        db.save_language(idphoto_studio::domain::Lang::En).unwrap();
        idphoto_studio::services::privacy::set_pin(&db, "", "2468", "2468", "manager").unwrap();
        let at = chrono::Local::now().to_rfc3339();
        common::order_at(&mut db, &data_dir, "赵六", &at, 7).label()
    };
    let mut h = common::harness(dir.path(), false);
    // User data: the studio's name, the order's customer, 户籍地 and operator, the spec
    // names (from the spec files); and 中文, the language picker's own name for Chinese.
    let mut data = vec![common::TEST_STUDIO.to_owned(), dir.path().display().to_string(), "中文".to_owned()];
    data.extend(["赵六", "广东省深圳市", "小王"].map(String::from));
    for spec in h.state().app().catalogue().specs() {
        data.push(spec.display_name(idphoto_studio::domain::Lang::En));
        data.push(spec.name.zh.clone());
    }
    data.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    let mut all = Vec::new();
    let mut look = |h: &Harness<'static, Lazy>, screen: &str| {
        for label in chinese_on_screen(h, &data) {
            all.push(format!("{screen}: {label}"));
        }
    };
    h.run_steps(2);
    look(&h, "capture");
    h.get_by_label("Orders").click();
    h.run_steps(2);
    common::step_until(&mut h, "the order listed", |app| app.order_results().len() == 1);
    h.get_by_label(&order).click();
    h.run_steps(2);
    common::step_until(&mut h, "the order open", |app| app.open_order().is_some());
    look(&h, "orders");
    h.get_by_label("Export").click();
    h.run_steps(3);
    look(&h, "export");
    // The settings are the manager's: the PIN prompt first.
    h.get_by_label("Settings").click();
    h.run_steps(3);
    look(&h, "PIN prompt");
    common::type_into(&mut h, "Manager PIN", "2468");
    h.get_by_label("OK").click();
    common::step_until(&mut h, "the settings open", |app| {
        app.screen() == idphoto_studio::counter::Screen::Settings
    });
    h.run_steps(3);
    look(&h, "settings");
    assert!(all.is_empty(), "{} labels with Chinese in English:\n{}", all.len(), all.join("\n"));
}

#[test]
fn the_first_start_dialog_in_english_has_no_chinese_the_program_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = idphoto_studio::paths::DataDir::at(dir.path());
    common::fake_printer_for(dir.path(), false);
    idphoto_studio::storage::Database::open(&data_dir.database())
        .unwrap()
        .save_language(idphoto_studio::domain::Lang::En)
        .unwrap();
    let mut h = common::harness_for(dir.path(), false, false);
    h.run_steps(2);
    assert!(
        h.query_by_label("Save").is_some() || h.query_by_label_contains("Save").is_some(),
        "the dialog is open"
    );
    let data = vec![dir.path().display().to_string(), "中文".to_owned()];
    let found = chinese_on_screen(&h, &data);
    assert!(found.is_empty(), "{} labels with Chinese in English:\n{}", found.len(), found.join("\n"));
}
