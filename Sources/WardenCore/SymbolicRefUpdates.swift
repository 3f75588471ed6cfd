import GitKit
import WardenPolicy

/// The ref updates a push really makes when some of its refs are symbolic on the server.
///
/// receive-pack writes an update of a symbolic ref through to the ref it names (git 2.39 verified: a push to
/// `refs/heads/latest -> refs/heads/main` moves `main`; deleting `latest` deletes `main` and leaves `latest`
/// dangling; a push to a dangling symbolic ref creates its target; a chain of symbolic refs is followed to its
/// end). The hook is shown only the pushed name, so judging that name alone would let a push move or delete a
/// protected branch through an unprotected alias. Each update is therefore judged under every name it is
/// written through (the strictest rule applies), and the decision log names the target. The other way round too:
/// a symbolic ref that leads to a ref the push writes moves with it, so the update is judged under its name as
/// well (a rule on `latest` binds a push straight to `main`).
struct SymbolicRefUpdates {
    /// What is judged: every pushed update under its own name, and again under each name it is written through
    /// (with the same old and new values: receive-pack shows the alias with its target's value). A (name, old, new)
    /// judged once is not judged again when the push also names the target itself.
    private(set) var judged: [RefUpdateLine] = []
    /// For each pushed symbolic ref: the names its update is written through, nearest first, the target last.
    private(set) var chains: [String: [String]] = [:]
    /// A name judged only because a pushed update writes through it, with the pushed name.
    private(set) var reachedThrough: [String: String] = [:]
    /// A symbolic ref the push does not name that leads to a ref it writes, with that ref.
    private(set) var movedWith: [String: String] = [:]

    init(_ updates: [RefUpdateLine], in repository: Repository) throws(GitError) {
        var seen = Set<RefUpdateLine>()
        let pushedNames = Set(updates.map(\.ref))
        for update in updates {
            let chain = try repository.symbolicChain(of: update.ref)
            if chain.count > 1 { chains[update.ref] = Array(chain.dropFirst()) }
            // receive-pack shows a symbolic ref with its target's value; where it could not read the symbolic ref
            // (git calls a symbolic link ref it cannot follow "corrupt" and lets a zero old value delete it) the line
            // says zero while the write still lands on the target: the target is judged with its real value.
            var targetOld = update.old
            if update.old.isZero, chain.count > 1, let current = try repository.resolve(chain[chain.count - 1]) {
                targetOld = current
            }
            for name in chain {
                let line = RefUpdateLine(old: name == update.ref ? update.old : targetOld, new: update.new, ref: name)
                guard seen.insert(line).inserted else { continue }
                judged.append(line)
                if name != update.ref && !pushedNames.contains(name) { reachedThrough[name] = update.ref }
            }
        }
        // The ref each update finally writes (the end of its chain), for the symbolic refs that lead there.
        var writtenBy: [String: RefUpdateLine] = [:]
        for update in updates {
            let end = chains[update.ref]?.last ?? update.ref
            if writtenBy[end] == nil { writtenBy[end] = update }
        }
        for alias in try repository.symbolicReferenceNames() {
            // A broken chain (a loop, too long) leads nowhere git could write: nothing moves with it.
            guard !pushedNames.contains(alias), reachedThrough[alias] == nil,
                  let chain = try? repository.symbolicChain(of: alias), let end = chain.last,
                  let update = writtenBy[end] else { continue }
            let line = RefUpdateLine(old: update.old, new: update.new, ref: alias)
            guard seen.insert(line).inserted else { continue }
            judged.append(line)
            movedWith[alias] = end
        }
    }

    /// The decision log's record of a pushed update: `target` (and `via`, for a chain) when it is symbolic.
    func logged(_ update: RefUpdateLine) -> Decision.Update {
        var entry = Decision.Update(ref: update.ref, old: update.old.hex, new: update.new.hex)
        if let chain = chains[update.ref] {
            entry.target = chain.last
            if chain.count > 1 { entry.via = Array(chain.dropLast()) }
        }
        let end = entry.target ?? update.ref
        let aliases = movedWith.filter { $0.value == end }.keys.sorted()
        if !aliases.isEmpty { entry.aliases = aliases }
        return entry
    }

    /// Says, in each violation of a name the push reached through a symbolic ref, which pushed name led there.
    func annotated(_ verdict: Verdict) -> Verdict {
        guard !reachedThrough.isEmpty || !movedWith.isEmpty else { return verdict }
        func annotate(_ violations: [Violation]) -> [Violation] {
            violations.map { violation in
                var annotated = violation
                if let pushed = reachedThrough[violation.ref] {
                    annotated.detail += " (pushed as \(pushed), a symbolic ref: git writes the update through to"
                        + " \(violation.ref))"
                } else if let target = movedWith[violation.ref] {
                    annotated.detail += " (\(violation.ref) is a symbolic ref to \(target), which this push updates)"
                }
                return annotated
            }
        }
        switch verdict {
        case .allowed(let warnings): return .allowed(warnings: annotate(warnings))
        case .rejected(let violations, let warnings): return .rejected(annotate(violations), warnings: annotate(warnings))
        }
    }
}
