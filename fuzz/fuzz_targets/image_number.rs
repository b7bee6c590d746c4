//! Image-number layouts and numbers: the first line is a template (`{L}{L}1{yymmdd}{serial:6}` …),
//! the second a number checked against it with an optional city letter. Must never panic.
#![no_main]

use idphoto_studio::domain::NumberTemplate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut lines = text.splitn(3, '\n');
    let template = lines.next().unwrap_or("");
    let number = lines.next().unwrap_or("");
    let letter = lines.next().and_then(|l| l.chars().next());
    if let Ok(t) = NumberTemplate::parse(template) {
        let _ = t.validate(number, letter);
        let _ = t.validate(&number.to_uppercase(), Some('B'));
    }
    let _ = idphoto_studio::domain::check_char(number);
});
