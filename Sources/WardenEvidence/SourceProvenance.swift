import Foundation
import WardenPolicy

/// git-warden's source provenance predicate (`https://git-warden.dev/source-provenance/v1`): how one revision
/// reached one ref, written by the server right after the ref moved. SLSA leaves the format of source provenance to
/// the source control system; this one follows source-tool's draft: the previous revision of the ref, the actor and
/// how the server knows them, the time, the policy in force, and each control with the revision since which it has
/// been continuously enforced.
public struct SourceProvenance: Codable, Sendable, Equatable {
    public static let predicateType = "https://git-warden.dev/source-provenance/v1"

    public struct ControlState: Codable, Sendable, Equatable {
        /// The policy key (`block-force-push`, `secrets`, …).
        public var name: String
        public var mode: EnforcementMode
        /// For enforced controls: the revision of this ref from which the control has been enforced without a gap.
        public var since: String?
        public var sinceTime: String?
        /// True when a break-glass bypass let this revision through despite the control: it was not enforced here.
        public var bypassed: Bool? = nil
    }

    /// A break-glass bypass that let this revision onto the ref (`git push -o git-warden.bypass=…`).
    public struct Bypass: Codable, Sendable, Equatable {
        public var pusher: String
        public var reason: String
        /// Each bypassed violation on this ref, one line each (`kind (rule rule-id): detail`).
        public var violations: [String]
        /// The controls the bypass suspended on this revision.
        public var controls: [String]

        public init(pusher: String, reason: String, violations: [String], controls: [String]) {
            self.pusher = pusher
            self.reason = reason
            self.violations = violations
            self.controls = controls
        }
    }

    public var repositoryUri: String
    public var ref: String
    public var revision: String
    /// What the ref held before (nil: the update created it).
    public var previousRevision: String?
    public var actor: String?
    /// Where the server learned who pushed (an environment variable set by the authenticating layer, or
    /// `unix-user`, the account fallback, which authenticates nobody on a shared server account).
    public var actorSource: String?
    public var actorAuthenticated: Bool
    public var time: String
    public var policy: ResourceDescriptor
    public var controls: [ControlState]
    /// The SLSA source level the server computed for this revision on this ref.
    public var level: Int
    /// Why the level is not higher, when it is not 3.
    public var levelLimits: [String]
    /// The bypass this revision came through, if any.
    public var bypass: Bypass? = nil
    /// For an annotated tag: the tag (then `revision` is the tag object's id, the subject's `gitTag`).
    public var tag: Tag? = nil

    /// An annotated tag as its evidence names it.
    public struct Tag: Codable, Sendable, Equatable {
        /// The tag's name (the ref without `refs/tags/`).
        public var name: String
        /// The tag object.
        public var object: String
        /// What it tags, peeled through nested tags, and its kind (`commit` for a release).
        public var target: String
        public var targetKind: String
    }
}

/// The SLSA Verification Summary Attestation v1 predicate, for a source revision.
public struct SourceVSA: Codable, Sendable, Equatable {
    public static let predicateType = "https://slsa.dev/verification_summary/v1"

    public struct Verifier: Codable, Sendable, Equatable { public var id: String }

    public var verifier: Verifier
    public var timeVerified: String
    public var resourceUri: String
    public var policy: ResourceDescriptor
    public var inputAttestations: [ResourceDescriptor]
    public var verificationResult: String
    public var verifiedLevels: [String]
    public var slsaVersion: String
}
