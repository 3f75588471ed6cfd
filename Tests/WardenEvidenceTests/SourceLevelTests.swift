import Foundation
import Testing
import WardenPolicy
@testable import WardenEvidence

/// Level computation as a value: what each missing fact costs.
@Suite struct SourceLevelTests {
    let protected: [Control: EnforcementMode] = [.blockForcePush: .enforce, .blockDeletion: .enforce, .secrets: .enforce]
    let properties: [(name: String, control: Control)] = [("ORG_SOURCE_SECRET_SCANNED", .secrets)]

    func level(created: Bool = false, controls: [Control: EnforcementMode]? = nil, authenticated: Bool = true,
               previous: SourceProvenance?) -> SourceLevel {
        SourceLevel.compute(ref: "refs/heads/main", revision: "b", time: "t2", created: created,
                            controls: controls ?? protected, authenticated: authenticated, previous: previous,
                            properties: properties)
    }

    func provenance(_ level: SourceLevel, revision: String = "a") -> SourceProvenance {
        SourceProvenance(repositoryUri: "git+ssh://h/p.git", ref: "refs/heads/main", revision: revision,
                         previousRevision: nil, actor: "ada", actorSource: "GL_USER", actorAuthenticated: true, time: "t1",
                         policy: ResourceDescriptor(uri: "git-warden.toml", digest: ["sha256": "00"]),
                         controls: level.controls, level: level.level, levelLimits: level.limits)
    }

    @Test func aCreatedProtectedRefStartsAtLevelThreeAndCarriesContinuity() {
        let first = SourceLevel.compute(ref: "refs/heads/main", revision: "a", time: "t1", created: true,
                                        controls: protected, authenticated: true, previous: nil, properties: properties)
        #expect(first.level == 3 && first.properties == ["ORG_SOURCE_SECRET_SCANNED"])
        let next = level(previous: provenance(first))
        #expect(next.level == 3 && next.limits.isEmpty)
        #expect(next.controls.first { $0.name == "block-force-push" }?.since == "a")
    }

    @Test func eachMissingFactLowersTheLevel() {
        let start = provenance(SourceLevel.compute(ref: "refs/heads/main", revision: "a", time: "t1", created: true,
                                                   controls: protected, authenticated: true, previous: nil,
                                                   properties: properties))
        #expect(level(authenticated: false, previous: start).level == 1)
        #expect(level(previous: nil).level == 1)  // a gap: no provenance for the previous revision
        var evaluate = protected
        evaluate[.blockDeletion] = .evaluate
        #expect(level(controls: evaluate, previous: start).level == 1)
        var weaker = protected
        weaker[.secrets] = nil
        let weakened = level(controls: weaker, previous: start)
        #expect(weakened.level == 2 && weakened.properties.isEmpty)
        #expect(weakened.controls.first { $0.name == "block-force-push" }?.since == "b")
        #expect(level(controls: [:], previous: start).level == 1)
        #expect((1...3).contains(level(previous: start).level))  // never 4
    }
}

/// What a break-glass bypass does to the level: the bypassed controls are not enforced on that revision, and every
/// control's continuity restarts there.
@Suite struct SourceLevelBypassTests {
    let base = SourceLevelTests()

    @Test func aBypassRestartsContinuityAndABypassedCoreControlIsLevelOne() {
        let start = base.provenance(SourceLevel.compute(ref: "refs/heads/main", revision: "a", time: "t1", created: true,
                                                        controls: base.protected, authenticated: true, previous: nil,
                                                        properties: base.properties))
        let secrets = SourceLevel.compute(ref: "refs/heads/main", revision: "b", time: "t2", created: false,
                                          controls: base.protected, authenticated: true, previous: start,
                                          properties: base.properties, bypassed: [.secrets])
        #expect(secrets.level == 2 && secrets.properties.isEmpty)
        #expect(secrets.limits.contains { $0.contains("break-glass bypass of secrets") })
        #expect(secrets.controls.first { $0.name == "secrets" }?.bypassed == true)
        #expect(secrets.controls.first { $0.name == "secrets" }?.since == nil)
        // The next revision: the core controls ran through the bypass (level 3), the bypassed one starts again.
        let after = SourceLevel.compute(ref: "refs/heads/main", revision: "c", time: "t3", created: false,
                                        controls: base.protected, authenticated: true,
                                        previous: base.provenance(secrets, revision: "b"), properties: base.properties)
        #expect(after.level == 3 && after.properties.isEmpty)
        #expect(after.controls.first { $0.name == "secrets" }?.since == "c")

        let force = SourceLevel.compute(ref: "refs/heads/main", revision: "b", time: "t2", created: false,
                                        controls: base.protected, authenticated: true, previous: start,
                                        properties: base.properties, bypassed: [.blockForcePush])
        #expect(force.level == 1 && force.limits.contains("bypassed on this revision: block-force-push"))
        // A bypass of something that is no control (block-creation) still restarts continuity.
        let creation = SourceLevel.compute(ref: "refs/heads/main", revision: "b", time: "t2", created: true,
                                           controls: base.protected, authenticated: true, previous: nil,
                                           properties: base.properties, bypassed: [])
        #expect(creation.level == 2)
    }
}
