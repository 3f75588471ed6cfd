import Foundation
import WardenAudit
@testable import WardenStore

/// Whole seconds, so dates survive the store's millisecond precision unchanged.
func day(_ offset: Int) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + TimeInterval(offset) * 86_400) }

func finding(_ checkID: String, _ subject: String, repository: String = "/srv/git/a.git",
             severity: Severity = .medium) -> AuditFinding {
    AuditFinding(checkID: checkID, severity: severity, repository: repository, subject: subject,
                 title: "\(checkID) \(subject)", evidence: "evidence of \(subject)", fix: "fix \(subject)")
}

let noWatermark: RepositoryWatermark? = nil

extension FindingStore {
    /// The one stored finding with this identity.
    func stored(_ checkID: String, _ subject: String, repository: String = "/srv/git/a.git") throws -> StoredFinding? {
        try findings(FindingFilter(repository: .exact(repository), checkID: .exact(checkID)))
            .first { $0.finding.subject == subject }
    }
}
