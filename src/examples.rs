//! The example labels, compiled in so the example browser works from any folder.

/// (file name, label file text) for every file in `examples/`.
pub const BUILTIN_EXAMPLES: &[(&str, &str)] = &[
    (
        "calcium-d3-k2-tablet.toml",
        include_str!("../examples/calcium-d3-k2-tablet.toml"),
    ),
    (
        "d2-vegan-drops.toml",
        include_str!("../examples/d2-vegan-drops.toml"),
    ),
    (
        "d3-20000-k2-softgel.toml",
        include_str!("../examples/d3-20000-k2-softgel.toml"),
    ),
    (
        "d3-5000-k2-mk7-olive-softgel.toml",
        include_str!("../examples/d3-5000-k2-mk7-olive-softgel.toml"),
    ),
    (
        "d3-50000-weekly-capsule.toml",
        include_str!("../examples/d3-50000-weekly-capsule.toml"),
    ),
    (
        "d3-k2-iu-mismatch-softgel.toml",
        include_str!("../examples/d3-k2-iu-mismatch-softgel.toml"),
    ),
    (
        "d3-only-10000-softgel.toml",
        include_str!("../examples/d3-only-10000-softgel.toml"),
    ),
    (
        "dry-d3-k2-tablet.toml",
        include_str!("../examples/dry-d3-k2-tablet.toml"),
    ),
    (
        "k1-k2-complex-capsule.toml",
        include_str!("../examples/k1-k2-complex-capsule.toml"),
    ),
    (
        "k2-unspecified-capsule.toml",
        include_str!("../examples/k2-unspecified-capsule.toml"),
    ),
    (
        "kids-d3-k2-gummy.toml",
        include_str!("../examples/kids-d3-k2-gummy.toml"),
    ),
    (
        "magnesium-d3-k2-powder.toml",
        include_str!("../examples/magnesium-d3-k2-powder.toml"),
    ),
    (
        "mk4-liquid-drops-mct.toml",
        include_str!("../examples/mk4-liquid-drops-mct.toml"),
    ),
    (
        "reverses-calcification-claim-softgel.toml",
        include_str!("../examples/reverses-calcification-claim-softgel.toml"),
    ),
];

#[cfg(test)]
mod tests {
    use super::BUILTIN_EXAMPLES;

    #[test]
    fn every_file_in_examples_is_compiled_in_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("examples folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let builtin: Vec<String> = BUILTIN_EXAMPLES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(builtin, on_disk);
        for (name, text) in BUILTIN_EXAMPLES {
            crate::parse_label_text(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
