/// A stable identity for a finding, used to ignore or track it.
///
/// It hashes the path, the rule and the secret, but not the line: moving a secret within its file (or the code
/// around it changing) keeps the fingerprint, so an ignore entry or a stored finding does not go stale. The same
/// secret in another file is another finding. The commit is left out so one leak seen in many commits stays one.
enum Fingerprint {
    static func make(path: String, ruleID: String, secret: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(path)
        hasher.update([0])
        hasher.update(ruleID)
        hasher.update([0])
        hasher.update(secret)
        return SHA256.hex(hasher.finalize().prefix(16))
    }
}
