/// The kinds of git object that can carry a signature; they embed it differently (header vs trailer).
public enum GitObjectKind: String, Sendable, Hashable {
    case commit
    case tag
}
