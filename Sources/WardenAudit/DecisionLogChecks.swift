import Foundation
import WardenCore

/// Checks of what the hook itself recorded in the decision log: the only witness of how the hook runs as the
/// user git runs it as (www-data under Apache, without HOME), which an audit running as root cannot observe.
enum DecisionLogChecks {
    static let all: [AuditCheck] = [rulesCache]

    /// The last push that scanned for secrets compiled the rules and could store them nowhere: every push pays
    /// the compile (most of a second) again.
    static let rulesCache = AuditCheck(
        "hooks.rules-uncached", .medium, area: .hooks,
        inspects: "the decision log: the last push compiled the secret rules and could store them nowhere") { check, context in
        guard context.isBare else { return [] }
        let path = DecisionLog.path(gitDirectory: context.gitDirectory)
        let lines = PostReceiveRecorder.tail(of: path).split(separator: "\n").reversed()
        let decoder = JSONDecoder()
        for line in lines {
            guard let decision = try? decoder.decode(Decision.self, from: Data(line.utf8)),
                  let cache = decision.rulesCache else { continue }
            guard cache.isUncached else { return [] }
            let milliseconds = cache.compileMilliseconds.map { String(format: "%.0f ms", $0) } ?? "?"
            return [check.finding(in: context, subject: "rules cache",
                                  title: "the hook recompiles the secret rules on every push (no writable cache)",
                                  evidence: "the push of \(decision.time) compiled the rules in \(milliseconds) and no cache directory accepted them (\(path))",
                                  fix: "run install.sh (it fills /var/cache/git-warden), or let the hook's user write $GIT_DIR/git-warden/cache, or set XDG_CACHE_HOME for it")]
        }
        return []
    }
}
