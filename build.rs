//! Records the git revision the binary was built from, for the outputs'
//! provenance (`summary.json` → `git_revision`); "unknown" outside a git
//! checkout.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn main() {
    let revision = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=FORCESIM_GIT_REVISION={revision}");
    // Rebuild when this checkout's HEAD moves: HEAD itself (a branch
    // switch) and the branch it points to (a commit), where they live (in a
    // worktree, not `.git/HEAD`). Not the whole refs folder, which every
    // worktree and fetch touches: that recompiled the library each time.
    // A path that does not exist would rebuild on every build.
    let branch = git(&["symbolic-ref", "-q", "HEAD"]);
    for what in std::iter::once("HEAD").chain(branch.as_deref()) {
        let path =
            git(&["rev-parse", "--git-path", what]).unwrap_or_else(|| format!(".git/{what}"));
        if std::path::Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    // A branch whose ref is only in packed-refs (after `git gc`).
    if branch.is_some()
        && let Some(packed) = git(&["rev-parse", "--git-path", "packed-refs"])
        && std::path::Path::new(&packed).exists()
    {
        println!("cargo:rerun-if-changed={packed}");
    }
}
