/// One policy check, described once: what it reports, what it needs, where it runs, whether a client can know it,
/// how bad it is in an audit, and how it judges. Every door (`Policy.evaluate(_:pusher:door:)`), every collector
/// (`Policy.needs(ref:door:)`) and the audit (`CheckDescriptor.severity(of:)`) derive their behaviour from
/// `CheckDescriptor.all`, so adding a check means adding one descriptor (and its tests), nothing else.
public struct CheckDescriptor: Sendable {
    /// A check judged once per `[[rule]]` covering the ref: it reads the rule's settings.
    public struct RulePart: Sendable {
        /// What the check needs gathered for this rule (empty when the rule does not ask for the check).
        public let needs: @Sendable (RefRule) -> FactNeeds
        let evaluate: @Sendable (RefRule, UpdateFacts, String?) -> [Violation]
    }

    /// A check judged once per update, from a policy section (`[secrets]`, `[attest]`) or no setting at all.
    public struct UpdatePart: Sendable {
        /// What the check needs gathered for a ref.
        public let needs: @Sendable (Policy, String) -> FactNeeds
        let evaluate: @Sendable (Policy, UpdateFacts, String?) -> [Violation]
    }

    /// Whether a developer-side hook can know the outcome. It cannot know who will push (the server names the
    /// pusher), so what depends on that is the server's alone.
    public enum ClientKnowledge: Sendable {
        case knowable
        case unknowable
        /// Knowable for the rules the predicate accepts (creation: only when no `creators` may override it).
        case knowableFor(@Sendable (RefRule) -> Bool)

        func knows(_ rule: RefRule?) -> Bool {
            switch self {
            case .knowable: true
            case .unknowable: false
            case .knowableFor(let predicate): rule.map(predicate) ?? false
            }
        }
    }

    /// How bad a violation of the check is when found in history by an audit (the audit's `Severity`).
    public enum Severity: String, Sendable, CaseIterable {
        case low, medium, high, critical
    }

    /// Names the check in tests and documentation (`policy.secrets`, `rule.max-file-size`, …).
    public let id: String
    /// The violation kinds only this check reports. `.undecided` is not listed: any check whose evaluation can fail
    /// to finish (a regex hitting its limit) reports it, always with `undecidedSeverity`.
    public let kinds: Set<Violation.Kind>
    public let doors: Set<Door>
    public let clientKnowledge: ClientKnowledge
    public let severity: Severity
    public let perRule: RulePart?
    public let perUpdate: UpdatePart?

    init(id: String, kinds: Set<Violation.Kind>, doors: Set<Door>, clientKnowledge: ClientKnowledge = .knowable,
         severity: Severity, perRule: RulePart? = nil, perUpdate: UpdatePart? = nil) {
        self.id = id
        self.kinds = kinds
        self.doors = doors
        self.clientKnowledge = clientKnowledge
        self.severity = severity
        self.perRule = perRule
        self.perUpdate = perUpdate
    }

    /// A check that could not finish is an error finding, never a silent pass, whichever check it was.
    public static let undecidedSeverity = Severity.high

    /// The check that reports `kind`; nil for `.undecided`, which any check may report.
    public static func reporting(_ kind: Violation.Kind) -> CheckDescriptor? {
        all.first { $0.kinds.contains(kind) }
    }

    /// The audit severity of a violation kind. A kind no descriptor claims (a test proves there is none) counts
    /// as high rather than passing unnoticed.
    public static func severity(of kind: Violation.Kind) -> Severity {
        kind == .undecided ? undecidedSeverity : reporting(kind)?.severity ?? .high
    }

    /// Whether `door` runs this check at all: it lists the door and, at a client, the check can be known there.
    func runs(at door: Door) -> Bool {
        guard doors.contains(door) else { return false }
        if door.isClientSide, case .unknowable = clientKnowledge { return false }
        return true
    }

    /// Whether `door` judges this check for `rule` (client doors drop what they cannot know).
    func judges(_ rule: RefRule?, at door: Door) -> Bool {
        runs(at: door) && (!door.isClientSide || clientKnowledge.knows(rule))
    }
}
