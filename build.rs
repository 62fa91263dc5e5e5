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
    // Where HEAD and the refs live (in a worktree, not `.git/HEAD`): a
    // path that does not exist would rebuild on every build.
    for what in ["HEAD", "refs"] {
        let path =
            git(&["rev-parse", "--git-path", what]).unwrap_or_else(|| format!(".git/{what}"));
        println!("cargo:rerun-if-changed={path}");
    }
}
