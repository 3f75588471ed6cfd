/// A break-glass request as the pusher sent it: the values of every `git push -o git-warden.bypass=…` option.
public struct BypassRequest: Sendable, Equatable {
    /// The reason of each bypass option, as sent (an option without `=` has an empty reason).
    public var reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }
}

/// A granted bypass: who, why, and every violation it turned into a warning. Recorded in the push log and, for
/// the refs that get evidence, in the provenance.
public struct BypassRecord: Codable, Sendable, Equatable {
    public var pusher: String
    public var reason: String
    /// The enforced violations the push would have been rejected for.
    public var bypassed: [Violation]
    /// What became of the `[notify]` command (absent when there is none).
    public var notified: String?

    public init(pusher: String, reason: String, bypassed: [Violation], notified: String? = nil) {
        self.pusher = pusher
        self.reason = reason
        self.bypassed = bypassed
        self.notified = notified
    }
}

/// The verdict after a bypass request was judged, and what became of the request.
public struct BypassDecision: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The push asked for no bypass: the verdict is the policy's.
        case notRequested
        case granted(BypassRecord)
        /// The request is refused (the push is rejected, whatever its other violations), for this reason.
        case refused(String)
    }

    public var verdict: Verdict
    public var outcome: Outcome
}

extension Policy {
    public static let maxBypassReasonBytes = 1000

    /// Violations no bypass turns into warnings, and why: the pusher is told, and the push stays rejected.
    /// - `git-fsck`: git itself refuses or reads such an object in two ways; git-warden cannot judge what it let in,
    ///   and every later clone and fsck would trip over it. No reason makes that safe.
    /// - the evidence notes ref: only the server writes evidence; a pushed note could forge or erase the very record
    ///   of this bypass.
    public func unbypassableReason(_ violation: Violation) -> String? {
        if violation.kind == .malformedObject {
            return "a malformed object (git fsck rejects it; git-warden cannot judge what git reads in two ways)"
        }
        if let attest, violation.ref == attest.notesRef {
            return "a push to \(attest.notesRef) (the server's evidence: a pushed note could forge or erase the record of this bypass)"
        }
        return nil
    }

    /// Judges a bypass request against `[bypass]` and applies it to `verdict`, as a value: a granted bypass turns the
    /// enforced violations into a record (the verdict allows, keeping its evaluate-mode warnings); a refused one
    /// rejects the push with a `bypass` violation saying why, so that an unauthorised or unexplained request never
    /// lands silently, even on a push that needed no bypass.
    public func applyBypass(_ request: BypassRequest?, pusher: String?, to verdict: Verdict, ref: String) -> BypassDecision {
        guard let request else { return BypassDecision(verdict: verdict, outcome: .notRequested) }
        func refuse(_ why: String, fix: String) -> BypassDecision {
            let violation = Violation(rule: "bypass", kind: .pusherNotAllowed, ref: ref, mode: .enforce, object: nil,
                                      path: nil, detail: "bypass refused: \(why)", fix: fix, secret: nil)
            return BypassDecision(verdict: .rejected(verdict.violations + [violation], warnings: verdict.warnings),
                                  outcome: .refused(why))
        }
        guard request.reasons.count == 1 else {
            return refuse("\(request.reasons.count) git-warden.bypass options; a bypass takes exactly one",
                          fix: "push again with one -o git-warden.bypass=\"reason\"")
        }
        let reason = request.reasons[0].trimmingWhitespace
        guard !reason.isEmpty else {
            return refuse("a bypass needs a reason", fix: "push again with -o git-warden.bypass=\"why this cannot wait\"")
        }
        // The reason is printed to terminals and recorded in public evidence: plain text of a sane length only.
        guard !reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              reason.utf8.count <= Self.maxBypassReasonBytes else {
            return refuse("the reason must be one line of at most \(Self.maxBypassReasonBytes) bytes without control characters",
                          fix: "push again with a shorter plain-text reason")
        }
        guard let pusher, !pusher.isEmpty else {
            return refuse("the server does not know who is pushing", fix: "push through the authenticated server")
        }
        guard let bypass, bypass.pushers.contains(pusher) else {
            return refuse("pusher '\(pusher)' may not bypass this policy (not in [bypass] pushers)",
                          fix: "ask someone on the [bypass] list, or fix the violations and push without the bypass")
        }
        guard hook.log else {
            return refuse("the push log is off ([hook] log = false), and a bypass must be recorded",
                          fix: "ask the server administrator to turn the push log on")
        }
        let kept = verdict.violations.compactMap { violation in unbypassableReason(violation).map { (violation, $0) } }
        if !kept.isEmpty {
            let reasons = Array(Set(kept.map { $0.1 })).sorted()
            return refuse("it cannot cover " + reasons.joined(separator: "; "),
                          fix: "fix those violations; the others may then be bypassed")
        }
        let record = BypassRecord(pusher: pusher, reason: reason, bypassed: verdict.violations)
        return BypassDecision(verdict: .allowed(warnings: verdict.warnings), outcome: .granted(record))
    }
}

extension BypassRecord {
    /// The controls a bypassed violation on `ref` stands for, as the evidence names them: what the revision can no
    /// longer claim was continuously enforced. A violation that stands for no control (`block-creation`) is still
    /// a bypass of that ref (`touches(ref)`).
    public func controls(on ref: String, policy: Policy) -> Set<Control> {
        var controls: Set<Control> = []
        for violation in bypassed where violation.ref == ref {
            switch violation.kind {
            case .forcePush: controls.insert(.blockForcePush)
            case .deletion: controls.insert(.blockDeletion)
            case .creation, .malformedObject: break
            case .pusherNotAllowed: controls.insert(.pushers)
            case .mergeCommit: controls.insert(.requireLinearHistory)
            case .commitMessage: controls.insert(.commitMessagePattern)
            case .authorEmail: controls.insert(.authorEmailPattern)
            case .missingSignoff: controls.insert(.requireSignoff)
            case .fileTooLarge: controls.insert(.maxFileSize)
            case .forbiddenPath: controls.insert(.forbiddenPaths)
            case .unsignedCommit: controls.insert(.requireSignedCommits)
            case .unsignedTag: controls.insert(.requireSignedTags)
            case .signerMismatch: controls.formUnion([.requireSignedCommits, .requireSignedTags])
            case .secret: controls.insert(.secrets)
            case .undecided:
                // A check that could not finish: the secret scan, or a pattern of the named rule.
                if violation.rule == "secrets" {
                    controls.insert(.secrets)
                } else {
                    let ruled = policy.rules.first { $0.id == violation.rule }.map {
                        Set(policy.controls(for: ref).keys).intersection(Self.patternControls($0))
                    }
                    controls.formUnion(ruled ?? [.commitMessagePattern, .authorEmailPattern])
                }
            }
        }
        return controls
    }

    /// Whether the bypass turned any violation on `ref` into a warning.
    public func touches(_ ref: String) -> Bool {
        bypassed.contains { $0.ref == ref }
    }

    static func patternControls(_ rule: RefRule) -> Set<Control> {
        var controls: Set<Control> = []
        if rule.commitMessagePattern != nil { controls.insert(.commitMessagePattern) }
        if rule.authorEmailPattern != nil { controls.insert(.authorEmailPattern) }
        return controls
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
