/// The policy used when a repository has none: the protections every forge applies to a default branch.
/// It is written in the policy language itself, so `git-warden policy show` can print it as a starting point.
enum DefaultPolicy {
    static let text = """
    # git-warden embedded default policy: used when no policy file is found.
    [[rule]]
    id = "default-branch"
    refs = ["refs/heads/main", "refs/heads/master"]
    block-force-push = true
    block-deletion = true

    [[rule]]
    id = "release-tags"
    refs = ["refs/tags/**"]
    block-force-push = true
    block-deletion = true
    """
}
