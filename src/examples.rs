//! The example labels: the built-in ones, compiled in so the example browser works from any
//! folder, and those a user adds from a folder of their own.

use std::path::Path;

use crate::Label;

/// An example label in the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub file: String,
    /// "built-in" or the folder it came from.
    pub origin: String,
    pub label: Label,
}

/// The labels of a folder of examples (`--examples DIR`), and how many of its files could not
/// be read as labels (`labelcheck check DIR` says why).
#[derive(Debug, Clone, Default)]
pub struct ExampleFolder {
    pub examples: Vec<Example>,
    pub unreadable: usize,
}

/// Loads every label under `dir`, as `check` would find them, in file order.
pub fn load_folder(dir: &Path) -> ExampleFolder {
    let (files, errors) = crate::collect_label_paths(&[dir.to_path_buf()]);
    let mut folder = ExampleFolder {
        examples: Vec::new(),
        unreadable: errors.len(),
    };
    for file in files {
        match crate::load_label_file(&file) {
            Ok(label) => folder.examples.push(Example {
                file: file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                origin: dir.display().to_string(),
                label,
            }),
            Err(_) => folder.unreadable += 1,
        }
    }
    folder
}

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
    use super::{BUILTIN_EXAMPLES, load_folder};

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

    #[test]
    fn a_folder_of_examples_loads_its_labels_and_counts_the_files_that_are_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (good, text) = BUILTIN_EXAMPLES[0];
        std::fs::write(dir.path().join(good), text).expect("write");
        std::fs::write(dir.path().join("broken.toml"), "name = ").expect("write");
        std::fs::write(dir.path().join("notes.md"), "not a label").expect("write");
        let folder = load_folder(dir.path());
        let files: Vec<&str> = folder.examples.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, [good]);
        assert_eq!(folder.examples[0].origin, dir.path().display().to_string());
        assert_eq!(folder.unreadable, 1);
    }
}
