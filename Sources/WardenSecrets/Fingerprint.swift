internal import Crypto
import WardenFormats

/// A stable identity for a finding, used to ignore or track it.
///
/// It hashes the path, the rule and the secret, but not the line: moving a secret within its file (or the code
/// around it changing) keeps the fingerprint, so an ignore entry or a stored finding does not go stale. The same
/// secret in another file is another finding. The commit is left out so one leak seen in many commits stays one.
package enum Fingerprint {
    package static func make(path: String, ruleID: String, secret: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(path.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(ruleID.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array(secret))
        return Hex.encode(hasher.finalize().prefix(16))
    }
}
