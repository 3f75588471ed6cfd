import Foundation
import GitObjects
import WardenSignatures

extension FuzzTarget {
    /// A raw commit or tag object as `git cat-file` prints it: the header parser and git's fsck checks
    /// (`GitObjects`, for SHA-1 and SHA-256 ids), git's split into payload and signature (both `gpgsig` and
    /// `gpgsig-sha256` headers, and the tag trailer), the committer/tagger line, and the whole verification against
    /// the fixed trusted keys, as the hook runs it on every pushed signed object.
    static let signedObject = FuzzTarget(name: "signed-object", summary: "GitObjects headers and fsck checks, SignedObject.extract, SignatureVerifier.verify") { bytes in
        for kind in [GitObjectKind.commit, .tag] {
            for hexLength in [40, 64] {
                _ = ParsedObject(raw: bytes, kind: kind, hexLength: hexLength).problems.count
                _ = ObjectChecker(hexLength: hexLength).problems(in: bytes, kind: kind).count
            }
            _ = ObjectIdentity(rawObject: bytes, kind: kind)
            for algorithm in [GitHashAlgorithm.sha1, .sha256] {
                let verifier = SignatureVerifier(trust: FuzzTrust.keys, hashAlgorithm: algorithm)
                _ = verifier.verify(rawObject: bytes, kind: kind, now: FuzzTrust.now).description
            }
        }
    }
}
