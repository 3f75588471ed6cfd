/// The object hash of the repository, which decides which signature header git verifies.
///
/// A SHA-1 repository verifies `gpgsig` and drops `gpgsig-sha256` from the payload; a SHA-256 one the reverse.
public enum GitHashAlgorithm: Sendable, Hashable {
    case sha1
    case sha256

    var signatureHeader: [UInt8] {
        switch self {
        case .sha1: Array("gpgsig".utf8)
        case .sha256: Array("gpgsig-sha256".utf8)
        }
    }
}
