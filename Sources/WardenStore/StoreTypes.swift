import Foundation
import WardenAudit

/// Where a finding is in its life cycle. A finding is identified by check id + repository + subject.
public enum FindingState: String, Sendable, Codable, CaseIterable {
    /// Seen for the first time in its last run.
    case new
    /// Seen again in a later run.
    case open
    /// Not seen in a later run of a check that ran completely.
    case resolved
    /// Seen again after it had been resolved.
    case reopened

    /// The states of a finding that still needs attention.
    public static let unresolved: Set<FindingState> = [.new, .open, .reopened]
}

/// A finding as the store knows it: the latest version of the finding plus its history.
public struct StoredFinding: Sendable, Hashable {
    public var id: Int64
    public var finding: AuditFinding
    public var state: FindingState
    public var firstSeen: Date
    public var lastSeen: Date
    public var resolvedAt: Date?
    /// The run that saw it first, the run that saw it last, and the run that resolved it (while resolved).
    public var firstRun: Int64
    public var lastRun: Int64
    public var resolvedRun: Int64?
}

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, finished
    /// The process that ran it died (or gave up) before finishing it.
    case interrupted
}

/// One audit run: which roots it walked and how far it got.
public struct AuditRun: Sendable, Hashable {
    public var id: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var roots: [String]
    /// Repositories recorded so far; `finishRun` sets the final number.
    public var repositoryCount: Int
    public var status: RunStatus
}

/// What an audit needs to skip work on an unchanged repository next time.
public struct RepositoryWatermark: Sendable, Codable, Hashable {
    /// The last audited tip of each ref: full ref name -> object id.
    public var refs: [String: String]
    /// A digest of the cheap-to-read state (config, hooks, permissions) that the audit computes.
    public var stateFingerprint: String

    public init(refs: [String: String], stateFingerprint: String) {
        self.refs = refs
        self.stateFingerprint = stateFingerprint
    }
}

/// How one `record` call moved findings through the life cycle.
public struct LifeCycleCounts: Sendable, Hashable {
    public var new = 0
    public var reopened = 0
    public var stillOpen = 0
    public var resolved = 0

    public init(new: Int = 0, reopened: Int = 0, stillOpen: Int = 0, resolved: Int = 0) {
        self.new = new
        self.reopened = reopened
        self.stillOpen = stillOpen
        self.resolved = resolved
    }
}

/// Matches a text column either whole or by its beginning ("/srv/git/" or "history.").
public enum TextMatch: Sendable, Hashable {
    case exact(String)
    case prefix(String)
}

/// Which stored findings to list. Every field left nil matches everything.
public struct FindingFilter: Sendable, Hashable {
    public var repository: TextMatch?
    public var checkID: TextMatch?
    public var minimumSeverity: Severity?
    public var states: Set<FindingState>?

    public init(repository: TextMatch? = nil, checkID: TextMatch? = nil, minimumSeverity: Severity? = nil,
                states: Set<FindingState>? = nil) {
        self.repository = repository
        self.checkID = checkID
        self.minimumSeverity = minimumSeverity
        self.states = states
    }

    /// Everything that still needs attention.
    public static let unresolved = FindingFilter(states: FindingState.unresolved)
}
