import WardenPolicy

/// Whether a policy forbids force pushes or deletions on every ref, which is when git's own repository-wide
/// `receive.denyNonFastForwards` / `receive.denyDeletes` agree with it. Those settings apply to every ref; turning
/// one on where the policy allows force pushes to some branch would refuse a push the policy allows.
enum PolicyCoverage {
    /// Ref names of the shapes a server sees (nested, dotted, dashed, non-ASCII): a rule's patterns cover "every
    /// ref" when they match all of them. A pattern with a character class or a fixed prefix misses one of them.
    static let probes = ["refs/heads/main", "refs/heads/a/b/c", "refs/heads/Z9-_.x", "refs/heads/\u{e9}t\u{e9}",
                         "refs/heads/-", "refs/tags/v1.0", "refs/tags/a/b", "refs/notes/commits"]

    /// The first probe ref on which no enforce-mode rule sets the protection (nil: every ref is covered).
    static func firstUncovered(_ policy: Policy, _ protection: KeyPath<RefRule, Bool>) -> String? {
        probes.first { ref in
            !policy.rules(for: ref).contains { $0.mode == .enforce && $0[keyPath: protection] }
        }
    }
}
