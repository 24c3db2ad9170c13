use labelcheck::import::directions::{Serving, servings_in};
#[test]
fn dbg() {
    let s = Serving {
        count: 1.0,
        unit: Some("tablet"),
    };
    for t in std::fs::read_to_string("/tmp/dbg/lines.txt")
        .unwrap()
        .lines()
    {
        println!("{:?} <= {t}", servings_in(t, s, Some(1000.0)));
    }
    let i = labelcheck::import::import_text(&std::fs::read_to_string("/tmp/t64.txt").unwrap(), "x");
    println!("{:?} {:?}", i.label.directions, i.label.servings_per_day);
}
